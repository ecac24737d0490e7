import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { ExternalDataError, lazySchema, parseExternalJson } from '../core/external-data.js';

/**
 * Workspace trust: a cloned repository's `vouch.toml` is the repository's, not the user's. Until the user
 * trusts it (`vouch trust`), it may not say where code and keys go — no endpoint, key variable, protocol,
 * `location = "local"` or `redact = "never"|"remote"` of a provider — and it may only make the privacy
 * policy and telemetry stricter. The decision is kept in the user's data dir, keyed on the workspace's real
 * path and a hash of its vouch.toml, so a changed file must be trusted again (as editors trust workspaces).
 */
export interface TrustRecord {
  /** the workspace's real path */
  root: string;
  /** sha256 of its vouch.toml when it was trusted */
  sha256: string;
  trustedAt: string;
}

interface TrustFile {
  version: 1;
  workspaces: TrustRecord[];
}

/** `$XDG_DATA_HOME/vouch/trusted-workspaces.json` (default `~/.local/share/vouch/…`). */
export function trustStorePath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  // the XDG spec: a relative XDG_DATA_HOME is invalid and ignored
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME?.trim() || homedir(), '.local', 'share');
  return join(base, 'vouch', 'trusted-workspaces.json');
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

/** sha256 of the workspace's vouch.toml as it is now (undefined: there is none). */
export function workspaceConfigHash(workspaceRoot: string): string | undefined {
  const path = join(workspaceRoot, 'vouch.toml');
  if (!existsSync(path)) return undefined;
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

// zod is loaded only when there is a trust file to read: config loading, on every command's path, never
// needs it otherwise
const trustRecord = lazySchema((z) =>
  z.looseObject({ root: z.string(), sha256: z.string(), trustedAt: z.string().optional() }),
);
/** The file as written; an entry that is not a record (edited by hand, another version) is passed over. */
const trustFile = lazySchema((z) => z.looseObject({ workspaces: z.array(z.unknown()).optional() }));

/** The trust file's records: none when there is no file; a damaged file throws, naming it and what is wrong. */
function readTrustRecords(env: NodeJS.ProcessEnv): TrustRecord[] {
  const path = trustStorePath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ExternalDataError(path, `cannot be read (${(error as Error).message})`, { cause: error });
  }
  const parsed = parseExternalJson({
    text,
    schema: trustFile(),
    source: path,
    options: {
      hint: `fix or delete ${path} (vouch keeps the workspaces you trusted there; \`vouch trust\` writes it again)`,
    },
  });
  return (parsed.workspaces ?? []).flatMap((entry) => {
    const record = trustRecord().safeParse(entry);
    return record.success ? [{ ...record.data, trustedAt: record.data.trustedAt ?? '' }] : [];
  });
}

/**
 * The trust file for deciding whether a workspace is trusted: no file, or a damaged one, trusts nothing,
 * which is the safe reading.
 */
function readTrustFile(env: NodeJS.ProcessEnv): TrustFile {
  try {
    return { version: 1, workspaces: readTrustRecords(env) };
  } catch {
    return { version: 1, workspaces: [] };
  }
}

function writeTrustFile(env: NodeJS.ProcessEnv, file: TrustFile): void {
  const path = trustStorePath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** Whether the user trusted this workspace with its vouch.toml exactly as it is now. */
export function isWorkspaceTrusted(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const sha256 = workspaceConfigHash(workspaceRoot);
  if (sha256 === undefined) return false;
  const root = realRoot(workspaceRoot);
  return readTrustFile(env).workspaces.some((entry) => entry.root === root && entry.sha256 === sha256);
}

/** The trust decision kept for this workspace, whether or not its vouch.toml changed since. */
export function trustRecordOf(
  workspaceRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): TrustRecord | undefined {
  const root = realRoot(workspaceRoot);
  return readTrustFile(env).workspaces.find((entry) => entry.root === root);
}

/** Remembers that the user trusts this workspace's vouch.toml as it is now (undefined: it has none). */
export function trustWorkspace(
  workspaceRoot: string,
  env: NodeJS.ProcessEnv = process.env,
  now: Date = new Date(),
): TrustRecord | undefined {
  const sha256 = workspaceConfigHash(workspaceRoot);
  if (sha256 === undefined) return undefined;
  const root = realRoot(workspaceRoot);
  // read strictly: a damaged file is the user's to fix, not overwritten with this one entry
  const workspaces = readTrustRecords(env);
  const record: TrustRecord = { root, sha256, trustedAt: now.toISOString() };
  writeTrustFile(env, {
    version: 1,
    workspaces: [...workspaces.filter((e) => e.root !== root), record],
  });
  return record;
}

/** Forgets the trust decision for this workspace; true when there was one. */
export function revokeWorkspaceTrust(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const root = realRoot(workspaceRoot);
  const workspaces = readTrustRecords(env);
  const kept = workspaces.filter((entry) => entry.root !== root);
  if (kept.length === workspaces.length) return false;
  writeTrustFile(env, { version: 1, workspaces: kept });
  return true;
}

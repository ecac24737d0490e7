import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shipped rules as validated once, kept on disk: a cold `vouch scan` spent ~35 ms of CPU in zod
 * validating the rule files and ~45 ms finding the trigger words' anchors (`trigger-test.ts`), each
 * time the same. The entry is keyed by the rule files' names and contents and by the code that validates
 * them and finds anchors, so a changed file or a new vouch is validated again; an entry that does not
 * read back whole (its checksum, its key) is ignored and written again, never trusted.
 */
export interface CachedRules {
  /** `_sources.json` as zod gave it */
  sources: unknown;
  /** every rule file as zod gave it, in file order */
  rules: unknown[];
  /** each trigger word's anchors (`requiredLiterals`), null where it has none */
  anchors: [string, string[] | null][];
}

/** Bumped when what an entry holds changes shape. */
const FORMAT = 1;
/** Entries kept in the folder (worktrees and versions of vouch side by side each have their own). */
const KEEP = 16;
/** The modules whose code decides what an entry holds: zod's schema, the loader, the anchors. */
const CODE = ['rule-schema', 'rules', 'trigger-test', 'rule-cache'];

/** `$XDG_CACHE_HOME/vouch/security-rules` (default `~/.cache/vouch/security-rules`). */
export function ruleCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  // the XDG spec: a relative XDG_CACHE_HOME is invalid and ignored
  const cacheHome = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.cache');
  return join(cacheHome, 'vouch', 'security-rules');
}

/** A hash of the rule files (names and contents) and of the code that turns them into a rule set. */
export function ruleFilesKey(files: readonly { name: string; text: string }[]): string {
  const hash = createHash('sha256');
  hash.update(`format ${FORMAT}\n`);
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const name of CODE) {
    // compiled (dist/, the bundle's modules' own files) or run from source (tsx)
    const code = readOptional(join(here, `${name}.js`)) ?? readOptional(join(here, `${name}.ts`)) ?? '';
    hash.update(`${name}\0${code}\0`);
  }
  for (const file of files) hash.update(`${file.name}\0${file.text}\0`);
  return hash.digest('hex');
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const checksum = (payload: string) => createHash('sha256').update(payload).digest('hex');

/** The entry for `key`, or undefined when there is none or it does not read back whole. */
export function readRuleCache(folder: string, key: string): CachedRules | undefined {
  const text = readOptional(join(folder, `${key}.json`));
  if (text === undefined) return undefined;
  try {
    const entry = JSON.parse(text) as { checksum?: unknown; payload?: unknown };
    if (typeof entry.payload !== 'string' || entry.checksum !== checksum(entry.payload)) return undefined;
    const value = JSON.parse(entry.payload) as Partial<CachedRules> & { key?: unknown };
    if (value.key !== key || !Array.isArray(value.rules) || !Array.isArray(value.anchors)) return undefined;
    if (typeof value.sources !== 'object' || value.sources === null) return undefined;
    return { sources: value.sources, rules: value.rules, anchors: value.anchors };
  } catch {
    return undefined;
  }
}

/**
 * Writes the entry for `key` (whole or not at all: a temporary file renamed), and leaves the folder at
 * most KEEP entries, the oldest going first. A folder that cannot be written only makes the next start slower.
 */
export function writeRuleCache(folder: string, key: string, value: CachedRules): void {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const payload = JSON.stringify({ key, ...value });
    const temporary = join(folder, `.${key}.${process.pid}.${Date.now()}.tmp`);
    writeFileSync(temporary, JSON.stringify({ checksum: checksum(payload), payload }), { mode: 0o600 });
    renameSync(temporary, join(folder, `${key}.json`));
    const entries = readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({
        name,
        modified: statSync(join(folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0,
      }))
      .sort((a, b) => b.modified - a.modified);
    for (const old of entries.slice(KEEP)) rmSync(join(folder, old.name), { force: true });
  } catch {
    // a read-only or full disk: the rules were validated all the same
  }
}

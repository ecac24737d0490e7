import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shipped rules as validated at build time: `npm run build` (scripts/build-rule-artefact.mjs) writes
 * zod's output for `rules/security/*.json` and every trigger word's anchors (`trigger-test.ts`) to
 * `dist/security/shipped-rules.json`, beside the compiled loader. A cold `vouch scan` then neither
 * validates the files (~35 ms of CPU) nor finds the anchors (~45 ms). The artefact is as trusted as the
 * code next to it; nothing a run writes is ever read back as rules (there is no cache folder).
 *
 * It is keyed by the rule files' names and contents and by ARTEFACT_VERSION: rule files edited after the
 * build (or an artefact from another build) do not match, and the files are validated as if there were
 * no artefact. Run from `src/` (tsx, tests) there is none, and the files are validated each start.
 *
 * It also records each file's size and modification time as the build saw them before reading it
 * (`stamps`): a start whose listing and stats are the same takes the artefact without reading and hashing
 * the files (`unchangedSince`); any difference (an edit, a copy, a checkout, a file added or removed) falls
 * back to the key, as does an artefact of another ARTEFACT_VERSION. A stamp is trusted only for a file
 * last modified RACY_MS or more before the build stamped it, so that an edit within a coarse file
 * system's clock tick of the build is hashed, as git does with its index.
 */
export interface RuleArtefact {
  /** ruleFilesKey of the files it was built from */
  key: string;
  /** ARTEFACT_VERSION of the code that built it: the key holds it too, but the stamps skip the key */
  version?: number;
  /** every `*.json` file of the folder, in name order, as the build stat()ed it before reading it */
  stamps?: RuleFileStamp[];
  /** when the build took the stamps (nanoseconds since the epoch, as a decimal string) */
  stampedAt?: string;
  /** `_sources.json` as zod gave it */
  sources: unknown;
  /** every rule file as zod gave it, in file order */
  rules: unknown[];
  /** each trigger word's anchors (`requiredLiterals`), null where it has none */
  anchors: [string, string[] | null][];
}

/** A rule file's name, size (bytes) and modification time (nanoseconds since the epoch, as a decimal string). */
export type RuleFileStamp = [name: string, size: number, mtimeNs: string];

/** How much older than its stamp a file must be for the stamp alone to vouch for it: two seconds (FAT's tick). */
export const RACY_MS = 2_000;

/** The `*.json` file names of a rules folder, sorted (the order of the files in the key and the artefact). */
export function ruleFileNames(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** Each rule file's stamp, and when they were taken: before the files are read, so a later edit shows. */
export function stampRuleFiles(directory: string): { stamps: RuleFileStamp[]; stampedAt: string } {
  const stampedAt = BigInt(Date.now()) * 1_000_000n;
  const stamps = ruleFileNames(directory).map((name): RuleFileStamp => {
    const stat = statSync(join(directory, name), { bigint: true });
    return [name, Number(stat.size), stat.mtimeNs.toString()];
  });
  return { stamps, stampedAt: stampedAt.toString() };
}

/**
 * Whether the folder's rule files are the ones the artefact was built from by their stamps alone: the same
 * names, and each file the same size and modification time, last modified RACY_MS or more before the
 * stamps were taken. False whenever anything differs or cannot be read (the key then decides).
 */
export function unchangedSince(directory: string, artefact: RuleArtefact): boolean {
  const { stamps, stampedAt } = artefact;
  // an artefact of another version of the loader (a dist/ rebuilt without its artefact) goes by the key
  if (artefact.version !== ARTEFACT_VERSION) return false;
  if (!Array.isArray(stamps) || typeof stampedAt !== 'string') return false;
  try {
    const names = ruleFileNames(directory);
    if (names.length !== stamps.length) return false;
    const settled = BigInt(stampedAt) - BigInt(RACY_MS) * 1_000_000n;
    return names.every((name, index) => {
      const [stampedName, size, mtimeNs] = stamps[index] ?? [];
      if (name !== stampedName || typeof mtimeNs !== 'string') return false;
      const stat = statSync(join(directory, name), { bigint: true });
      return Number(stat.size) === size && stat.mtimeNs.toString() === mtimeNs && stat.mtimeNs < settled;
    });
  } catch {
    return false;
  }
}

/** Bumped when the loader, the schema or the anchors change what an artefact must hold. */
export const ARTEFACT_VERSION = 1;

/** Where the build writes the shipped rules' artefact: beside this module (in `dist/security/`). */
export function shippedArtefactPath(): string {
  return fileURLToPath(new URL('./shipped-rules.json', import.meta.url));
}

/** A hash of the rule files (names and contents) and of the artefact's version. */
export function ruleFilesKey(files: readonly { name: string; text: string }[]): string {
  const hash = createHash('sha256');
  hash.update(`vouch security rules, artefact version ${ARTEFACT_VERSION}\n`);
  for (const file of files) hash.update(`${file.name}\0${file.text}\0`);
  return hash.digest('hex');
}

/**
 * The artefact at `path` when it was built from files with this `key`, else undefined (none there, as
 * when running from `src/`; or stale: the files changed since the build).
 */
export function readRuleArtefact(path: string, key: string): RuleArtefact | undefined {
  const artefact = readArtefactFile(path);
  return artefact?.key === key ? artefact : undefined;
}

/** The artefact at `path` whatever files it was built from (its `key` says which); undefined when none or damaged. */
export function readArtefactFile(path: string): RuleArtefact | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // none (run from src/), or a damaged build: the files are validated instead
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const value: { [field in keyof RuleArtefact]?: unknown } = parsed;
  if (typeof value.key !== 'string' || !Array.isArray(value.rules) || !Array.isArray(value.anchors))
    return undefined;
  if (typeof value.sources !== 'object' || value.sources === null) return undefined;
  // written by the build from the same code: its rules and anchors are as zod and requiredLiterals gave them
  return {
    key: value.key,
    ...(typeof value.version === 'number' ? { version: value.version } : {}),
    ...(Array.isArray(value.stamps) && typeof value.stampedAt === 'string'
      ? { stamps: value.stamps as RuleFileStamp[], stampedAt: value.stampedAt }
      : {}),
    sources: value.sources,
    rules: value.rules,
    anchors: value.anchors as RuleArtefact['anchors'],
  };
}

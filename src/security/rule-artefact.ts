import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
 */
export interface RuleArtefact {
  /** ruleFilesKey of the files it was built from */
  key: string;
  /** `_sources.json` as zod gave it */
  sources: unknown;
  /** every rule file as zod gave it, in file order */
  rules: unknown[];
  /** each trigger word's anchors (`requiredLiterals`), null where it has none */
  anchors: [string, string[] | null][];
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // none (run from src/), or a damaged build: the files are validated instead
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const value: { [field in keyof RuleArtefact]?: unknown } = parsed;
  if (value.key !== key || !Array.isArray(value.rules) || !Array.isArray(value.anchors)) return undefined;
  if (typeof value.sources !== 'object' || value.sources === null) return undefined;
  // written by the build from the same code: its rules and anchors are as zod and requiredLiterals gave them
  return {
    key,
    sources: value.sources,
    rules: value.rules,
    anchors: value.anchors as RuleArtefact['anchors'],
  };
}

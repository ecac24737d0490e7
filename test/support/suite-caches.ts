import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The suite's runs of vouch each get a fresh home (an empty models cache, no config), so each would build
 * mypy's stdlib cache anew (a whole mypy run over 40 standard-library modules). The cache is keyed by what
 * decides its content and built from no judged input (`src/verify/checks/mypy-stdlib-cache.ts`), so one
 * folder serves the whole suite: `build-once.ts` names it before the workers start, and the supports that
 * start vouch pass it on (`VOUCH_MYPY_STDLIB_CACHE_DIR`).
 */
export function shareSuiteCaches(): void {
  if (!process.env.VOUCH_MYPY_STDLIB_CACHE_DIR) {
    const folder = join(tmpdir(), `vouch-suite-mypy-stdlib-${process.getuid?.() ?? 'user'}`);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    process.env.VOUCH_MYPY_STDLIB_CACHE_DIR = folder;
  }
  // one user across the suite's runs of vouch: the server stores one run makes (`vouch token create`, or a
  // test's own openServerStore) are recorded in the user's state dir (src/store/record/store-origin.ts),
  // and the next run (`vouch serve`, with another fresh home) must find that record, as the same user's
  // next command would. The workers inherit this process's environment, so vouch code run in-process
  // records there too, never in the state dir of whoever runs the suite.
  if (!process.env.VOUCH_SUITE_STATE_HOME) {
    const folder = join(tmpdir(), `vouch-suite-state-${process.getuid?.() ?? 'user'}`);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    process.env.VOUCH_SUITE_STATE_HOME = folder;
  }
  process.env.XDG_STATE_HOME = process.env.VOUCH_SUITE_STATE_HOME;
  // one cache dir too: a workspace's index lives in the user's cache dir (workspace/root.ts
  // `cacheStateDir`), so the `vouch index` of one run must be the index the next run (`search`, `context`,
  // a test's own IndexStore) reads, as for the same user; and code run in-process never writes into the
  // cache dir of whoever runs the suite. Folders there are keyed by each temporary project's real path.
  if (!process.env.VOUCH_SUITE_CACHE_HOME) {
    const folder = join(tmpdir(), `vouch-suite-cache-${process.getuid?.() ?? 'user'}`);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    process.env.VOUCH_SUITE_CACHE_HOME = folder;
  }
  process.env.XDG_CACHE_HOME = process.env.VOUCH_SUITE_CACHE_HOME;
}

/** The suite's shared cache and state folders, for the environment of a vouch the supports start. */
export function suiteCacheEnv(): Record<string, string> {
  const folder = process.env.VOUCH_MYPY_STDLIB_CACHE_DIR;
  const state = process.env.VOUCH_SUITE_STATE_HOME;
  const cache = process.env.VOUCH_SUITE_CACHE_HOME;
  return {
    ...(folder ? { VOUCH_MYPY_STDLIB_CACHE_DIR: folder } : {}),
    ...(state ? { XDG_STATE_HOME: state } : {}),
    ...(cache ? { XDG_CACHE_HOME: cache } : {}),
  };
}

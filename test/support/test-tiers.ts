import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The suite's two tiers. The unit tier runs vouch in-process: rules tested where they live, the scripted
 * model, fake timers. The end-to-end tier runs what a user runs, through real processes and services:
 * the CLI (`bin/vouch.js`), the language server, the team server, the web UI in a browser, PostgreSQL,
 * code run by real runners in the sandbox, an ordinary user's process. A test file belongs to the
 * end-to-end tier when it lives in one of the folders of those faces or uses one of the supports that
 * start them, so a new test lands in its tier without a list to keep. A test file that runs a real program
 * some other way (git, pytest, Bandit, the sandbox under a task) says so in a line of its own,
 * `// end-to-end: <what it runs>`; the unit tier's setup (`unit-tier-guard.ts`) fails a unit-tier test
 * that starts a child process, so a file cannot forget to.
 */

const ROOT = join(import.meta.dirname, '..', '..');

/** Folders whose every test file drives a whole face or the sandbox itself. */
const END_TO_END_FOLDERS = [
  'test/cli/',
  'test/lsp/',
  'test/web/',
  'test/python/',
  'test/sandbox/',
  'test/server/',
  'src/verify/sandbox/',
];

/** What a test file imports or runs when it starts a real process or service. */
const END_TO_END_USES = [
  /support\/run-cli/, // the CLI as a child process
  /support\/serve-process/, // `vouch serve` as a child process
  /support\/vouch-server/, // the team server on a loopback port
  /support\/postgres/, // a real PostgreSQL
  /support\/lsp-client/, // the language server over stdio
  /support\/pty/, // a terminal
  /support\/as-user/, // a process of an ordinary user
  /playwright-core/, // a browser
  /bin\/vouch\.js/,
  /sandbox\/(?:index|availability|run-in-sandbox)\.js/, // code run in the bubblewrap sandbox
];

function testFiles(folder: string, found: string[] = []): string[] {
  for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '__fixtures__') testFiles(path, found);
    } else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

/** A test file's own word that it runs a real program: `// end-to-end: <what it runs>` on a line. */
const END_TO_END_MARK = /^\/\/ end-to-end: \S/m;

export function isEndToEnd(path: string, text: string): boolean {
  return (
    END_TO_END_FOLDERS.some((folder) => path.startsWith(folder)) ||
    END_TO_END_USES.some((use) => use.test(text)) ||
    END_TO_END_MARK.test(text)
  );
}

/** The end-to-end tier's test files, relative to the repository. */
export function endToEndTests(): string[] {
  return [...testFiles('src'), ...testFiles('test')]
    .filter((path) => isEndToEnd(path, readFileSync(join(ROOT, path), 'utf8')))
    .map((path) => relative(ROOT, join(ROOT, path)))
    .sort();
}

/**
 * The end-to-end folders whose files keep a process each: the language server's and the web UI's faces
 * (an LSP child or a browser driven for the whole file, the team server beside it) and the team server's
 * own (`test/server/`). Not yet run shared under the guard; the next to try (bench/notes/2026-11-26-suite-shared-workers.md).
 */
const OWN_PROCESS_FOLDERS = ['test/lsp/', 'test/web/', 'test/server/'];

/**
 * End-to-end files outside those folders that keep a process each, and why: what they leave in the
 * process is not theirs to put back, and the guard would fail them for it.
 */
export const OWN_PROCESS_FILES: Readonly<Record<string, string>> = {
  'src/model/providers/local.test.ts':
    'node-llama-cpp, once loaded, keeps SIGINT, SIGTERM and SIGHUP listeners on the process for its life',
  'src/model/resolve/local-spec.test.ts':
    'node-llama-cpp, once loaded, keeps SIGINT, SIGTERM and SIGHUP listeners on the process for its life',
  'test/cli/model.test.ts':
    'loads the embedded model in the test process (node-llama-cpp: its SIGINT, SIGTERM and SIGHUP listeners stay)',
};

/**
 * A file that replaces or forgets modules (`vi.mock`, `vi.doMock`, `vi.unmock`, `vi.resetModules`): in a
 * shared worker the files after it would import what it left in the module registry. A call on a line
 * of its own, so a test's text that only mentions one (a fixture, a string) is not taken for it.
 */
const CHANGES_MODULES = /^\s*vi\.(?:mock|doMock|unmock|doUnmock|resetModules)\(/m;

/**
 * Whether an end-to-end file shares its worker with the files before it (`isolate: false`, the
 * `e2e-shared` project of vitest.config.ts): in a fresh process per file each paid Vitest's start and
 * the import of what it tests again (46 files running the CLI in-process: 45.4 → 31.3 CPU-seconds shared
 * for 14 of them, bench/notes/2026-11-26-suite-cpu.md; the files that drive the CLI or the sandbox as
 * processes: bench/notes/2026-11-26-suite-shared-workers.md). A file that starts processes and waits for
 * them shares as well; the guard (test/support/shared-worker-guard.ts) fails one that leaves the process
 * changed or something running. Not shared: a file that changes the module registry, the files of
 * `OWN_PROCESS_FOLDERS`, and those of `OWN_PROCESS_FILES`.
 */
export function sharesWorker(path: string, text: string): boolean {
  return (
    !CHANGES_MODULES.test(text) &&
    !Object.hasOwn(OWN_PROCESS_FILES, path) &&
    !OWN_PROCESS_FOLDERS.some((folder) => path.startsWith(folder))
  );
}

/** The end-to-end files that share their worker (`sharesWorker`), relative to the repository. */
export function sharedWorkerEndToEndTests(): string[] {
  return endToEndTests().filter((path) => sharesWorker(path, readFileSync(join(ROOT, path), 'utf8')));
}

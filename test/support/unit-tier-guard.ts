import { createRequire, syncBuiltinESMExports } from 'node:module';
import { afterAll, afterEach } from 'vitest';
import { leftAsFoundCheck } from './process-state.js';

/**
 * The unit tier's setup file (vitest.config.ts): a test of the unit tier runs vouch in-process, so a
 * child process started while it runs fails it, naming the program. The end-to-end tier (CLI, servers,
 * the sandbox, real runners) is where a test that starts one belongs (test/support/test-tiers.ts).
 *
 * Every way `node:child_process` starts a process is wrapped on the module itself, and the ES module
 * facade is synced (`syncBuiltinESMExports`), so `import { spawn } from 'node:child_process'` in vouch's
 * code or a test's reaches the wrapper too. The process still starts (the test's code runs as it would),
 * and the test fails after it ends, whatever the code did with the child's outcome. A worker thread has
 * its own module instances and is not watched: what a worker starts is not seen here.
 *
 * The unit tier's files share their worker (`isolate: false` in vitest.config.ts: one import of vouch's
 * modules per worker, not one per file), so a file that leaves the process changed would change the files
 * after it: this setup also fails a file that ends with another working directory, environment variables
 * added, changed or removed (named, never their values), listeners left on or taken off the process's
 * signals, exit hooks and last-resort handlers (SIGINT, SIGTERM, exit, uncaughtException…), a
 * `process.exitCode` set, or fake timers still on — and puts each back, so the files after it run as
 * they would alone.
 */
const require = createRequire(import.meta.url);
const childProcess = require('node:child_process') as Record<string, unknown>;

const STARTERS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;

/**
 * What tests of this file started since the last check: the program and its first arguments. It lives on
 * `globalThis` under `STARTED`: a worker that runs several test files loads this module once per file, and
 * the functions are wrapped once per process; test/architecture/test-tiers.test.ts finds it there without
 * importing this module (an import would install the guard itself).
 */
export const STARTED = Symbol.for('vouch.unit-tier-guard.started');
const slot = globalThis as Record<symbol, string[] | undefined>;
export const started: string[] = slot[STARTED] ?? install();

function describeStart(name: string, args: unknown[]): string {
  const [command, rest] = args;
  const words = Array.isArray(rest) ? rest.slice(0, 3).map(String) : [];
  return `${name}(${[String(command), ...words].join(' ')})`;
}

function install(): string[] {
  const record: string[] = [];
  slot[STARTED] = record;
  // node's exec calls execFile, which calls spawn: count the outermost call only
  let depth = 0;
  for (const name of STARTERS) {
    const original = childProcess[name] as (...args: unknown[]) => unknown;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      if (depth === 0) record.push(describeStart(name, args));
      depth++;
      try {
        return original.apply(this, args);
      } finally {
        depth--;
      }
    };
    Object.defineProperty(wrapped, 'name', { value: name });
    // promisify(exec/execFile) resolves {stdout, stderr} through this symbol: keep it
    for (const symbol of Object.getOwnPropertySymbols(original)) {
      Object.defineProperty(wrapped, symbol, Object.getOwnPropertyDescriptor(original, symbol)!);
    }
    childProcess[name] = wrapped;
  }
  syncBuiltinESMExports();
  return record;
}

function noneStarted(): void {
  const seen = started.splice(0);
  if (seen.length === 0) return;
  throw new Error(
    `a unit-tier test started ${seen.length === 1 ? 'a child process' : `${seen.length} child processes`}: ` +
      `${seen.join(', ')}. Test it in-process (the scripted model, fake timers), or in the end-to-end ` +
      'tier (test/support/test-tiers.ts)',
  );
}

// this module runs again before every test file: the process as the file found it
const leftAsFound = leftAsFoundCheck('a unit-tier test file');

// a hook's processes (beforeAll, beforeEach) fail the test after it; afterAll's fail the file
afterEach(noneStarted);
afterAll(noneStarted);
// registered before the file's own hooks, so it runs after its afterAll (Vitest runs after-hooks as a stack)
afterAll(leftAsFound);

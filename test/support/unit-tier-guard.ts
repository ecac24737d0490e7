import { createRequire, syncBuiltinESMExports } from 'node:module';
import { afterAll, afterEach } from 'vitest';

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

// a hook's processes (beforeAll, beforeEach) fail the test after it; afterAll's fail the file
afterEach(noneStarted);
afterAll(noneStarted);

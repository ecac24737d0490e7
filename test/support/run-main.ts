import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { closeLocalLogs } from '../../src/telemetry/local-log.js';
import type { CliResult } from './run-cli.js';
import { suiteCacheEnv } from './suite-caches.js';
import { removeFolder, whenTestFinishes } from './test-folders.js';

/**
 * The CLI in-process, for the unit tier: `main` of `src/cli/main.ts` parses the arguments and runs the
 * command as `bin/vouch.js` would, in the test's own process, with what it writes to stdout and stderr
 * and the exit code it sets kept, and the same isolated environment `runCli` gives a child (no host model
 * variables, a fresh HOME, an OLLAMA_HOST and a model hub that answer nothing). For a rule of a command
 * (a flag refused, an error's message and exit code) that needs no second process to show; what only a
 * process shows (signals, stdin closed, start-up, the built `dist/`) stays with `runCli` in the e2e tier.
 *
 * While it runs, the process's working directory and environment are the command's, and are put back
 * after: one command at a time (calls are queued), and nothing else of the test should run meanwhile.
 * The fresh home is removed when the test has finished (what the command left there can be read until
 * then), or when the command has ended if it ran outside a test.
 */

type Write = typeof process.stdout.write;

interface Capture {
  stdout: string;
  stderr: string;
}
/**
 * Kept on the global object, not in this module: the switch below is installed once per process, and a
 * file that resets the module registry makes the next import of this module a new instance, whose own
 * `capture` the installed switch would never see (its commands' output came back empty).
 */
const CAPTURE = Symbol.for('vouch.run-main.capture');
const captureSlot = globalThis as { [CAPTURE]?: Capture };

/**
 * Once per process: stdout and stderr write through a switch that keeps what a command writes while one
 * runs. Installed before `main` first wraps the streams (terminal-text.ts keeps the write it found), so
 * its wrapper calls the switch and every later run is captured too.
 */
function installSwitch(): void {
  const slot = globalThis as { [key: symbol]: boolean | undefined };
  const INSTALLED = Symbol.for('vouch.run-main.switch');
  if (slot[INSTALLED]) return;
  slot[INSTALLED] = true;
  for (const [name, stream] of [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ] as const) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const capture = captureSlot[CAPTURE];
      if (!capture) return original(chunk, ...rest);
      capture[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      const done = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as Write;
  }
}

let queue: Promise<unknown> = Promise.resolve();

export function runMain(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const run = queue.then(() => runNow(args, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runNow(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> },
): Promise<CliResult> {
  installSwitch();
  const home = mkdtempSync(join(tmpdir(), 'vouch-home-'));
  const untilTestEnds = whenTestFinishes(() => removeFolder(home));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    OLLAMA_HOST: '127.0.0.1:9',
    HF_ENDPOINT: 'http://127.0.0.1:9',
    NO_COLOR: '1',
    ...suiteCacheEnv(),
    ...options.env,
  };
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  const savedExitCode = process.exitCode;
  // what main adds to the process each run (a closed pipe's handling) or once (Ctrl-C's), taken off after
  const listeners = {
    stdout: process.stdout.listeners('error'),
    stderr: process.stderr.listeners('error'),
    SIGINT: (process as NodeJS.EventEmitter).listeners('SIGINT'),
    SIGTERM: (process as NodeJS.EventEmitter).listeners('SIGTERM'),
    beforeExit: (process as NodeJS.EventEmitter).listeners('beforeExit'),
  };
  // the environment is changed in place: a new object would not reach what reads the C environment
  // (os.homedir() reads HOME there)
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
  process.chdir(options.cwd ?? home);
  process.exitCode = undefined;
  const kept: Capture = { stdout: '', stderr: '' };
  captureSlot[CAPTURE] = kept;
  const started = Date.now();
  let code: number | null;
  try {
    await main(['node', 'vouch', ...args]);
    // what the process's end does (beforeExit): the audit entries and records queued are written
    await closeLocalLogs();
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    // what bin/vouch.js would die of: an uncaught error, exit 1 with its stack on stderr
    kept.stderr += `${(error as Error)?.stack ?? String(error)}\n`;
    code = 1;
  } finally {
    captureSlot[CAPTURE] = undefined;
    process.exitCode = savedExitCode;
    process.chdir(savedCwd);
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    // the test's process is not a CLI's: Vitest's SIGTERM at its end must not start a command's cancelling,
    // and the logs were closed above
    for (const name of ['stdout', 'stderr'] as const) {
      for (const listener of process[name].listeners('error')) {
        if (!listeners[name].includes(listener)) process[name].off('error', listener as () => void);
      }
    }
    const emitter = process as NodeJS.EventEmitter;
    for (const event of ['SIGINT', 'SIGTERM', 'beforeExit'] as const) {
      for (const listener of emitter.listeners(event)) {
        if (!listeners[event].includes(listener)) emitter.off(event, listener as () => void);
      }
    }
    if (!untilTestEnds) removeFolder(home);
  }
  const durationMs = Date.now() - started;
  return {
    code,
    stdout: kept.stdout,
    stderr: kept.stderr,
    durationMs,
    json<T>() {
      try {
        return JSON.parse(kept.stdout) as T;
      } catch {
        throw new Error(`stdout is not one JSON object:\n${kept.stdout}\nstderr:\n${kept.stderr}`);
      }
    },
  };
}

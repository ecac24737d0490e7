import { afterAll } from 'vitest';
import { endLeftRunning, leftAsFoundCheck, runningHandles } from './process-state.js';

/**
 * The setup file of the end-to-end files that share their worker (the `e2e-shared` project of
 * vitest.config.ts, `sharesWorker` in test-tiers.ts): each would otherwise import vouch's modules into a
 * fresh process of its own. Sharing the worker, a file that leaves the process changed would change the
 * files after it: as the unit tier's guard does (without its ban on child processes: these files start
 * the CLI, pytest, tsc and the sandbox), this fails a file that ends with another working directory,
 * environment variables added, changed or removed (named, never their values), listeners left on the
 * process's signals and exit hooks, `process.exitCode` set or fake timers still on, and puts them back;
 * and a file that leaves a server listening or a child process running (neither ended nor signalled),
 * which it closes or kills. So the leak fails that file and not the ones after it.
 */

// this module runs again before every test file: the process as the file found it
const leftAsFound = leftAsFoundCheck('an end-to-end test file that shares its worker');
const running = runningHandles();

/** One hook for both checks: a hook that throws stops the after-hooks behind it, and both must end what they found. */
async function leftAsFoundAndNothingRunning(): Promise<void> {
  const left = await endLeftRunning(running);
  const stillRunning =
    left.length === 0
      ? undefined
      : new Error(
          `an end-to-end test file that shares its worker left running for the files after it: ${left.join('; ')} ` +
            '(now closed or killed). Close it in an afterEach or afterAll (server.close(), child.kill() and wait for its exit)',
        );
  try {
    leftAsFound();
  } catch (changed) {
    if (stillRunning) throw new Error(`${(changed as Error).message}. And ${stillRunning.message}`);
    throw changed;
  }
  if (stillRunning) throw stillRunning;
}

// registered before the file's own hooks, so it runs after its afterAll (Vitest runs after-hooks as a stack)
afterAll(leftAsFoundAndNothingRunning);

import { afterAll } from 'vitest';
import { leftAsFoundCheck } from './process-state.js';

/**
 * The setup file of the end-to-end files that share their worker (the `e2e-in-process` project of
 * vitest.config.ts, `sharesWorker` in test-tiers.ts): they run the CLI in the test's own process
 * (`test/support/run-main.ts`), so each would otherwise import vouch's modules into a fresh process of
 * its own. Sharing the worker, a file that leaves the process changed would change the files after it:
 * as the unit tier's guard does (without its ban on child processes: these files start pytest, tsc and
 * the sandbox), this fails a file that ends with another working directory, environment variables added,
 * changed or removed (named, never their values) or fake timers still on, and puts them back, so the
 * leak fails that file and not the ones after it.
 */

// this module runs again before every test file: the process as the file found it
const leftAsFound = leftAsFoundCheck('an end-to-end test file that shares its worker');

// registered before the file's own hooks, so it runs after its afterAll (Vitest runs after-hooks as a stack)
afterAll(leftAsFound);

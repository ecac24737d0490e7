/**
 * The program that runs one TypeScript candidate (transpiled) against many assertions inside the sandbox.
 * It reads its job as JSON on stdin, defines the candidate once, then runs every assertion from `start` on,
 * each with vm's synchronous time limit, and prints `<nonce> <index> <1|0|2> <ms>` per assertion as it
 * finishes (2: timed out), `<nonce> budget` when the candidate's time budget is spent, or `<nonce> broken`
 * when the candidate itself cannot be defined. The candidate and the assertions run with
 * `vm.runInThisContext`, so they share this realm (an array the candidate returns is an Array to
 * `assert.deepStrictEqual`) and top-level declarations stay visible.
 */
export const NODE_MATRIX_DRIVER = String.raw`
const fs = require('node:fs');
const vm = require('node:vm');
const job = JSON.parse(fs.readFileSync(0, 'utf8'));
const write = fs.writeSync.bind(fs, 1);
const report = (line) => write(job.nonce + ' ' + line + '\n');
globalThis.require = require;
globalThis.module = { exports: {} };
globalThis.exports = globalThis.module.exports;
globalThis.assert = require('node:assert');
try {
  vm.runInThisContext(job.candidate, { timeout: job.setupMs, filename: 'candidate.js' });
  if (job.entryPoint) {
    vm.runInThisContext('var candidate = typeof ' + job.entryPoint + ' === "undefined" ? undefined : ' + job.entryPoint + ';');
  }
} catch (error) {
  report('broken');
  process.exit(0);
}
let spent = 0;
for (let index = job.start; index < job.tests.length; index++) {
  let ok = 0;
  const started = performance.now();
  try {
    vm.runInThisContext(job.tests[index], { timeout: job.testMs, filename: 'test.js' });
    ok = 1;
  } catch (error) {
    ok = error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' ? 2 : 0;
  }
  const ms = performance.now() - started;
  spent += ms;
  report(index + ' ' + ok + ' ' + ms.toFixed(2));
  if (spent > job.budgetMs) {
    report('budget');
    break;
  }
}
process.exit(0);
`;

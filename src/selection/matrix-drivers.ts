import { nodeDriver } from '../core/report-channel-sources.js';

/**
 * The program that runs TypeScript candidates (transpiled) against many assertions inside one sandboxed Node
 * process. It reads its job as JSON on stdin; for each candidate from `start` on it makes a fresh vm
 * context (its own globals and built-ins, so an array the candidate returns and the assertion's literal
 * share a realm for `assert.deepStrictEqual`, and nothing one candidate sets is seen by the next; `assert`
 * and `require('assert')` are per-context copies), defines the candidate, then runs every assertion with
 * vm's synchronous time limit, within a budget per candidate, until the candidate has timed out `strikes`
 * times. An assertion that times out on `hangVotes` candidates that finish other assertions, and finishes on
 * none, is skipped for the rest. Lines, on the job's report channel (src/core/report-channel.ts; what a
 * candidate prints is never read): `C <candidate> broken|ok|hanging|budget`, and
 * `T <candidate> <assertion> <1|0|2>` (2: timed out) as each assertion finishes, so a job cut short still
 * tells how far it got. Candidates run in this process (Node cannot fork): one that reads the driver's
 * memory (a heap snapshot) could find the channel's key; printing, writing fd 1 or any fd without it cannot
 * forge a line. The program is `node/matrix-driver.cjs`.
 */
export function nodeMatrixDriver(): string {
  return nodeDriver('node/matrix-driver.cjs');
}

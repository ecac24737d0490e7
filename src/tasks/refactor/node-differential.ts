import { nodeDriver } from '../../verify/sandbox/index.js';

/**
 * One side of the differential tester for JavaScript and TypeScript (type-stripped), run with Node in a
 * sandbox of its own (differential.ts; the Python side's docstring, python-differential.ts, describes the
 * requests): the same comparison — return values (a canonical form: deep, types included), thrown errors
 * (their class), printed output, changes to arguments; promises are awaited — on JSDoc `@example` calls,
 * the literal calls in the project's tests, boundary values and seeded random inputs of the parameters'
 * declared types. Inputs travel as V8 serialized data (structured clone: plain values only).
 *
 * `coverage` {name}: the V8 blocks of the function (and of the functions inside it) that the `call`
 * requests reached — V8's precise block coverage through the inspector in this process, started before
 * the module loads and read (and reset) around each `call` request only, so planning and loading count
 * for nothing. V8 lists a block only where its count differs from the block around it; a block counts as
 * reached when the innermost block listed around it ran. The program is `node/differential-side.cjs`.
 */
export function nodeDifferentialSide(): string {
  return nodeDriver('node/differential-side.cjs');
}

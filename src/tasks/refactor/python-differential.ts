import { shippedText } from '../../core/package-root.js';

/**
 * One side of the differential tester for Python, run in a sandbox of its own (differential.ts): the old
 * version of the module in one, the new in another, each at the module's own path in its sandbox's view of
 * the project. The comparison is vouch's, outside both: a side answers requests on stdin with lines on its
 * report channel (report-channel.ts), and can only speak for itself — what the new code prints or writes
 * never reaches the comparison, and it cannot reach the old version or its answers.
 *
 * Requests (one JSON object per line, with an `id` the answer repeats):
 * - `load` {names, path, seed, callTimeoutSec}: the module from `path` under its dotted and bare names;
 * - `describe` {name}: whether it is a callable, a class, its parameters (name, kind and default) and signature;
 * - `state`: the module's public plain values by name (canonical form), compared as the module's constants;
 * - `plan` {name, tests, maxInputs} (the old side): the inputs, in order — the examples in the docstring
 *   (`>>> f(...)`), the literal calls in the project's tests, then generated ones: boundary values first
 *   (0, ±1, ±2, empty, large), then random values of the parameters' annotated types (or of their defaults'
 *   types, or a mix), property-style with a fixed seed; and whether the function answers the same input the
 *   same way twice (a nondeterministic one is not compared);
 * - `call` {name, inputs}: each input's outcome — what is returned (compared by a canonical form of its
 *   value and type), raised (the exception's type), printed, and done to mutable arguments — as a key the
 *   comparison matches and a text a counterexample shows;
 * - `shrink` {args, kwargs} (the old side): smaller inputs (numbers toward 0, strings and lists shorter),
 *   tried in order by the comparison until none still shows the difference;
 * - `render` {name, args, kwargs}: the call as a counterexample writes it.
 * Inputs travel as `marshal` data (plain values only: numbers, strings, bytes, lists, tuples, dicts, sets),
 * made by the old side and read by both; the host never reads them. The program is
 * `python/differential_side.py`, shipped with the package.
 */
export function pythonDifferentialSide(): string {
  return shippedText('python/differential_side.py');
}

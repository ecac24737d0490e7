import type { TestCaseResult } from '../verify/checks/test-results.js';
import { parsePythonLiteral } from './python-literal.js';
import { pythonRepr, readHandedOut, sameAsExample } from './python-values.js';
import type { RequestExample } from './request-examples.js';

/** One example's verdict, judged here from what its test handed out (r48: never inside the run). */
export type ExampleVerdict =
  | { status: 'passed' }
  | { status: 'failed'; message: string; file?: string; line?: number }
  | { status: 'error'; message: string }
  | { status: 'skipped' };

/**
 * Each example's verdict from the examples module's results (`test_example_N`, pythonExampleTests): a test
 * that failed fails its example (the call raised, or the result compares itself); one that passed handed
 * its result out, and the example passes when that value is the request's (`sameAsExample`). A test that
 * passed without exactly one value it handed out, or with one that is not a value, is no verdict.
 */
export function exampleVerdicts(
  examples: readonly RequestExample[],
  tests: readonly TestCaseResult[],
): ExampleVerdict[] {
  return examples.map((example, index) => {
    const name = `test_example_${index + 1}`;
    const runs = tests.filter((test) => test.name === name);
    const call = `${example.name}(${example.args})`;
    if (runs.length !== 1) return { status: 'error', message: `${call}: its test ran ${runs.length} times` };
    const run = runs[0]!;
    if (run.status === 'skipped') return { status: 'skipped' };
    if (run.status !== 'passed')
      return {
        status: 'failed',
        message: `${call} ${run.status === 'error' ? 'errored' : 'failed'}${run.message ? `: ${run.message}` : ''}`,
        ...(run.file ? { file: run.file } : {}),
        ...(run.line ? { line: run.line } : {}),
      };
    const expected = parsePythonLiteral(example.expected);
    if (!expected) return { status: 'error', message: `${call}: the request's value is not one vouch reads` };
    const actual = run.values?.length === 1 ? readHandedOut(run.values[0]) : undefined;
    if (!actual)
      return {
        status: 'error',
        message: `${call}: its test passed without handing out one result vouch reads (${run.values?.length ?? 0} handed out)`,
      };
    if (sameAsExample(actual, expected)) return { status: 'passed' };
    return {
      status: 'failed',
      message: `${call} returned ${pythonRepr(actual)}, the request says ${example.expected.length > 200 ? `${example.expected.slice(0, 200)}…` : example.expected}`,
      ...(run.file ? { file: run.file } : {}),
    };
  });
}

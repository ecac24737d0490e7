import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';
import { escapeRegExp } from '../../core/regexp.js';

/** One test's outcome, as the framework reported it. */
export interface TestCaseResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped' | 'error';
  message?: string;
  /** test file the result came from, relative to the project, when the framework says */
  file?: string;
  /** the line of that file where it failed (the assertion), when the framework says */
  line?: number;
  /**
   * declared to fail (pytest's xfail, unittest's expectedFailure, vitest's `it.fails`, jest's
   * `test.failing`) and it did: reported as skipped, since it is no evidence the code works
   */
  expectedFailure?: boolean;
}

/** pytest `-rA` short summary: `PASSED path::test`, `FAILED path::test - message`. */
export function parsePytest(output: string): TestCaseResult[] {
  const results: TestCaseResult[] = [];
  for (const line of output.split('\n')) {
    const match = /^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (\S+?)(?:::(\S+))?(?: - (.*))?$/.exec(
      line.trim(),
    );
    if (!match) continue;
    const [, outcome, file, test, message] = match;
    // XFAIL: failed as declared, which is no evidence (see TestCaseResult.expectedFailure)
    const status =
      outcome === 'PASSED'
        ? 'passed'
        : outcome === 'SKIPPED' || outcome === 'XFAIL'
          ? 'skipped'
          : outcome === 'ERROR'
            ? 'error'
            : 'failed';
    results.push({
      name: test ?? (file as string),
      status,
      ...(file ? { file } : {}),
      ...(outcome === 'XFAIL' ? { expectedFailure: true } : {}),
      ...(message ? { message: message.trim() } : {}),
    });
  }
  return results;
}

/** `python -m unittest -v`: `test_x (module.Class.test_x) ... ok|FAIL|ERROR|skipped`, details after. */
export function parseUnittest(output: string): TestCaseResult[] {
  const results: TestCaseResult[] = [];
  const byName = new Map<string, TestCaseResult>();
  for (const line of output.split('\n')) {
    const match =
      /^(\w+) \(([\w.]+)\)(?:\n.*)? \.\.\. (ok|FAIL|ERROR|skipped.*|expected failure|unexpected success)$/.exec(
        line.trim(),
      );
    if (!match) continue;
    const [, test, qualified, outcome] = match;
    const status =
      outcome === 'ok'
        ? 'passed'
        : outcome?.startsWith('skipped') || outcome === 'expected failure'
          ? 'skipped'
          : outcome === 'ERROR'
            ? 'error'
            : 'failed';
    const result: TestCaseResult = {
      name: `${qualified}`.endsWith(`.${test}`) ? (qualified as string) : `${qualified}.${test}`,
      status,
      ...(outcome === 'expected failure' ? { expectedFailure: true } : {}),
    };
    results.push(result);
    byName.set(test as string, result);
  }
  // Failure blocks: "FAIL: test_x (module.Class.test_x)" … traceback … last line is the message.
  const blocks = output.split(/^={50,}$/m);
  for (const block of blocks) {
    const header = /^(FAIL|ERROR): (\w+) \(/m.exec(block);
    if (!header) continue;
    // header, dashes, traceback[, dashes, "Ran N tests", "FAILED (…)"]: the message ends the traceback
    const parts = block.split(/^-{50,}$/m);
    const traceback = (parts[1] ?? parts[0] ?? '').split('\n').filter((line) => line.trim());
    const last = traceback.at(-1);
    const result = byName.get(header[2] as string);
    if (result && last) result.message = last.trim();
  }
  return results;
}

/** node --test with the TAP reporter: `ok 1 - name` / `not ok 2 - name`, then a YAML block with `error:`. */
export function parseTap(output: string): TestCaseResult[] {
  const results: TestCaseResult[] = [];
  const lines = output.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const match = /^(\s*)(not )?ok \d+ - (.*?)(?: # (SKIP|TODO).*)?$/.exec(lines[index] as string);
    if (!match) continue;
    const [, indent, failed, name, directive] = match;
    // A suite's own line repeats its children's outcome; keep leaves only (next line not more indented YAML of type suite).
    let message: string | undefined;
    let isSuite = false;
    for (let next = index + 1; next < lines.length; next++) {
      const line = lines[next] as string;
      if (!line.startsWith(`${indent}  `)) break;
      if (/^\s*type: 'suite'/.test(line)) isSuite = true;
      const error = /^(\s*)error: (\|-?)?\s*(.*)$/.exec(line);
      if (error) {
        message = error[3] ?? '';
        if (error[2] !== undefined) {
          // a YAML block scalar: the message is the more-indented lines that follow
          const parts: string[] = [];
          for (let more = next + 1; more < lines.length; more++) {
            const body = lines[more] as string;
            if (body.trim() && !body.startsWith(`${error[1]}  `)) break;
            if (body.trim()) parts.push(body.trim());
          }
          message = parts.join(' ');
        }
        if (message.startsWith("'") && message.endsWith("'")) message = message.slice(1, -1);
      }
      if (/^\s*\.\.\.$/.test(line)) break;
    }
    if (isSuite) continue;
    results.push({
      name: name as string,
      status: directive === 'SKIP' || directive === 'TODO' ? 'skipped' : failed ? 'failed' : 'passed',
      ...(failed && message ? { message } : {}),
    });
  }
  return results;
}

const jestReport = z.looseObject({
  numTotalTests: z.number().optional(),
  numPassedTests: z.number().optional(),
  numFailedTests: z.number().optional(),
  numPendingTests: z.number().optional(),
  numTodoTests: z.number().optional(),
  testResults: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        message: z.string().optional(),
        assertionResults: z
          .array(
            z.looseObject({
              fullName: z.string().optional(),
              title: z.string().optional(),
              status: z.string(),
              failureMessages: z.array(z.string()).optional(),
              location: z.looseObject({ line: z.number() }).nullish(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

/**
 * Why test files of a vitest or jest JSON report ran nothing: each file's own `message` (an import that
 * failed, a syntax error), the first lines of each, ANSI colours removed.
 */
export function jestFileErrors(output: string): string[] {
  return (readJestReport(output)?.testResults ?? [])
    .map((file) =>
      (file.message ?? '')
        .replace(/\u001b\[[0-9;]*m/g, '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .slice(0, 2)
        .join(' '),
    )
    .filter(Boolean);
}

const MESSAGE_CHARS = 4000;

/**
 * A vitest or jest failure as the user needs it: the whole message (the assertion, the expected and
 * received values), without colours or the stack, up to 4,000 characters and then cut at a word.
 */
function failureText(failure: string): string {
  const lines = failure.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
  const end = lines.findIndex((line) => /^\s*(at |❯ )/.test(line));
  const text = (end < 0 ? lines : lines.slice(0, end)).join('\n').trim();
  if (text.length <= MESSAGE_CHARS) return text;
  const cut = text.slice(0, MESSAGE_CHARS);
  const space = cut.search(/\s\S*$/);
  return `${space > 0 ? cut.slice(0, space) : cut} …`;
}

/** The line of the test file where a failure went through last: the first stack frame in that file. */
function stackLine(failure: string, file: string): number | undefined {
  const frame = new RegExp(`(?:file://)?${escapeRegExp(file)}:(\\d+):\\d+`).exec(failure);
  return frame ? Number(frame[1]) : undefined;
}

/** The JSON report of vitest or jest: the text from the first `{`; none when there is none or it does not parse. */
function readJestReport(output: string): z.infer<typeof jestReport> | undefined {
  const start = output.indexOf('{');
  if (start < 0) return undefined;
  try {
    return parseExternalJson({
      text: output.slice(start),
      schema: jestReport,
      source: "the test runner's JSON report",
    });
  } catch {
    return undefined;
  }
}

/** vitest `--reporter=json` and jest `--json`: `testResults[].assertionResults[]`. */
export function parseJestJson(output: string): TestCaseResult[] {
  const report = readJestReport(output);
  if (!report) return [];
  const results: TestCaseResult[] = [];
  for (const file of report.testResults ?? []) {
    for (const assertion of file.assertionResults ?? []) {
      const status =
        assertion.status === 'passed' ? 'passed' : assertion.status === 'failed' ? 'failed' : 'skipped';
      const failure = assertion.failureMessages?.[0];
      const message = failure ? failureText(failure) : undefined;
      const line =
        assertion.location?.line ?? (failure && file.name ? stackLine(failure, file.name) : undefined);
      results.push({
        name: assertion.fullName ?? assertion.title ?? 'test',
        status,
        ...(file.name ? { file: file.name } : {}),
        ...(status === 'failed' && message ? { message } : {}),
        ...(status === 'failed' && line ? { line } : {}),
      });
    }
  }
  return results;
}

/**
 * Why a vitest or jest JSON report is not evidence for these test files (absolute paths), if it is not:
 * a file that is not in it by path, results from a file that was not run, or totals of its own that do not
 * agree with its tests (a report pieced together, or another report's end). The report is the text from
 * the first `{`, as parseJestJson reads it.
 */
export function jestReportProblems(output: string, testFiles: readonly string[]): string[] {
  const report = readJestReport(output);
  if (!report) return [];
  const problems: string[] = [];
  const files = report.testResults ?? [];
  const names = new Set(files.map((file) => file.name));
  const missing = testFiles.filter((file) => !names.has(file));
  if (missing.length) problems.push(`the report does not list ${missing.join(', ')}, which ran`);
  const strangers = files.filter((file) => !file.name || !testFiles.includes(file.name));
  if (strangers.length)
    problems.push(
      `the report lists results of ${strangers.map((file) => file.name ?? 'a file without a path').join(', ')}, which vouch did not run`,
    );
  const assertions = files.flatMap((file) => file.assertionResults ?? []);
  const count = (status: string) => assertions.filter((assertion) => assertion.status === status).length;
  const totals: [string, number | undefined, number][] = [
    ['numTotalTests', report.numTotalTests, assertions.length],
    ['numPassedTests', report.numPassedTests, count('passed')],
    ['numFailedTests', report.numFailedTests, count('failed')],
  ];
  for (const [field, stated, counted] of totals) {
    if (stated === undefined) problems.push(`the report has no \`${field}\``);
    else if (stated !== counted)
      problems.push(`the report's \`${field}\` is ${stated}, but it lists ${counted}`);
  }
  return problems;
}

/**
 * A vitest or jest JSON report of no file at all: the runner matched none of the files it was given (vitest
 * filters them through the project's `test.include`, and says "No test files found" only on its console).
 */
export function emptyJestReport(output: string): boolean {
  const report = readJestReport(output);
  return report !== undefined && (report.testResults ?? []).length === 0 && !report.numTotalTests;
}

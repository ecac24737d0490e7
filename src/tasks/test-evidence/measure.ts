import { join } from 'node:path';
import type { CheckContext, CheckResult, CheckSubject, Finding } from '../../core/check.js';
import type { LanguageId } from '../../core/languages.js';
import type { TestCaseResult } from '../../verify/checks/test-results.js';
import type { TestFrameworkName } from '../../verify/checks/tests.js';
import { makeMutants } from '../test/mutants.js';
import { openHarness, runMutants } from '../test/mutation-run.js';
import { type CodeTarget, hashContent, moduleName } from '../test/target.js';
import { specialCasedInputs } from './special-cased.js';
import { type ProblemAt, readSuite, type TestProblem } from './suite-reading.js';

/**
 * `test-evidence`: whether the tests that passed on a candidate are evidence that it works. They are when
 * they call the real code (no mock of it), their assertions can fail (none swallowed) and compare what it
 * returned, the code does not single out their inputs, and they kill mutants of it (`vouch test`'s
 * mutation machinery, on a small budget). Not evidence is a `fail` that blocks nothing: the code may be
 * right, but these tests do not show it. Not measured is a `skip` with the reason, never a pass.
 */
export const TEST_EVIDENCE = 'test-evidence';

export type TestsSource = 'model' | 'user' | 'mixed';
export type EvidenceVerdict = 'evidence' | 'not-evidence' | 'unmeasured';

export interface TestEvidenceDetails {
  source: TestsSource;
  verdict: EvidenceVerdict;
  mutants: { total: number; killed: number };
  /** each test and its problems, by rule id (`tests.swallowed-assertion`, …); empty when none */
  tests: { name: string; problems: string[] }[];
  [key: string]: unknown;
}

export interface EvidenceOptions {
  source: TestsSource;
  /** mutants run in a warm pool (default 8) */
  maxMutants?: number;
  /** mutants run one sandbox each, when no warm pool fits the runner (vitest, jest: default 3) */
  maxSlowMutants?: number;
  /** the whole measure's time, mutants included (default 30 s): over it the tests are not measured */
  budgetMs?: number;
}

export const DEFAULT_EVIDENCE_MUTANTS = 8;
export const DEFAULT_SLOW_EVIDENCE_MUTANTS = 3;
export const DEFAULT_EVIDENCE_BUDGET_MS = 30_000;

const RULES: Record<TestProblem | 'kill-nothing' | 'special-cased', { ruleId: string; hint: string }> = {
  'swallowed-assertion': {
    ruleId: 'tests.swallowed-assertion',
    hint: 'let the assertion fail: no try/except (try/catch) around it',
  },
  'mocks-subject': {
    ruleId: 'tests.mocks-subject',
    hint: 'call the real function under test; mock only what it depends on',
  },
  'no-result-assertion': {
    ruleId: 'tests.no-result-assertion',
    hint: 'assert what the function returns for given inputs (`assert f(2) == 4`, `expect(f(2)).toBe(4)`)',
  },
  'reads-source': {
    ruleId: 'tests.reads-source',
    hint: 'call the code and compare what it returns; a test of its text fails on a renamed variable and passes a wrong answer written the same way',
  },
  'kill-nothing': {
    ruleId: 'tests.kill-nothing',
    hint: 'add tests whose expected values a wrong implementation would not produce',
  },
  'special-cased': {
    ruleId: 'code.special-cased',
    hint: 'compute the answer for every input: code that knows its tests passes them and nothing more',
  },
};

const MESSAGES: Record<TestProblem, (test: string, evidence: string) => string> = {
  'swallowed-assertion': (test, evidence) =>
    `\`${test}\` catches its own assertion's failure (\`${evidence}\`): it passes whatever the code does`,
  'mocks-subject': (test, evidence) =>
    `\`${test}\` replaces the code under test with a mock (\`${evidence}\`): it tests the mock, not the code`,
  'no-result-assertion': (test, evidence) =>
    `\`${test}\` has no assertion that compares what the code returns (${evidence === 'no assertion' ? 'it asserts nothing' : `\`${evidence}\``})`,
  'reads-source': (test, evidence) =>
    `\`${test}\` reads the text of the code under test (\`${evidence}\`) instead of running it: the mutants it kills show nothing about what the code does`,
};

function result({
  status,
  started,
  details,
  extra,
}: {
  status: CheckResult['status'];
  started: number;
  details: TestEvidenceDetails;
  extra: { reason: string; findings?: Finding[] };
}): CheckResult {
  return {
    name: TEST_EVIDENCE,
    status,
    reason: extra.reason,
    findings: extra.findings ?? [],
    durationMs: Math.round(performance.now() - started),
    ...(status === 'fail' ? { blocking: false } : {}),
    details,
  };
}

/** The tests are not evidence: they pass on every one of the `changed` versions of the code that ran. */
function killedNothing({
  source,
  started,
  details,
  changed,
}: {
  source: TestsSource;
  started: number;
  details: TestEvidenceDetails;
  changed: string;
}): CheckResult {
  return result({
    status: 'fail',
    started,
    details,
    extra: {
      reason: `${whose(source)} are not evidence: tests.kill-nothing`,
      findings: [
        {
          ruleId: RULES['kill-nothing'].ruleId,
          file: '<tests>',
          line: 1,
          column: 1,
          severity: 'medium',
          message: `the tests pass on every one of ${changed}: they would not notice it being wrong`,
          hint: RULES['kill-nothing'].hint,
        },
      ],
    },
  });
}

function whose(source: TestsSource): string {
  return source === 'model' ? "the model's own tests" : source === 'user' ? 'your tests' : 'the tests';
}

/** Where the tests check puts the code when the subject names no file (tests.ts: `solution.py`, …). */
function candidatePath(subject: CheckSubject): string {
  if (subject.path && !subject.path.startsWith('<')) return subject.path;
  return subject.language === 'python'
    ? 'solution.py'
    : subject.language === 'javascript'
      ? 'solution.js'
      : subject.language === 'tsx'
        ? 'solution.tsx'
        : 'solution.ts';
}

const MEASURED: readonly LanguageId[] = ['python', 'javascript', 'typescript', 'tsx'];

/**
 * Measures the tests of `subject` that `tests` (the tests check's result) ran. Static reading first;
 * mutants only for tests that pass it (a suite that mocks its subject or swallows its asserts kills
 * nothing worth counting, and the latency is spent only where it can earn a pass).
 */
export async function measureTestEvidence({
  subject,
  tests,
  context,
  options,
}: {
  subject: CheckSubject;
  tests: CheckResult;
  context: CheckContext;
  options: EvidenceOptions;
}): Promise<CheckResult> {
  const started = performance.now();
  const details = (
    verdict: EvidenceVerdict,
    extra: Partial<TestEvidenceDetails> = {},
  ): TestEvidenceDetails => ({
    source: options.source,
    verdict,
    mutants: { total: 0, killed: 0 },
    tests: [],
    ...extra,
  });
  const skip = (reason: string, extra: Partial<TestEvidenceDetails> = {}) =>
    result({ status: 'skip', started, details: details('unmeasured', extra), extra: { reason } });
  const suites = subject.tests ?? [];
  if (suites.length === 0) return skip(`no tests were given (${whose(options.source)})`);
  if (!MEASURED.includes(subject.language)) return skip(`not measured for ${subject.language}`);
  if (tests.status !== 'pass')
    return skip(`the tests did not pass (${tests.status}), so they were not measured`);
  const framework = (tests.details as { framework?: TestFrameworkName } | undefined)?.framework;
  if (!framework) return skip('the tests check did not say which runner ran the tests');

  const path = candidatePath(subject);
  const { testDetails, findings: kept } = await readEvidence({
    suites,
    code: subject.code,
    language: subject.language,
    path,
    shownPath: subject.path,
    source: options.source,
    outcomes: (tests.details as { tests?: TestCaseResult[] } | undefined)?.tests,
  });
  if (kept.length > 0)
    return result({
      status: 'fail',
      started,
      details: details('not-evidence', { tests: testDetails }),
      extra: {
        reason: `${whose(options.source)} are not evidence: ${[...new Set(kept.map((finding) => finding.ruleId))].join(', ')}; mutants not run`,
        findings: kept,
      },
    });

  // the mutants: a few, in one harness, under a time budget
  const budgetMs = options.budgetMs ?? DEFAULT_EVIDENCE_BUDGET_MS;
  const lines = subject.code.split('\n').length;
  const made = await makeMutants({
    source: subject.code,
    language: subject.language,
    range: { startLine: 1, endLine: lines },
    limit: options.maxMutants ?? DEFAULT_EVIDENCE_MUTANTS,
  });
  if (made.mutants.length === 0)
    return skip('no mutant could be made of the code, so what the tests would catch was not measured', {
      tests: testDetails,
    });
  const target: CodeTarget = {
    path,
    absolutePath: join(context.workspaceRoot, path),
    language: subject.language,
    source: subject.code,
    baseHash: hashContent(subject.code),
    startLine: 1,
    endLine: lines,
    definitions: [],
  };
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(new Error('test-evidence budget')), budgetMs);
  const onAbort = () => budget.abort(context.signal?.reason);
  context.signal?.addEventListener('abort', onAbort, { once: true });
  let outcomes: Awaited<ReturnType<typeof runMutants>>;
  let harnessKind: string;
  try {
    const measured = await withBudget(budget.signal, async (closeLater) => {
      const harness = await openHarness({
        target,
        suite: suites[0]!,
        framework,
        context: { ...context, signal: budget.signal },
        testPaths: subject.testPaths,
      });
      closeLater(() => harness.close());
      const chosen =
        harness.kind === 'warm-pool'
          ? made.mutants
          : made.mutants.slice(0, options.maxSlowMutants ?? DEFAULT_SLOW_EVIDENCE_MUTANTS);
      return { results: await runMutants(harness, chosen, budget.signal), kind: harness.kind };
    });
    outcomes = measured.results;
    harnessKind = measured.kind;
  } catch (error) {
    if (context.signal?.aborted) throw error;
    const reason = budget.signal.aborted
      ? `the mutants did not finish within the budget (${Math.round(budgetMs / 1000)} s), so what the tests would catch was not measured`
      : `the mutants could not run: ${error instanceof Error ? error.message : String(error)}`;
    return skip(reason, { tests: testDetails });
  } finally {
    clearTimeout(timer);
    context.signal?.removeEventListener('abort', onAbort);
  }
  const killed = outcomes.filter((entry) => entry.outcome === 'killed').length;
  const ran = outcomes.filter((entry) => entry.outcome === 'killed' || entry.outcome === 'survived').length;
  const mutants = { total: outcomes.length, killed };
  const extra = {
    tests: testDetails,
    mutants,
    harness: harnessKind,
    survived: outcomes
      .filter((entry) => entry.outcome === 'survived')
      .map((entry) => entry.mutant.description),
  };
  if (killed > 0)
    return result({
      status: 'pass',
      started,
      details: details('evidence', extra),
      extra: {
        reason: `${whose(options.source)} call the code, compare its results and kill ${killed}/${outcomes.length} mutants`,
      },
    });
  if (ran === 0)
    return skip(
      `none of the ${outcomes.length} mutants could be run (timeouts or errors), so what the tests would catch was not measured`,
      extra,
    );
  return killedNothing({
    source: options.source,
    started,
    details: details('not-evidence', extra),
    changed: `${ran} changed versions of the code (${outcomes
      .filter((entry) => entry.outcome === 'survived')
      .slice(0, 3)
      .map((entry) => entry.mutant.description)
      .join('; ')})`,
  });
}

/** The static part: each test's problems, and the findings that make the suite not evidence. */
async function readEvidence(options: {
  suites: string[];
  code: string;
  language: LanguageId;
  /** where the tests import the code from (its module name is read from it) */
  path: string;
  /** how findings on the code name its file */
  shownPath: string;
  source: TestsSource;
  /** look for code that singles out the tests' inputs (off for code the user wrote) */
  specialCases?: boolean;
  /** what the runner reported of each test on the code: a test it did not pass is no evidence */
  outcomes?: readonly TestCaseResult[] | undefined;
}): Promise<{ testDetails: TestEvidenceDetails['tests']; findings: Finding[] }> {
  const module = moduleName(options.path);
  const readings = await Promise.all(
    options.suites.map((suite) =>
      readSuite({ suite, language: options.language, code: options.code, module }),
    ),
  );
  const testsRead = readings.flatMap((reading) => reading.tests);
  const testDetails = testsRead.map((test) => ({
    name: test.name,
    // the rules' ids, as the findings name them (`tests.mocks-subject`)
    problems: [...new Set(test.problems.map((problem) => RULES[problem.problem].ruleId))],
  }));
  const findings: Finding[] = [];
  // one finding per problem: per test, except what lies outside every test (a module-level mock), once
  const seen = new Set<string>();
  for (const test of testsRead)
    for (const problem of test.problems) {
      const key = `${problem.problem}:${problem.line}`;
      if ((problem.problem === 'mocks-subject' || problem.problem === 'reads-source') && seen.has(key))
        continue;
      seen.add(key);
      findings.push(findingOf(problem, test.name, options.source));
    }
  // a suite where one test compares results is evidence on that count; weak tests beside it are listed
  // (details.tests), not failed: only a suite with no comparing test at all fails the rule
  // a test the runner skipped, did not collect, or counted as declared to fail ran no assertion: its
  // comparisons are none (w220: a skipped second test lifted a first that only calls the code)
  const unrun = notRun(
    testsRead.map((test) => test.name),
    options.outcomes,
    options.language === 'python',
  );
  for (const test of testsRead)
    if (unrun.has(test.name) && !test.problems.some((p) => p.problem === 'no-result-assertion'))
      findings.push({
        ruleId: RULES['no-result-assertion'].ruleId,
        file: '<tests>',
        line: test.line,
        column: 1,
        severity: 'low',
        message: `${options.source === 'model' ? "the model's test " : ''}\`${test.name}\` compares the code's results, but the runner did not run it to a pass (skipped, declared to fail or not collected): its assertions are no evidence`,
        hint: RULES['no-result-assertion'].hint,
      });
  const comparing = testsRead.some(
    (test) => !unrun.has(test.name) && !test.problems.some((p) => p.problem === 'no-result-assertion'),
  );
  const kept = comparing
    ? findings.filter((finding) => finding.ruleId !== RULES['no-result-assertion'].ruleId)
    : findings;
  if (options.specialCases !== false)
    for (const special of specialCasedInputs(options.code, options.suites.join('\n'), options.language))
      kept.push({
        ruleId: RULES['special-cased'].ruleId,
        file: options.shownPath,
        line: special.line,
        column: 1,
        severity: 'medium',
        message: `the code singles out the exact inputs of its tests (${special.literals.join(', ')}) instead of computing the answer`,
        hint: RULES['special-cased'].hint,
      });
  return { testDetails, findings: kept };
}

/**
 * `test-evidence` for a suite whose mutants were scored already (`vouch test`: the generated suite
 * against the user's code, its own mutation run): the same reading, the same verdicts, no mutant run here.
 */
export async function suiteEvidence(options: {
  suite: string;
  code: string;
  language: LanguageId;
  path: string;
  source: TestsSource;
  /** the task's own mutation run; undefined when it could not run (`unmeasured` says why) */
  mutants?: { total: number; killed: number };
  unmeasured?: string;
  /** what the runner reported of each test on the code */
  outcomes?: readonly TestCaseResult[];
}): Promise<CheckResult> {
  const started = performance.now();
  const { testDetails, findings } = await readEvidence({
    suites: [options.suite],
    code: options.code,
    language: options.language,
    path: options.path,
    shownPath: options.path,
    source: options.source,
    specialCases: false,
    outcomes: options.outcomes,
  });
  const mutants = options.mutants ?? { total: 0, killed: 0 };
  const details = (verdict: EvidenceVerdict): TestEvidenceDetails => ({
    source: options.source,
    verdict,
    mutants,
    tests: testDetails,
  });
  if (findings.length > 0)
    return result({
      status: 'fail',
      started,
      details: details('not-evidence'),
      extra: {
        reason: `${whose(options.source)} are not evidence: ${[...new Set(findings.map((finding) => finding.ruleId))].join(', ')}`,
        findings,
      },
    });
  if (!options.mutants || mutants.total === 0)
    return result({
      status: 'skip',
      started,
      details: details('unmeasured'),
      extra: {
        reason: `what the tests would catch was not measured: ${options.unmeasured ?? 'no mutant ran'}`,
      },
    });
  if (mutants.killed === 0)
    return killedNothing({
      source: options.source,
      started,
      details: details('not-evidence'),
      changed: `${mutants.total} changed versions of the code`,
    });
  return result({
    status: 'pass',
    started,
    details: details('evidence'),
    extra: {
      reason: `${whose(options.source)} call the code, compare its results and kill ${mutants.killed}/${mutants.total} mutants`,
    },
  });
}

/**
 * The tests read that the runner did not run to a pass: every report naming it is a skip (an expected
 * failure is reported as one), or — Python, whose names the reports keep (`Class::test[param]`,
 * `module.Class.test`) — none names it while others are named. With no report that names any test read
 * (another naming), nothing is taken as not run.
 */
function notRun(
  names: readonly string[],
  outcomes: readonly TestCaseResult[] | undefined,
  python: boolean,
): Set<string> {
  const unrun = new Set<string>();
  if (!outcomes || outcomes.length === 0) return unrun;
  const reported = outcomes.map((outcome) => ({
    name: outcome.name.replace(/\[[^\]]*\]$/, '').replace(/::/g, '.'),
    passed: outcome.status === 'passed',
  }));
  const naming = (name: string) =>
    reported.filter(
      (entry) =>
        entry.name === name ||
        entry.name.endsWith(`.${name}`) ||
        (!python && (entry.name.endsWith(` ${name}`) || entry.name.endsWith(`> ${name}`))),
    );
  const matched = names.map((name) => ({ name, reports: naming(name) }));
  if (!matched.some((entry) => entry.reports.length > 0)) return unrun;
  for (const { name, reports } of matched) {
    if (reports.length > 0 ? reports.every((report) => !report.passed) : python && name !== '<module>')
      unrun.add(name);
  }
  return unrun;
}

function findingOf(problem: ProblemAt, test: string, source: TestsSource): Finding {
  return {
    ruleId: RULES[problem.problem].ruleId,
    file: '<tests>',
    line: problem.line,
    column: 1,
    severity: problem.problem === 'no-result-assertion' ? 'low' : 'medium',
    message: `${source === 'model' ? "the model's test " : ''}${MESSAGES[problem.problem](test, problem.evidence)}`,
    hint: RULES[problem.problem].hint,
  };
}

/**
 * Runs `work` until `signal` aborts; whatever it opened is closed either way (`closeLater`), also what it
 * finishes opening after the budget ran out (a warm pool still starting when the abort came: left open,
 * its sandboxes would outlive the measure in a long-lived face).
 */
async function withBudget<T>(
  signal: AbortSignal,
  work: (closeLater: (close: () => Promise<void>) => void) => Promise<T>,
): Promise<T> {
  const closers: (() => Promise<void>)[] = [];
  let ended = false;
  const closeLater = (close: () => Promise<void>) => {
    if (ended) void close().catch(() => {});
    else closers.push(close);
  };
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => {});
  const working = work(closeLater);
  working.catch(() => {});
  try {
    return await Promise.race([working, aborted]);
  } finally {
    // after an abort the work may still be opening (a warm pool starting its sandboxes): wait for it, within
    // LATE_OPEN_MS, so what it opens is closed before the measure returns, not behind the caller's back
    let late: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      working.then(
        () => undefined,
        () => undefined,
      ),
      new Promise((resolve) => {
        late = setTimeout(resolve, LATE_OPEN_MS);
      }),
    ]);
    clearTimeout(late);
    ended = true;
    await Promise.all(closers.map((close) => close().catch(() => {})));
  }
}

/** How long a measure that ran out of its budget waits for what it was still opening, to close it (ms). */
const LATE_OPEN_MS = 10_000;

/**
 * The checks with `test-evidence` after the `tests` check, when there is one: what generate and chat run
 * on a candidate. Nothing is added when no tests check ran (a profile without it, another language).
 */
export async function withTestEvidence({
  checks,
  subject,
  context,
  options,
}: {
  checks: CheckResult[];
  subject: CheckSubject;
  context: CheckContext;
  options: EvidenceOptions;
}): Promise<CheckResult[]> {
  const index = checks.findIndex((check) => check.name === 'tests');
  if (index < 0 || checks.some((check) => check.name === TEST_EVIDENCE)) return checks;
  const tests = checks[index]!;
  if (tests.status === 'skip' && tests.reason?.startsWith('not available')) return checks;
  let evidence: CheckResult;
  try {
    evidence = await measureTestEvidence({ subject, tests, context, options });
  } catch (error) {
    if (context.signal?.aborted) throw error;
    evidence = {
      name: TEST_EVIDENCE,
      status: 'skip',
      reason: `not measured: ${error instanceof Error ? error.message : String(error)}`,
      findings: [],
      durationMs: 0,
      details: { source: options.source, verdict: 'unmeasured', mutants: { total: 0, killed: 0 }, tests: [] },
    };
  }
  return [...checks.slice(0, index + 1), evidence, ...checks.slice(index + 1)];
}

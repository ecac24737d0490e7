import type { Check, CheckContext, CheckResult } from '../../core/check.js';
import { addedDependenciesCheck } from '../../licence/index.js';
import type { TestCaseResult } from '../../verify/checks/test-results.js';
import { isDependencyManifest } from '../../workspace/environment/index.js';
import { readWorkspaceText } from '../../workspace/read-workspace-file.js';
import { applyAnswerToFiles } from '../answer-edits/apply-to-files.js';
import { type AnswerEdit, readAnswerEdits } from '../answer-edits/read-answer-edits.js';
import { type ChangedFile, check, failToApply } from '../debug/attempt.js';
import { type ReadFile, readWorkspaceFile } from '../debug/context.js';
import { runGate } from '../debug/gate.js';
import { testConfigurationChange } from '../debug/test-configuration.js';
import { isTestPath, type TestWeakening, testWeakenings } from '../debug/test-weakening.js';
import { repairFeedback } from '../repair.js';
import type { TaskEvent } from '../task.js';
import { hashContent } from '../test/target.js';
import { verdictOf } from '../verdict.js';
import type { ChangeDetails } from './change-details.js';
import { filesReaching, importersOf, reachedFrom } from './import-graph.js';
import { baselineRun, isSuiteTestFile, runSuite, type Suite, type SuiteRun } from './suite.js';

/**
 * One round of `change`: the model's answer read as edits across files (new files included), applied to
 * the files they name, refused when it edits or weakens an existing test, gated on what it adds, and run
 * against the project's suite before and after in the sandbox — the tests that reach the changed files
 * first, then the rest — with the tests it adds run on the old code too.
 */

export interface ChangeTrial {
  root: string;
  /** the workspace files read so far, by path */
  files: Map<string, ReadFile>;
  language: ReadFile['language'];
  suite: Suite;
  /** the tree's state: the baseline cache's key */
  treeKey: string;
  /** a workspace file's text on disk, read once per task (the import graph is asked for every round) */
  diskText: (path: string) => string | undefined;
  /** run the tests that reach the changed files first (by imports), then the rest */
  selection: boolean;
  gate: Check[];
  checkContext: CheckContext;
  runContext: CheckContext & { runTimeoutMs: number };
  emit: (event: TaskEvent) => void;
}

type SuiteSummary = ChangeDetails['suite'];

export interface ChangeAttempt {
  answer: string;
  explanation: string;
  files: ChangedFile[];
  checks: CheckResult[];
  status: 'pass' | 'fail' | 'unverified';
  reasons: string[];
  feedback: string[];
  /** how far it got: 0 no change, 1 did not apply, 2 refused or failed, 3 unverified, 4 pass */
  rank: number;
  weakened?: TestWeakening[];
  suite: SuiteSummary;
}

function emptySuite(suite: Suite): SuiteSummary {
  return {
    framework: suite.framework,
    testFiles: suite.testFiles.length,
    selected: [],
    before: null,
    after: null,
    wholeSuite: false,
    regressions: [],
    addedTests: [],
  };
}

/**
 * A dependency manifest (`package.json`, `pyproject.toml`, `requirements*.txt`) as a file the change may
 * edit: the dependencies it declares are judged by the licence check (not the code checks), and it is
 * written with the rest. `language` is the trial's: a manifest has none, and none of the code checks runs
 * on it.
 */
function manifestFile(root: string, path: string, language: ReadFile['language']): ReadFile | undefined {
  if (!isDependencyManifest(path)) return undefined;
  try {
    const text = readWorkspaceText(root, path);
    return { path, language, text, baseHash: hashContent(text) };
  } catch {
    return undefined;
  }
}

/**
 * The answer's edits applied to the files they name (answer-edits/apply-to-files.ts): a workspace source
 * file, a dependency manifest, or a new file anywhere but a dot-folder.
 */
function applyAnswer(
  trial: ChangeTrial,
  edits: readonly AnswerEdit[],
): Promise<{ changed: ChangedFile[]; problems: string[] }> {
  const { root, files, language } = trial;
  return applyAnswerToFiles(edits, {
    files,
    locate: (path) => path.replace(/\\/g, '/'),
    read: (path) => readWorkspaceFile(root, path) ?? manifestFile(root, path, language),
    created: (path) => ({ path, language, text: '', baseHash: '' }),
  });
}

/**
 * How the change weakens the tests that exist: debug's rules (test-weakening.ts) on every existing test
 * file it changes, and any new or changed test configuration. A test file the change creates is its own
 * evidence, judged by running it on the old code; code added to an existing test file without removing
 * a line (a new test function with `pytest.raises`) catches nothing of an existing test.
 */
export function weakeningsOf(files: readonly ChangedFile[]): TestWeakening[] {
  const existing = testWeakenings(files.filter((file) => file.baseHash !== '')).map((entry) => {
    const file = files.find((candidate) => candidate.path === entry.path)!;
    const before = new Set(file.text.split('\n').map((line) => line.trim()));
    const onlyAdds = file.text
      .split('\n')
      .every((line) => file.after.split('\n').some((other) => other.trim() === line.trim()));
    return onlyAdds && before.size > 0
      ? { ...entry, changes: entry.changes.filter((change) => !change.startsWith('catches an error')) }
      : entry;
  });
  const created = files
    .filter((file) => file.baseHash === '')
    .map((file) => ({ path: file.path, change: testConfigurationChange(file.path, '', file.after) }))
    .filter((entry): entry is { path: string; change: string } => entry.change !== undefined)
    .map((entry) => ({ path: entry.path, changes: [entry.change] }));
  return [...existing.filter((entry) => entry.changes.length > 0), ...created];
}

const PASSED = (test: TestCaseResult | undefined) => test?.status === 'passed';
const outcome = (test: TestCaseResult | undefined) => test?.status ?? 'missing';

/** The answer as a change: applied, checked for test edits, gated, run before and after, ranked. */
export async function tryChange(trial: ChangeTrial, answer: string, round: number): Promise<ChangeAttempt> {
  const read = readAnswerEdits(answer);
  const attempt: ChangeAttempt = {
    answer,
    explanation: read.explanation,
    files: [],
    checks: [],
    status: 'unverified',
    reasons: [],
    feedback: [],
    rank: 0,
    suite: emptySuite(trial.suite),
  };
  const emitChecks = () => {
    for (const result of attempt.checks) trial.emit({ type: 'check', candidate: 0, round, result });
  };
  if (read.edits.length === 0) {
    attempt.reasons = ['the answer had no change to apply (no diff, code block or search/replace block)'];
    attempt.feedback = [
      'the answer had no change to apply: give every change as a unified diff in a ```diff block per file',
    ];
    return attempt;
  }
  trial.emit({ type: 'stage', stage: 'verify', status: 'start', detail: `round ${round}` });
  const { changed, problems } = await applyAnswer(trial, read.edits);
  attempt.files = changed;
  if (problems.length === 0 && changed.length === 0) problems.push('the answer changes nothing');
  if (problems.length > 0) {
    failToApply(attempt, { problems, file: changed[0]?.path ?? '<answer>' });
    emitChecks();
    trial.emit({ type: 'stage', stage: 'verify', status: 'done', detail: 'the change does not apply' });
    return attempt;
  }
  attempt.checks.push(
    check({
      name: 'apply',
      status: 'pass',
      reason: `the change applies to ${changed.map((file) => file.path).join(', ')}`,
    }),
  );

  // 1. a change that edits or weakens an existing test (or test configuration) is refused: the suite
  //    passing proves nothing then
  const weakened = weakeningsOf(changed);
  if (weakened.length > 0) {
    const said = weakened.map((entry) => `${entry.path} ${entry.changes.join('; ')}`).join('; ');
    attempt.weakened = weakened;
    attempt.checks.push({
      ...check({
        name: 'test-edits',
        status: 'fail',
        reason: `the change edits the project's tests: ${said}`,
        findings: weakened.map((entry) => ({
          ruleId: 'test-weakened',
          file: entry.path,
          line: 1,
          column: 1,
          severity: 'high' as const,
          message: `the change ${entry.changes.join('; ')}`,
          hint: "keep the project's tests as they are and add new test functions for the new behaviour; if a test is wrong, change it yourself after reading the diff",
        })),
      }),
      blocking: true,
    });
    attempt.status = 'fail';
    attempt.reasons = [`refused: the change edits the project's tests (${said})`];
    attempt.feedback = [
      `Your change edits the project's existing tests (${said}). Keep every existing test as it is; make the code pass them, and add new test functions for the new behaviour.`,
    ];
    attempt.rank = 2;
    emitChecks();
    trial.emit({ type: 'stage', stage: 'verify', status: 'done', detail: 'refused: it edits the tests' });
    return attempt;
  }

  // 2. the gate on what the change adds: syntax, imports, types, lint, security, licence, harness
  // `harness` guards a test run against the code under test: a test file reaching for its runner is what
  // a test file does, so the change's test files go through the gate without it
  const asGated = (file: ChangedFile) => ({ path: file.path, before: file.text, after: file.after });
  const manifests = changed.filter((file) => isDependencyManifest(file.path));
  const code = changed.filter((file) => !isDependencyManifest(file.path));
  const tests = code.filter((file) => isTestPath(file.path));
  const sources = code.filter((file) => !isTestPath(file.path));
  // the dependencies the change declares in a manifest are judged by the licence check whether or not its
  // code imports them (when the gate has the licence check)
  const declared =
    manifests.length > 0 && trial.gate.some((entry) => entry.name === 'licence')
      ? addedDependenciesCheck({
          root: trial.root,
          config: trial.checkContext.config,
          manifests: manifests.map((file) => ({ path: file.path, before: file.text, after: file.after })),
        })
      : undefined;
  const gating = (async () =>
    mergeResults([
      ...(sources.length
        ? await runGate({
            checks: trial.gate,
            files: sources.map(asGated),
            context: trial.checkContext,
            options: {
              together: true,
              others: tests.map(asGated),
            },
          })
        : []),
      ...(tests.length
        ? await runGate({
            checks: trial.gate.filter((entry) => entry.name !== 'harness'),
            files: tests.map(asGated),
            context: trial.checkContext,
            options: { together: true, others: sources.map(asGated) },
          })
        : []),
      ...(declared ? [declared] : []),
    ]))();

  // 3. the project's suite before and after, and the tests the change adds on the old code: it runs
  // whatever the gate says, so it runs while the gate does (on a Django-sized tree the gate's type check
  // and scanners take as long as the suite); the results are reported in the same order as before
  const [gate, suiteChecks] = await Promise.all([gating, runTheSuite(trial, changed, attempt)]);
  attempt.checks.push(...gate, ...suiteChecks);
  emitChecks();

  const verdict = verdictOf(attempt.checks);
  attempt.status = verdict.status;
  attempt.reasons = verdict.reasons;
  const evidence = attempt.suite.addedTests.filter((test) => test.evidence);
  if (attempt.status === 'pass' && evidence.length === 0) {
    attempt.status = 'unverified';
    attempt.reasons = [
      attempt.suite.addedTests.length === 0
        ? 'not verified: the change adds no test, so nothing shows it does what was asked'
        : 'not verified: every test the change adds passes on the old code too, so none of them tests the change',
    ];
  }
  attempt.feedback = [
    ...repairFeedback(
      attempt.checks.filter((result) => result.name !== 'new-tests' && result.name !== 'tests'),
    ),
    ...suiteFeedback(attempt.suite),
  ];
  attempt.rank = attempt.status === 'pass' ? 4 : attempt.status === 'unverified' ? 3 : 2;
  trial.emit({ type: 'stage', stage: 'verify', status: 'done', detail: attempt.status });
  return attempt;
}

/** The gate's results of two runs as one per check: the worse status, every finding. */
function mergeResults(results: readonly CheckResult[]): CheckResult[] {
  const rank = { fail: 3, error: 2, pass: 1, skip: 0 } as const;
  const merged = new Map<string, CheckResult>();
  for (const result of results) {
    const seen = merged.get(result.name);
    merged.set(
      result.name,
      seen
        ? {
            ...(rank[result.status] > rank[seen.status] ? result : seen),
            findings: [...seen.findings, ...result.findings],
            blocking: Boolean(seen.blocking || result.blocking),
            durationMs: seen.durationMs + result.durationMs,
          }
        : result,
    );
  }
  return [...merged.values()];
}

/** What the suite said, as lines for the model. */
function suiteFeedback(suite: SuiteSummary): string[] {
  const lines: string[] = [];
  for (const regression of suite.regressions.slice(0, 10))
    lines.push(
      `The project's test \`${regression.id}\` passed before your change and ${regression.after === 'missing' ? 'no longer runs' : 'fails'} with it${regression.message ? `: ${regression.message.slice(0, 400)}` : ''}. Keep the existing behaviour it tests.`,
    );
  const failing = suite.addedTests.filter((test) => test.after !== 'passed');
  for (const test of failing.slice(0, 10))
    lines.push(
      `Your new test \`${test.id}\` ${test.after === 'missing' ? 'did not run' : 'fails'} with your change.`,
    );
  const weak = suite.addedTests.filter((test) => test.after === 'passed' && test.old === 'passed');
  if (weak.length > 0 && !suite.addedTests.some((test) => test.evidence))
    lines.push(
      `Your new tests pass on the old code too (${weak
        .map((test) => `\`${test.id}\``)
        .slice(0, 5)
        .join(', ')}): they do not test the change. Add tests that fail without it and pass with it.`,
    );
  if (suite.addedTests.length === 0 && suite.regressions.length === 0 && suite.after)
    lines.push(
      'Your change adds no test: add tests of the new behaviour that fail without your change and pass with it.',
    );
  return lines;
}

/**
 * The suite's runs for a change: with selection, the test files that reach the changed files by imports
 * first (before and after), and the rest only when those hold; without, every test file at once. The
 * "before" of each file comes from the tree's baseline cache when it has one.
 */
async function runTheSuite(
  trial: ChangeTrial,
  changed: readonly ChangedFile[],
  attempt: ChangeAttempt,
): Promise<CheckResult[]> {
  const { suite } = trial;
  const summary = attempt.suite;
  if (!suite.framework)
    return [
      check({
        name: 'tests',
        status: 'error',
        reason: `the project's tests could not run: ${suite.cannotRun ?? 'no runner'}`,
      }),
    ];
  const python = suite.framework === 'pytest';
  const overlay = Object.fromEntries(changed.map((file) => [file.path, file.after]));
  const newTestFiles = changed
    .filter((file) => file.baseHash === '' && isSuiteTestFile(file.path, python))
    .map((file) => file.path);
  const existing = suite.testFiles;
  const all = [...existing, ...newTestFiles].sort();
  summary.testFiles = all.length;
  const afterText = (path: string) => overlay[path] ?? trial.files.get(path)?.text ?? trial.diskText(path);
  const reached = filesReaching(
    [...suite.sourceFiles, ...newTestFiles.filter((file) => !suite.sourceFiles.includes(file))],
    afterText,
    changed.map((file) => file.path),
  );
  const selected = all.filter((file) => reached.has(file));
  summary.selected = selected;
  const phases =
    trial.selection && selected.length > 0 && selected.length < all.length
      ? [selected, all.filter((file) => !selected.includes(file))]
      : [all];
  const before = new Map<string, TestCaseResult>();
  const after = new Map<string, TestCaseResult>();
  let beforeCached = true;
  let beforeMs = 0;
  let afterMs = 0;
  let problem: string | undefined;
  let ran = 0;
  for (const [index, files] of phases.entries()) {
    trial.runContext.signal?.throwIfAborted();
    const old = files.filter((file) => existing.includes(file));
    trial.emit({
      type: 'stage',
      stage: 'run',
      status: 'start',
      detail: `${phases.length > 1 ? (index === 0 ? 'the tests that reach the change' : 'the rest of the suite') : 'the suite'}: ${files.length} test file(s), before and after`,
    });
    // the old tree and the changed one are two sandboxes: they run at once
    const [beforeRun, afterRun]: [SuiteRun, SuiteRun] = await Promise.all([
      baselineRun({ suite, key: trial.treeKey, files: old, context: trial.runContext }),
      runSuite({ suite, files, overlay, context: trial.runContext }),
    ]);
    trial.emit({
      type: 'stage',
      stage: 'run',
      status: 'done',
      detail: `before: ${count(beforeRun)}${beforeRun.cached ? ' (cached)' : ''}; after: ${count(afterRun)}`,
    });
    beforeCached &&= Boolean(beforeRun.cached) || old.length === 0;
    beforeMs += beforeRun.durationMs;
    afterMs += afterRun.durationMs;
    ran++;
    if (!beforeRun.trusted) problem = `the suite before the change is no evidence: ${beforeRun.problem}`;
    else if (!afterRun.trusted) problem = `the suite with the change is no evidence: ${afterRun.problem}`;
    if (problem) {
      attempt.suite.problem = problem;
      break;
    }
    for (const [id, test] of beforeRun.tests) before.set(id, test);
    for (const [id, test] of afterRun.tests) after.set(id, test);
    const regressed = [...beforeRun.tests].some(
      ([id, test]) => PASSED(test) && !PASSED(afterRun.tests.get(id)),
    );
    const addedFailing = [...afterRun.tests].some(
      ([id, test]) => !beforeRun.tests.has(id) && test.status !== 'passed' && test.status !== 'skipped',
    );
    if (regressed || addedFailing) break;
  }
  summary.wholeSuite = !problem && ran === phases.length;
  const tally = (tests: Map<string, TestCaseResult>) => ({
    passed: [...tests.values()].filter((test) => test.status === 'passed').length,
    failed: [...tests.values()].filter((test) => test.status === 'failed' || test.status === 'error').length,
  });
  if (problem) {
    summary.problem = problem;
    return [check({ name: 'tests', status: 'error', reason: problem })];
  }
  summary.before = { ...tally(before), cached: beforeCached, durationMs: beforeMs };
  summary.after = { ...tally(after), durationMs: afterMs };
  summary.regressions = [...before]
    .filter(([id, test]) => PASSED(test) && !PASSED(after.get(id)))
    .map(([id]) => ({
      id,
      after: outcome(after.get(id)),
      ...(after.get(id)?.message ? { message: after.get(id)!.message!.slice(0, 600) } : {}),
    }));
  // a file that no longer collects stands as one error of its own: the tests it held regressed already
  const added = [...after].filter(
    ([id, test]) => !before.has(id) && !(test.name === '<file>' || id.endsWith('<collection>')),
  );
  const collectErrors = [...after].filter(
    ([id, test]) =>
      !before.has(id) && (test.name === '<file>' || id.endsWith('<collection>') || test.file === test.name),
  );

  // the added tests that pass with the change, on the old code: the project as it is, with only the
  // change's test files laid over it
  const passingAdded = added.filter(([, test]) => test.status === 'passed');
  let old: SuiteRun | undefined;
  if (passingAdded.length > 0) {
    const testChanges = changed.filter((file) => isTestPath(file.path) || isSuiteTestFile(file.path, python));
    const files = [
      ...new Set(passingAdded.map(([, test]) => test.file).filter((file): file is string => !!file)),
    ];
    trial.emit({
      type: 'stage',
      stage: 'run',
      status: 'start',
      detail: `the new tests on the old code (${files.length} file(s))`,
    });
    old = await runSuite({
      suite,
      files,
      overlay: Object.fromEntries(testChanges.map((file) => [file.path, file.after])),
      context: trial.runContext,
    });
    trial.emit({ type: 'stage', stage: 'run', status: 'done', detail: `on the old code: ${count(old)}` });
  }
  summary.addedTests = added.map(([id, test]) => {
    const onOld = old?.trusted ? outcome(old.tests.get(id)) : null;
    return {
      id,
      after: outcome(test),
      old: test.status === 'passed' ? onOld : null,
      evidence: test.status === 'passed' && onOld !== null && onOld !== 'passed' && onOld !== 'skipped',
    };
  });
  const results: CheckResult[] = [];
  const beforePassed = summary.before.passed;
  if (summary.regressions.length > 0)
    results.push({
      ...check({
        name: 'tests',
        status: 'fail',
        reason: `${summary.regressions.length} of the project's tests passed before the change and do not pass with it`,
        findings: summary.regressions.map((regression) => ({
          ruleId: 'test-regressed',
          file: regression.id.split('::')[0] ?? regression.id,
          line: after.get(regression.id)?.line ?? 1,
          column: 1,
          severity: 'high' as const,
          message: `\`${regression.id}\` passed before the change and ${regression.after === 'missing' ? 'no longer runs' : regression.after === 'error' ? 'errs' : 'fails'} with it${regression.message ? `: ${regression.message.slice(0, 300)}` : ''}`,
          hint: 'the change breaks behaviour the project already tests: keep it',
        })),
      }),
      blocking: true,
      durationMs: beforeMs + afterMs,
    });
  else if (before.size === 0)
    results.push(
      check({
        name: 'tests',
        status: 'skip',
        reason: 'the project has no tests of its own that ran before the change',
      }),
    );
  else
    results.push({
      ...check({
        name: 'tests',
        status: 'pass',
        reason: `the project's suite: ${beforePassed} test(s) passed before the change and still pass with it${summary.wholeSuite ? '' : ' (the selected tests only)'}${summary.before.cached ? '; the "before" came from the cache of this tree' : ''} (${python ? 'pytest' : suite.framework}, sandboxed)`,
      }),
      durationMs: beforeMs + afterMs,
    });
  const failingAdded = added.filter(([, test]) => test.status === 'failed' || test.status === 'error');
  const brokenNew = collectErrors.filter(([, test]) => newTestFiles.includes(test.file ?? ''));
  if (failingAdded.length > 0 || brokenNew.length > 0)
    results.push({
      ...check({
        name: 'new-tests',
        status: 'fail',
        reason: 'the tests the change adds must pass with it',
        findings: [...failingAdded, ...brokenNew].map(([id, test]) => ({
          ruleId: 'new-test-failed',
          file: test.file ?? id,
          line: test.line ?? 1,
          column: 1,
          severity: 'high' as const,
          message: `the new test \`${id}\` ${test.status === 'error' ? 'errs' : 'fails'} with the change${test.message ? `: ${test.message.slice(0, 300)}` : ''}`,
          hint: 'make the change do what its test asks, or fix the test if it asks the wrong thing',
        })),
      }),
      blocking: true,
    });
  else if (old && !old.trusted)
    results.push(
      check({
        name: 'new-tests',
        status: 'error',
        reason: `the new tests could not be run on the old code: ${old.problem}`,
      }),
    );
  else {
    const evidence = summary.addedTests.filter((test) => test.evidence);
    const idle = summary.addedTests.filter((test) => test.after === 'passed' && !test.evidence);
    results.push(
      evidence.length > 0
        ? check({
            name: 'new-tests',
            status: 'pass',
            reason: `${evidence.length} new test(s) fail on the old code and pass with the change${
              idle.length
                ? `; ${idle.length} pass on the old code too and are no evidence (${idle
                    .map((test) => test.id)
                    .slice(0, 3)
                    .join(', ')})`
                : ''
            }`,
          })
        : check({
            name: 'new-tests',
            status: 'skip',
            reason:
              summary.addedTests.length === 0
                ? 'the change adds no test'
                : `every new test passes on the old code too (${idle
                    .map((test) => test.id)
                    .slice(0, 3)
                    .join(', ')}): no evidence the change does what was asked`,
          }),
    );
  }
  return results;
}

function count(run: SuiteRun): string {
  if (!run.trusted) return `no evidence (${run.problem})`;
  const tests = [...run.tests.values()];
  const passed = tests.filter((test) => test.status === 'passed').length;
  return `${passed} passed, ${tests.length - passed} not`;
}

/** Each changed file's own verdict: what the checks found in it, and the regressions it is reached by. */
export function fileVerdicts(
  attempt: ChangeAttempt,
  sourceFiles: readonly string[],
  diskText: (path: string) => string | undefined,
): ChangeDetails['files'] {
  const failures = attempt.checks.flatMap((result) =>
    result.status === 'fail' || result.blocking
      ? result.findings
          .filter(
            (finding) => !finding.suppressed && finding.severity !== 'info' && finding.severity !== 'low',
          )
          .map((finding) => ({ check: result.name, finding }))
      : [],
  );
  const texts = new Map(attempt.files.map((file) => [file.path, file.after]));
  // the project's imports with the change, read once for every file and regression (not once per pair)
  const importers =
    attempt.suite.regressions.length > 0
      ? importersOf(
          [...new Set([...sourceFiles, ...texts.keys()])],
          (path) => texts.get(path) ?? diskText(path),
        )
      : undefined;
  return attempt.files.map((file) => {
    const reasons = failures
      .filter(({ finding }) => finding.file === file.path)
      .map(({ check: name, finding }) => `${name}: ${finding.message}`);
    const reaches = importers ? reachedFrom(importers, [file.path]) : undefined;
    for (const regression of attempt.suite.regressions) {
      const testFile = regression.id.split('::')[0]!;
      if (reaches?.has(testFile)) reasons.push(`\`${regression.id}\`, which reaches it, regressed`);
    }
    const role = testConfigurationChange(file.path, file.text, file.after)
      ? ('test-configuration' as const)
      : isTestPath(file.path)
        ? ('test' as const)
        : ('source' as const);
    if (role === 'test')
      for (const test of attempt.suite.addedTests.filter((entry) => entry.id.startsWith(`${file.path}::`)))
        if (test.after === 'passed' && test.old === 'passed')
          reasons.push(`\`${test.id}\` passes on the old code too: no evidence`);
    const failed = reasons.some((reason) => !reason.endsWith('no evidence'));
    return {
      path: file.path,
      change: file.baseHash === '' ? ('new' as const) : ('modified' as const),
      role,
      verdict: failed
        ? ('fail' as const)
        : attempt.status === 'pass'
          ? ('pass' as const)
          : ('unverified' as const),
      reasons,
    };
  });
}

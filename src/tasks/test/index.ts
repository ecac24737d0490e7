import { existsSync, readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { z } from 'zod';
import type { CheckContext, CheckResult, Finding } from '../../core/check.js';
import { EnvironmentError } from '../../core/errors.js';
import { harnessCheck } from '../../verify/checks/harness.js';
import type { TestCaseResult } from '../../verify/checks/test-results.js';
import { runTests, type TestFrameworkName } from '../../verify/checks/tests.js';
import { maxTokensField, temperatureField, workspacePath } from '../input-schemas.js';
import { checkContextFor } from '../run-checks.js';
import type { TaskDefinition, TaskHost, TaskOptions, TaskResultOf } from '../task.js';
import { askModel, baseResult, modelCall, pickCode, samplingOf, withDetails } from '../task-frame.js';
import { suiteEvidence } from '../test-evidence/measure.js';
import { verdictOf } from '../verdict.js';
import { type Coverage, measureCoverage } from './coverage.js';
import { type Equivalence, probablyEquivalent, unreachableMutants } from './equivalent-mutants.js';
import { chooseFramework, pythonImportName, withPackageImports } from './frameworks.js';
import { type Mutant, makeMutants } from './mutants.js';
import { type MutantResult, openHarness, runMutants } from './mutation-run.js';
import { mutantMessages, testMessages } from './prompt.js';
import { retargetSuite } from './retarget.js';
import { dropTests, leafName, mergeSuites } from './suite-edit.js';
import { type CodeTarget, moduleName, readTarget } from './target.js';
import type { TestDetails } from './test-details.js';

/**
 * `test`: unit tests for a file or one symbol, in the project's framework, judged by evidence: run in the
 * sandbox against the current code (tests that fail there are dropped, and reported as a suspected bug
 * when the code itself raised), line and branch coverage, and a mutation score; surviving mutants go back
 * to the model once for tests that kill them.
 */
export const testInput = z
  .object({
    /** workspace-relative source file */
    file: workspacePath.meta({
      title: 'Source file',
      description: 'The file whose code gets tests, relative to the workspace.',
    }),
    /** a function, class or `Class.method` in it */
    symbol: z.string().min(1).optional().meta({
      title: 'Function or class',
      description: 'A function, class or Class.method in the file. Default: the whole file.',
    }),
    /** rounds of "these mutants survived, write tests that kill them" (default 1) */
    rounds: z.number().int().min(0).max(3).optional().meta({
      title: 'Mutation rounds',
      description: "Rounds of 'these mutants survived: write tests that kill them' (0–3). Default 1.",
    }),
    /** at most this many mutants, spread evenly over the code (default 60) */
    maxMutants: z.number().int().min(1).max(500).optional().meta({
      title: 'Most mutants',
      description: 'At most this many mutants, spread evenly over the code (1–500). Default 60.',
    }),
    /**
     * where the suite will be written, relative to the workspace: it is generated and run there (the
     * project's conftest files apply), and run once more there as the project runs it before it counts
     */
    write: workspacePath.optional().meta({
      title: 'Write the suite to',
      description:
        "Where the tests will be written, relative to the workspace. They are generated and run there (the project's conftest applies) and run once more as the project runs them before they count.",
    }),
    temperature: temperatureField,
    maxTokens: maxTokensField,
  })
  .strict();

export type TestInput = z.output<typeof testInput>;

export interface SuiteRun {
  suite: string;
  tests: TestCaseResult[];
  passed: number;
  dropped: { name: string; message: string }[];
  suspectedBugs: { name: string; message: string; evidence: string }[];
  /** the suite could not run at all: why */
  problem?: string;
}

const TEST_LIKE = /\bdef test|\btest\(|\bit\(|describe\(/;

/** An exception from the code itself (not an assertion about its result) is a suspected bug. */
function isCodeException(message: string): boolean {
  // pytest's short summary cuts long messages (`ZeroDivision...`): the exception's name is what counts
  const text = message.trim();
  return (
    !/^(AssertionError|assert\b)/.test(text) &&
    /^[A-Z][A-Za-z]*(Error|Exception|Division|\.\.\.|:)/.test(text)
  );
}

/**
 * What the framework printed about one failed test, beyond its one-line summary (which pytest cuts to the
 * terminal's width): pytest's `E   ZeroDivisionError: division by zero` lines and the place it was raised.
 */
function failureDetail(output: string, name: string): string | undefined {
  const leaf = leafName(name);
  const lines = output.split('\n');
  const start = lines.findIndex((line) => /^_{3,} .* _{3,}$/.test(line) && line.includes(leaf));
  if (start < 0) return undefined;
  const section: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^_{3,} .* _{3,}$/.test(line) || /^={3,}/.test(line)) break;
    section.push(line);
  }
  const errors = section.filter((line) => /^E\s/.test(line)).map((line) => line.replace(/^E\s+/, '').trim());
  const place = section.findLast((line) => /^\S+:\d+: \w+/.test(line));
  if (!errors.length) return undefined;
  return `${errors.slice(-3).join(' ')}${place ? ` (at ${place.trim()})` : ''}`.slice(0, 500);
}

function testSource(suite: string, name: string): string {
  const leaf = leafName(name);
  const lines = suite.split('\n');
  const start = lines.findIndex((line) => line.includes(leaf));
  if (start < 0) return '';
  const end = lines.findIndex((line, index) => index > start && /^\S/.test(line) && line.trim() !== '');
  return lines.slice(start, end < 0 ? start + 12 : Math.min(end, start + 12)).join('\n');
}

/**
 * Runs a suite against the current code in the sandbox; tests that fail are dropped from it (each kept
 * as evidence), and what is left is run again so the suite returned is one that passes as a whole.
 */
export async function runSuite(
  run: { target: CodeTarget; suite: string; testPaths?: string[] | undefined },
  context: CheckContext,
): Promise<SuiteRun> {
  const { target, suite, testPaths } = run;
  const subject = {
    code: target.source,
    language: target.language,
    path: target.path,
    tests: [suite],
    ...(testPaths ? { testPaths } : {}),
  };
  const first = await runTests(subject, context);
  if (first.plan.cannotRun)
    return { suite, tests: [], passed: 0, dropped: [], suspectedBugs: [], problem: first.plan.cannotRun };
  if (first.tests.length === 0)
    return {
      suite,
      tests: [],
      passed: 0,
      dropped: [],
      suspectedBugs: [],
      problem: first.findings[0]?.message ?? `${first.plan.framework} ran no test (${first.status})`,
    };
  const failing = first.tests.filter((test) => test.status === 'failed' || test.status === 'error');
  const dropped: SuiteRun['dropped'] = [];
  const suspectedBugs: SuiteRun['suspectedBugs'] = [];
  for (const test of failing) {
    const message = failureDetail(first.output, test.name) ?? test.message ?? 'failed';
    if (isCodeException(message))
      suspectedBugs.push({ name: test.name, message, evidence: testSource(suite, test.name) });
    else dropped.push({ name: test.name, message });
  }
  if (failing.length === 0)
    return {
      suite,
      tests: first.tests,
      passed: first.tests.filter((test) => test.status === 'passed').length,
      dropped,
      suspectedBugs,
    };
  const pruned = await dropTests(
    suite,
    target.language,
    failing.map((test) => test.name),
  );
  const again = await runTests({ ...subject, tests: [pruned] }, context);
  const stillFailing = again.tests.filter((test) => test.status === 'failed' || test.status === 'error');
  return {
    suite: pruned,
    tests: again.tests,
    passed: again.tests.filter((test) => test.status === 'passed').length,
    dropped,
    suspectedBugs,
    ...(again.tests.length === 0 || stillFailing.length > 0
      ? { problem: `after dropping the failing tests the suite still does not pass (${again.status})` }
      : {}),
  };
}

/**
 * Where the suite would go: under tests/ (when there is one) for Python; for JavaScript, beside the file,
 * unless the project keeps its tests in a folder of their own (tests/, test/, __tests__/) and none beside
 * the file: a vitest `include` of `tests/**` leaves a suite beside the code out (w221: `vouch test` on such a
 * project ran nothing and proposed writing where the project's runner would not look).
 */
export function suggestedTestPath(
  root: string,
  target: Pick<CodeTarget, 'path'> & { language: CodeTarget['language'] | undefined },
): string {
  const base = moduleName(target.path);
  const dir = dirname(target.path);
  const inDir = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
  if (target.language === 'python')
    return existsSync(join(root, 'tests')) ? `tests/test_${base}.py` : inDir(`test_${base}.py`);
  const name = `${base}.test.${target.language === 'typescript' ? 'ts' : 'js'}`;
  if (holdsTests(join(root, dir))) return inDir(name);
  const folder = ['tests', 'test', '__tests__'].find((candidate) => holdsTests(join(root, candidate)));
  return folder ? `${folder}/${name}` : inDir(name);
}

/** Whether a folder holds a JavaScript or TypeScript test file (`*.test.*`, `*.spec.*`) of its own. */
function holdsTests(folder: string): boolean {
  try {
    return readdirSync(folder).some((entry) => /\.(?:test|spec)\.[cm]?[jt]sx?$/.test(entry));
  } catch {
    return false;
  }
}

function mutantView(result: MutantResult) {
  const { mutant } = result;
  return {
    id: mutant.id,
    line: mutant.line,
    column: mutant.column,
    operator: mutant.operator,
    original: mutant.original,
    replacement: mutant.replacement,
    description: mutant.description,
  };
}

function checkOf(name: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  return { name, status, findings: [], durationMs: 0, ...extra };
}

/** The mutants run against the suite in one warm harness (where the suite goes: `testPaths`). */
async function scoreMutants(
  run: {
    target: CodeTarget;
    suite: string;
    framework: TestFrameworkName;
    mutants: Mutant[];
    testPaths?: string[] | undefined;
  },
  context: CheckContext,
): Promise<{ results: MutantResult[]; harness: string; durationMs: number }> {
  const { target, suite, framework, mutants, testPaths } = run;
  const started = performance.now();
  const harness = await openHarness({ target, suite, framework, context, testPaths });
  try {
    const results = await runMutants(harness, mutants, context.signal);
    return {
      results,
      harness: harness.kind + (harness.mode ? ` (${harness.mode})` : ''),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await harness.close();
  }
}

export async function generateTests(
  input: TestInput,
  host: TaskHost,
  options: TaskOptions,
): Promise<TaskResultOf<'test'>> {
  const started = performance.now();
  const root = host.workspaceRoot;
  const target = await readTarget({ root, path: input.file, symbolName: input.symbol, command: 'test' });
  const framework = await chooseFramework(root, target.language);
  const model = await host.model('generate');
  const call = modelCall(model, options);
  const emit = (event: Parameters<NonNullable<TaskOptions['onEvent']>>[0]) => options.onEvent?.(event);
  const context = checkContextFor(host, options.signal);
  const result = baseResult('test', model, started);
  result.language = target.language;
  const file = input.write ?? suggestedTestPath(root, target);
  // Python: generated where it will go, so the conftest files above it (fixtures) apply as they will there;
  // JavaScript and TypeScript in a tests folder of the project's: where its runner's `include` looks
  const testPaths =
    target.language === 'python'
      ? [posixPath(dirname(file), 'test_vouch_generated_0.py')]
      : dirname(file) !== dirname(target.path)
        ? [posixPath(dirname(file), `vouch-generated-0.test.${extname(file).slice(1) || 'js'}`)]
        : undefined;
  const modelOptions = samplingOf(input);
  const finish = async (): Promise<TaskResultOf<'test'>> => {
    result.usage = call.usage;
    // the suite the model wrote, read for code that reaches for the runner (issue 55): a suite that patches
    // pytest or ends the process passes whatever the code does, so its run is no evidence
    if (result.generated_code)
      result.verification.checks.push(
        await harnessCheck.run(
          {
            code: '',
            language: target.language,
            path: target.path,
            tests: [result.generated_code],
            testPaths: [file],
          },
          context,
        ),
      );
    result.durationMs = Math.round(performance.now() - started);
    const verdict = verdictOf(result.verification.checks, { hasCode: result.generated_code !== '' });
    result.verification.status = verdict.status;
    result.verification.reasons = verdict.reasons;
    return withDetails(result, details);
  };

  // a module in a package is imported by its package name, as the project's tests import it
  const pythonModule = target.language === 'python' ? pythonImportName(root, target.path) : undefined;
  const answer = await askModel(
    call,
    testMessages(target, framework, { pythonModule, testFile: file }),
    modelOptions,
  );
  let suite = pickCode(answer, target.language, TEST_LIKE);
  if (suite && pythonModule) suite = withPackageImports(suite, moduleName(target.path), pythonModule);
  // a suite run away from the code (testPaths) that imports it as `./name` anyway: pointed at it from there
  const placed = (code: string) =>
    testPaths && !pythonModule && target.language !== 'python'
      ? retargetSuite(code, target.path, file)
      : code;
  if (suite) suite = placed(suite);
  const details: TestDetails = {
    tests: [],
    passed: 0,
    coverage: { measured: false, reason: 'no tests to measure' } satisfies Coverage,
    mutationScore: null,
    survivingMutants: [],
    file,
    framework,
    target: {
      path: target.path,
      symbol: target.symbol?.name ?? null,
      startLine: target.startLine,
      endLine: target.endLine,
    },
  };
  if (!suite) {
    result.notes.push('the model returned no test code');
    result.explanation = answer.trim().slice(0, 2000);
    result.verification.confidenceReasons = ['the model returned no tests'];
    return finish();
  }

  emit({ type: 'stage', stage: 'verify', status: 'start', detail: `${framework} in the sandbox` });
  let run = await runSuite({ target, suite, testPaths }, context);
  suite = run.suite;
  const dropped = [...run.dropped];
  const suspectedBugs = [...run.suspectedBugs];
  const testsCheck = (current: SuiteRun): CheckResult =>
    current.problem || current.passed === 0
      ? checkOf('tests', 'error', {
          reason: current.problem ?? 'no generated test passes on the current code',
        })
      : checkOf('tests', 'pass', {
          reason: `${framework}: ${current.passed}/${current.tests.length} passed on the current code`,
          details: { framework, tests: current.tests },
        });
  if (run.problem || run.passed === 0) {
    result.generated_code = suite;
    result.verification.checks = [testsCheck(run)];
    Object.assign(details, { tests: run.tests, droppedTests: dropped, suspectedBugs });
    result.verification.confidenceReasons = ['the generated tests did not run on the current code'];
    return finish();
  }

  // Mutation testing: score, then one more round aimed at the survivors.
  const made = await makeMutants({
    source: target.source,
    language: target.language,
    range: target,
    limit: input.maxMutants ?? 60,
  });
  let mutation: { results: MutantResult[]; harness: string; durationMs: number } | undefined;
  let mutationProblem: string | undefined;
  let equivalent = new Map<number, Equivalence>();
  const rounds: Record<string, unknown>[] = [];
  try {
    mutation = await scoreMutants({ target, suite, framework, mutants: made.mutants, testPaths }, context);
    // survivors no test could kill (unreachable, or the same results on every input tried) are set apart
    // before the model is asked to kill them
    equivalent = await probablyEquivalent({ target, results: mutation.results, suite, context });
    let remaining = input.rounds ?? 1;
    let survivors = mutation.results.filter(
      (entry) => entry.outcome === 'survived' && !equivalent.has(entry.mutant.id),
    );
    rounds.push({
      round: 1,
      tests: run.passed,
      killed: mutation.results.filter((entry) => entry.outcome === 'killed' || entry.outcome === 'timeout')
        .length,
      survivingMutants: survivors.map(mutantView),
    });
    while (remaining-- > 0 && survivors.length > 0) {
      emit({
        type: 'stage',
        stage: 'repair',
        status: 'start',
        detail: `${survivors.length} surviving mutants`,
      });
      const more = pickCode(
        await askModel(
          call,
          mutantMessages(target, {
            framework,
            suite,
            surviving: survivors.map((entry) => entry.mutant),
            pythonModule,
            testFile: file,
          }),
          modelOptions,
        ),
        target.language,
        TEST_LIKE,
      );
      emit({ type: 'stage', stage: 'repair', status: 'done' });
      if (!more) {
        result.notes.push('the model gave no further tests for the surviving mutants');
        break;
      }
      const merged = await mergeSuites(
        suite,
        pythonModule ? withPackageImports(more, moduleName(target.path), pythonModule) : placed(more),
        target.language,
      );
      if (merged.trim() === suite.trim()) {
        result.notes.push(
          'the further tests the model gave for the surviving mutants were all in the suite already',
        );
        break;
      }
      const next = await runSuite({ target, suite: merged, testPaths }, context);
      if (next.problem || next.passed === 0) {
        result.notes.push(`the second round's tests could not be added: ${next.problem ?? 'none passed'}`);
        break;
      }
      dropped.push(...next.dropped);
      suspectedBugs.push(...next.suspectedBugs);
      run = next;
      suite = next.suite;
      const rescored = await scoreMutants(
        { target, suite, framework, mutants: survivors.map((entry) => entry.mutant), testPaths },
        context,
      );
      const byId = new Map(rescored.results.map((entry) => [entry.mutant.id, entry]));
      mutation = {
        results: mutation.results.map((entry) => byId.get(entry.mutant.id) ?? entry),
        harness: mutation.harness,
        durationMs: mutation.durationMs + rescored.durationMs,
      };
      const killedNow = rescored.results.filter(
        (entry) => entry.outcome !== 'survived' && entry.outcome !== 'error',
      );
      survivors = mutation.results.filter(
        (entry) => entry.outcome === 'survived' && !equivalent.has(entry.mutant.id),
      );
      rounds.push({
        round: rounds.length + 1,
        tests: run.passed,
        killedThisRound: killedNow.map(mutantView),
        survivingMutants: survivors.map(mutantView),
      });
    }
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    if ((error as Error).name === 'AbortError' || options.signal?.aborted) throw error;
    mutationProblem = (error as Error).message;
  }
  emit({ type: 'stage', stage: 'verify', status: 'done' });

  const coverage = await measureCoverage({ target, suite, framework, context, testPaths });
  const results = mutation?.results ?? [];
  // equivalent survivors are left out of the score: no test could kill them
  const setApart = results.filter((entry) => entry.outcome === 'survived' && equivalent.has(entry.mutant.id));
  const counted = results.filter(
    (entry) =>
      entry.outcome !== 'error' && !(entry.outcome === 'survived' && equivalent.has(entry.mutant.id)),
  );
  const killed = counted.filter((entry) => entry.outcome === 'killed' || entry.outcome === 'timeout');
  const surviving = counted.filter((entry) => entry.outcome === 'survived');
  // a suite that kills a change no caller can see tests the code's form (its text, its bytecode), not
  // what it does
  const formKilled = [
    ...(await unreachableMutants(
      target.source,
      target.language,
      killed.map((entry) => entry.mutant),
    )),
  ].map(([id, equivalence]) => ({ entry: killed.find((item) => item.mutant.id === id)!, equivalence }));
  const mutationScore =
    mutation && counted.length > 0 ? Math.round((killed.length / counted.length) * 1000) / 1000 : null;

  result.generated_code = suite;
  Object.assign(details, {
    tests: run.tests,
    passed: run.passed,
    coverage,
    mutationScore,
    survivingMutants: surviving.map(mutantView),
    ...(setApart.length > 0
      ? {
          probablyEquivalentMutants: setApart.map((entry) => ({
            ...mutantView(entry),
            why: equivalent.get(entry.mutant.id)!.why,
          })),
        }
      : {}),
    mutants: {
      total: results.length,
      killed: killed.length,
      survived: surviving.length,
      probablyEquivalent: setApart.length,
      timedOut: results.filter((entry) => entry.outcome === 'timeout').length,
      errors: results.filter((entry) => entry.outcome === 'error').length,
      notParsing: made.invalid,
      candidates: made.candidates,
      harness: mutation?.harness ?? null,
      durationMs: mutation?.durationMs ?? 0,
      ...(mutationProblem ? { problem: mutationProblem } : {}),
      killedBy: killed
        .slice(0, 100)
        .map((entry) => ({ id: entry.mutant.id, evidence: entry.evidence ?? null })),
    },
    droppedTests: dropped,
    suspectedBugs,
    rounds,
  });

  const survivorFindings: Finding[] = surviving.map((entry) => ({
    ruleId: 'mutant-survived',
    file: target.path,
    line: entry.mutant.line,
    column: entry.mutant.column,
    severity: 'low',
    message: `no test fails when ${entry.mutant.description}`,
    hint: 'add a test whose result differs between the two versions',
  }));
  const formFindings: Finding[] = formKilled.map(({ entry, equivalence }) => ({
    ruleId: 'mutant-equivalent-killed',
    file: target.path,
    line: entry.mutant.line,
    column: entry.mutant.column,
    severity: 'low',
    message: `a test fails when ${entry.mutant.description}, a change no caller can see (${equivalence.why}): the tests check the code's form, not its behaviour`,
    hint: 'assert what the code returns, raises or prints, not how it is written',
  }));
  const apart =
    setApart.length > 0
      ? `; ${setApart.length} probably equivalent (no test could kill them) left out of the score`
      : '';
  result.verification.checks = [
    testsCheck(run),
    // the generated suite's own shape: a suite that mocks the code or swallows its asserts is no evidence,
    // whatever it kills (issue 58: the same rules as a generated candidate's tests)
    await suiteEvidence({
      suite,
      code: target.source,
      language: target.language,
      path: target.path,
      source: 'model',
      outcomes: run.tests,
      ...(mutation ? { mutants: { total: counted.length, killed: killed.length } } : {}),
      ...(mutationProblem ? { unmeasured: mutationProblem } : {}),
    }),
    mutation
      ? checkOf('mutation', 'pass', {
          reason: `${killed.length}/${counted.length} mutants killed (${mutation.harness})${apart}`,
          findings: [...survivorFindings, ...formFindings],
        })
      : checkOf('mutation', 'error', { reason: mutationProblem ?? 'mutants were not run' }),
    coverage.measured
      ? checkOf('coverage', 'pass', {
          reason: `${coverage.tool}: lines ${coverage.lines?.percent}%${coverage.branches ? `, branches ${coverage.branches.percent}%` : ''}`,
        })
      : checkOf('coverage', 'skip', { reason: coverage.reason ?? 'not measured' }),
  ];
  if (input.write)
    result.verification.checks.push(await whereWritten({ target, suite, path: input.write }, context));
  const confidenceReasons: string[] = [];
  if (mutationScore !== null) confidenceReasons.push(`mutation score ${Math.round(mutationScore * 100)}%`);
  if (setApart.length > 0)
    confidenceReasons.push(
      `${setApart.length} surviving mutant(s) probably equivalent to the code, left out of the score (details.probablyEquivalentMutants)`,
    );
  if (formKilled.length > 0)
    confidenceReasons.push(
      `the tests fail on ${formKilled.length} change(s) no caller can see: they test the code's form, so at most medium`,
    );
  if (suspectedBugs.length) confidenceReasons.push(`${suspectedBugs.length} test(s) found a suspected bug`);
  if (!coverage.measured) confidenceReasons.push(`coverage not measured: ${coverage.reason}`);
  result.verification.confidenceReasons = confidenceReasons;
  result.confidence =
    mutationScore === null
      ? 'low'
      : mutationScore >= 0.8 && formKilled.length === 0
        ? 'high'
        : mutationScore >= 0.5
          ? 'medium'
          : 'low';
  result.explanation = `${run.passed} test(s) pass on the current code; ${
    mutationScore === null
      ? 'the mutation score could not be measured'
      : `${killed.length} of ${counted.length} mutants killed${setApart.length > 0 ? ` (${setApart.length} more probably equivalent, not counted)` : ''}`
  }${coverage.measured && coverage.lines ? `; ${coverage.lines.percent}% of the lines covered` : ''}.`;
  if (dropped.length)
    result.notes.push(`${dropped.length} test(s) failed on the current code and were dropped`);
  if (suspectedBugs.length)
    result.notes.push(
      `${suspectedBugs.length} test(s) made the code raise: suspected bug(s), see details.suspectedBugs`,
    );
  return finish();
}

function posixPath(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}

/**
 * The suite as it will be written, run once more where it goes, as the project runs it (Python: from the
 * project's root with only what the project puts on the path, its conftest files and pytest settings;
 * JavaScript and TypeScript: the project's vitest or jest, or node:test for JavaScript, on the file at its
 * path with the import retargeted as it is written):
 * a suite that passes only in vouch's own arrangement is not a passing suite. `tests-where-written` fails
 * when a test does not pass there; a face writes the file only when it passed.
 */
async function whereWritten(
  suiteAt: { target: CodeTarget; suite: string; path: string },
  context: CheckContext,
): Promise<CheckResult> {
  const { target, suite, path } = suiteAt;
  const started = performance.now();
  // a JavaScript or TypeScript suite imports the code as `./name`: run it with the specifier it is written with
  const written = target.language === 'python' ? suite : retargetSuite(suite, target.path, path);
  const run = await runTests(
    {
      code: target.source,
      language: target.language,
      path: target.path,
      tests: [`${written.trimEnd()}\n`],
      testPaths: [path],
      asProject: true,
    },
    context,
  );
  const durationMs = Math.round(performance.now() - started);
  if (run.plan.cannotRun)
    // node:test has no TypeScript of its own: such a suite is written as before, and the check says it was not run there
    return checkOf('tests-where-written', run.plan.framework === 'node:test' ? 'skip' : 'error', {
      reason: run.plan.cannotRun,
      durationMs,
    });
  const passed = run.tests.filter((test) => test.status === 'passed').length;
  const failing = run.tests.filter((test) => test.status !== 'passed');
  if (run.tests.length > 0 && failing.length === 0 && run.findings.length === 0)
    return checkOf('tests-where-written', 'pass', {
      reason: `${run.plan.framework}: ${passed}/${run.tests.length} passed at ${path}, run as the project runs it`,
      durationMs,
    });
  const what =
    failing.length > 0
      ? failing
          .slice(0, 3)
          .map(
            (test) => `${test.name}: ${test.status}${test.message ? ` (${test.message.slice(0, 200)})` : ''}`,
          )
          .join('; ')
      : (run.findings[0]?.message ?? `${run.plan.framework} ran no test (${run.status})`);
  return checkOf('tests-where-written', 'fail', {
    reason: `the tests do not pass at ${path}, run as the project runs them: ${passed}/${run.tests.length} passed`,
    durationMs,
    findings: [
      {
        ruleId: 'tests-fail-where-written',
        file: path,
        line: 1,
        column: 1,
        severity: 'high',
        message: `at ${path}, run as the project runs it: ${what}`,
        hint: 'the suite passed only where vouch ran it: fix its imports or fixtures for the project, or choose another --write path',
      },
    ],
  });
}

export const testTask: TaskDefinition<TestInput, 'test'> = {
  name: 'test',
  description: 'unit tests in the project framework, scored by coverage and mutation testing',
  input: testInput,
  run: generateTests,
};

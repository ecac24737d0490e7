import { z } from 'zod';
import type { CheckResult, Finding } from '../../core/check.js';
import { parse } from '../../syntax/parser.js';
import { gateChecks as loadGateChecks, runGate } from '../debug/gate.js';
import { maxTokensField, temperatureField, workspacePath } from '../input-schemas.js';
import { checkContextFor } from '../run-checks.js';
import type { TaskDefinition, TaskHost, TaskOptions, TaskResultOf } from '../task.js';
import { askModel, baseResult, modelCall, pickCode, samplingOf, withDetails } from '../task-frame.js';
import { chooseFramework } from '../test/frameworks.js';
import { type CodeTarget, readTarget } from '../test/target.js';
import { verdictOf } from '../verdict.js';
import { type DifferentialReport, type FunctionComparison, runDifferential } from './differential.js';
import { type ExistingRun, findExistingTests, runExistingTests } from './existing-tests.js';
import { refactorMessages, repairMessages, targetLabel } from './prompt.js';
import type { RefactorDetails } from './refactor-details.js';
import { unifiedDiff } from './unified-diff.js';

/**
 * `refactor`: a diff toward a goal, with proof that behaviour is preserved — the project's tests of the
 * code before and after (in the sandbox), and differential testing of old against new; a difference is
 * shown as a concrete counterexample, sent back for one repair, and the refactor is rejected if it stays.
 */
export const refactorInput = z
  .object({
    file: workspacePath.meta({
      title: 'File',
      description: 'The file to refactor, relative to the workspace.',
    }),
    symbol: z.string().min(1).optional().meta({
      title: 'Function or class',
      description: 'A definition in the file to refactor. Default: the whole file.',
    }),
    goal: z.string().trim().min(1, 'say what the refactor should achieve').meta({
      title: 'Goal',
      description: 'What the refactor should achieve; behaviour is compared before and after.',
    }),
    /** generated inputs per function (default 300) */
    maxInputs: z.number().int().min(10).max(10_000).optional().meta({
      title: 'Generated inputs',
      description: 'Inputs generated per function to compare behaviour (10–10,000). Default 300.',
    }),
    /** seed of the input generator, so a run can be repeated (default 1) */
    seed: z.number().int().optional().meta({
      title: 'Seed',
      description: 'Seed of the input generator, so that a run can be repeated. Default 1.',
    }),
    /** repair rounds after a difference (default 1) */
    repair: z.number().int().min(0).max(3).optional().meta({
      title: 'Repair rounds',
      description: 'Rounds after a difference in behaviour (0–3). Default 1.',
    }),
    temperature: temperatureField,
    maxTokens: maxTokensField,
  })
  .strict();

export type RefactorInput = z.output<typeof refactorInput>;

/** What the differential tester cannot see in this code, said in the report. */
function unchecked(source: string, language: CodeTarget['language']): string[] {
  const notes: string[] = [];
  const python = language === 'python';
  const patterns: [RegExp, string][] = python
    ? [
        [
          /\bopen\(|\bpathlib\b|\bos\.(remove|rename|mkdir|write|listdir)|shutil\./,
          'file I/O (the sandbox shows the project read-only)',
        ],
        [/\brequests\b|\burllib\b|\bsocket\b|\bhttp\.client\b/, 'network calls (the sandbox has no network)'],
        [/\brandom\b|\buuid\b|\bsecrets\b/, 'randomness'],
        [
          /\btime\.|\bdatetime\b|\bfrom\s+time\s+import\b|\b(localtime|monotonic|perf_counter)\(/,
          'the clock',
        ],
        [/\bos\.environ\b|\bgetenv\b|\bfrom\s+os\s+import\b[^\n]*\benviron\b/, 'environment variables'],
        [/^\s*global\s/m, 'global state changed by the function'],
        [
          /\bsys\.(argv|stdin|platform|version|executable)\b|\bos\.(cpu_count|getpid|getcwd|uname)\b|\bplatform\.|\bimport\s+platform\b|\binput\(/,
          'the command line, standard input and the machine (sys.argv, sys.stdin, input(), os.cpu_count, platform)',
        ],
      ]
    : [
        [/\bfs\.|readFile|writeFile/, 'file I/O'],
        [/\bfetch\(|\bhttp\b|\bnet\b/, 'network calls'],
        [/Math\.random|crypto\.random/, 'randomness'],
        [/Date\.now|new Date\(/, 'the clock'],
        [/process\.env/, 'environment variables'],
        [
          /process\.(argv|stdin|platform|arch|pid|cwd)\b|\bos\.(cpus|platform|hostname|arch)\b|\bnavigator\./,
          'the command line, standard input and the machine (process.argv, process.stdin, os.cpus, process.platform)',
        ],
      ];
  for (const [pattern, what] of patterns)
    if (pattern.test(source)) notes.push(`${what}: differences there are not checked`);
  return notes;
}

/** The new file: the answer replaces the symbol's lines (re-indented like them), or is the whole file. */
export function splice(target: CodeTarget, answer: string): string {
  if (!target.symbol) return answer.endsWith('\n') ? answer : `${answer}\n`;
  const lines = target.source.split('\n');
  const original = lines[target.startLine - 1] ?? '';
  const indent = original.slice(0, original.length - original.trimStart().length);
  const answerLines = answer.replace(/\s+$/, '').split('\n');
  const answerIndent = (answerLines.find((line) => line.trim()) ?? '').match(/^\s*/)?.[0] ?? '';
  const reindented = answerLines.map((line) =>
    line.trim() === ''
      ? ''
      : indent + (line.startsWith(answerIndent) ? line.slice(answerIndent.length) : line.trimStart()),
  );
  // the answer's own imports above a top-level definition belong with the file's: one the file has is not
  // repeated, a new one goes after the file's last import (a mid-file `import math` twice was the result)
  const imports: string[] = [];
  if (!indent)
    while (reindented.length > 0 && (IMPORT_LINE.test(reindented[0]!) || reindented[0]!.trim() === ''))
      imports.push(reindented.shift()!);
  const before = lines.slice(0, target.startLine - 1);
  const has = new Set(lines.map((line) => line.trim()));
  const added = imports.filter((line) => line.trim() !== '' && !has.has(line.trim()));
  const lastImport = before.reduce((last, line, index) => (IMPORT_LINE.test(line) ? index : last), -1);
  const head =
    added.length === 0
      ? before
      : lastImport >= 0
        ? [...before.slice(0, lastImport + 1), ...added, ...before.slice(lastImport + 1)]
        : [...before, ...added, '', ''];
  // decorators above the definition belong to it: the answer carries them when it rewrote them
  return [...head, ...reindented, ...lines.slice(target.endLine)].join('\n');
}

/** A top-level import statement on one line (Python, JavaScript and TypeScript). */
const IMPORT_LINE =
  /^(import\s+[\w.]+(\s+as\s+\w+)?(\s*,\s*[\w.]+(\s+as\s+\w+)?)*|from\s+[\w.]+\s+import\s+[^()\n]+|import\s[^\n]*\bfrom\s*['"][^'"]+['"];?|import\s*['"][^'"]+['"];?)\s*$/;

interface Attempt {
  code: string;
  after: string;
  syntaxOk: boolean;
  /** the gate every suggestion goes through (syntax, imports, types, security with secrets), on what the refactor adds */
  gate?: CheckResult[];
  existingAfter?: ExistingRun;
  differential?: DifferentialReport;
  problems: string[];
  /** what the new code uses that the differential tester cannot see (the clock, randomness, files, …) */
  unchecked: string[];
}

/** A check of the refactor's own: its reason, and the findings and details it has (none by default). */
function check(
  name: string,
  status: CheckResult['status'],
  {
    reason,
    findings = [],
    details,
  }: { reason: string; findings?: Finding[]; details?: Record<string, unknown> },
): CheckResult {
  return { name, status, reason, findings, durationMs: 0, ...(details ? { details } : {}) };
}

export async function refactor(
  input: RefactorInput,
  host: TaskHost,
  options: TaskOptions,
): Promise<TaskResultOf<'refactor'>> {
  const started = performance.now();
  const root = host.workspaceRoot;
  const target = await readTarget({ root, path: input.file, symbolName: input.symbol, command: 'refactor' });
  const model = await host.model('generate');
  const call = modelCall(model, options);
  const context = checkContextFor(host, options.signal);
  const result = baseResult('refactor', model, started);
  result.language = target.language;
  const modelOptions = samplingOf(input);
  const framework = await chooseFramework(root, target.language);
  const existing = await findExistingTests(root, target);
  options.onEvent?.({
    type: 'stage',
    stage: 'verify',
    status: 'start',
    detail: 'the existing tests on the current code',
  });
  const before = await runExistingTests({ target, source: target.source, existing, framework }, context);
  const passingBefore = new Set(
    before.tests.filter((test) => test.status === 'passed').map((test) => `${test.file}::${test.name}`),
  );
  const functions = target.symbol
    ? target.symbol.kind === 'function' && !target.symbol.parent
      ? [target.symbol.name]
      : []
    : target.definitions
        .filter((definition) => !definition.parent && definition.kind === 'function')
        .map((definition) => definition.name);
  const notChecked = unchecked(
    target.source
      .split('\n')
      .slice(target.startLine - 1, target.endLine)
      .join('\n'),
    target.language,
  );
  // a whole-file refactor changes its classes too: their methods (`__str__`, `__eq__`, `add`) need an
  // instance, which the tester does not build, so a class in the file keeps the refactor from being proven
  if (!target.symbol)
    for (const definition of target.definitions)
      if (!definition.parent && definition.kind === 'class')
        notChecked.push(
          `class ${definition.name}: its methods need an instance, which the differential tester does not build`,
        );
  if (target.symbol && functions.length === 0)
    notChecked.push(
      `${targetLabel(target)} is a ${target.symbol.parent ? 'method' : target.symbol.kind}: the differential tester calls top-level functions only`,
    );

  const gateChecks = (await loadGateChecks(host)).filter((check) => check.name !== 'syntax');
  const verify = async (code: string): Promise<Attempt> => {
    const after = splice(target, code);
    const tree = await parse(target.language, after);
    const syntaxOk = !tree.rootNode.hasError;
    tree.delete();
    if (!syntaxOk)
      return { code, after, syntaxOk, problems: ['the new version does not parse'], unchecked: [] };
    const problems: string[] = [];
    // the whole gate, judged by what the refactor adds: an invented import, a type error, an injection or a
    // secret the new version brings is a problem however well it keeps behaviour
    const gate = await runGate({
      checks: gateChecks,
      files: [{ path: target.path, before: target.source, after }],
      context,
    });
    for (const result of gate)
      if (result.status === 'fail' || result.blocking)
        for (const finding of result.findings.filter((entry) => !entry.suppressed).slice(0, 5))
          problems.push(`${result.name}: line ${finding.line}: ${finding.message}`);
    const existingAfter = await runExistingTests({ target, source: after, existing, framework }, context);
    const regressed = existingAfter.tests.filter(
      (test) => test.status !== 'passed' && passingBefore.has(`${test.file}::${test.name}`),
    );
    for (const test of regressed)
      problems.push(
        `the existing test ${test.name} passed before and fails now: ${test.message ?? ''}`.trim(),
      );
    if (existingAfter.tests.length === 0 && before.tests.length > 0)
      problems.push(`the existing tests no longer run: ${existingAfter.problem ?? ''}`);
    const differential = await runDifferential({
      target,
      newSource: after,
      functions,
      tests: existing.sources,
      context,
      options: {
        maxInputs: input.maxInputs ?? 300,
        seed: input.seed ?? 1,
      },
    });
    for (const entry of differential.functions)
      if (entry.counterexample)
        problems.push(
          `\`${entry.counterexample.call}\`: the old version ${entry.counterexample.old}, the new one ${entry.counterexample.new}`,
        );
    return {
      code,
      after,
      syntaxOk,
      gate,
      existingAfter,
      differential,
      problems,
      // the new version's own use of what is not compared: a clock read only the rewrite makes is a change
      // no input shows
      unchecked: unchecked(code, target.language),
    };
  };

  const answer = await askModel(call, refactorMessages(target, input.goal), modelOptions);
  const code = pickCode(answer, target.language, /\bdef |\bfunction |=>|\bclass /);
  result.explanation = answer
    .replace(/(`{3,}|~{3,})[^\n]*\n[\s\S]*?\1/g, '')
    .trim()
    .slice(0, 2000);
  if (!code) {
    result.notes.push('the model returned no code');
    result.verification.status = 'unverified';
    result.verification.reasons = ['there is no code to verify'];
    result.usage = call.usage;
    result.durationMs = Math.round(performance.now() - started);
    return withDetails(result, { goal: input.goal, rejected: null });
  }
  let attempt = await verify(code);
  const rounds: {
    round: number;
    feedback: string[];
    status: 'pass' | 'fail' | 'unverified';
    checks: CheckResult[];
  }[] = [];
  let repairs = input.repair ?? 1;
  while (attempt.problems.length > 0 && repairs-- > 0) {
    options.onEvent?.({ type: 'stage', stage: 'repair', status: 'start', detail: attempt.problems[0] });
    const fixed = pickCode(
      await askModel(
        call,
        repairMessages({ target, goal: input.goal, previous: attempt.code, problems: attempt.problems }),
        modelOptions,
      ),
      target.language,
      /\bdef |\bfunction |=>|\bclass /,
    );
    options.onEvent?.({ type: 'stage', stage: 'repair', status: 'done' });
    rounds.push({ round: rounds.length + 1, feedback: attempt.problems, status: 'fail', checks: [] });
    if (!fixed) break;
    attempt = await verify(fixed);
  }
  options.onEvent?.({ type: 'stage', stage: 'verify', status: 'done' });

  for (const note of attempt.unchecked)
    if (!notChecked.includes(note)) notChecked.push(`${note} (in the new version)`);
  const differential = attempt.differential;
  const compared = differential?.functions ?? [];
  const generated = compared.reduce((sum, entry) => sum + entry.generated, 0);
  const fromDocstring = compared.reduce((sum, entry) => sum + entry.fromDocstring, 0);
  const fromTests = compared.reduce((sum, entry) => sum + entry.fromTests, 0);
  const differences = compared.reduce((sum, entry) => sum + entry.differences, 0);
  const counterexamples = compared.flatMap((entry) =>
    entry.counterexample ? [{ function: entry.name, ...entry.counterexample }] : [],
  );
  for (const entry of compared) {
    if (entry.skipped) notChecked.push(`${entry.name}: ${entry.skipped}`);
    // a parameter renamed, made keyword-only or given another default changes what a caller can write
    // (`scaled(x, factor=3)`); calls by keyword are not all compared, so it is not proven
    if (entry.signatureChanged) {
      result.notes.push(`the signature changed: ${entry.signatureChanged}`);
      notChecked.push(
        `${entry.name}: the signature changed (${entry.signatureChanged}): callers by keyword are not compared`,
      );
    }
  }
  if (differential && !differential.ran && differential.problem) notChecked.push(differential.problem);
  // module values the old version sets anew on each import (the clock, a random number) are not compared:
  // named; they keep a whole-file refactor from being proven, not a function's (the value is not its code)
  const unstable = differential?.unstable ?? [];
  const unstableNote = `module value${unstable.length > 1 ? 's' : ''} ${unstable.join(', ')}: differs between two imports of the old version (the clock, randomness or I/O), so not compared`;
  if (unstable.length > 0 && !target.symbol) notChecked.push(unstableNote);
  else if (unstable.length > 0) result.notes.push(`not checked: ${unstableNote}`);
  const existingAfter = attempt.existingAfter;
  const checks: CheckResult[] = [
    check('syntax', attempt.syntaxOk ? 'pass' : 'fail', {
      reason: attempt.syntaxOk ? 'the new version parses' : 'the new version does not parse',
    }),
  ];
  if (attempt.syntaxOk) {
    checks.push(...(attempt.gate ?? []));
    const regressions = attempt.problems.filter((problem) => problem.startsWith('the existing test'));
    checks.push(
      existing.files.length === 0
        ? check('existing-tests', 'skip', { reason: 'the project has no tests that import this module' })
        : before.tests.length === 0
          ? check('existing-tests', 'error', {
              reason: `the existing tests did not run on the current code: ${before.problem ?? before.status}`,
            })
          : check('existing-tests', regressions.length ? 'fail' : 'pass', {
              reason: `${framework}: before ${before.passed}/${before.tests.length} passed, after ${existingAfter?.passed ?? 0}/${existingAfter?.tests.length ?? 0}`,
              findings: regressions.map((message) => ({
                ruleId: 'test-regressed',
                file: target.path,
                line: target.startLine,
                column: 1,
                severity: 'high' as const,
                message,
              })),
              details: { files: existing.files },
            }),
    );
    const comparedAny = compared.some(
      (entry) => !entry.skipped && entry.generated + entry.fromDocstring + entry.fromTests > 0,
    );
    checks.push(
      !differential?.ran
        ? // a comparison that could not run compared nothing: never a skip that lets the rest pass
          check('differential', 'error', { reason: differential?.problem ?? 'not run' })
        : counterexamples.length
          ? check('differential', 'fail', {
              reason: `${differences} difference(s) between the old and new version`,
              findings: counterexamples.map((example) => ({
                ruleId: 'behaviour-changed',
                file: target.path,
                line: target.startLine,
                column: 1,
                severity: 'high' as const,
                message: `\`${example.call}\`: the old version ${example.old}, the new one ${example.new}`,
              })),
            })
          : comparedAny
            ? check('differential', 'pass', {
                reason: `${generated + fromDocstring + fromTests} inputs, 0 differences`,
              })
            : check('differential', 'error', { reason: 'no function could be compared' }),
    );
    if (differential?.ran && comparedAny && counterexamples.length === 0)
      checks.push(branchesCheck(compared));
    // proven means a caller cannot tell the difference: what was not compared could change the result
    // (a comparison that could not run says so in its own check: not twice)
    const notCompared = notChecked.filter((note) => note !== differential?.problem);
    if (notCompared.length > 0 && counterexamples.length === 0)
      checks.push(
        check('not-checked', 'error', {
          reason: `not compared, so not proven: ${notCompared.join('; ')}`,
          details: { notChecked: notCompared },
        }),
      );
  }
  const verdict = verdictOf(checks);
  // branches not reached is no failure to run: it is what keeps the refactor from being proven
  verdict.reasons = verdict.reasons.map((reason) =>
    reason.startsWith('branches could not run: ')
      ? reason.replace('branches could not run: ', 'branches: ')
      : reason.replace('not-checked could not run: ', ''),
  );
  const proven = verdict.status === 'pass';
  const diff = unifiedDiff({ path: target.path, before: target.source, after: attempt.after });
  if (proven) result.edits = [{ path: target.path, diff, baseHash: target.baseHash }];
  result.generated_code = attempt.code;
  result.verification = {
    status: verdict.status,
    checks,
    blocked: !proven,
    reasons: verdict.reasons,
    confidenceReasons: [],
    rounds,
  };
  const existingCount = before.tests.length;
  const branches = checks.find((entry) => entry.name === 'branches');
  const evidence = `${generated} generated inputs, ${fromDocstring} docstring examples, ${fromTests} inputs from existing tests, ${existingCount} existing tests, ${differences} differences${branches ? `; branches: ${branchSummary(compared)}` : ''}`;
  result.verification.confidenceReasons = [
    evidence,
    ...notChecked.map((note) => `not checked: ${note}`),
    ...(unstable.length > 0 && target.symbol ? [`not checked: ${unstableNote}`] : []),
  ];
  // what vouched, in the terms every face shows (tasks/confidence.ts): both are independent of the model
  const inputs = generated + fromDocstring + fromTests;
  result.verification.confidenceEvidence = proven
    ? [
        ...(inputs > 0
          ? [
              {
                kind: 'differential' as const,
                independent: true,
                detail: `the old and new versions behave alike on ${inputs} inputs`,
              },
            ]
          : []),
        ...(existingCount > 0
          ? [
              {
                kind: 'user-tests' as const,
                independent: true,
                detail: `${existingCount} of the project's tests pass on the new version`,
              },
            ]
          : []),
      ]
    : [];
  result.confidence = proven
    ? notChecked.length === 0 && (generated > 0 || existingCount > 0)
      ? 'high'
      : 'medium'
    : 'low';
  if (!proven)
    result.notes.push(
      counterexamples.length
        ? 'rejected: the refactor changes behaviour (see the counterexample)'
        : `not proven: ${verdict.reasons.join('; ')}`,
    );
  const details: RefactorDetails = {
    goal: input.goal,
    evidence: {
      summary: evidence,
      generatedInputs: generated,
      docstringExamples: fromDocstring,
      inputsFromTests: fromTests,
      existingTests: {
        files: existing.files,
        before: { passed: before.passed, total: before.tests.length },
        after: existingAfter ? { passed: existingAfter.passed, total: existingAfter.tests.length } : null,
      },
      differences,
      functions: compared,
    },
    counterexamples,
    notChecked,
    proven,
    ...(proven ? { after: attempt.after } : { rejected: { diff, reason: verdict.reasons.join('; ') } }),
  };
  result.usage = call.usage;
  result.durationMs = Math.round(performance.now() - started);
  return withDetails(result, details);
}

export const refactorTask: TaskDefinition<RefactorInput, 'refactor'> = {
  name: 'refactor',
  description:
    'a refactor toward a goal, proven to preserve behaviour by the existing tests and differential testing',
  input: refactorInput,
  run: refactor,
};

/**
 * "Proven" says what was covered: no difference on inputs that never reached a branch of either version
 * proves nothing about that branch. Every branch arm of both versions of every compared function must have
 * been reached; otherwise the differential's pass is kept as evidence but the refactor is not proven (the
 * check is an error: not verified, exit 1, never applied), and the arms not reached are named.
 */
function branchesCheck(compared: FunctionComparison[]): CheckResult {
  const started = performance.now();
  const missing: string[] = [];
  const unmeasured: string[] = [];
  let total = 0;
  let reached = 0;
  for (const entry of compared) {
    if (entry.skipped || !entry.coverage) continue;
    for (const side of ['old', 'new'] as const) {
      const coverage = entry.coverage[side];
      if (!coverage.measured) {
        unmeasured.push(`${entry.name} (${side}): ${coverage.problem ?? 'not measured'}`);
        continue;
      }
      total += coverage.total ?? 0;
      reached += coverage.reached ?? 0;
      for (const arm of coverage.notReached ?? []) missing.push(`${entry.name} (${side}) ${arm}`);
    }
  }
  const durationMs = Math.round(performance.now() - started);
  const counted = `${reached}/${total} branch arms of both versions reached`;
  if (unmeasured.length > 0)
    return {
      name: 'branches',
      status: 'error',
      reason: `the branches reached could not be measured: ${unmeasured.join('; ')}`,
      findings: [],
      durationMs,
    };
  if (missing.length > 0)
    return {
      name: 'branches',
      status: 'error',
      reason: `${counted}: not proven, no input reached ${missing.length === 1 ? 'this arm' : 'these arms'}: ${missing.slice(0, 8).join('; ')}${missing.length > 8 ? `; and ${missing.length - 8} more` : ''} (add tests or raise --max-inputs)`,
      findings: [],
      durationMs,
      details: { notReached: missing },
    };
  return { name: 'branches', status: 'pass', reason: counted, findings: [], durationMs };
}

/** "old 7/8, new 5/5 branch arms reached" over the compared functions (or why not measured). */
function branchSummary(compared: FunctionComparison[]): string {
  const sides = (['old', 'new'] as const).map((side) => {
    const measured = compared.flatMap((entry) =>
      entry.skipped || !entry.coverage ? [] : [entry.coverage[side]],
    );
    if (measured.some((coverage) => !coverage.measured)) return `${side} not measured`;
    const total = measured.reduce((sum, coverage) => sum + (coverage.total ?? 0), 0);
    const reached = measured.reduce((sum, coverage) => sum + (coverage.reached ?? 0), 0);
    return `${side} ${reached}/${total}`;
  });
  return `${sides.join(', ')} branch arms reached`;
}

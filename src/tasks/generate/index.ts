import { z } from 'zod';
import type { Check, CheckContext, CheckResult } from '../../core/check.js';
import { type LanguageId, languageForPath } from '../../core/languages.js';
import type { ChatMessage, GenerateResult, LanguageModel } from '../../model/types.js';
import { type CandidateOrder, type MatrixRunner, orderCandidates } from '../../selection/index.js';
import { runInSandbox } from '../../verify/sandbox/index.js';
import { refuseFolder } from '../../workspace/read-workspace-file.js';
import { checkGeneratedCandidate, generatedCodeChecks } from '../candidate-confidence.js';
import { candidateRank, compareCandidateRanks } from '../candidate-rank.js';
import { judgeConfidence } from '../confidence.js';
import { explain } from '../explain/index.js';
import { type ExtractedAnswer, extractAnswer } from '../extract.js';
import {
  chatMessage,
  languageField,
  maxTokensField,
  repairField,
  temperatureField,
  workspacePath,
} from '../input-schemas.js';
import { buildGenerateMessages, COMPACT_PROMPT_BELOW, languageFromSpec } from '../prompt.js';
import { repairFeedback } from '../repair.js';
import { repairLoop } from '../repair-loop.js';
import { checkContextFor } from '../run-checks.js';
import type { TaskDefinition, TaskEvent, TaskResultOf, Verification } from '../task.js';
import { addUsage, baseResult, streamAnswer } from '../task-frame.js';
import { candidateModule, pointTestsAtCandidate } from '../tests-module.js';
import { onlyExamplesRan, type VerdictStatus, verdictOf } from '../verdict.js';
import { type ContextQuery, contextBudget, gatherContext, type PromptContext } from '../workspace-context.js';
import { buildTestStubs, findSignatures } from './test-stubs.js';

/**
 * `generate`: request → context → model → extract → verify → select → result + report. Every stage can
 * be switched off so evaluation can measure what each adds on the same model.
 */
export const generateInput = z
  .object({
    spec: z.string().trim().min(1, 'say what the code should do').meta({
      title: 'What the code should do',
      description: 'A description, a comment or a specification; the code is verified before you see it.',
    }),
    language: languageField.optional(),
    /** workspace-relative path the code is meant for */
    file: workspacePath.optional().meta({
      title: 'Target file',
      description: 'Where the code is meant to go, relative to the workspace; it need not exist yet.',
    }),
    /** number of candidates to sample (default 1) */
    n: z.number().int().min(1).max(20).optional().meta({
      title: 'Candidates',
      description:
        'How many answers to ask the model for (1–20); the one that passes the most checks is chosen. Default 1.',
    }),
    temperature: temperatureField,
    maxTokens: maxTokensField,
    history: z
      .array(chatMessage)
      .optional()
      .meta({ title: 'Conversation so far', description: 'Earlier messages, oldest first.' }),
    /** passed to the model for providers that key answers by task (replay) */
    taskId: z.string().optional().meta({
      title: 'Task id',
      description: 'Passed to the model for providers that key answers by task (replay).',
    }),
    /** stage switches (all default to on) */
    useContext: z.boolean().optional().meta({
      title: 'Use code from this repository',
      description: "Put the repository's relevant code in the prompt. Default: yes.",
    }),
    runChecks: z.boolean().optional().meta({
      title: 'Verify the code',
      description: 'Run the checks: syntax, imports, types, tests, security. Default: yes.',
    }),
    select: z.boolean().optional().meta({
      title: 'Choose among candidates',
      description: 'Rank the candidates by their checks and their agreement. Default: yes.',
    }),
    /** rounds of the repair loop when the checks fail (default 2; 0 turns it off) */
    repair: repairField.optional().meta({
      title: 'Repair rounds',
      description:
        'When checks fail, how many times the model is asked to fix its code (0–5; 0 turns it off). Default 2.',
    }),
    /** explain the delivered code step by step, with its dependencies and the gate's findings (explain-before-accept) */
    explain: z.boolean().optional().meta({
      title: 'Explain the code',
      description:
        "Explain the delivered code step by step, with its dependencies and the gate's findings. Default: no.",
    }),
  })
  .strict();

export type GenerateRequest = z.output<typeof generateInput>;

export interface GenerateDeps {
  model: LanguageModel;
  checks: Check[];
  checkContext: CheckContext;
  /** gathers repository context for the request; absent outside a workspace or with context off */
  context?: (query: ContextQuery) => Promise<PromptContext | undefined>;
  onEvent?: (event: TaskEvent) => void;
  signal?: AbortSignal;
  /** where selection runs candidates against the model's tests (default: a fresh sandbox per run) */
  selectionRunner?: MatrixRunner;
}

interface Candidate {
  code: string;
  explanation: string;
  tests: string;
  language: LanguageId | undefined;
  /** the answer is in this language, not the one asked for */
  mismatch: LanguageId | undefined;
  /** what else the answer held that was not used, for the report */
  notes: string[];
  truncated: boolean;
  /** how many samples produced this same code */
  votes: number;
  checks: CheckResult[];
  /** the verdict on its checks (`unverified` without code) */
  status: VerdictStatus;
  /** the answer as a repair round shows it back to the model: code, explanation, tests */
  answer: string;
}

/** Code compared for agreement: whitespace and blank lines do not make two candidates different. */
function normalise(code: string): string {
  return code
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .join('\n')
    .replace(/[ \t]+/g, ' ');
}

async function sample({
  request,
  messages,
  deps,
  n,
}: {
  request: GenerateRequest;
  messages: ChatMessage[];
  deps: GenerateDeps;
  n: number;
}): Promise<GenerateResult> {
  const options = {
    messages,
    n,
    ...(request.temperature !== undefined
      ? { temperature: request.temperature }
      : { temperature: n > 1 ? 0.8 : 0.2 }),
    ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
    ...(request.taskId !== undefined ? { metadata: { taskId: request.taskId } } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
  if (n > 1 || !deps.onEvent || !deps.model.capabilities.stream) return deps.model.chat(options);
  // One sample with a listener: stream it so the engineer sees the answer as it is written.
  const answer = await streamAnswer(deps.model, options, deps.onEvent);
  if (!answer.finished || !answer.finishReason || answer.model === undefined)
    throw new Error('the model stream ended without a finish part');
  return {
    choices: [{ text: answer.text, finishReason: answer.finishReason }],
    usage: answer.usage,
    model: answer.model,
  };
}

/** Selection's sandbox programs, each in a fresh sandbox (the CLI runs one generation at a time). */
function sandboxRunner(context: CheckContext): MatrixRunner {
  return {
    concurrency: 1,
    run: (runtime, job) =>
      runInSandbox({
        command: runtime === 'python' ? ['python3', 'main.py'] : ['node', 'main.js'],
        files: { ...job.files, [runtime === 'python' ? 'main.py' : 'main.js']: job.source },
        ...(job.stdin !== undefined ? { stdin: job.stdin } : {}),
        ...(job.report ? { report: true } : {}),
        limits: { wallMs: job.timeoutMs ?? 60_000, cpuMs: job.timeoutMs ?? 60_000 },
        ...(context.signal ? { signal: context.signal } : {}),
        ...(context.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
      }),
  };
}

/** Repair rounds when the checks fail and the caller did not say (issue 15). */
export const DEFAULT_REPAIR_ROUNDS = 2;

/** `next` is `best`'s code again, and its tests ran on it (passed or failed): more evidence on that code. */
function sameCodeTested(next: Candidate, best: Candidate): boolean {
  return (
    next.code.length > 0 &&
    normalise(next.code) === normalise(best.code) &&
    next.checks.some(
      (check) => check.name === 'tests' && (check.status === 'pass' || check.status === 'fail'),
    )
  );
}

/** The answer as the model gave it, for the repair conversation: code, explanation, tests. */
function answerText(candidate: Pick<Candidate, 'code' | 'explanation' | 'tests' | 'language'>): string {
  const fence = candidate.language ?? '';
  const parts: string[] = [];
  if (candidate.code) parts.push(`\`\`\`${fence}\n${candidate.code}\n\`\`\``);
  if (candidate.explanation) parts.push(candidate.explanation);
  if (candidate.tests) parts.push(`\`\`\`${fence}\n${candidate.tests}\n\`\`\``);
  return parts.join('\n\n') || '(no answer)';
}

export async function generate(
  request: GenerateRequest,
  deps: GenerateDeps,
): Promise<TaskResultOf<'generate'>> {
  const started = performance.now();
  const emit = deps.onEvent ?? (() => {});
  const n = Math.max(1, request.n ?? 1);
  let language =
    request.language ??
    (request.file ? languageForPath(request.file) : undefined) ??
    languageFromSpec(request.spec);

  let context: PromptContext | undefined;
  if (request.useContext !== false && deps.context) {
    emit({ type: 'stage', stage: 'context', status: 'start' });
    context = await deps.context({
      spec: request.spec,
      ...(request.file ? { file: request.file } : {}),
      ...(language ? { language } : {}),
    });
    emit({
      type: 'stage',
      stage: 'context',
      status: 'done',
      detail: `${context?.sources.length ?? 0} pieces`,
    });
  }

  const messages = buildGenerateMessages({
    spec: request.spec,
    language,
    ...(request.file ? { file: request.file } : {}),
    ...(context ? { context: context.text } : {}),
    ...(request.history ? { history: request.history } : {}),
    ...(deps.model.contextLength !== undefined && deps.model.contextLength < COMPACT_PROMPT_BELOW
      ? { compact: true }
      : {}),
  });
  emit({ type: 'stage', stage: 'model', status: 'start', detail: deps.model.id });
  const result = await sample({ request, messages, deps, n });
  emit({ type: 'stage', stage: 'model', status: 'done' });

  const toCandidate = (text: string, finishReason: string): Candidate => {
    const answer = extractAnswer(text, language);
    const pointed = pointTestsAtCandidate({
      tests: answer.tests,
      code: answer.code,
      language: answer.mismatch ?? language ?? answer.fenceLanguage ?? 'python',
      module: candidateModule(request.file),
      root: deps.checkContext.workspaceRoot,
    });
    const parts = {
      code: answer.code,
      explanation: answer.explanation,
      tests: pointed.tests,
      language: answer.mismatch ?? language ?? answer.fenceLanguage,
    };
    return {
      ...parts,
      mismatch: language ? answer.mismatch : undefined,
      notes: [
        ...answerNotes(answer, language),
        ...(pointed.renamed
          ? [
              `the tests imported the code from \`${pointed.renamed}\`; vouch ran them against the code as \`${candidateModule(request.file)}\``,
            ]
          : []),
      ],
      truncated: finishReason === 'length',
      votes: 1,
      checks: [],
      status: 'unverified',
      answer: answerText(parts),
    };
  };

  // Extract and merge identical samples: agreement between samples is evidence in itself.
  const candidates: Candidate[] = [];
  for (const choice of result.choices) {
    const candidate = toCandidate(choice.text, choice.finishReason);
    const existing = candidates.find(
      (other) => candidate.code && normalise(other.code) === normalise(candidate.code),
    );
    if (existing) existing.votes++;
    else candidates.push(candidate);
  }
  language ??= candidates.find((candidate) => candidate.language)?.language;

  const verify = async (candidate: Candidate, index: number, round: number): Promise<void> => {
    await checkCandidate(candidate, index, round);
    candidate.status = candidate.code
      ? verdictOf(candidate.checks, { needsTestRun: true }).status
      : 'unverified';
  };
  const checkCandidate = async (candidate: Candidate, index: number, round: number): Promise<void> => {
    if (!candidate.code) return;
    if (candidate.mismatch && language) {
      candidate.checks = [languageMismatch(candidate.mismatch, language, request.file)];
      emit({ type: 'check', candidate: index, round, result: candidate.checks[0]! });
      return;
    }
    if (!candidate.language && !language) {
      candidate.checks = [
        {
          name: 'language',
          status: 'skip',
          reason: 'the language could not be told; pass --lang',
          findings: [],
          durationMs: 0,
        },
      ];
      return;
    }
    // the one path `vouch eval --select` judges delivered samples by (candidate-confidence.ts)
    candidate.checks = await checkGeneratedCandidate({
      checks: deps.checks,
      candidate: {
        code: candidate.code,
        tests: candidate.tests,
        language: candidate.language ?? language ?? 'python',
        ...(request.file ? { path: request.file } : {}),
        // the user's own examples in the request are run as the user's tests
        request: request.spec,
      },
      context: deps.checkContext,
      onResult: (result) => emit({ type: 'check', candidate: index, round, result }),
    });
  };

  const checksOn = request.runChecks !== false;
  if (checksOn) {
    emit({ type: 'stage', stage: 'verify', status: 'start' });
    for (const [index, candidate] of candidates.entries()) await verify(candidate, index, 0);
    emit({ type: 'stage', stage: 'verify', status: 'done' });
  }

  let agreement: CandidateOrder | undefined;
  if (request.select !== false && candidates.length > 1 && candidates.some((candidate) => candidate.tests)) {
    emit({ type: 'stage', stage: 'select', status: 'start' });
    try {
      agreement = await orderCandidates({
        language: language ?? 'python',
        candidates,
        runner: deps.selectionRunner ?? sandboxRunner(deps.checkContext),
      });
    } catch (error) {
      // No sandbox, or it failed: the candidates keep the order their checks and votes give them.
      if (deps.signal?.aborted) throw error;
    }
  }
  const agreementRank = new Map(
    candidates.map((candidate, index) => [candidate, agreement?.rank[index] ?? 0]),
  );
  // the one order `vouch eval --select` delivers by too (candidate-rank.ts)
  const ordered =
    request.select === false
      ? candidates
      : [...candidates].sort((a, b) =>
          compareCandidateRanks(
            candidateRank(a, agreementRank.get(a)),
            candidateRank(b, agreementRank.get(b)),
          ),
        );
  if (request.select !== false && candidates.length > 1)
    emit({
      type: 'stage',
      stage: 'select',
      status: 'done',
      // The tests come from the model that wrote the candidates: their agreement is not independent evidence.
      detail: `${candidates.length} distinct candidates${agreement ? `, ranked by agreement with ${agreement.assertions} assertions the same model wrote beside them` : ''}`,
    });

  // The repair loop: what failed goes back to the model, round by round, until the checks pass; a round
  // replaces the delivered code unless it ranks worse.
  let usage = result.usage;
  let askedForTests = false;
  // the model's tests stand until it gives others: an answer that leaves them out is run against the last
  // ones it gave, so dropping the tests that showed the code wrong does not drop what they showed
  let standingTests = ordered[0]!.tests;
  const repaired = await repairLoop({
    first: ordered[0]!,
    conversation: messages,
    rounds: checksOn ? (request.repair ?? DEFAULT_REPAIR_ROUNDS) : 0,
    feedback: (candidate) => {
      if (!candidate.code) return ['the answer had no code: give the complete code in one fenced code block'];
      const problems = repairFeedback(candidate.checks);
      if (problems.length > 0 || candidate.tests) return problems;
      // only the request's examples ran the code: one input the request chose, which an answer written
      // to it passes (w239). The model is asked once for its tests — more evidence, not a failure; an
      // answer without them leaves the code as it was, and is not asked again
      if (onlyExamplesRan(candidate.checks)) {
        if (askedForTests) return [];
        askedForTests = true;
        return [
          "only the request's examples ran the code: add a fenced block of unit tests in the project's test framework that check the rest of its behaviour (other inputs, edge cases)",
        ];
      }
      // static checks alone are no verdict: without tests nothing ran the code, so ask for them
      if (candidate.status === 'unverified')
        return [
          "the answer had no tests, so nothing ran the code: add a fenced block of unit tests in the project's test framework",
        ];
      return [];
    },
    ask: async (conversation) => {
      const reply = await sample({ request, messages: conversation, deps, n: 1 });
      usage = addUsage(usage, reply.usage);
      return reply.choices[0] ?? { text: '', finishReason: 'stop' as const };
    },
    verify: async (choice, round) => {
      const candidate = toCandidate(choice.text, choice.finishReason);
      if (candidate.tests) standingTests = candidate.tests;
      else if (standingTests && candidate.code) {
        candidate.tests = standingTests;
        candidate.notes.push(
          'the answer gave no tests: the tests of an earlier answer of the model still stand, and ran on this code',
        );
      }
      await verify(candidate, 0, round);
      return candidate;
    },
    // the same code with its tests run is the same code with more evidence: what they say of it, pass
    // or fail, is delivered (w239: tests asked for after a lone example are never dropped for ranking worse)
    better: (next, best) =>
      sameCodeTested(next, best) || compareCandidateRanks(candidateRank(next), candidateRank(best)) <= 0,
    signal: deps.signal,
    onEvent: deps.onEvent,
  });
  const best = repaired.best;
  best.notes = [...best.notes, ...repaired.notes];
  const rounds = repaired.rounds;

  let testStubs = best.tests;
  if (!testStubs && best.code && best.language) {
    try {
      testStubs = buildTestStubs(
        await findSignatures(best.code, best.language),
        best.language,
        request.file ? { file: request.file } : {},
      );
    } catch {
      testStubs = '';
    }
  }

  const behaviour = agreement?.behaviour[candidates.indexOf(best)];
  const judged = judgeConfidence({
    hasCode: best.code.length > 0,
    checks: best.checks,
    checksDisabled: !checksOn,
    truncated: best.truncated,
    agreement: best.votes,
    candidates: result.choices.length,
    ...(behaviour ? { behaviour } : {}),
  });

  // generate's details come only with `explain` (generateTask adds them)
  return {
    ...baseResult('generate', deps.model, started),
    generated_code: best.code,
    explanation: best.explanation,
    test_stubs: testStubs,
    confidence: judged.confidence,
    alternatives: ordered
      .slice(1)
      .filter((candidate) => candidate.code)
      .map((candidate) => ({ code: candidate.code, explanation: candidate.explanation })),
    usage,
    language: best.language ?? language ?? null,
    notes: best.notes,
    context: context?.sources ?? [],
    verification: {
      ...verificationOf(best, checksOn),
      confidenceReasons: judged.reasons,
      confidenceEvidence: judged.evidence,
      rounds,
    },
  };
}

/** The verdict on the delivered candidate, with the reasons spelled out (blocking findings in full). */
function verificationOf(
  best: Candidate,
  checksOn: boolean,
): Omit<Verification, 'confidenceReasons' | 'rounds'> {
  const blocking = best.checks.filter((check) => check.blocking);
  const verdict = checksOn
    ? verdictOf(best.checks, { hasCode: best.code.length > 0, needsTestRun: true })
    : {
        status: 'unverified' as const,
        reasons: ['checks were turned off (runChecks: false; --no-checks on the command line)'],
      };
  const detailed = blocking.map(
    (check) =>
      `${check.name}: ${check.reason ?? check.findings.map((finding) => finding.message).join('; ')}`,
  );
  const blockingNames = new Set(blocking.map((check) => check.name));
  return {
    status: verdict.status,
    checks: best.checks,
    blocked: blocking.length > 0,
    reasons: [
      ...detailed,
      ...verdict.reasons.filter(
        (reason) => ![...blockingNames].some((name) => reason.startsWith(`${name} `)),
      ),
    ],
  };
}

function answerNotes(answer: ExtractedAnswer, expected: LanguageId | undefined): string[] {
  const notes: string[] = [];
  if (!answer.code) notes.push('the model answered without code');
  if (answer.mismatch && expected)
    notes.push(
      `the model answered in ${answer.mismatch}, not ${expected}: the code was not checked as ${expected}`,
    );
  const unused = answer.unused ?? [];
  if (unused.length > 0) {
    const described = unused.map(
      (block) =>
        `${block.language ?? (block.info.split(/\s/)[0] || 'untagged')} (${block.lines} line${block.lines === 1 ? '' : 's'})`,
    );
    notes.push(
      `the answer had ${unused.length} more code block${unused.length === 1 ? '' : 's'} that ${unused.length === 1 ? 'was' : 'were'} not used: ${described.join(', ')}`,
    );
  }
  return notes;
}

/** A failing check for code in another language than the target: it cannot go where it was asked for. */
function languageMismatch(found: LanguageId, expected: LanguageId, file: string | undefined): CheckResult {
  return {
    name: 'language',
    status: 'fail',
    reason: `the answer is ${found}, the target is ${expected}`,
    findings: [
      {
        ruleId: 'language-mismatch',
        file: file ?? '<generated>',
        line: 1,
        column: 1,
        severity: 'high',
        message: `the model answered in ${found}, but ${file ? `\`${file}\` is` : 'the request is for'} ${expected}`,
        hint: `ask again (naming the language), or pass --lang ${found} if ${found} is what you want`,
      },
    ],
    durationMs: 0,
  };
}

/** The generate task for every face: the pipeline above, with the host's model, checks and context. */
export const generateTask: TaskDefinition<z.output<typeof generateInput>, 'generate'> = {
  name: 'generate',
  description: 'generate code from a spec, verified before it is shown',
  input: generateInput,
  async run(input, host, options) {
    const emit = options.onEvent ?? (() => {});
    if (input.file)
      refuseFolder(
        host.workspaceRoot,
        input.file,
        'give the file the code is meant for (it need not exist yet)',
      );
    const model = await host.model('generate');
    const result = await generate(input, {
      model,
      checks: await generatedCodeChecks(host),
      checkContext: checkContextFor(host, options.signal),
      ...(input.useContext === false
        ? {}
        : {
            context: (query) =>
              gatherContext(host, { ...query, budgetTokens: contextBudget(model.contextLength) }, emit),
          }),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!input.explain || !result.generated_code || !result.language) return result;
    emit({ type: 'stage', stage: 'run', status: 'start', detail: 'explaining the code' });
    const explained = await explain(
      { code: result.generated_code, language: result.language, ...(input.file ? { file: input.file } : {}) },
      host,
      options.signal ? { signal: options.signal } : {},
    );
    emit({ type: 'stage', stage: 'run', status: 'done', detail: 'explained' });
    return {
      ...result,
      citations: [...result.citations, ...explained.citations],
      notes: [...result.notes, ...explained.notes.map((note) => `explain: ${note}`)],
      usage: addUsage(result.usage, explained.usage),
      details: { ...result.details, explain: { explanation: explained.explanation, ...explained.details } },
    };
  },
};

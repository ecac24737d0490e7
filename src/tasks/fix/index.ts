import { z } from 'zod';
import type { CheckResult } from '../../core/check.js';
import { UsageError } from '../../core/errors.js';
import { languageForPath } from '../../core/languages.js';
import type { ChatMessage } from '../../model/types.js';
import { readWorkspaceText, refuseSecretsFile } from '../../workspace/read-workspace-file.js';
import { judgeConfidence } from '../confidence.js';
import { profileChecks } from '../gate/profiles.js';
import { maxTokensField, temperatureField, workspacePath } from '../input-schemas.js';
import { unifiedDiff } from '../refactor/unified-diff.js';
import { type RepairCandidate, repairLoop } from '../repair-loop.js';
import { checkContextFor, runChecks } from '../run-checks.js';
import type { TaskDefinition, TaskHost, TaskOptions, TaskResultOf } from '../task.js';
import { askModel, baseResult, modelCall, samplingOf, withDetails } from '../task-frame.js';
import { hashContent } from '../test/target.js';
import { verdictOf } from '../verdict.js';
import { type Candidate, checksNotAsBefore, definedNames } from './candidate.js';
import type { FixDetails, FixFinding } from './fix-details.js';
import { answerShape, fenceFor, findingLines, fixMessages } from './prompt.js';
import { readFix } from './read-fix.js';
import {
  attributeFindings,
  type CheckedFinding,
  checksOfTheFix,
  comparableFindings,
  fixableFindings,
  fixRegion,
} from './region.js';

/**
 * `fix`: the findings vouch's gate reports on a file (invented APIs, security flaws, secrets, type and lint
 * errors, licence matches) → a rewrite of the lines that hold them, checked by the same gate. The file is
 * checked first; the model gets the file, the findings with each check's hint, and the lines to rewrite;
 * the rewritten file is checked again, and the verdict is about what the fix did: the findings it was asked
 * to remove must be gone and none may be new (findings the file had elsewhere are not its doing). A fix
 * that falls short goes back to the model with what is left (the repair loop). The task never writes the
 * file: the result carries the new lines and the edit, and faces apply it only when it passed.
 */
export const fixInput = z
  .object({
    /** workspace-relative file to fix */
    file: workspacePath.meta({ title: 'File', description: 'The file to fix, relative to the workspace.' }),
    /** the file's text as the editor holds it (unsaved changes); default: the file on disk */
    text: z.string().max(2_000_000).optional().meta({
      title: 'Unsaved text',
      description:
        "The editor's text of the file when it differs from the file on disk. Default: the file on disk.",
    }),
    /** 1-based, inclusive: only findings on these lines are fixed (the top-level blocks holding them are rewritten) */
    startLine: z.number().int().min(1).optional().meta({
      title: 'First line',
      description: 'Fix only the findings from this line on, counting from 1.',
    }),
    endLine: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ title: 'Last line', description: 'Fix only the findings up to this line, inclusive.' }),
    /** rounds of the repair loop when a fix falls short (default 1) */
    repair: z.number().int().min(0).max(3).optional().meta({
      title: 'Repair rounds',
      description: 'When a fix falls short, how many more times the model may try (0–3). Default 1.',
    }),
    temperature: temperatureField,
    maxTokens: maxTokensField,
  })
  .strict()
  .refine((input) => (input.startLine === undefined) === (input.endLine === undefined), {
    message: 'give both startLine and endLine, or neither',
  })
  .refine((input) => input.startLine === undefined || input.startLine <= input.endLine!, {
    message: 'startLine must not be after endLine',
  });

export type FixInput = z.output<typeof fixInput>;

const DEFAULT_REPAIR_ROUNDS = 1;
/** A rewrite longer than this many lines is not asked for: select a smaller range. */
const MAX_REGION_LINES = 600;

/** One answer of the model, read and checked: what the repair loop weighs. */
interface FixAttempt extends RepairCandidate {
  /** what is left to fix, as the next round is told; empty when nothing is */
  feedback: string[];
  /** the rewrite, when the answer held one complete code block */
  fix?: Candidate;
}

function view({ check, finding }: CheckedFinding): FixFinding {
  return {
    check,
    ruleId: finding.ruleId,
    line: finding.line,
    severity: finding.severity,
    message: finding.message,
    ...(finding.hint ? { hint: finding.hint } : {}),
  };
}

async function run(input: FixInput, host: TaskHost, options: TaskOptions): Promise<TaskResultOf<'fix'>> {
  const started = performance.now();
  const path = input.file;
  const language = languageForPath(path);
  if (!language)
    throw new UsageError(`vouch cannot check ${path}: its language is not one vouch checks`, {
      hint: 'fix a Python, JavaScript or TypeScript file',
    });
  refuseSecretsFile(path, 'fix a source file');
  const text = input.text ?? readWorkspaceText(host.workspaceRoot, path, 'fix a source file');
  // lines without their ending; the fixed file is written with the file's own (CRLF stays CRLF)
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (input.startLine !== undefined && input.startLine > lines.length)
    throw new UsageError(`${path} has ${lines.length} lines; line ${input.startLine} is past its end`);
  // the gate on a file as it stands (tasks/gate/profiles.ts)
  const checks = await profileChecks('save', host.checks);
  const context = checkContextFor(host, options.signal);
  const emit = options.onEvent;

  emit?.({ type: 'stage', stage: 'verify', status: 'start', detail: 'the file as it is' });
  const beforeChecks = await runChecks({ checks, subject: { code: text, language, path }, context });
  emit?.({ type: 'stage', stage: 'verify', status: 'done' });
  const before = fixableFindings(beforeChecks);
  const selected =
    input.startLine !== undefined
      ? { startLine: input.startLine, endLine: Math.min(input.endLine!, lines.length) }
      : undefined;
  const inScope = selected
    ? before.filter(
        (item) => item.finding.line >= selected.startLine && item.finding.line <= selected.endLine,
      )
    : before;
  const notRun = beforeChecks.filter((check) => check.status === 'error');

  if (inScope.length === 0) {
    // nothing to fix: no model is asked (and none has to be configured)
    const result = baseResult('fix', { id: '' }, started);
    result.language = language;
    result.explanation = `The gate found nothing to fix in ${path}${selected ? ` on lines ${selected.startLine}–${selected.endLine}` : ''}.`;
    result.verification.checks = beforeChecks;
    result.verification.status = notRun.length > 0 ? 'unverified' : 'none';
    result.verification.reasons = notRun.map(
      (check) => `${check.name} could not run: ${check.reason ?? 'error'}`,
    );
    if (notRun.length > 0)
      result.notes.push(
        `not every check could run, so there may be findings it did not see: ${notRun.map((check) => check.name).join(', ')}`,
      );
    result.durationMs = Math.round(performance.now() - started);
    return withDetails(result, {
      file: path,
      range: selected ?? { startLine: 1, endLine: lines.length },
      targets: [],
      remaining: [],
      introduced: [],
    });
  }

  const region = fixRegion(
    lines,
    inScope.map((item) => item.finding.line),
  );
  if (region.endLine - region.startLine + 1 > MAX_REGION_LINES)
    throw new UsageError(
      `the findings in ${path} are spread over ${region.endLine - region.startLine + 1} lines, more than a fix rewrites at once (${MAX_REGION_LINES})`,
      {
        hint: `fix a smaller range, e.g. ${path}:${inScope[0]!.finding.line}-${inScope[0]!.finding.line + 20}`,
      },
    );
  const targets = before.filter(
    (item) => item.finding.line >= region.startLine && item.finding.line <= region.endLine,
  );
  const beforeComparable = comparableFindings(beforeChecks);

  const model = await host.model('generate');
  const call = modelCall(model, options);
  const sampling = samplingOf(input);
  const result = baseResult('fix', model, started);
  result.language = language;
  const fence = fenceFor(text);
  const messages: ChatMessage[] = fixMessages({ path, language, lines, region, targets, fence });
  const problems = (item: Candidate) =>
    item.attribution.attributable.length + item.dropped.length + item.notAsBefore.length;
  const ask = async (conversation: ChatMessage[]) => ({
    text: await askModel(call, conversation, sampling),
    finishReason: call.finishReason,
  });
  // an answer read as new lines for the region, the file checked again with them, and what is left
  const verifyAnswer = async (
    { text: answer, finishReason }: Awaited<ReturnType<typeof ask>>,
    round: number,
  ): Promise<FixAttempt> => {
    const unread = (line: string): FixAttempt => ({
      answer,
      status: 'unverified',
      checks: [],
      feedback: [line],
    });
    if (finishReason === 'length')
      return unread(
        'the answer was cut off at the token limit: answer with only the new lines and a sentence',
      );
    const read = await readFix(answer, { path, language, text, lines, region });
    if (typeof read === 'string') return unread(read);
    const { fixedText, region: changedRegion, newRegion } = read;
    emit?.({ type: 'stage', stage: 'verify', status: 'start', detail: 'the fixed file' });
    const afterChecks = await runChecks({
      checks,
      subject: { code: fixedText, language, path },
      context,
      onResult: (check) => emit?.({ type: 'check', candidate: 0, round, result: check }),
    });
    emit?.({ type: 'stage', stage: 'verify', status: 'done' });
    const attribution = attributeFindings({
      before: beforeComparable,
      after: comparableFindings(afterChecks),
      region: changedRegion,
      newRegion,
      text: { before: lines, after: fixedText.split('\n').map((line) => line.replace(/\r$/, '')) },
    });
    const newLines = fixedText
      .split('\n')
      .map((line) => line.replace(/\r$/, ''))
      .slice(newRegion.startLine - 1, newRegion.endLine);
    const namesBefore = definedNames(
      lines.slice(changedRegion.startLine - 1, changedRegion.endLine).join('\n'),
      language,
    );
    const namesAfter = definedNames(newLines.join('\n'), language);
    const fix: Candidate = {
      answer,
      range: changedRegion,
      region: newLines.join(eol),
      fixedText,
      checks: afterChecks,
      attribution,
      dropped: [...namesBefore].filter((name) => !namesAfter.has(name)),
      notAsBefore: checksNotAsBefore(beforeChecks, afterChecks, targets),
    };
    return {
      answer,
      status: verdictOf(checksOfTheFix(afterChecks, attribution.attributable), { hasCode: true }).status,
      checks: afterChecks,
      // empty when nothing is left: a check that could not look again is not the model's to fix
      feedback: [
        ...findingLines(attribution.remaining.filter((item) => !attribution.suppressed.includes(item))).map(
          (line) => `still there: ${line}`,
        ),
        ...findingLines(attribution.suppressed).map(
          (line) => `hidden, not fixed: ${line}: fix the code instead of silencing the checker`,
        ),
        ...findingLines(attribution.introduced).map((line) => `new: ${line}`),
        ...fix.dropped.map((name) => `\`${name}\` is no longer defined: keep every definition of the lines`),
      ],
      fix,
    };
  };

  const first = await verifyAnswer(await ask(messages), 0);
  const { best, last, rounds, notes } = await repairLoop({
    first,
    conversation: messages,
    rounds: input.repair ?? DEFAULT_REPAIR_ROUNDS,
    answerShape: answerShape(region, language),
    feedback: (attempt) => attempt.feedback,
    ask,
    verify: verifyAnswer,
    // a later round that does worse does not replace a better earlier one
    better: (next, kept) =>
      next.fix !== undefined && (kept.fix === undefined || problems(next.fix) <= problems(kept.fix)),
    signal: options.signal,
    onEvent: options.onEvent,
  });
  const candidate = best.fix;
  const lastAnswer = last.answer;
  result.notes.push(...notes);

  const explanationOf = (answer: string) =>
    answer
      .replace(/(`{3,}|~{3,})[^\n]*\n[\s\S]*?\1/g, '')
      .trim()
      .replace(/\n{3,}/g, '\n\n');
  const details: FixDetails = {
    file: path,
    range: candidate?.range ?? region,
    targets: targets.map(view),
    remaining: candidate ? candidate.attribution.remaining.map(view) : targets.map(view),
    introduced: candidate ? candidate.attribution.introduced.map(view) : [],
    ...(candidate ? { fixedText: candidate.fixedText } : {}),
  };
  result.usage = call.usage;
  result.verification.rounds = rounds;
  if (!candidate) {
    result.explanation = explanationOf(lastAnswer);
    result.notes.push(
      call.finishReason === 'length'
        ? 'the answer was cut off at the token limit, so nothing was checked'
        : `the model gave no complete fixed lines that apply to the file (${last.feedback.join('; ')}), so nothing was checked`,
    );
    const verdict = verdictOf([], { hasCode: false });
    result.verification.status = verdict.status;
    result.verification.reasons = verdict.reasons;
    result.verification.checks = beforeChecks;
    result.confidence = 'low';
    result.verification.confidenceReasons = ['the model returned no code'];
    result.durationMs = Math.round(performance.now() - started);
    return withDetails(result, details);
  }
  const fixChecks = checksOfTheFix(candidate.checks, candidate.attribution.attributable);
  const fixed = targets.length - candidate.attribution.remaining.length;
  const problemsLeft = candidate.attribution.attributable.length + candidate.dropped.length;
  const outcome: CheckResult = {
    name: 'findings',
    // targets a check could not look for again are not known to be gone: not verified, not passed
    status: problemsLeft > 0 ? 'fail' : candidate.notAsBefore.length > 0 ? 'error' : 'pass',
    reason: [
      candidate.notAsBefore.length > 0
        ? `not verified: ${candidate.notAsBefore.join('; ')}`
        : `${fixed} of ${targets.length} finding${targets.length === 1 ? '' : 's'} fixed${
            candidate.attribution.suppressed.length > 0
              ? `, ${candidate.attribution.suppressed.length} hidden behind a comment that silences the checker (${[...new Set(candidate.attribution.suppressed.map((item) => /hidden by the fix's `([^`]*)`/.exec(item.finding.message)?.[1] ?? ''))].join(', ')}), not fixed`
              : ''
          }, ${candidate.attribution.introduced.length} new`,
      ...candidate.dropped.map((name) => `the fix removed the definition of \`${name}\``),
    ].join('; '),
    findings: candidate.attribution.attributable.map((item) => item.finding),
    durationMs: 0,
  };
  const verification = [...fixChecks, outcome];
  const verdict = verdictOf(verification, { hasCode: true });
  result.generated_code = candidate.region;
  result.explanation = [explanationOf(candidate.answer), `vouch: ${outcome.reason}.`]
    .filter(Boolean)
    .join('\n\n');
  result.verification.checks = verification;
  result.verification.status = verdict.status;
  result.verification.reasons = verdict.reasons;
  result.verification.blocked = verification.some((check) => check.blocking === true);
  const confidence = judgeConfidence({
    hasCode: true,
    checks: verification,
    checksDisabled: false,
    truncated: false,
    agreement: 1,
    candidates: 1,
  });
  result.confidence = confidence.confidence;
  result.verification.confidenceReasons = confidence.reasons;
  result.verification.confidenceEvidence = confidence.evidence;
  if (candidate.fixedText !== text)
    result.edits = [
      {
        path,
        diff: unifiedDiff({ path, before: text, after: candidate.fixedText }),
        baseHash: hashContent(text),
      },
    ];
  result.notes.push("the project's tests were not run on the fix: run them before you commit it");
  result.durationMs = Math.round(performance.now() - started);
  return withDetails(result, details);
}

export const fixTask: TaskDefinition<FixInput, 'fix'> = {
  name: 'fix',
  description:
    "fix the gate's findings in a file (invented APIs, security flaws, secrets, type and lint errors), checked again by the same gate",
  input: fixInput,
  run,
};

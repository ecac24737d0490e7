import { z } from 'zod';
import type { CheckResult } from '../../core/check.js';
import type { ChatMessage } from '../../model/types.js';
import { checkGeneratedCandidate } from '../candidate-confidence.js';
import { droppedNote, resolveCitations } from '../citations.js';
import { judgeConfidence } from '../confidence.js';
import { extractAnswer } from '../extract.js';
import { profileChecks } from '../gate/profiles.js';
import { chatMessage, languageField } from '../input-schemas.js';
import { GENERATE_SYSTEM_PROMPT } from '../prompt.js';
import { checkContextFor } from '../run-checks.js';
import type { TaskDefinition } from '../task.js';
import { baseResult, streamAnswer, withDetails } from '../task-frame.js';
import { candidateModule, pointTestsAtCandidate } from '../tests-module.js';
import { verdictOf } from '../verdict.js';
import { contextBudget, gatherContext } from '../workspace-context.js';

export const CHAT_SYSTEM_PROMPT = `${GENERATE_SYSTEM_PROMPT}

You are in a conversation with an engineer about their codebase. Answer questions directly; when you cite the project's code, write [path:line] (or [path:start-end]) with the file's own line numbers, and cite only code you were shown. When you write code, put it in a fenced block tagged with its language. If you are not sure, say so.`;

export const chatInput = z
  .object({
    message: z
      .string()
      .trim()
      .min(1, 'say something')
      .meta({ title: 'Message', description: 'What you ask or say.' }),
    /** earlier turns, oldest first, without the system prompt (the face keeps the history) */
    history: z
      .array(chatMessage)
      .default([])
      .meta({ title: 'Conversation so far', description: 'Earlier messages, oldest first.' }),
    /** language to verify code in when the reply's fence does not say */
    language: languageField.optional(),
    useContext: z.boolean().optional().meta({
      title: 'Use code from this repository',
      description: "Put the repository's relevant code in the prompt. Default: yes.",
    }),
  })
  .strict();

export type ChatInput = z.output<typeof chatInput>;

/**
 * One turn of a conversation: context for the question, the streamed reply, and verification of the code
 * in it. The result's `explanation` is the whole reply as written; `generated_code` its main code block;
 * `details.reply` the reply too, for faces that store the conversation. A reply without code is an answer,
 * not unverified code: its verification status is `none`.
 */
export const chatTask: TaskDefinition<ChatInput, 'chat'> = {
  name: 'chat',
  description: 'one turn of a conversation about the codebase; code in the reply is verified',
  input: chatInput,
  async run(input, host, options) {
    const started = performance.now();
    const emit = options.onEvent ?? (() => {});
    const model = await host.model('chat');
    let context: Awaited<ReturnType<typeof gatherContext>>;
    if (input.useContext !== false) {
      emit({ type: 'stage', stage: 'context', status: 'start' });
      context = await gatherContext(
        host,
        { spec: input.message, history: input.history, budgetTokens: contextBudget(model.contextLength) },
        emit,
      );
      emit({
        type: 'stage',
        stage: 'context',
        status: 'done',
        detail: `${context?.sources.length ?? 0} pieces`,
      });
    }
    const user = context?.text
      ? `Context from the project:\n\n${context.text}\n\nQuestion:\n${input.message}`
      : input.message;
    const messages: ChatMessage[] = [
      { role: 'system', content: CHAT_SYSTEM_PROMPT },
      ...input.history,
      { role: 'user', content: user },
    ];
    emit({ type: 'stage', stage: 'model', status: 'start', detail: model.id });
    // chat always streams, with or without a listener
    const { text: reply, usage } = await streamAnswer(
      model,
      { messages, ...(options.signal ? { signal: options.signal } : {}) },
      emit,
    );
    emit({ type: 'stage', stage: 'model', status: 'done' });
    const answer = extractAnswer(reply, input.language);
    const hasCode = (answer.source === 'fence' || answer.source === 'json') && answer.code.length > 0;
    const language = answer.fenceLanguage ?? input.language;
    const notes: string[] = [];
    let checks: CheckResult[] = [];
    // the reply's code is verified as generate verifies a candidate: with the tests the reply gives, run
    // against it (pointed at the module vouch saves it as), and no pass without a test run
    const tests =
      hasCode && language && answer.tests
        ? pointTestsAtCandidate({
            tests: answer.tests,
            code: answer.code,
            language,
            module: candidateModule(undefined),
            root: host.workspaceRoot,
          }).tests
        : '';
    if (hasCode && language) {
      emit({ type: 'stage', stage: 'verify', status: 'start' });
      // generate's one path: the same checks, the model's tests measured, the user's examples run
      checks = await checkGeneratedCandidate({
        checks: await profileChecks('suggestion', host.checks),
        candidate: { code: answer.code, tests, language, path: '<chat>', request: input.message },
        context: checkContextFor(host, options.signal),
        onResult: (result) => emit({ type: 'check', candidate: 0, round: 0, result }),
      });
      emit({ type: 'stage', stage: 'verify', status: 'done' });
    } else if (hasCode) {
      notes.push('the language of the code could not be told, so it was not checked; pass --lang');
    }
    if (answer.unused?.length) {
      notes.push(
        `only the longest code block was verified; ${answer.unused.length} more ${answer.unused.length === 1 ? 'was' : 'were'} not: ${answer.unused.map((block) => block.language ?? (block.info || 'untagged')).join(', ')}`,
      );
    }
    // The same grounding as `ask`: citations stand only when they resolve to real code.
    const grounded = resolveCitations(host.workspaceRoot, reply);
    const dropped = droppedNote(grounded.dropped);
    if (dropped) notes.push(dropped);
    const verdict = hasCode
      ? verdictOf(checks, { needsTestRun: true })
      : { status: 'none' as const, reasons: [] };
    const { confidence, reasons, evidence } = hasCode
      ? judgeConfidence({
          hasCode: true,
          checks,
          checksDisabled: false,
          truncated: false,
          agreement: 1,
          candidates: 1,
        })
      : { confidence: 'low' as const, reasons: ['the reply has no code to verify'], evidence: [] };
    return withDetails<'chat'>(
      {
        ...baseResult('chat', model, started),
        generated_code: hasCode ? answer.code : '',
        explanation: reply,
        test_stubs: hasCode ? tests || answer.tests : '',
        confidence,
        citations: grounded.citations,
        verification: {
          status: verdict.status,
          checks,
          blocked: checks.some((check) => check.blocking),
          reasons: verdict.reasons,
          confidenceReasons: reasons,
          confidenceEvidence: evidence,
          rounds: [],
        },
        notes,
        language: hasCode ? (language ?? null) : null,
        usage,
        context: context?.sources ?? [],
      },
      { reply },
    );
  },
};

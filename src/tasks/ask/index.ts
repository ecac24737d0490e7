import { z } from 'zod';
import { droppedNote, resolveCitations } from '../citations.js';
import { designAnswer } from '../design/index.js';
import type { TaskDefinition, TaskEvent, TaskHost, TaskResultOf } from '../task.js';
import { baseResult, modelAnswer, withDetails } from '../task-frame.js';
import { contextBudget, gatherContext } from '../workspace-context.js';
import type { AskDetails } from './ask-details.js';

/**
 * `ask`: a question about the codebase (how does X work, where is Y decided), answered from what
 * retrieval finds in the index, with citations `[path:line]`. Every citation is checked against the
 * workspace; one that does not resolve is removed from the answer and reported. An answer left with no
 * citation at all is said to be ungrounded. `design: true` asks how to add something instead
 * (`design/`): the codebase's patterns are gathered from the index first, and the answer is a proposal
 * with alternatives.
 */
export const askInput = z
  .object({
    question: z.string().trim().min(1, 'ask a question about the code').meta({
      title: 'Question',
      description: 'A question about this codebase; the answer cites the code it rests on.',
    }),
    /** tokens of repository context in the prompt (default: the model's share, at most 6,000) */
    budgetTokens: z.number().int().min(256).max(100_000).optional().meta({
      title: 'Context budget (tokens)',
      description:
        "How many tokens of the repository's code go into the prompt (256–100,000). Default: the model's share, at most 6,000.",
    }),
    /**
     * a design question ("how should we add X?"): a proposal grounded in the codebase's own patterns
     * (modules, base classes, error handling, test style, each cited), with alternatives and trade-offs
     */
    design: z.boolean().optional().meta({
      title: 'Design question',
      description:
        "Answer with a proposal grounded in the codebase's own patterns, with alternatives and trade-offs. Default: no.",
    }),
  })
  .strict();

export type AskRequest = z.output<typeof askInput>;

export const ASK_SYSTEM_PROMPT = `You are vouch, answering an engineer's question about their codebase. Answer only from the code and facts in the context given; when the context does not answer the question, say so and say where one would look.

Cite the code every statement rests on as [path:line] or [path:start-end], with the path and the line numbers of the file (each piece of context is headed by its path and line range). Never cite a file or line that is not in the context. Be brief: a direct answer first, then the details.`;

export async function ask(
  request: AskRequest,
  host: TaskHost,
  options: { signal?: AbortSignal; onEvent?: (event: TaskEvent) => void },
): Promise<TaskResultOf<'ask'>> {
  if (request.design) return designAnswer(request, host, options);
  const started = performance.now();
  const emit = options.onEvent ?? (() => {});
  const model = await host.model('chat');
  emit({ type: 'stage', stage: 'context', status: 'start' });
  const notes: string[] = [];
  const context = await gatherContext(
    host,
    { spec: request.question, budgetTokens: request.budgetTokens ?? contextBudget(model.contextLength) },
    (event) => {
      if (event.type === 'notice') notes.push(event.message);
      emit(event);
    },
  );
  emit({ type: 'stage', stage: 'context', status: 'done', detail: `${context?.sources.length ?? 0} pieces` });
  const messages = [
    { role: 'system' as const, content: ASK_SYSTEM_PROMPT },
    {
      role: 'user' as const,
      content: `${context ? `Context from the repository:\n\n${context.text}\n\n` : ''}Question: ${request.question}`,
    },
  ];
  emit({ type: 'stage', stage: 'model', status: 'start', detail: model.id });
  const call = { messages, temperature: 0.2, ...(options.signal ? { signal: options.signal } : {}) };
  const { text, usage } = await modelAnswer(model, call, options.onEvent ? emit : undefined);
  emit({ type: 'stage', stage: 'model', status: 'done' });

  const resolved = resolveCitations(host.workspaceRoot, text);
  const dropped = droppedNote(resolved.dropped);
  if (dropped) notes.push(dropped);
  const ungrounded = resolved.citations.length === 0;
  if (!text.trim()) notes.push('the model returned no answer');
  else if (ungrounded)
    notes.push('the answer cites no code of this workspace: treat it as not grounded in the code');
  if (text.trim() && !resolved.text.trim())
    notes.push('every claim of the answer rested on citations that do not resolve, so none of it is shown');
  const details: AskDetails = { dropped: resolved.dropped, ungrounded };
  return withDetails<'ask'>(
    {
      ...baseResult('ask', model, started),
      explanation: resolved.text.trim(),
      confidence: ungrounded ? 'low' : 'medium',
      citations: resolved.citations,
      verification: {
        status: 'none',
        checks: [],
        blocked: false,
        reasons: [],
        confidenceReasons: [
          ungrounded
            ? 'no citation resolves to code in this workspace'
            : 'every citation left in the answer resolves to real code; the prose is the model’s reading of it',
        ],
        rounds: [],
      },
      notes,
      usage,
      context: context?.sources ?? [],
    },
    details,
  );
}

export const askTask: TaskDefinition<AskRequest, 'ask'> = {
  name: 'ask',
  description:
    'answer a question about the codebase from retrieval, with citations that resolve to real code; `design: true` proposes how to add something from the patterns the codebase already uses',
  input: askInput,
  run: (input, host, options) => ask(input, host, options),
};

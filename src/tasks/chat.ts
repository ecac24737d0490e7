import type { Check, CheckContext, CheckResult } from '../core/check.js';
import type { LanguageId } from '../core/languages.js';
import type { ChatMessage, LanguageModel, Usage } from '../model/types.js';
import { extractAnswer } from './extract.js';
import type { PromptContext } from './generate.js';
import { GENERATE_SYSTEM_PROMPT } from './prompt.js';
import { runChecks } from './run-checks.js';
import { type VerdictStatus, verdictOf } from './verdict.js';

export const CHAT_SYSTEM_PROMPT = `${GENERATE_SYSTEM_PROMPT}

You are in a conversation with an engineer about their codebase. Answer questions directly; when you cite the project's code, name the file and line. When you write code, put it in a fenced block tagged with its language. If you are not sure, say so.`;

export interface ChatTurnInput {
  /** earlier turns, oldest first, without the system prompt */
  history: ChatMessage[];
  message: string;
  /** language to verify code in when the reply's fence does not say */
  language?: LanguageId;
}

export interface ChatTurnDeps {
  model: LanguageModel;
  checks: Check[];
  checkContext: CheckContext;
  context?: (query: { spec: string }) => Promise<PromptContext | undefined>;
  onDelta?: (delta: string) => void;
  signal?: AbortSignal;
}

export interface ChatTurnOutput {
  reply: string;
  /** the main code block of the reply, verified; empty when the reply has no code */
  code: string;
  language: LanguageId | null;
  /**
   * the verdict on the code (tasks/verdict.ts), or `none` when the reply has no code to verify (an answer
   * in prose is not unverified code)
   */
  verification: {
    status: VerdictStatus | 'none';
    checks: CheckResult[];
    blocked: boolean;
    reasons: string[];
  };
  /** what happened to code in the reply that the engineer should know (blocks left out, another language) */
  notes: string[];
  context: PromptContext['sources'];
  model: string;
  usage: Usage;
}

/** One turn: context for the question, the streamed reply, and verification of any code in it. */
export async function chatTurn(input: ChatTurnInput, deps: ChatTurnDeps): Promise<ChatTurnOutput> {
  const context = deps.context ? await deps.context({ spec: input.message }) : undefined;
  const user = context?.text
    ? `Context from the project:\n\n${context.text}\n\nQuestion:\n${input.message}`
    : input.message;
  const messages: ChatMessage[] = [
    { role: 'system', content: CHAT_SYSTEM_PROMPT },
    ...input.history,
    { role: 'user', content: user },
  ];
  let reply = '';
  let usage: Usage = { inputTokens: undefined, outputTokens: undefined };
  for await (const part of deps.model.streamChat({
    messages,
    ...(deps.signal ? { signal: deps.signal } : {}),
  })) {
    if (part.type === 'text-delta') {
      reply += part.delta;
      deps.onDelta?.(part.delta);
    } else if (part.type === 'finish') {
      usage = part.usage;
    } else {
      throw part.error;
    }
  }
  const answer = extractAnswer(reply, input.language);
  const hasCode = (answer.source === 'fence' || answer.source === 'json') && answer.code.length > 0;
  const language = answer.fenceLanguage ?? input.language;
  const notes: string[] = [];
  let checks: CheckResult[] = [];
  if (hasCode && language) {
    checks = await runChecks(
      deps.checks,
      { code: `${answer.code}\n`, language, path: '<chat>' },
      deps.checkContext,
    );
  } else if (hasCode) {
    notes.push('the language of the code could not be told, so it was not checked; pass --lang');
  }
  if (answer.unused?.length) {
    notes.push(
      `only the longest code block was verified; ${answer.unused.length} more ${answer.unused.length === 1 ? 'was' : 'were'} not: ${answer.unused.map((block) => block.language ?? (block.info || 'untagged')).join(', ')}`,
    );
  }
  const verdict = hasCode ? verdictOf(checks) : { status: 'none' as const, reasons: [] };
  return {
    reply,
    code: hasCode ? answer.code : '',
    language: hasCode ? (language ?? null) : null,
    verification: {
      status: verdict.status,
      checks,
      blocked: checks.some((check) => check.blocking),
      reasons: verdict.reasons,
    },
    notes,
    context: context?.sources ?? [],
    model: deps.model.id,
    usage,
  };
}

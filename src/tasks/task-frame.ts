import type { LanguageId } from '../core/languages.js';
import type { ChatMessage, FinishReason, LanguageModel, Usage } from '../model/types.js';
import { type CodeBlock, compatibleLanguage, findCodeBlocks } from './extract.js';
import type { TaskDetailsOf, TaskEvent, TaskName, TaskOptions, TaskResultOf, Verification } from './task.js';

/** Pieces the test, refactor, review, debug, design and complete tasks share: the model call, usage sums, the result's frame. */

export interface ModelCall {
  model: LanguageModel;
  usage: Usage;
  /** why the model stopped its last answer (`length`: cut off at the token limit) */
  finishReason?: FinishReason;
  onEvent?: (event: TaskEvent) => void;
  signal?: AbortSignal;
}

/** A task's calls to its model: usage summed from zero, the task's listener and signal passed on. */
export function modelCall(model: LanguageModel, options: TaskOptions): ModelCall {
  return {
    model,
    usage: { inputTokens: undefined, outputTokens: undefined },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/** The sampling settings a task's input may override (the model's defaults otherwise). */
export function samplingOf(input: { temperature?: number | undefined; maxTokens?: number | undefined }): {
  temperature?: number;
  maxTokens?: number;
} {
  return {
    ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
    ...(input.maxTokens !== undefined ? { maxTokens: input.maxTokens } : {}),
  };
}

/** Token counts summed; either side may lack one (a result's `usage` leaves out what was not counted). */
export function addUsage(total: Partial<Usage>, more: Partial<Usage>): Usage {
  const sum = (a: number | undefined, b: number | undefined) =>
    a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
  return {
    inputTokens: sum(total.inputTokens, more.inputTokens),
    outputTokens: sum(total.outputTokens, more.outputTokens),
  };
}

/** Asks the model once (streamed to the listener when it can stream) and adds what it cost to `call.usage`. */
export async function askModel(
  call: ModelCall,
  messages: ChatMessage[],
  options: { temperature?: number; maxTokens?: number } = {},
): Promise<string> {
  const request = {
    messages,
    temperature: options.temperature ?? 0.2,
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
    ...(call.signal ? { signal: call.signal } : {}),
  };
  call.onEvent?.({ type: 'stage', stage: 'model', status: 'start', detail: call.model.id });
  try {
    if (!call.onEvent || !call.model.capabilities.stream) {
      const result = await call.model.chat(request);
      call.usage = addUsage(call.usage, result.usage);
      call.finishReason = result.choices[0]?.finishReason;
      return result.choices[0]?.text ?? '';
    }
    let text = '';
    for await (const part of call.model.streamChat(request)) {
      if (part.type === 'text-delta') {
        text += part.delta;
        call.onEvent({ type: 'text-delta', delta: part.delta });
      } else if (part.type === 'finish') {
        call.usage = addUsage(call.usage, part.usage);
        call.finishReason = part.finishReason;
        return text;
      } else throw part.error;
    }
    return text;
  } finally {
    call.onEvent?.({ type: 'stage', stage: 'model', status: 'done' });
  }
}

/** An answer's code block: its longest fenced block in the language (or untagged), else its longest block. */
export function pickCodeBlock(text: string, language: LanguageId): CodeBlock | undefined {
  const blocks = findCodeBlocks(text);
  const fitting = blocks.filter((block) => compatibleLanguage(block.language, language));
  const pool = fitting.length ? fitting : blocks;
  return pool.reduce<CodeBlock | undefined>(
    (best, block) => (!best || block.body.length > best.body.length ? block : best),
    undefined,
  );
}

/** The code of an answer: its longest fenced block in the language (or any), else the bare text when it is code. */
export function pickCode(text: string, language: LanguageId, looksLikeCode: RegExp): string {
  const block = pickCodeBlock(text, language);
  if (block) return block.body.trimEnd();
  return looksLikeCode.test(text) ? text.trim() : '';
}

/** The numbered lines of a source, as prompts show code so the model can name lines. */
export function numbered(source: string, startLine = 1, endLine = Number.POSITIVE_INFINITY): string {
  return source
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ number }) => number >= startLine && number <= endLine)
    .map(({ line, number }) => `${String(number).padStart(4)}  ${line}`)
    .join('\n');
}

export function emptyVerification(): Verification {
  return { status: 'none', checks: [], blocked: false, reasons: [], confidenceReasons: [], rounds: [] };
}

/** A result being filled in: every field of the contract but `details`, which the task gives last. */
export type ResultFrame<Name extends TaskName> = Omit<TaskResultOf<Name>, 'details'>;

/** A result with every field of the contract but `details`; the task fills in what it has. */
export function baseResult<Name extends TaskName>(
  task: Name,
  model: Pick<LanguageModel, 'id'>,
  started: number,
): ResultFrame<Name> {
  return {
    task,
    generated_code: '',
    edits: [],
    explanation: '',
    test_stubs: '',
    confidence: 'low',
    alternatives: [],
    citations: [],
    verification: emptyVerification(),
    notes: [],
    language: null,
    model: model.id,
    usage: { inputTokens: undefined, outputTokens: undefined },
    context: [],
    durationMs: Math.round(performance.now() - started),
    // the frame is every task's but for `task`, which TypeScript cannot follow through `Name`
  } as unknown as ResultFrame<Name>;
}

/** The finished result: the frame with the task's `details`, of its schema. */
export function withDetails<Name extends TaskName>(
  frame: ResultFrame<Name>,
  details: TaskDetailsOf<Name>,
): TaskResultOf<Name> {
  return { ...frame, details } as TaskResultOf<Name>;
}

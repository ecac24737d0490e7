import type { LanguageId } from '../core/languages.js';
import type { ChatMessage, ChatRequest, FinishReason, LanguageModel, Usage } from '../model/types.js';
import { type CodeBlock, compatibleLanguage, findCodeBlocks } from './extract.js';
import type { TaskDetailsOf, TaskEvent, TaskName, TaskOptions, TaskResultOf, Verification } from './task.js';

/** Pieces every task shares: the model call and its one streaming loop, usage sums, the result's frame. */

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

/** One answer of a model: its text, what it cost and why it stopped (`finished`: false when a stream ended without saying). */
export interface ModelAnswer {
  text: string;
  usage: Usage;
  finishReason: FinishReason | undefined;
  /** the model id the provider says answered (undefined when a stream ended without saying) */
  model: string | undefined;
  finished: boolean;
}

/**
 * The one loop that streams a model's answer into events: each piece of text as a `text-delta` to the
 * listener as it is written, the answer's usage and finish reason from the stream's last part. A part
 * that is an error is thrown; a stream that ends without a finish part gives what was written, unfinished.
 */
export async function streamAnswer(
  model: LanguageModel,
  request: ChatRequest,
  onEvent: (event: TaskEvent) => void,
): Promise<ModelAnswer> {
  let text = '';
  for await (const part of model.streamChat(request)) {
    if (part.type === 'text-delta') {
      text += part.delta;
      onEvent({ type: 'text-delta', delta: part.delta });
    } else if (part.type === 'finish') {
      return { text, usage: part.usage, finishReason: part.finishReason, model: part.model, finished: true };
    } else throw part.error;
  }
  return {
    text,
    usage: { inputTokens: undefined, outputTokens: undefined },
    finishReason: undefined,
    model: undefined,
    finished: false,
  };
}

/** One answer: streamed (`streamAnswer`) when there is a listener and the model can stream, else asked at once. */
export async function modelAnswer(
  model: LanguageModel,
  request: ChatRequest,
  onEvent: ((event: TaskEvent) => void) | undefined,
): Promise<ModelAnswer> {
  if (onEvent && model.capabilities.stream) return streamAnswer(model, request, onEvent);
  const result = await model.chat(request);
  const choice = result.choices[0];
  return {
    text: choice?.text ?? '',
    usage: result.usage,
    finishReason: choice?.finishReason,
    model: result.model,
    finished: true,
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
    const answer = await modelAnswer(call.model, request, call.onEvent);
    if (answer.finished) {
      call.usage = addUsage(call.usage, answer.usage);
      call.finishReason = answer.finishReason;
    }
    return answer.text;
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

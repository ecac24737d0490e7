import type { ChatHistoryItem, GenerationOptions, StopReason } from '../local/llama-api.js';
import { type LoadedModel, type LoadSettings, loadLocalModel } from '../local/loaded-models.js';
import { isModelError, ModelError } from '../model-error.js';
import type {
  CallOptions,
  ChatMessage,
  ChatRequest,
  Choice,
  FimRequest,
  FinishReason,
  GenerateResult,
  LanguageModel,
  StreamPart,
  Usage,
} from '../types.js';
import { addUsage } from '../usage.js';
import { assertOneStream } from './adapter-options.js';

/**
 * `local:` — a GGUF model run in this process by llama.cpp (node-llama-cpp). The chat template and the
 * fill-in-the-middle tokens come from the file's own metadata. Prompts never leave the machine.
 *
 * The context window is a hard limit: a prompt that does not fit is refused (`context-length`) rather
 * than silently cut, and an answer stops (`length`) when the window is full. `contextLength` tells the
 * context assembler how much room there is.
 */
export interface LocalModelOptions {
  /** the GGUF file */
  path: string;
  /** what follows `local:` in the id: a catalogue name or the path as the user gave it */
  modelId: string;
  settings: LoadSettings;
}

/** An answer needs room to be worth starting: a prompt that leaves less than this is refused. */
const MIN_ANSWER_TOKENS = 16;

function finishReason(reason: StopReason): FinishReason {
  return reason === 'maxTokens' ? 'length' : reason === 'functionCalls' ? 'tool-calls' : 'stop';
}

/** System turns are joined into one at the start: many GGUF chat templates accept no other place. */
function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const system = messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n\n');
  const history: ChatHistoryItem[] = system ? [{ type: 'system', text: system }] : [];
  for (const message of messages) {
    if (message.role === 'user') history.push({ type: 'user', text: message.content });
    else if (message.role === 'assistant') history.push({ type: 'model', response: [message.content] });
  }
  history.push({ type: 'model', response: [] });
  return history;
}

/** The caller's signal and the call's timeout, as one signal; `timedOut` tells which fired. */
function callSignal(options: CallOptions): { signal: AbortSignal | undefined; timedOut: () => boolean } {
  const timeout = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
  const signals = [options.signal, timeout].filter((signal): signal is AbortSignal => signal !== undefined);
  return {
    signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
    timedOut: () => timeout?.aborted === true && options.signal?.aborted !== true,
  };
}

interface Generated {
  text: string;
  finishReason: FinishReason;
  usage: Usage;
}

export function createLocalModel(options: LocalModelOptions): LanguageModel {
  const id = `local:${options.modelId}`;
  const loaded = () => loadLocalModel(options.path, options.settings);

  const failure = (error: unknown, call: ReturnType<typeof callSignal>): ModelError => {
    if (isModelError(error)) return error;
    if (call.timedOut()) {
      return new ModelError('timeout', `${id} did not finish within the call's timeout`, {
        hint: 'raise the timeout, ask for fewer tokens (--max-tokens), or use a smaller model',
        cause: error,
      });
    }
    if (call.signal?.aborted) {
      return new ModelError('aborted', 'the model request was cancelled', {
        hint: 'the caller aborted the request; nothing to fix',
        cause: error,
      });
    }
    return new ModelError('server', `${id} failed: ${(error as Error)?.message ?? String(error)}`, {
      hint: 'llama.cpp reported the error above; VOUCH_DEBUG=1 shows the stack',
      isRetryable: false,
      provider: 'local',
      cause: error,
    });
  };

  const tooLong = (promptTokens: number, model: LoadedModel): ModelError =>
    new ModelError(
      'context-length',
      `the prompt has ${promptTokens} tokens, but ${id}'s context holds ${model.contextSize} (with room for an answer)`,
      {
        hint: 'shorten the request or its context (--no-context), or raise [providers.local] context_size if the model was trained for more',
        provider: 'local',
      },
    );

  const generationOptions = async ({
    request,
    model,
    room,
    call,
    onText,
    count,
  }: {
    request: CallOptions;
    model: LoadedModel;
    room: number;
    call: ReturnType<typeof callSignal>;
    onText: ((text: string) => void) | undefined;
    count: (tokens: number) => void;
  }): Promise<GenerationOptions> => ({
    maxTokens: Math.min(request.maxTokens ?? room, room),
    temperature: request.temperature ?? 0,
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(call.signal ? { signal: call.signal } : {}),
    stopOnAbortSignal: false,
    ...(request.stop?.length ? { customStopTriggers: request.stop } : {}),
    ...(request.responseFormat === 'json' ? { grammar: await model.jsonGrammar() } : {}),
    ...(onText ? { onTextChunk: onText } : {}),
    onToken: (tokens) => count(tokens.length),
  });

  const chatOnce = async (request: ChatRequest, onText?: (text: string) => void): Promise<Generated> => {
    const call = callSignal(request);
    try {
      const model = await loaded();
      return await model.exclusive(async (sequence) => {
        const chat = new model.api.LlamaChat({
          contextSequence: sequence,
          chatWrapper: model.chatWrapper(),
          autoDisposeSequence: false,
        });
        try {
          const history = toHistory(request.messages);
          const promptTokens = chat.chatWrapper
            .generateContextState({ chatHistory: history })
            .contextText.tokenize(model.model.tokenizer).length;
          const room = model.contextSize - promptTokens;
          if (room < MIN_ANSWER_TOKENS) throw tooLong(promptTokens, model);
          let outputTokens = 0;
          const result = await chat.generateResponse(
            history,
            await generationOptions({
              request,
              model,
              room,
              call,
              onText,
              count: (tokens) => {
                outputTokens += tokens;
              },
            }),
          );
          return {
            text: result.response,
            finishReason: finishReason(result.metadata.stopReason),
            usage: { inputTokens: promptTokens, outputTokens },
          };
        } finally {
          chat.dispose({ disposeSequence: false });
        }
      });
    } catch (error) {
      throw failure(error, call);
    }
  };

  const fimOnce = async (request: FimRequest): Promise<Generated> => {
    const call = callSignal(request);
    try {
      const model = await loaded();
      return await model.exclusive(async (sequence) => {
        const completion = new model.api.LlamaCompletion({
          contextSequence: sequence,
          autoDisposeSequence: false,
        });
        try {
          if (!completion.infillSupported) {
            throw new ModelError(
              'unsupported',
              `${id} has no fill-in-the-middle tokens in its GGUF metadata`,
              {
                hint: 'use a code model trained for it (Qwen2.5-Coder, StarCoder2, DeepSeek-Coder, Codestral), or ask by chat',
                provider: 'local',
              },
            );
          }
          // When prefix and suffix do not both fit, node-llama-cpp keeps the end of the prefix and the
          // start of the suffix (the cursor's surroundings) within 90% of the window, as llama.cpp's
          // own infill does; three tokens mark prefix, suffix and middle.
          const inputTokens = Math.min(
            model.model.tokenize(request.prefix).length + model.model.tokenize(request.suffix).length + 3,
            Math.floor(model.contextSize * 0.9),
          );
          let outputTokens = 0;
          const result = await completion.generateInfillCompletionWithMeta(
            request.prefix,
            request.suffix,
            await generationOptions({
              request,
              model,
              room: model.contextSize - inputTokens,
              call,
              onText: undefined,
              count: (tokens) => {
                outputTokens += tokens;
              },
            }),
          );
          return {
            text: result.response,
            finishReason: finishReason(result.metadata.stopReason),
            usage: { inputTokens, outputTokens },
          };
        } finally {
          completion.dispose({ disposeSequence: false });
        }
      });
    } catch (error) {
      throw failure(error, call);
    }
  };

  const samples = async (n: number, once: () => Promise<Generated>): Promise<GenerateResult> => {
    const choices: Choice[] = [];
    let usage: Usage = { inputTokens: 0, outputTokens: 0 };
    for (let index = 0; index < n; index++) {
      const generated = await once();
      choices.push({ text: generated.text, finishReason: generated.finishReason });
      usage = addUsage(usage, generated.usage);
    }
    return { choices, usage, model: options.modelId };
  };

  return {
    provider: 'local',
    modelId: options.modelId,
    id,
    location: 'local',
    contextLength: options.settings.contextSize,
    capabilities: { chat: true, stream: true, fim: true, embed: false, json: true },
    chat(request) {
      return samples(Math.max(1, request.n ?? 1), () => chatOnce(request));
    },
    async *streamChat(request): AsyncGenerator<StreamPart> {
      assertOneStream(request, id);
      // Stopping early (a consumer that breaks out of the loop) aborts the generation.
      const stop = new AbortController();
      const signal = request.signal ? AbortSignal.any([request.signal, stop.signal]) : stop.signal;
      const deltas: string[] = [];
      let wake: (() => void) | undefined;
      let outcome: { result: Generated } | { error: unknown } | undefined;
      const run = chatOnce({ ...request, signal }, (text) => {
        deltas.push(text);
        wake?.();
      }).then(
        (result) => {
          outcome = { result };
        },
        (error: unknown) => {
          outcome = { error };
        },
      );
      void run.finally(() => wake?.());
      let started = false;
      try {
        while (true) {
          const delta = deltas.shift();
          if (delta !== undefined) {
            started = true;
            yield { type: 'text-delta', delta };
            continue;
          }
          if (outcome) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
        if ('error' in outcome) {
          if (!started) throw outcome.error;
          yield { type: 'error', error: outcome.error as Error };
          return;
        }
        yield {
          type: 'finish',
          finishReason: outcome.result.finishReason,
          usage: outcome.result.usage,
          model: options.modelId,
        };
      } finally {
        if (!outcome) {
          stop.abort(new Error('the stream was closed by its reader'));
          await run;
        }
      }
    },
    fim(request) {
      return samples(Math.max(1, request.n ?? 1), () => fimOnce(request));
    },
    async embed() {
      throw new ModelError('unsupported', `${id} is a code model; it makes no embeddings`, {
        hint: 'set [model] embed to an embedding model, e.g. "ollama:nomic-embed-text"',
      });
    },
  };
}

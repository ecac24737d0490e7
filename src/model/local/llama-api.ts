/**
 * The part of node-llama-cpp (3.21) that vouch uses, typed here so that vouch builds and runs without
 * the package: it is an optional dependency, loaded by `loadLlamaApi()` only when a `local:` model is
 * used. Keep these shapes in step with the pinned version (package.json).
 */
export type Token = number;

export type ChatHistoryItem =
  | { type: 'system'; text: string }
  | { type: 'user'; text: string }
  | { type: 'model'; response: string[] };

export type StopReason =
  | 'eogToken'
  | 'stopGenerationTrigger'
  | 'customStopTrigger'
  | 'functionCalls'
  | 'maxTokens'
  | 'abort';

export interface GenerationOptions {
  maxTokens?: number;
  temperature?: number;
  seed?: number;
  signal?: AbortSignal;
  stopOnAbortSignal?: boolean;
  customStopTriggers?: string[];
  grammar?: LlamaGrammar;
  onTextChunk?: (text: string) => void;
  onToken?: (tokens: Token[]) => void;
}

export interface LlamaGrammar {
  readonly __grammar?: never;
}

export type Tokenizer = (text: string, specialTokens?: boolean) => Token[];

export interface LlamaModel {
  readonly trainContextSize: number;
  readonly tokenizer: Tokenizer;
  tokenize(text: string, specialTokens?: boolean): Token[];
  createContext(options: {
    contextSize?: number;
    threads?: number;
    sequences?: number;
    batchSize?: number;
  }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}

export interface LlamaContext {
  readonly contextSize: number;
  getSequence(): LlamaContextSequence;
  dispose(): Promise<void>;
}

export interface LlamaContextSequence {
  clearHistory(): Promise<void>;
  dispose(): void;
}

export interface Llama {
  readonly gpu: string | false;
  loadModel(options: { modelPath: string }): Promise<LlamaModel>;
  getGrammarFor(type: 'json'): Promise<LlamaGrammar>;
  dispose(): Promise<void>;
}

/** Renders a chat history with the model's template (from its GGUF metadata). */
export interface ChatWrapper {
  readonly wrapperName: string;
  generateContextState(options: { chatHistory: ChatHistoryItem[] }): {
    contextText: { tokenize(tokenizer: Tokenizer): Token[] };
  };
}

export interface LlamaChat {
  readonly chatWrapper: ChatWrapper;
  generateResponse(
    history: ChatHistoryItem[],
    options: GenerationOptions,
  ): Promise<{ response: string; metadata: { stopReason: StopReason } }>;
  dispose(options?: { disposeSequence?: boolean }): void;
}

export interface LlamaCompletion {
  readonly infillSupported: boolean;
  generateInfillCompletionWithMeta(
    prefix: string,
    suffix: string,
    options: GenerationOptions,
  ): Promise<{ response: string; metadata: { stopReason: StopReason } }>;
  dispose(options?: { disposeSequence?: boolean }): void;
}

export type LlamaLogLevel = 'disabled' | 'fatal' | 'error' | 'warn' | 'info' | 'log' | 'debug';

export interface LlamaApi {
  getLlama(options: {
    gpu?: 'auto' | false | 'cuda' | 'vulkan' | 'metal';
    build?: 'never';
    logLevel?: LlamaLogLevel;
    logger?: (level: LlamaLogLevel, message: string) => void;
    progressLogs?: boolean;
  }): Promise<Llama>;
  /** the chat template the model's metadata asks for; slow (it compares Jinja templates), so called once */
  resolveChatWrapper(model: LlamaModel): ChatWrapper;
  LlamaChat: new (options: {
    contextSequence: LlamaContextSequence;
    chatWrapper: ChatWrapper;
    autoDisposeSequence?: boolean;
  }) => LlamaChat;
  LlamaCompletion: new (options: {
    contextSequence: LlamaContextSequence;
    autoDisposeSequence?: boolean;
  }) => LlamaCompletion;
}

/** The pinned version, named in install hints. */
export const LLAMA_PACKAGE = 'node-llama-cpp';
export const LLAMA_VERSION = '3.21.1';

// A variable, not a literal: TypeScript must not resolve (and require) the optional package at build time.
const packageName: string = LLAMA_PACKAGE;

/** Whether node-llama-cpp is installed, without loading it. */
export function llamaRuntimeInstalled(): boolean {
  try {
    import.meta.resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

let api: Promise<LlamaApi | undefined> | undefined;

/** node-llama-cpp, loaded on first use; `undefined` when it is not installed. */
export function loadLlamaApi(): Promise<LlamaApi | undefined> {
  api ??= import(packageName).then(
    (module) => module as LlamaApi,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ERR_MODULE_NOT_FOUND') return undefined;
      api = undefined;
      throw error;
    },
  );
  return api;
}

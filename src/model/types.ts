/**
 * The provider-neutral model contract. Logic-free: adapters implement it, everything above `model/`
 * talks to it alone. Nothing here imports the rest of vouch.
 */

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

/** Options every generating call accepts. Unsupported options are ignored by an adapter only where documented. */
export interface CallOptions {
  temperature?: number;
  maxTokens?: number;
  stop?: string[];
  /** number of samples; adapters whose API has no `n` make that many calls. `streamChat` streams one: n > 1 is refused */
  n?: number;
  seed?: number;
  /** ask the provider for a JSON object where it supports it (OpenAI `response_format`, Ollama `format`) */
  responseFormat?: 'text' | 'json';
  /** cancels the request, its retries and any stream in flight */
  signal?: AbortSignal;
  /**
   * per-request timeout: covers connect, first byte and the whole body; for a stream, the first byte and
   * every gap between chunks (a stalled stream times out, a long healthy one does not)
   */
  timeoutMs?: number;
  /** facts about the call that some adapters use: `replay` answers by `taskId` */
  metadata?: CallMetadata;
}

export interface CallMetadata {
  /** the evaluation task this call answers (e.g. `HumanEval/12`) */
  taskId?: string;
}

export interface ChatRequest extends CallOptions {
  /** system turns may appear anywhere; adapters whose API wants one system string join them */
  messages: ChatMessage[];
}

/** Fill-in-the-middle: the model writes what goes between `prefix` and `suffix`. */
export interface FimRequest extends CallOptions {
  prefix: string;
  suffix: string;
}

export interface EmbedRequest {
  input: string[];
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'other';

export interface Usage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
}

export interface Choice {
  text: string;
  finishReason: FinishReason;
}

export interface GenerateResult {
  /** one per sample; `choices.length === n` */
  choices: Choice[];
  usage: Usage;
  /** the model id the provider says answered */
  model: string;
}

export interface EmbedResult {
  embeddings: number[][];
  usage: Usage;
  model: string;
}

/**
 * Parts of a streamed chat. Failures before the first byte throw; failures after it arrive as one
 * `error` part, which is always the last part. A stream never ends without `finish` or `error`.
 */
export type StreamPart =
  | { type: 'text-delta'; delta: string }
  | { type: 'finish'; finishReason: FinishReason; usage: Usage; model: string }
  | { type: 'error'; error: Error };

export interface ModelCapabilities {
  chat: boolean;
  stream: boolean;
  fim: boolean;
  embed: boolean;
  json: boolean;
}

/** Where the model runs: decides whether prompts are redacted and whether policy allows sending code. */
export type ModelLocation = 'local' | 'remote';

export interface LanguageModel {
  /** `openai`, `anthropic`, `ollama`, `llamacpp`, `replay`, … */
  readonly provider: string;
  readonly modelId: string;
  /** `provider:modelId`, as the user writes it */
  readonly id: string;
  readonly location: ModelLocation;
  /**
   * where its requests go, as the audit log records them: scheme, host and path of the base URL (never a
   * query or credentials); undefined for a model that runs in this process
   */
  readonly endpoint?: string;
  readonly capabilities: ModelCapabilities;
  /**
   * the tokens its context window holds (prompt and answer together), when the adapter knows it
   * (`local:` models); prompts built for it must fit, so the context assembler budgets by it
   */
  readonly contextLength?: number;
  chat(request: ChatRequest): Promise<GenerateResult>;
  streamChat(request: ChatRequest): AsyncIterable<StreamPart>;
  fim(request: FimRequest): Promise<GenerateResult>;
  embed(request: EmbedRequest): Promise<EmbedResult>;
}

/**
 * Replaces secrets in outgoing text with stable placeholders. The security layer implements it; the model
 * layer applies it to every prompt bound for a remote provider. Placeholders are never turned back into
 * secrets: a model that never saw a value cannot have meant to write it, and code with it put back would
 * carry it into the sandbox, the next prompt, the store and the export.
 */
export interface PromptRedactor {
  /**
   * a fresh mapping for one request: the same secret gets the same placeholder in every message;
   * `reserved`: the request's texts, whose placeholders (from earlier answers) a new secret must not take
   */
  begin(options?: { reserved?: readonly string[] }): RedactionSession;
}

export interface RedactionSession {
  redact(text: string): string;
  /** how many distinct secrets were replaced so far */
  readonly count: number;
  /**
   * the placeholders handed out so far. Optional: with it, a stream is held back only while its tail
   * could be the start of a placeholder; without it, while the tail has no whitespace (placeholders
   * are assumed to contain none).
   */
  placeholders?(): readonly string[];
}

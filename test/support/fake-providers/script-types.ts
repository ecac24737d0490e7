/**
 * What a test scripts the fake server to answer. One entry answers one request; a route's queue is
 * consumed in order, then the route falls back to its handler (if any) or a default reply.
 */

/** An answer in the route's own protocol: JSON, or a stream when the request asked for one. */
export interface ReplySpec {
  kind?: 'reply';
  /** the answer text (ignored when `choices` is given) */
  text?: string;
  /** several samples (OpenAI `n`); non-streaming only */
  choices?: string[];
  /** how the text is split into stream deltas; default: about four pieces */
  deltas?: string[];
  /** the provider's own finish/stop reason word, e.g. `stop`, `length`, `end_turn`, `max_tokens` */
  finishReason?: string;
  usage?: { input: number; output: number };
  model?: string;
  /** embeddings routes: one vector per input (default: small vectors derived from each input) */
  embeddings?: number[][];
  /** wait this long before sending headers: a slow first byte */
  delayMs?: number;
  /** streaming: after `cutAfter` events, destroy the socket (`cut`) or stop sending forever (`stall`) */
  fault?: 'cut' | 'stall';
  /** events sent before the fault; default: half of them */
  cutAfter?: number;
}

/** The provider's real error status, headers and body for a kind of failure. */
export interface ErrorSpec {
  kind: 'error';
  error:
    | 'authentication'
    | 'permission'
    | 'rate-limit'
    | 'context-length'
    | 'server'
    | 'overloaded'
    | 'not-found'
    | 'bad-request';
  /** `Retry-After` header value as sent (seconds or an HTTP-date) */
  retryAfter?: string;
  /** `retry-after-ms` header value (OpenAI's gateways send it) */
  retryAfterMs?: string;
  delayMs?: number;
}

/** Anything at all, byte for byte. */
export interface RawSpec {
  kind: 'raw';
  status?: number;
  headers?: Record<string, string>;
  /** a string is sent as-is; anything else as JSON */
  body?: unknown;
  /** streamed pieces (each written and flushed separately); used instead of `body` */
  chunks?: string[];
  /** pause between chunks */
  chunkDelayMs?: number;
  delayMs?: number;
  /** after the chunks: destroy the socket (`cut`) or keep it open forever (`stall`) */
  fault?: 'cut' | 'stall';
}

/** A recorded response from `__fixtures__/`: `*.json` bodies, `*.chunks.txt` raw streams. */
export interface FixtureSpec {
  kind: 'fixture';
  /** file name in `__fixtures__/` */
  name: string;
  status?: number;
  /** for `.chunks.txt`: write the raw stream in pieces of this many bytes (tests chunk boundaries) */
  splitEvery?: number;
  delayMs?: number;
}

/** Transport-level faults. */
export interface FaultSpec {
  kind: 'fault';
  /** `hang`: never answer; `reset`: destroy the socket at once; `malformed-json`: 200 with broken JSON */
  fault: 'hang' | 'reset' | 'malformed-json';
}

export type ScriptedResponse = ReplySpec | ErrorSpec | RawSpec | FixtureSpec | FaultSpec;

export interface RecordedRequest {
  method: string;
  path: string;
  /** lower-case names; `authorization`/`x-api-key`/`api-key` values replaced by `[redacted]` */
  headers: Record<string, string>;
  /** whether the request carried the server's `apiKey` (always true when none is configured) */
  apiKeyMatched: boolean;
  /** parsed JSON, or the raw text when it was not JSON */
  body: unknown;
  /**
   * `performance.now()` in this process when the whole request had arrived, and when the last byte of the
   * answer was handed to the socket: what the model took, as the model's side sees it (a benchmark
   * subtracts it from a round trip instead of assuming the scripted delay, which timers overshoot)
   */
  receivedAt: number;
  respondedAt?: number;
  /**
   * `performance.now()` when the client closed its connection before the answer was complete (an aborted
   * or timed-out call): what an abort test checks instead of the wall time the call took
   */
  abandonedAt?: number;
}

export type ScriptHandler = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

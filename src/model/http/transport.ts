import type { z } from 'zod';
import { isModelError, ModelError } from '../model-error.js';
import { abortError } from './abort.js';
import { type Deadline, startDeadline } from './deadline.js';
import { errorFromResponse, type ProviderErrorDetails, type ProviderHints } from './http-error.js';
import { CONNECT_TIMEOUT_CODE } from './node-fetch.js';
import { type RetryEvent, type RetryOptions, withRetry } from './retry.js';

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** How one adapter talks HTTP: where, with which headers, how long, how its error bodies read. */
export interface Transport {
  provider: string;
  /** without a trailing slash */
  baseUrl: string;
  /** includes the auth header; never logged or put in errors */
  headers: Record<string, string>;
  fetch: FetchFunction;
  timeoutMs: number;
  retry: RetryOptions;
  hints: ProviderHints;
  /** reads the provider's error body (already JSON-parsed when it was JSON, else the raw text) */
  readErrorDetails(body: unknown, status: number): ProviderErrorDetails;
  onRetry?: (event: RetryEvent) => void;
}

export interface CallControl {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

export interface HttpRequest {
  path: string;
  method?: 'GET' | 'POST';
  body?: unknown;
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Turns whatever fetch or a body read threw into a typed error; the deadline says whether time ran out. */
function failure({
  error,
  transport,
  url,
  deadline,
  caller,
  phase = 'request',
}: {
  error: unknown;
  transport: Transport;
  url: string;
  deadline: Deadline;
  caller: AbortSignal | undefined;
  phase?: 'request' | 'body';
}) {
  if (isModelError(error)) return error;
  if (caller?.aborted) return abortError(caller, url);
  if (deadline.timedOut) {
    return new ModelError(
      'timeout',
      phase === 'body'
        ? `${transport.provider} stalled: nothing arrived for ${deadline.timeoutMs} ms at ${url}`
        : `${transport.provider} did not answer within ${deadline.timeoutMs} ms at ${url}`,
      {
        hint: `the server is slow or stalled: check its load, or raise timeout_ms in [providers.${transport.provider}]`,
        url,
        provider: transport.provider,
        cause: error,
      },
    );
  }
  const code = networkCode(error);
  if (phase === 'body') {
    // The server answered, then the connection dropped: not "unreachable", and not worth a blind retry
    // of the whole call from here (the caller may have seen part of the answer).
    return new ModelError(
      'network',
      `the connection to ${transport.provider} at ${url} broke off mid-answer${code ? ` (${code})` : ''}`,
      {
        hint: 'the server or a proxy dropped the connection: retry; if it keeps happening, check the server log',
        url,
        provider: transport.provider,
        cause: error,
      },
    );
  }
  // A name that does not resolve or a connect timeout will not fix itself in a second: fail at once.
  const hopeless =
    code === 'ENOTFOUND' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === CONNECT_TIMEOUT_CODE;
  return new ModelError(
    'network',
    `cannot reach ${transport.provider} at ${url}${code ? ` (${code})` : ''}`,
    {
      hint: transport.hints.network,
      isRetryable: hopeless ? false : undefined,
      url,
      provider: transport.provider,
      cause: error,
    },
  );
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message === 'terminated' ? 'connection closed' : undefined;
}

async function readErrorResponse(transport: Transport, response: Response, url: string): Promise<ModelError> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // the body broke off; the status alone still classifies the error
  }
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (a proxy's HTML page); readErrorDetails gets the text
  }
  return errorFromResponse({
    provider: transport.provider,
    status: response.status,
    headers: response.headers,
    body: text,
    url,
    details: transport.readErrorDetails(parsed, response.status),
    hints: transport.hints,
  });
}

async function send({
  transport,
  request,
  deadline,
  caller,
}: {
  transport: Transport;
  request: HttpRequest;
  deadline: Deadline;
  caller?: AbortSignal;
}) {
  const url = joinUrl(transport.baseUrl, request.path);
  let response: Response;
  try {
    response = await transport.fetch(url, {
      method: request.method ?? 'POST',
      headers: {
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        accept: 'application/json, text/event-stream, application/x-ndjson',
        ...transport.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: deadline.signal,
    });
  } catch (error) {
    throw failure({ error, transport, url, deadline, caller });
  }
  if (!response.ok) {
    try {
      throw await readErrorResponse(transport, response, url);
    } catch (error) {
      throw failure({ error, transport, url, deadline, caller });
    }
  }
  return { url, response };
}

export function malformed({
  transport,
  url,
  detail,
  body,
}: {
  transport: Transport;
  url: string;
  detail: string;
  body?: string;
}): ModelError {
  return new ModelError(
    'malformed-response',
    `${transport.provider} sent a response vouch cannot read at ${url}: ${detail}`,
    {
      hint: 'the server is not speaking the expected API: check the base URL and the provider kind in the config',
      url,
      responseBody: body,
      provider: transport.provider,
    },
  );
}

/** Parses JSON text through a schema; anything else is a typed `malformed-response`. */
export function parseWith<T>({
  schema,
  text,
  transport,
  url,
}: {
  schema: z.ZodType<T>;
  text: string;
  transport: Transport;
  url: string;
}): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed({ transport, url, detail: 'not JSON', body: text });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the body';
    throw malformed({
      transport,
      url,
      detail: `${where}: ${issue?.message ?? 'unexpected shape'}`,
      body: text,
    });
  }
  return result.data;
}

/** One JSON request and its schema-checked answer, retried where that is safe. */
export function requestJson<T>({
  transport,
  request,
  schema,
  control,
}: {
  transport: Transport;
  request: HttpRequest;
  schema: z.ZodType<T>;
  control: CallControl;
}): Promise<T> {
  return withRetry({
    attempt: async () => {
      const deadline = startDeadline(control.timeoutMs ?? transport.timeoutMs, control.signal);
      try {
        const { url, response } = await send({ transport, request, deadline, caller: control.signal });
        let text: string;
        try {
          text = await response.text();
        } catch (error) {
          throw failure({ error, transport, url, deadline, caller: control.signal, phase: 'body' });
        }
        return parseWith({ schema, text, transport, url });
      } finally {
        deadline.clear();
      }
    },
    options: transport.retry,
    signal: control.signal,
    onRetry: transport.onRetry,
  });
}

export interface OpenStream {
  url: string;
  /** decoded text chunks; throws a typed error on timeout (a gap longer than the timeout), abort or a cut */
  chunks: AsyncIterable<string>;
}

/**
 * Starts a streaming request. Connecting and the status are retried like `requestJson`; once the body
 * flows nothing is retried (the caller has already seen deltas), failures surface from `chunks`.
 */
export function openStream(
  transport: Transport,
  request: HttpRequest,
  control: CallControl,
): Promise<OpenStream> {
  return withRetry({
    attempt: async () => {
      const timeoutMs = control.timeoutMs ?? transport.timeoutMs;
      const deadline = startDeadline(timeoutMs, control.signal);
      let opened: { url: string; response: Response };
      try {
        opened = await send({ transport, request, deadline, caller: control.signal });
      } catch (error) {
        deadline.clear();
        throw error;
      }
      const { url, response } = opened;
      if (!response.body) {
        deadline.clear();
        throw malformed({ transport, url, detail: 'the response has no body' });
      }
      deadline.reset();
      const body = response.body;
      async function* chunks(): AsyncGenerator<string> {
        const reader = body.getReader();
        const decoder = new TextDecoder();
        try {
          while (true) {
            let result: Awaited<ReturnType<typeof reader.read>>;
            try {
              result = await reader.read();
            } catch (error) {
              throw failure({ error, transport, url, deadline, caller: control.signal, phase: 'body' });
            }
            if (result.done) break;
            const text = decoder.decode(result.value, { stream: true });
            // the clock stops while the consumer works on a chunk: it measures the server, not us
            deadline.clear();
            if (text) yield text;
            deadline.reset();
          }
          const rest = decoder.decode();
          if (rest) yield rest;
        } finally {
          deadline.clear();
          // stops the download when the consumer leaves early; errors here mean it already ended
          await reader.cancel().catch(() => undefined);
        }
      }
      return { url, chunks: chunks() };
    },
    options: transport.retry,
    signal: control.signal,
    onRetry: transport.onRetry,
  });
}

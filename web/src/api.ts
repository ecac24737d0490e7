import { createParser } from 'eventsource-parser';
import type { ApiErrorBody, ServerHealth, TaskResult, TaskStreamEvent } from './types.js';

/**
 * The HTTP API, as the page calls it: same origin, the token in the `Authorization` header (never in a
 * URL), every failure an ApiError carrying the server's code, message and hint.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'vouch.token';

/** The token lives in this tab's sessionStorage: gone when the tab closes, never in a URL or a cookie. */
export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const token = tokenStore.get();
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

async function failure(response: Response): Promise<ApiError> {
  let body: { error?: ApiErrorBody } | undefined;
  try {
    body = (await response.json()) as { error?: ApiErrorBody };
  } catch {
    // not JSON: a proxy's page, say; the status is all there is
  }
  const error = body?.error;
  return new ApiError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message ?? `the server answered ${response.status} ${response.statusText}`,
    error?.hint,
  );
}

async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'unreachable',
      'the server could not be reached',
      'is `vouch serve` still running?',
    );
  }
  if (!response.ok) throw await failure(response);
  return response;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await (await send('GET', path, undefined, signal)).json()) as T;
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return (await (await send('POST', path, body)).json()) as T;
}

export async function deleteJson<T>(path: string): Promise<T> {
  return (await (await send('DELETE', path)).json()) as T;
}

/**
 * Runs a task with its events streamed: `fetch` and a ReadableStream (EventSource cannot send the
 * Authorization header). Resolves with the result; an `error` event, or a stream that ends without a
 * result, rejects.
 */
export async function streamTask(
  name: string,
  input: unknown,
  onEvent: (event: TaskStreamEvent) => void,
  signal?: AbortSignal,
): Promise<TaskResult> {
  let response: Response;
  try {
    response = await fetch(`/v1/tasks/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: headers({ 'content-type': 'application/json', accept: 'text/event-stream' }),
      body: JSON.stringify(input),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'unreachable',
      'the server could not be reached',
      'is `vouch serve` still running?',
    );
  }
  if (!response.ok) throw await failure(response);
  if (!response.body) throw new ApiError(response.status, 'no_stream', 'the server sent no event stream');
  let result: TaskResult | undefined;
  let streamError: ApiError | undefined;
  const parser = createParser({
    onEvent(message) {
      let event: TaskStreamEvent;
      try {
        event = JSON.parse(message.data) as TaskStreamEvent;
      } catch {
        streamError = new ApiError(
          502,
          'bad_stream',
          `the server sent an event that is not JSON (${message.event})`,
        );
        return;
      }
      if (event.type === 'result') result = event.result;
      else if (event.type === 'error')
        streamError = new ApiError(502, event.error.code, event.error.message, event.error.hint);
      onEvent(event);
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
  if (streamError) throw streamError;
  if (!result)
    throw new ApiError(502, 'stream_cut', 'the answer stopped before its result arrived', 'ask again');
  return result;
}

/** Telemetry: what the engineer did with a suggestion. A failure is reported, never thrown away silently. */
export async function sendEvent(
  suggestionId: string,
  kind: 'shown' | 'accepted' | 'rejected' | 'modified' | 'copied',
  extra: { final_code?: string } = {},
): Promise<void> {
  await postJson('/v1/events', { events: [{ suggestion_id: suggestionId, kind, face: 'web', ...extra }] });
}

/**
 * Writes a change the server keeps for this user (`proposal_id` of `POST /v1/tasks/change`): every file or
 * none, refused (409) when a file changed since it was read or the change was not verified.
 */
export async function applyChange(
  proposalId: string,
  writeUnverified: boolean,
): Promise<{ applied: string[] }> {
  return postJson(`/v1/changes/${encodeURIComponent(proposalId)}/apply`, {
    ...(writeUnverified ? { write_unverified: true } : {}),
  });
}

let health: Promise<ServerHealth> | undefined;

/**
 * What the server allows (`GET /v1/health`, asked once a page load; a setting changes only with a restart
 * of the server, and a reload asks again). A failed ask is forgotten, so the next one tries again.
 */
export function serverHealth(): Promise<ServerHealth> {
  health ??= getJson<ServerHealth>('/v1/health').catch((error: unknown) => {
    health = undefined;
    throw error;
  });
  return health;
}

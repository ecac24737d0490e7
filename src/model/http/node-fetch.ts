import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FetchFunction } from './transport.js';

/**
 * The model adapters' default fetch: `node:http`/`node:https` on keep-alive agents, answering with a real
 * `Response`, so the transport (and any caller) reads it as it reads the platform's fetch.
 *
 * Why not the platform's fetch: in Node 20 each call builds undici's Request, Headers, AbortSignal and
 * web-stream machinery: a FIM request through the OpenAI adapter costs about 1.5 times the CPU it costs
 * here (0.6 ms more, bench/lsp/http-client.ts against the loopback fake provider). An editor's inline
 * completion makes one request per pause in typing, on the thread that answers the editor, so that is
 * time the engineer waits.
 *
 * The same semantics where adapters depend on them: the signal aborts the request and the body at once
 * (rejecting with its reason); a socket reused from the pool that the server had closed meanwhile is
 * retried once on a fresh one (what the platform's fetch does too); a connection not made within
 * CONNECT_TIMEOUT_MS fails with `CONNECT_TIMEOUT_CODE`; a compressed body is decompressed. What this does
 * not do itself goes to the platform's fetch: a scheme other than http(s), credentials in the URL, a body
 * that is not text or bytes, a redirect mode other than `follow` — and a redirect, which is re-sent
 * there, where it is followed as the spec says (a 3xx answer means the server did not act on it).
 */

/** What a connect timeout's error carries as `code` (the platform's fetch says `UND_ERR_CONNECT_TIMEOUT`). */
export const CONNECT_TIMEOUT_CODE = 'CONNECT_TIMEOUT';
/** as long as the platform's fetch waits for a connection */
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * An idle pooled socket is closed after this: under the 5 s most servers keep an idle connection
 * (Node's own default), so the pool rarely offers one the server is closing.
 */
const IDLE_SOCKET_MS = 4_000;

const agents = {
  'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** statuses whose response has no body (the Response constructor refuses one) */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (!(headers instanceof Headers) && !Array.isArray(headers))
    return { ...(headers as Record<string, string>) };
  const record: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/** The response's headers as the platform's fetch gives them (repeated ones joined). */
function responseHeaders(response: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}

function decoded(response: IncomingMessage): Readable {
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

/**
 * A node stream as a web one, paused while the reader does not keep up. Once the reader cancels, the
 * controller is closed: an `end` or `error` the source had already queued (a body that arrived whole
 * before the cancel) must not touch it again, or the process dies on "Controller is already closed".
 */
function webBody(source: Readable, failed: (error: Error) => Error): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on('data', (chunk: Buffer) => {
        if (!open) return;
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      });
      source.once('end', () => {
        if (open) controller.close();
        open = false;
      });
      source.once('error', (error) => {
        if (open) controller.error(failed(error));
        open = false;
      });
    },
    pull() {
      source.resume();
    },
    cancel() {
      open = false;
      source.destroy();
    },
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function connectTimeout(url: URL): Error {
  return Object.assign(new Error(`no connection to ${url.host} within ${CONNECT_TIMEOUT_MS} ms`), {
    code: CONNECT_TIMEOUT_CODE,
  });
}

/** Whether the platform's fetch should take this request (see above). */
function forPlatform(url: URL, init: RequestInit): boolean {
  const body = init.body;
  return (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username !== '' ||
    url.password !== '' ||
    (init.redirect !== undefined && init.redirect !== 'follow') ||
    (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array))
  );
}

/**
 * Loads what the first request builds its answer with, and sends nothing: in Node 20 `Headers` and
 * `Response` are undici's, compiled on first use (≈ 20 ms of CPU here, 100 ms and more of wall time on a
 * busy machine), which was on the way of a language server's first inline completion (issue 60). A warm
 * session calls it once, before anyone waits.
 */
export function loadFetchClasses(): void {
  new Response(null, { headers: new Headers() });
}

export const nodeFetch: FetchFunction = (input, init = {}) => {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return globalThis.fetch(input, init);
  }
  if (forPlatform(url, init)) return globalThis.fetch(input, init);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const body = init.body === null || init.body === undefined ? undefined : (init.body as string | Uint8Array);
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = headerRecord(init.headers);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const options: RequestOptions = { method, headers, agent: agents[url.protocol as 'http:' | 'https:'] };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    let live: { destroy(error?: Error): void } | undefined;
    const onAbort = () => {
      const reason = abortReason(signal!);
      live?.destroy(reason instanceof Error ? reason : new Error(String(reason)));
      if (!settled) {
        settled = true;
        reject(reason);
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);

    const attempt = (retried: boolean) => {
      const request = send(url, options);
      live = request;
      let connectTimer: NodeJS.Timeout | undefined;
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(() => request.destroy(connectTimeout(url)), CONNECT_TIMEOUT_MS);
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(connectTimer);
        if (settled) return;
        // The pool gave a socket the server had just closed: nothing reached it, so send again, once.
        if (
          request.reusedSocket &&
          !retried &&
          (error.code === 'ECONNRESET' || error.code === 'EPIPE') &&
          !signal?.aborted
        ) {
          attempt(true);
          return;
        }
        settled = true;
        done();
        reject(error);
      });
      request.on('response', (response) => {
        clearTimeout(connectTimer);
        if (settled) {
          response.destroy();
          return;
        }
        const status = response.statusCode ?? 0;
        if (REDIRECTS.has(status) && response.headers.location) {
          // followed by the platform's fetch, which knows the rules (method changes, credentials)
          response.resume();
          settled = true;
          done();
          globalThis.fetch(input, init).then(resolve, reject);
          return;
        }
        settled = true;
        const responseInit = {
          status,
          statusText: response.statusMessage ?? '',
          headers: responseHeaders(response),
        };
        if (NULL_BODY.has(status) || method === 'HEAD') {
          response.resume();
          done();
          resolve(new Response(null, responseInit));
          return;
        }
        let cancelled = false;
        const stream = decoded(response);
        live = {
          destroy(error) {
            cancelled = true;
            response.destroy(error);
            stream.destroy(error);
          },
        };
        stream.once('close', done);
        // A connection that closes before the body's end says so (Node's own error just says "aborted",
        // which reads like a cancel); the cause in the platform fetch's words, which messages quote.
        const failed = (error: Error) =>
          !cancelled && !response.complete
            ? Object.assign(new Error('the server closed the connection before the body ended'), {
                code: 'ECONNRESET',
                cause: Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }),
              })
            : error;
        resolve(new Response(webBody(stream, failed), responseInit));
      });
      request.end(body);
    };
    attempt(false);
  });
};

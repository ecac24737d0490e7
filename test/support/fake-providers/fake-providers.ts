import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anthropicProtocol } from './protocols/anthropic.js';
import { llamaCppProtocol } from './protocols/llamacpp.js';
import { ollamaProtocol } from './protocols/ollama.js';
import { openAiProtocol } from './protocols/openai.js';
import type { Endpoint, Protocol } from './protocols/protocol.js';
import type { RecordedRequest, ReplySpec, ScriptedResponse, ScriptHandler } from './script-types.js';

export type * from './script-types.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

export interface FakeProvidersOptions {
  /** when set, OpenAI/Anthropic/llama.cpp routes answer 401 (in their real shape) without this key */
  apiKey?: string;
  /** what `/api/tags` lists (default: one coder model); `[]` for an Ollama with nothing pulled */
  ollamaModels?: string[];
}

export interface FakeProviders {
  /** `http://127.0.0.1:PORT`: the Ollama host, the Anthropic base URL and the llama.cpp server URL */
  url: string;
  /** `${url}/v1`: the OpenAI-compatible base URL */
  openAiUrl: string;
  /** queues answers for a path (`/v1/chat/completions`, `/api/chat`, …), used one per request in order */
  script(path: string, ...responses: ScriptedResponse[]): void;
  /** answers every request to `path` that the queue does not */
  handle(path: string, handler: ScriptHandler): void;
  /** every request received, in order */
  readonly requests: RecordedRequest[];
  requestsTo(path: string): RecordedRequest[];
  /** forgets scripts, handlers and recorded requests (between tests sharing one server) */
  reset(): void;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const AUTH_HEADERS = new Set(['authorization', 'x-api-key', 'api-key']);

function routeTable(
  options: FakeProvidersOptions,
): Map<string, { protocol: Protocol; endpoint: Endpoint; keyed: boolean }> {
  const table = new Map<string, { protocol: Protocol; endpoint: Endpoint; keyed: boolean }>();
  const add = (protocol: Protocol, keyed: boolean) => {
    for (const [path, endpoint] of Object.entries(protocol.endpoints))
      table.set(path, { protocol, endpoint, keyed });
  };
  add(openAiProtocol, true);
  add(anthropicProtocol, true);
  add(llamaCppProtocol, true);
  // Ollama has no authentication of its own.
  add(ollamaProtocol(options.ollamaModels ?? ['qwen2.5-coder:7b']), false);
  return table;
}

function presentedKey(headers: IncomingMessage['headers']): string | undefined {
  const bearer = headers.authorization?.replace(/^Bearer\s+/i, '');
  const apiKey = headers['x-api-key'];
  return bearer ?? (Array.isArray(apiKey) ? apiKey[0] : apiKey);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One loopback HTTP server that speaks OpenAI, Anthropic, Ollama and llama.cpp's `/infill` as the real
 * services do, answering from scripts, handlers, fixtures or realistic defaults, and recording requests.
 */
export async function startFakeProviders(options: FakeProvidersOptions = {}): Promise<FakeProviders> {
  const routes = routeTable(options);
  const queues = new Map<string, ScriptedResponse[]>();
  const handlers = new Map<string, ScriptHandler>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  async function respond(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (incoming.url ?? '/').split('?')[0]!;
    let raw = '';
    for await (const chunk of incoming) raw += chunk;
    const receivedAt = performance.now();
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // recorded as text: tests may send non-JSON on purpose
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value === undefined) continue;
      headers[name] = AUTH_HEADERS.has(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
    }
    const route = routes.get(path);
    const apiKeyMatched =
      options.apiKey === undefined || !route?.keyed || presentedKey(incoming.headers) === options.apiKey;
    const recorded: RecordedRequest = {
      method: incoming.method ?? 'GET',
      path,
      headers,
      apiKeyMatched,
      body,
      receivedAt,
    };
    requests.push(recorded);
    response.once('finish', () => {
      recorded.respondedAt = performance.now();
    });
    response.once('close', () => {
      if (!response.writableFinished) recorded.abandonedAt ??= performance.now();
    });

    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
      return;
    }
    if (!apiKeyMatched) {
      const unauthorized = route.protocol.unauthorized();
      response.writeHead(unauthorized.status, {
        'content-type': 'application/json',
        ...unauthorized.headers,
      });
      response.end(JSON.stringify(unauthorized.body));
      return;
    }
    const queued = queues.get(path)?.shift();
    const handler = handlers.get(path);
    const scripted: ScriptedResponse = queued ?? (handler ? await handler(recorded) : { kind: 'reply' });
    const requestBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    await send(scripted, route.protocol, route.endpoint, requestBody, response);
  }

  async function writeEvents(
    response: ServerResponse,
    events: string[],
    fault: 'cut' | 'stall' | undefined,
    cutAfter: number | undefined,
    delayMs = 0,
  ): Promise<void> {
    const limit = fault ? (cutAfter ?? Math.max(1, Math.floor(events.length / 2))) : events.length;
    for (const event of events.slice(0, limit)) {
      if (response.destroyed) return;
      response.write(event);
      if (delayMs > 0) await wait(delayMs);
      else await new Promise((resolve) => setImmediate(resolve));
    }
    if (fault === 'cut') response.socket?.destroy();
    else if (fault !== 'stall') response.end();
  }

  async function send(
    scripted: ScriptedResponse,
    protocol: Protocol,
    endpoint: Endpoint,
    request: Record<string, unknown>,
    response: ServerResponse,
  ): Promise<void> {
    if ('delayMs' in scripted && scripted.delayMs) await wait(scripted.delayMs);
    switch (scripted.kind) {
      case 'fault':
        if (scripted.fault === 'hang') return;
        if (scripted.fault === 'reset') {
          response.socket?.destroy();
          return;
        }
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"id": "chatcmpl-1", "choices": [{"index": 0, "mess');
        return;
      case 'error': {
        const error = protocol.error(scripted);
        response.writeHead(error.status, { 'content-type': 'application/json', ...error.headers });
        response.end(JSON.stringify(error.body));
        return;
      }
      case 'raw': {
        const headers = {
          'content-type':
            typeof scripted.body === 'string' || scripted.chunks ? 'text/plain' : 'application/json',
          ...scripted.headers,
        };
        response.writeHead(scripted.status ?? 200, headers);
        if (scripted.chunks) {
          await writeEvents(response, scripted.chunks, undefined, undefined, scripted.chunkDelayMs);
          if (scripted.fault === 'cut') response.socket?.destroy();
          else if (scripted.fault === 'stall') return;
          return;
        }
        response.end(typeof scripted.body === 'string' ? scripted.body : JSON.stringify(scripted.body ?? {}));
        return;
      }
      case 'fixture': {
        const text = readFileSync(join(FIXTURES, scripted.name), 'utf8');
        if (scripted.name.endsWith('.json')) {
          response.writeHead(scripted.status ?? 200, { 'content-type': 'application/json' }).end(text);
          return;
        }
        response.writeHead(scripted.status ?? 200, { 'content-type': endpoint.streamContentType });
        await writeEvents(response, splitFixture(text, scripted.splitEvery), undefined, undefined);
        return;
      }
      default: {
        const reply = scripted as ReplySpec;
        if (endpoint.wantsStream(request)) {
          response.writeHead(200, {
            'content-type': endpoint.streamContentType,
            'cache-control': 'no-cache',
            connection: 'keep-alive',
          });
          response.flushHeaders();
          await writeEvents(response, endpoint.events(request, reply), reply.fault, reply.cutAfter);
          return;
        }
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(endpoint.json(request, reply)));
      }
    }
  }

  const server = createServer((incoming, response) => {
    respond(incoming, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fake provider failed: ${(error as Error).message}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
    return closed;
  };

  return {
    url,
    openAiUrl: `${url}/v1`,
    script(path, ...responses) {
      const queue = queues.get(path) ?? [];
      queue.push(...responses);
      queues.set(path, queue);
    },
    handle(path, handler) {
      handlers.set(path, handler);
    },
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    reset() {
      queues.clear();
      handlers.clear();
      requests.length = 0;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A recorded stream in pieces: at each event/line end, or every `size` bytes to split events anywhere. */
function splitFixture(text: string, size: number | undefined): string[] {
  if (size) {
    const pieces: string[] = [];
    for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
    return pieces;
  }
  return text.split(/(?<=\n\n|\r\n\r\n)|(?<=\n)(?=\{)/).filter((piece) => piece.length > 0);
}

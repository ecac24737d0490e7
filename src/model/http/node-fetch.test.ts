import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFetch } from './node-fetch.js';

/** A real server on an ephemeral port; counts the connections it accepted. */
async function serve(handler: (request: IncomingMessage, response: ServerResponse, body: string) => void) {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => handler(request, response, body));
  });
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  opened.push(close);
  return {
    url,
    server,
    sockets,
    get connections() {
      return connections;
    },
  };
}

const opened: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});

describe('nodeFetch', () => {
  it('posts a body and reads status, headers and text, on one kept-alive connection', async () => {
    const server = await serve((request, response, body) => {
      response.setHeader('x-echo-method', request.method ?? '');
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ body, type: request.headers['content-type'] }));
    });
    for (let round = 0; round < 3; round++) {
      const response = await nodeFetch(`${server.url}/v1/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"prompt":"é"}',
      });
      expect(response.status).toBe(200);
      expect(response.ok).toBe(true);
      expect(response.headers.get('x-echo-method')).toBe('POST');
      expect(await response.json()).toEqual({ body: '{"prompt":"é"}', type: 'application/json' });
    }
    expect(server.connections).toBe(1);
  });

  it('sends again, once, on a fresh socket when a pooled one is reset before any answer', async () => {
    let dropped = false;
    const server = await serve((request, response) => {
      // the keep-alive race as the client sees it: the reused connection resets under the request
      if (request.url === '/b' && !dropped) {
        dropped = true;
        request.socket.resetAndDestroy();
        return;
      }
      response.end('fresh');
    });
    expect(await (await nodeFetch(`${server.url}/a`, {})).text()).toBe('fresh');
    expect(await (await nodeFetch(`${server.url}/b`, { method: 'POST', body: 'x' })).text()).toBe('fresh');
    expect(dropped).toBe(true);
    expect(server.connections).toBe(2);
    // a fresh socket that resets is not sent again: the error is the caller's
    const fresh = await serve((request) => request.socket.resetAndDestroy());
    await expect(nodeFetch(`${fresh.url}/`, {})).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('errors the body in the platform fetch words when the server closes mid-body', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('part of it');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const response = await nodeFetch(`${server.url}/`, {});
    const error = (await response.text().catch((caught: unknown) => caught)) as Error & {
      code?: string;
      cause?: Error;
    };
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('ECONNRESET');
    expect(error.cause?.message).toBe('other side closed');
  });

  it('rejects with the signal reason before the answer, and errors the body after it', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/hang') return;
      response.writeHead(200);
      response.write('first');
    });
    const before = new AbortController();
    const pending = nodeFetch(`${server.url}/hang`, { signal: before.signal });
    setTimeout(() => before.abort(new Error('stop now')), 20);
    await expect(pending).rejects.toThrow('stop now');

    const during = new AbortController();
    const response = await nodeFetch(`${server.url}/stream`, { signal: during.signal });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first');
    during.abort(new Error('editor moved on'));
    await expect(reader.read()).rejects.toThrow('editor moved on');

    const already = new AbortController();
    already.abort();
    await expect(nodeFetch(`${server.url}/stream`, { signal: already.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('decodes a gzip body and gives a body-less status no body', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/empty') {
        response.writeHead(204);
        response.end();
        return;
      }
      response.writeHead(200, { 'content-encoding': 'gzip' });
      response.end(gzipSync('{"ok":true}'));
    });
    expect(await (await nodeFetch(`${server.url}/zipped`, {})).json()).toEqual({ ok: true });
    const empty = await nodeFetch(`${server.url}/empty`, {});
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('leaves a redirect to the platform fetch, which follows it', async () => {
    const server = await serve((request, response, body) => {
      if (request.url === '/old') {
        response.writeHead(307, { location: '/new' });
        response.end();
        return;
      }
      response.end(`${request.method} ${request.url} ${body}`);
    });
    const response = await nodeFetch(`${server.url}/old`, { method: 'POST', body: 'kept' });
    expect(await response.text()).toBe('POST /new kept');
  });

  it('names the refused connection by its code', async () => {
    const server = await serve(() => {});
    const { url } = server;
    await new Promise<void>((resolve) => server.server.close(() => resolve()));
    await expect(nodeFetch(`${url}/`, {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
  it('lets a reader cancel a body that arrived whole, before its end was read', async () => {
    // what a streaming adapter does once it has the last event it needs (Ollama's `"done": true`)
    const server = await serve((_request, response) => {
      response.setHeader('content-type', 'application/x-ndjson');
      response.write('{"response":"a"}\n');
      response.end('{"done":true}\n');
    });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      for (let round = 0; round < 40; round++) {
        const response = await nodeFetch(`${server.url}/api/generate`, {});
        const reader = response.body!.getReader();
        expect((await reader.read()).done).toBe(false);
        if (round % 2) await new Promise((resolve) => setImmediate(resolve));
        await reader.cancel();
      }
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});

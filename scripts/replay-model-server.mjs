#!/usr/bin/env node
// A model server for trying vouch without a model: an OpenAI-compatible endpoint on 127.0.0.1 that answers
// from a replay file (the `replay:FILE` format, docs/models.md), so every face that reads the model from
// the environment or the config — the CLI, `vouch lsp` in an editor, `vouch serve` — can be tried on it.
//
//   npm run build                                   # once: the server answers through dist/
//   node scripts/replay-model-server.mjs answers.jsonl [--port 8089]
//   OPENAI_BASE_URL=http://127.0.0.1:8089/v1 vouch generate "…" --model openai:replay
//
// Each request is answered as `replay:FILE` answers (by matching prompt, else in order); once every answer
// was given, it starts again from the first. It prints its base URL on the first line of stdout and runs
// until it is stopped (Ctrl-C). Nothing but loopback is listened on; no key is asked for.
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const usage = 'usage: node scripts/replay-model-server.mjs FILE.jsonl [--port N]';
const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args[portAt + 1]) : 0;
const file = args.find((arg, index) => !arg.startsWith('--') && (portAt < 0 || index !== portAt + 1));
if (!file || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(usage);
  process.exit(2);
}

const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist/model/providers/replay.js');
let replay;
try {
  replay = await import(pathToFileURL(dist).href);
} catch {
  console.error(`replay-model-server: ${dist} is missing: run \`npm run build\` first`);
  process.exit(2);
}
let records;
try {
  records = await replay.readReplayFile(file);
} catch (error) {
  console.error(`replay-model-server: ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
  process.exit(2);
}
if (records.length === 0) {
  console.error(`replay-model-server: ${file} holds no answer`);
  process.exit(2);
}
let model = replay.createReplayModel(file, records);

/** One answer per sample asked for; a used-up replay starts again from its first answer. */
async function answer(call) {
  try {
    return await call(model);
  } catch (error) {
    if (error?.kind !== 'not-found') throw error;
    model = replay.createReplayModel(file, records);
    return call(model);
  }
}

const send = (response, status, body) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};
const usageOf = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

async function chat(body, response) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const n = Number.isInteger(body.n) && body.n > 0 ? body.n : 1;
  const result = await answer((current) => current.chat({ messages, n }));
  const created = Math.floor(Date.now() / 1000);
  if (!body.stream)
    return send(response, 200, {
      id: `chatcmpl-replay-${created}`,
      object: 'chat.completion',
      created,
      model: body.model ?? 'replay',
      choices: result.choices.map((choice, index) => ({
        index,
        message: { role: 'assistant', content: choice.text },
        finish_reason: 'stop',
      })),
      usage: usageOf,
    });
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (choices, extra = {}) =>
    response.write(
      `data: ${JSON.stringify({ id: `chatcmpl-replay-${created}`, object: 'chat.completion.chunk', created, model: body.model ?? 'replay', choices, ...extra })}\n\n`,
    );
  chunk([{ index: 0, delta: { role: 'assistant', content: result.choices[0].text }, finish_reason: null }]);
  chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
  chunk([], { usage: usageOf });
  response.end('data: [DONE]\n\n');
}

async function completion(body, response) {
  const n = Number.isInteger(body.n) && body.n > 0 ? body.n : 1;
  const prefix = typeof body.prompt === 'string' ? body.prompt : '';
  const suffix = typeof body.suffix === 'string' ? body.suffix : '';
  const result = await answer((current) => current.fim({ prefix, suffix, n }));
  send(response, 200, {
    id: `cmpl-replay-${Date.now()}`,
    object: 'text_completion',
    model: body.model ?? 'replay',
    choices: result.choices.map((choice, index) => ({ index, text: choice.text, finish_reason: 'stop' })),
    usage: usageOf,
  });
}

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method === 'GET' && path === '/v1/models')
    return send(response, 200, {
      object: 'list',
      data: [{ id: 'replay', object: 'model', owned_by: 'replay' }],
    });
  const route = { '/v1/chat/completions': chat, '/v1/completions': completion }[path];
  if (request.method !== 'POST' || !route)
    return send(response, 404, {
      error: { message: `no route ${request.method} ${path}`, type: 'invalid_request_error', code: null },
    });
  let text = '';
  request.setEncoding('utf8');
  request.on('data', (data) => {
    text += data;
  });
  request.on('end', () => {
    let body;
    try {
      body = JSON.parse(text || '{}');
    } catch {
      return send(response, 400, {
        error: { message: 'the body is not JSON', type: 'invalid_request_error', code: null },
      });
    }
    route(body, response).catch((error) =>
      send(response, 500, {
        error: { message: String(error?.message ?? error), type: 'server_error', code: null },
      }),
    );
  });
});
server.listen(port, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/v1`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));

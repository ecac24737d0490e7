/**
 * Where an inline completion's time goes in `vouch lsp`, cache hits first (issue 21's ≤ 5 ms goal): the
 * server as a real process over stdio, started with `node --cpu-prof` directly (NODE_OPTIONS does not
 * allow it), driven on Django's first functions of a few files — each cursor's body removed from the
 * buffer (`didChange`), one miss (a loopback model answering after 50 ms), then three hits. Prints the
 * hits' and the misses' percentiles; with `--cpu-prof DIR` the server writes one `.cpuprofile` per thread
 * there on exit (open them in Chrome's DevTools, or sum self time per function).
 *
 *   npm run build && npx tsx bench/lsp/profile-hits.ts [--cpu-prof DIR] [--bin path/to/bin/vouch.js]
 *
 * `--bin` points at another checkout's built CLI, for alternating before/after runs.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { EVALUATION_TREES, treeDir } from '../context/trees.js';

const MODEL_DELAY_MS = 50;
const FILES = [
  'django/db/models/query.py',
  'django/utils/text.py',
  'django/http/request.py',
  'django/forms/fields.py',
  'django/template/base.py',
];
const CURSORS_PER_FILE = 12;
const HITS_PER_CURSOR = 3;

const option = (name: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const profileDir = option('--cpu-prof');
const bin = option('--bin') ?? join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1);
};

const root = treeDir(EVALUATION_TREES.find((tree) => tree.name === 'django')!);
rmSync(join(root, '.vouch', 'complete-cache'), { recursive: true, force: true });
await using server = await startFakeProviders();
let answer = '';
server.handle('/v1/completions', () => ({ text: answer, delayMs: MODEL_DELAY_MS }));
const child = spawn(
  process.execPath,
  [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), bin, 'lsp'],
  {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: root,
      OPENAI_BASE_URL: server.openAiUrl,
      OLLAMA_HOST: 'http://127.0.0.1:9',
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const connection = createMessageConnection(
  new StreamMessageReader(child.stdout!),
  new StreamMessageWriter(child.stdin!),
);
connection.onRequest(() => null);
connection.onNotification(() => undefined);
connection.listen();
await connection.sendRequest('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(root).href,
  capabilities: { textDocument: { inlineCompletion: {} } },
  initializationOptions: { model: 'openai:qwen2.5-coder-1.5b' },
});
connection.sendNotification('initialized', {});

const hits: number[] = [];
const misses: number[] = [];
for (const path of FILES) {
  const lines = readFileSync(join(root, path), 'utf8').split('\n');
  const uri = pathToFileURL(join(root, path)).href;
  let version = 1;
  connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'python', version, text: lines.join('\n') },
  });
  // the gate's run on open and the warm-up of the buffer's imports
  await new Promise((resolve) => setTimeout(resolve, 1500));
  let cursors = 0;
  for (let index = 0; index < lines.length && cursors < CURSORS_PER_FILE; index++) {
    if (!/^\s+def \w+\(.*\):\s*$/.test(lines[index]!)) continue;
    const headerIndent = /^\s*/.exec(lines[index]!)![0].length;
    let end = index + 1;
    while (end < lines.length && (!lines[end]!.trim() || /^\s*/.exec(lines[end]!)![0].length > headerIndent))
      end++;
    const body = lines.slice(index + 1, end);
    if (body.length < 3 || body.length > 40) continue;
    cursors++;
    const indent = /^\s*/.exec(body[0]!)![0];
    const text = [...lines.slice(0, index + 1), indent, ...lines.slice(end)].join('\n');
    connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [{ text }],
    });
    answer = `${body.join('\n').slice(indent.length)}\n`;
    const request = () =>
      connection.sendRequest('textDocument/inlineCompletion', {
        textDocument: { uri },
        position: { line: index + 1, character: indent.length },
        context: { triggerKind: 2 },
      });
    let started = performance.now();
    await request();
    misses.push(performance.now() - started - MODEL_DELAY_MS);
    for (let hit = 0; hit < HITS_PER_CURSOR; hit++) {
      started = performance.now();
      await request();
      hits.push(performance.now() - started);
    }
  }
  connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
}
console.log(
  `cache hits: ${hits.length}, p50 ${percentile(hits, 50)} ms, p95 ${percentile(hits, 95)} ms; misses: ${misses.length}, overhead p50 ${percentile(misses, 50)} ms, p95 ${percentile(misses, 95)} ms`,
);
await connection.sendRequest('shutdown');
connection.sendNotification('exit');
await new Promise((resolve) => child.once('exit', resolve));

/**
 * What VS Code's bench (editors/vscode/bench/editor-latency.mts) does to `vouch lsp`, without VS Code
 * (issue 60): the real server (built CLI) over stdio, an indexed copy of Django; N files opened one after
 * another, each waited for only until its first diagnostics (the whole gates of the files opened keep
 * running behind, as they do in the editor); then at M cursors in those files a new line is typed after a
 * `def …:` line (an incremental didChange of "\n" + the body's indent, as the editor sends on Enter) and
 * the inline completion asked for at once, then the line undone (another didChange), as the editor's
 * bench does between cursors. So a completion meets what it meets in the editor: the opened files'
 * whole gates, the quick gate each keystroke schedules, the warm imports worker warming the buffers.
 *
 * Measured: first diagnostics per file (from didOpen; the first file of a run is the cold one), and per
 * completion the round trip, the model's time as the loopback model saw it (answers after 50 ms),
 * overhead = round trip − model, and the server's editor thread's CPU and run-queue wait (schedstat).
 * With `--timings FILE` the server writes its own timing log there (VOUCH_LSP_TIMINGS, src/lsp/timings.ts).
 *
 *   npm run build && npx tsx bench/lsp/typing.ts [files] [cursors] [--bin other/bin/vouch.js]
 *     [--workspace DIR] [--timings FILE] [--pause MS] [--record LABEL] [--commit SHA]
 *
 * `--workspace` reuses an indexed copy (kept); otherwise one is made and removed. `--record LABEL` appends
 * the figures to bench/results/lsp.jsonl.
 */
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InlineCompletionItem } from 'vscode-languageserver/node';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { LspClient } from '../../test/support/lsp-client.js';
import { EVALUATION_TREES, indexedCopy, treeDir } from '../context/trees.js';
import { commitLine, machineLine, ms, percentile, table } from '../results.js';

const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const numbers = process.argv
  .slice(2)
  .filter((arg, i, args) => /^\d+$/.test(arg) && !args[i - 1]?.startsWith('--'));
const FILES = Number(numbers[0] ?? 6);
const CURSORS = Number(numbers[1] ?? 12);
const BIN = option('--bin');
const TIMINGS = option('--timings');
const PAUSE_MS = Number(option('--pause') ?? 300);
const RECORD = option('--record');
const CLI = BIN ?? join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');
const MODEL_DELAY_MS = 50;

function pythonFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.py') && statSync(path).size > 2000)
        found.push(relative(root, path));
    }
  };
  walk(root);
  return found.sort();
}

/** schedstat of the server's main thread: CPU and run-queue wait, ms */
function schedstat(pid: number | undefined): [number, number] | undefined {
  try {
    const [cpu, queued] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ');
    return [Number(cpu) / 1e6, Number(queued) / 1e6];
  } catch {
    return undefined;
  }
}

const given = option('--workspace');
const workspace =
  given ?? indexedCopy(treeDir(EVALUATION_TREES.find((tree) => tree.name === 'django')!), CLI, 'typing');
rmSync(join(workspace, '.vouch', 'complete-cache'), { recursive: true, force: true });
const all = pythonFiles(join(workspace, 'django')).map((path) => join('django', path));
const step = Math.max(1, Math.floor(all.length / FILES));
const files = all.filter((_, index) => index % step === 0).slice(0, FILES);
const started = new Date().toISOString();
const loadBefore = loadavg()
  .map((value) => value.toFixed(1))
  .join(' / ');

await using model = await startFakeProviders();
model.handle('/v1/completions', () => ({ text: 'return None\n', delayMs: MODEL_DELAY_MS }));
if (TIMINGS) rmSync(TIMINGS, { force: true });
const client = new LspClient(
  workspace,
  {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? workspace,
    OPENAI_BASE_URL: model.openAiUrl,
    OLLAMA_HOST: 'http://127.0.0.1:9',
    NO_COLOR: '1',
    ...(TIMINGS ? { VOUCH_LSP_TIMINGS: TIMINGS } : {}),
  },
  [],
  CLI,
);
await client.initialize(pathToFileURL(workspace).href, { model: 'openai:qwen2.5-coder-1.5b' });
client.connection.sendNotification('initialized', {});
const pid = client.process.pid;

const first: number[] = [];
const roundTrips: number[] = [];
const overheads: number[] = [];
const modelTimes: number[] = [];
const cpu: number[] = [];
const queued: number[] = [];
let shown = 0;
const versions = new Map<string, number>();
try {
  for (const file of files) {
    const uri = pathToFileURL(join(workspace, file)).href;
    const t0 = performance.now();
    const published = client.nextDiagnostics(uri);
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'python',
        version: 1,
        text: readFileSync(join(workspace, file), 'utf8'),
      },
    });
    versions.set(uri, 1);
    await published;
    first.push(performance.now() - t0);
    console.error(`${file}: first diagnostics ${ms(first.at(-1)!)}`);
  }
  let asked = 0;
  for (const file of files) {
    const uri = pathToFileURL(join(workspace, file)).href;
    const lines = readFileSync(join(workspace, file), 'utf8').split('\n');
    const defs = lines.flatMap((line, index) => (/^\s*def \w+\(.*\):\s*$/.test(line) ? [index] : []));
    for (const line of defs.slice(0, Math.ceil(CURSORS / files.length))) {
      if (asked >= CURSORS) break;
      const header = lines[line]!;
      const indent = `${/^\s*/.exec(header)![0]}    `;
      const end = { line, character: header.length };
      let version = versions.get(uri)! + 1;
      versions.set(uri, version);
      client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: end, end }, text: `\n${indent}` }],
      });
      const requestsBefore = model.requestsTo('/v1/completions').length;
      const before = schedstat(pid);
      const t0 = performance.now();
      const items = (await client.connection.sendRequest('textDocument/inlineCompletion', {
        textDocument: { uri },
        position: { line: line + 1, character: indent.length },
        context: { triggerKind: 2 },
      })) as InlineCompletionItem[];
      const roundTrip = performance.now() - t0;
      const after = schedstat(pid);
      const modelMs = model
        .requestsTo('/v1/completions')
        .slice(requestsBefore)
        .reduce(
          (sum, request) =>
            sum + (request.respondedAt ?? request.receivedAt + MODEL_DELAY_MS) - request.receivedAt,
          0,
        );
      if (items.length) shown++;
      roundTrips.push(roundTrip);
      modelTimes.push(modelMs);
      overheads.push(roundTrip - modelMs);
      if (before && after) {
        cpu.push(after[0] - before[0]);
        queued.push(after[1] - before[1]);
      }
      console.error(
        `${file}:${line + 2}: round trip ${ms(roundTrip)}, model ${ms(modelMs)}, items ${items.length}`,
      );
      // the line undone, as the editor's bench does before the next cursor
      version++;
      versions.set(uri, version);
      client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [
          { range: { start: end, end: { line: line + 1, character: indent.length } }, text: '' },
        ],
      });
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      asked++;
    }
  }
} finally {
  await client.close();
  if (!given) rmSync(workspace, { recursive: true, force: true });
}
const loadAfter = loadavg()
  .map((value) => value.toFixed(1))
  .join(' / ');
const pair = (values: number[]) =>
  values.length ? `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))}` : 'n/a';
const markdown = table(
  [
    'server',
    'first diagnostics p50 / p95 (files)',
    'first file',
    'completion overhead p50 / p95',
    'round trip p50 / p95',
    'model p50 / p95',
    'editor thread CPU p50 / p95',
    'waiting for a core p50 / p95',
    'shown',
    'load before → after',
  ],
  [
    [
      BIN ?? 'this checkout',
      `${pair(first)} (${first.length})`,
      ms(first[0] ?? Number.NaN),
      pair(overheads),
      pair(roundTrips),
      pair(modelTimes),
      pair(cpu),
      pair(queued),
      `${shown}/${roundTrips.length}`,
      `${loadBefore} → ${loadAfter}`,
    ],
  ],
);
console.log(markdown);
if (RECORD) {
  const round = (value: number) => Math.round(value * 10) / 10;
  const record = {
    area: 'lsp',
    title: `vouch lsp as VS Code's bench drives it (files opened, a line typed at each cursor), Django, ${RECORD}`,
    date: started,
    commit: option('--commit') ?? commitLine(),
    machine: machineLine(),
    load: `${loadBefore} → ${loadAfter}`,
    origin:
      "Django 3.2 from Debian's python3-django (BSD-3-Clause), copied and indexed; every k-th .py over 2 kB in path order, new lines after its first def lines; nothing fitted; model: loopback OpenAI-protocol fake, 50 ms per FIM answer",
    figures: {
      first_p50_ms: round(percentile(first, 50)),
      first_p95_ms: round(percentile(first, 95)),
      first_file_ms: round(first[0] ?? Number.NaN),
      overhead_p50_ms: round(percentile(overheads, 50)),
      overhead_p95_ms: round(percentile(overheads, 95)),
      cpu_p50_ms: round(percentile(cpu, 50)),
      cpu_p95_ms: round(percentile(cpu, 95)),
      queued_p95_ms: round(percentile(queued, 95)),
      files: first.length,
      completions: roundTrips.length,
    },
    table: markdown.trim(),
    benchmark: "vouch lsp as VS Code's bench drives it, Django",
  };
  appendFileSync(join(import.meta.dirname, '..', 'results', 'lsp.jsonl'), `${JSON.stringify(record)}\n`);
}

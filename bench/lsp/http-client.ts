/**
 * What one FIM request costs the process that makes it, by HTTP client: the OpenAI adapter's `fim()`
 * against the loopback fake provider (a 9 kB prompt, a 600-character answer, no delay), with the
 * adapters' default fetch (node:http on keep-alive agents, src/model/http/node-fetch.ts) and with Node's
 * own fetch (undici) injected. CPU time of this process per request (process.cpuUsage: the client and
 * the fake server, which does the same work for both, so the difference is the client's), in
 * alternating blocks (A B A B …) so a machine that changes speed meanwhile affects both alike. Printed,
 * not recorded: the language server's numbers are bench:lsp's.
 *
 *   npx tsx bench/lsp/http-client.ts [requests per block] [blocks]
 */
import { cpus, loadavg } from 'node:os';
import { createOpenAiModel, type LanguageModel } from '../../src/model/index.js';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { table } from '../results.js';

const [perBlock = 200, blocks = 6] = process.argv.slice(2).map(Number);
await using server = await startFakeProviders();
server.handle('/v1/completions', () => ({ text: 'x = compute(value)\n'.repeat(32) }));
const prefix = 'def handler(request):\n    return request\n'.repeat(220);

const clients: [string, LanguageModel][] = [
  [
    'default (node:http, keep-alive)',
    createOpenAiModel({ modelId: 'qwen2.5-coder-1.5b', baseUrl: server.openAiUrl }),
  ],
  [
    "Node's fetch (undici)",
    createOpenAiModel({
      modelId: 'qwen2.5-coder-1.5b',
      baseUrl: server.openAiUrl,
      fetch: (input, init) => globalThis.fetch(input, init),
    }),
  ],
];
const perRequest = new Map<string, number[]>(clients.map(([name]) => [name, []]));
const request = (model: LanguageModel) =>
  model.fim({ prefix, suffix: '\n\ndef after():\n    pass\n', maxTokens: 128 });
for (const [, model] of clients) for (let index = 0; index < 50; index++) await request(model);
for (let block = 0; block < blocks; block++) {
  for (const [name, model] of clients) {
    const before = process.cpuUsage();
    for (let index = 0; index < perBlock; index++) await request(model);
    const used = process.cpuUsage(before);
    perRequest.get(name)!.push((used.user + used.system) / 1000 / perBlock);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const [base] = clients[0]!;
console.log(
  table(
    ['client', 'CPU per request, median of blocks', 'min–max', 'ratio to the default'],
    clients.map(([name]) => {
      const values = perRequest.get(name)!;
      return [
        name,
        `${median(values).toFixed(3)} ms`,
        `${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)} ms`,
        (median(values) / median(perRequest.get(base)!)).toFixed(2),
      ];
    }),
  ),
);
console.log(
  `\n${blocks} alternating blocks of ${perBlock} requests each; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version}.`,
);

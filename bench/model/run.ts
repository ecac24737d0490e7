import { loadavg } from 'node:os';
import {
  formatBytes,
  type LanguageModel,
  LOCAL_CATALOGUE,
  releaseLocalModels,
  resolveModel,
} from '../../src/model/index.js';
import { TINY_CHAT_ANSWER, TINY_FIM_ANSWER, tinyModelFile } from '../../test/support/gguf/tiny-model.js';
import { recordResults, table } from '../results.js';

/**
 * The embedded model's speed through vouch's own adapter (`local:`), on the tiny test models: the time
 * to the first streamed token (cold, with loading, and warm), prompt processing, and decoding speed, by
 * the clock and per CPU-second. The tiny model's arithmetic is negligible, so these are the floor that
 * node-llama-cpp and vouch add per request and per token; a real model adds its own compute on top
 * (see the catalogue's published figures, printed after). Runs alternate between thread counts so that
 * the machine's drift hits both alike.
 */
const RUNS = 7;

interface Sample {
  inputTokens: number;
  firstTokenMs: number;
  totalMs: number;
  outputTokens: number;
  cpuMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function timedStream(
  model: LanguageModel,
  prompt: string,
  maxTokens: number,
  seed: number,
): Promise<Sample> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let firstTokenMs = Number.NaN;
  let outputTokens = 0;
  let inputTokens = 0;
  for await (const part of model.streamChat({
    messages: [{ role: 'user', content: prompt }],
    maxTokens,
    temperature: 0.8,
    seed,
  })) {
    if (part.type === 'text-delta' && Number.isNaN(firstTokenMs)) firstTokenMs = performance.now() - started;
    if (part.type === 'finish') {
      outputTokens = part.usage.outputTokens ?? 0;
      inputTokens = part.usage.inputTokens ?? 0;
    }
    if (part.type === 'error') throw part.error;
  }
  const used = process.cpuUsage(cpu);
  return {
    inputTokens,
    firstTokenMs,
    totalMs: performance.now() - started,
    outputTokens,
    cpuMs: (used.user + used.system) / 1000,
  };
}

const local = (path: string, threads: number) =>
  resolveModel({
    spec: `local:${path}`,
    task: 'generate',
    config: { providers: { local: { threads, gpu: 'cpu' } } },
    env: {},
  });

async function main(): Promise<void> {
  await using scripted = await tinyModelFile({ chatScript: TINY_CHAT_ANSWER, fimScript: TINY_FIM_ANSWER });
  await using random = await tinyModelFile({ seed: 11, endless: true });
  const loadStart = loadavg()[0]!;
  const rows: (string | number)[][] = [];

  // Cold: the first request of the process pays for starting llama.cpp and loading the model.
  const coldModel = await local(scripted.path, 1);
  const cold = await timedStream(coldModel, 'add two numbers', 64, 1);
  rows.push([
    'first request, cold (start llama.cpp, load, first token)',
    `${cold.firstTokenMs.toFixed(0)} ms`,
    '',
    `${cold.cpuMs.toFixed(0)} ms`,
  ]);

  const longPrompt = 'def handler(request):\n    return request.GET["q"]\n'.repeat(20);
  const byThreads = new Map<number, { short: Sample[]; long: Sample[]; decode: Sample[]; fim: number[] }>();
  const models = new Map<number, { scripted: LanguageModel; random: LanguageModel }>();
  for (const threads of [1, 2]) {
    models.set(threads, {
      scripted: await local(scripted.path, threads),
      random: await local(random.path, threads),
    });
    byThreads.set(threads, { short: [], long: [], decode: [], fim: [] });
    // warm each configuration once (its own context is created on first use)
    await timedStream(models.get(threads)!.scripted, 'warm up', 8, 0);
    await timedStream(models.get(threads)!.random, 'warm up', 8, 0);
  }
  for (let run = 0; run < RUNS; run++) {
    for (const threads of run % 2 ? [2, 1] : [1, 2]) {
      const { scripted: model, random: nonsense } = models.get(threads)!;
      const samples = byThreads.get(threads)!;
      samples.short.push(await timedStream(model, `add two numbers ${run}`, 64, run));
      samples.long.push(await timedStream(model, `${longPrompt}# ${run}`, 64, run));
      samples.decode.push(await timedStream(nonsense, `go ${run}`, 256, run));
      const started = performance.now();
      const fim = await model.fim({ prefix: `def add(a, b):  # ${run}\n    `, suffix: '\n' });
      samples.fim.push(performance.now() - started);
      if (fim.choices[0]!.text !== TINY_FIM_ANSWER)
        throw new Error('the scripted model answered something else');
    }
  }
  for (const [threads, samples] of byThreads) {
    const shortTokens = median(samples.short.map((sample) => sample.inputTokens));
    const promptTokens = median(samples.long.map((sample) => sample.inputTokens));
    const decodeRates = samples.decode.map(
      (sample) => sample.outputTokens / ((sample.totalMs - sample.firstTokenMs) / 1000),
    );
    const cpuPerToken = samples.decode.map((sample) => sample.cpuMs / Math.max(1, sample.outputTokens));
    rows.push(
      [
        `first token, warm, ${shortTokens}-token prompt (${threads} thread${threads > 1 ? 's' : ''})`,
        `${median(samples.short.map((s) => s.firstTokenMs)).toFixed(0)} ms`,
        '',
        `${median(samples.short.map((s) => s.cpuMs)).toFixed(0)} ms`,
      ],
      [
        `first token, warm, ${promptTokens}-token prompt (${threads})`,
        `${median(samples.long.map((s) => s.firstTokenMs)).toFixed(0)} ms`,
        `${(promptTokens / (median(samples.long.map((s) => s.firstTokenMs)) / 1000)).toFixed(0)} prompt tokens/s`,
        `${median(samples.long.map((s) => s.cpuMs)).toFixed(0)} ms`,
      ],
      [
        `decoding, random weights, up to 256 tokens (${threads})`,
        `${median(decodeRates).toFixed(0)} tokens/s`,
        `${median(samples.decode.map((s) => s.outputTokens)).toFixed(0)} tokens`,
        `${median(cpuPerToken).toFixed(2)} ms per token`,
      ],
      [`fill-in-the-middle, whole request (${threads})`, `${median(samples.fim).toFixed(0)} ms`, '', ''],
    );
  }
  await releaseLocalModels();

  const catalogueRows = LOCAL_CATALOGUE.map((model) => [
    `\`${model.name}\``,
    `${model.parameters}, ${model.quantisation}`,
    formatBytes(model.sizeBytes),
    model.licence,
    model.scores.humanEval.toFixed(1),
    model.scores.humanEvalPlus.toFixed(1),
    model.scores.mbpp.toFixed(1),
    model.scores.mbppPlus.toFixed(1),
  ]);
  const markdown = [
    `The tiny test model (a 2-layer llama, 64-wide, ${formatBytes(scripted.size)}) through vouch's \`local:\` adapter on the CPU, median of ${RUNS} runs alternating between 1 and 2 threads; CPU time is this process's (all threads) for the whole request, first token to last.`,
    '',
    table(['measure', 'wall clock', 'rate', 'CPU time (whole request)'], rows),
    '',
    `Load average ${loadStart.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end on 2 cores shared with other sessions: wall-clock times are pessimistic, and llama.cpp's threads spin while they wait for each other, so 2 threads on a busy 2-core machine can be far slower than 1 (\`[providers.local] threads\`).`,
    '',
    'These are the fixed costs of the runtime and of vouch per request and per token; the tiny model computes almost nothing. For the catalogue models, speed on a CPU depends on memory bandwidth (each token reads the whole file once): roughly, tokens/s ≈ memory bandwidth ÷ file size. Their published quality (pass@1, Qwen2.5-Coder technical report, arXiv:2409.12186, full-precision instruct models; the 4- and 8-bit files score a little lower):',
    '',
    table(
      ['model', 'parameters, file', 'download', 'licence', 'HumanEval', 'HumanEval+', 'MBPP', 'MBPP+'],
      catalogueRows,
    ),
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  recordResults('model', 'Embedded model: latency and speed (issue 23)', markdown, {
    origin: 'synthetic: a tiny 2-layer llama with random weights, made by the benchmark',
  });
}

await main();

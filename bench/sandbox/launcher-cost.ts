import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInSandbox } from '../../src/verify/index.js';

/**
 * What the launcher's check (vouch still alive once the sandbox's init has armed:
 * src/verify/sandbox/close-inherited-fds.ts) costs a sandbox round trip: `runInSandbox` of `true`, the
 * same request through the code before the check and after it, in alternating pairs (which goes first
 * alternates too), so the machine's load falls on both alike. The code before is a copy of `src/` at the
 * commit before the check, made by the caller:
 *
 *   git archive <base> src package.json | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   nice npx tsx bench/sandbox/launcher-cost.ts /tmp/base/src [pairs]
 *
 * Prints the medians and the median of the paired differences, and the record's JSON line for
 * bench/results/sandbox.jsonl (appended by hand with the commit and load stated).
 */

type Run = typeof runInSandbox;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

const variance = (values: number[]): number => {
  const average = mean(values);
  return values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1);
};

const round = (ms: number) => Math.round(ms * 10) / 10;

async function timed(run: Run): Promise<number> {
  const started = performance.now();
  const result = await run({ command: ['true'] });
  const ms = performance.now() - started;
  if (result.status !== 'ok') throw new Error(`a round trip failed: ${result.status} ${result.stderr}`);
  return ms;
}

async function main(): Promise<void> {
  const baseSrc = process.argv[2];
  if (!baseSrc) {
    throw new Error('give the folder of the code before the check: see the comment at the top of this file');
  }
  const pairs = Number(process.argv[3] ?? 30);
  const after: Run = runInSandbox;
  const before = (
    (await import(pathToFileURL(join(resolve(baseSrc), 'verify', 'index.ts')).href)) as {
      runInSandbox: Run;
    }
  ).runInSandbox;
  const loadAtStart = loadavg();
  // each side's availability probe and first run, outside the samples
  await timed(before);
  await timed(after);
  const samples = { before: [] as number[], after: [] as number[], differences: [] as number[] };
  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
    const ms = { before: 0, after: 0 };
    for (const side of order) ms[side] = await timed(side === 'before' ? before : after);
    samples.before.push(ms.before);
    samples.after.push(ms.after);
    samples.differences.push(ms.after - ms.before);
  }
  const loadAtEnd = loadavg();
  const figures = {
    pairs,
    'round trip before · median (ms)': round(median(samples.before)),
    'round trip after · median (ms)': round(median(samples.after)),
    'after − before, paired · median (ms)': round(median(samples.differences)),
    'after − before, paired · mean (ms)': round(mean(samples.differences)),
    'after − before, paired · standard error of the mean (ms)': round(
      Math.sqrt(variance(samples.differences) / samples.differences.length),
    ),
    'pairs where after was slower': samples.differences.filter((d) => d > 0).length,
  };
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  console.log(JSON.stringify(figures, null, 2));
  console.log(
    JSON.stringify({
      area: 'sandbox',
      title:
        "a sandbox round trip (`runInSandbox` of `true`) before and after the launcher's check that vouch is alive",
      load: `${load(loadAtStart)} at the start, ${load(loadAtEnd)} at the end (1/5/15 min), ${availableParallelism()} cores`,
      figures,
    }),
  );
}

await main();

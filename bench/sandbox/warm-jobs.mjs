// One warm Python pool (one worker), then N jobs of `pass` in a row, from a built `dist/` given on the command
// line: a whole process to time from outside, the code before and after a change side by side (two checkouts,
// each with its own `dist/` and `python/`: the worker's source is read beside `dist/`), e.g.
// `/usr/bin/time -v node bench/sandbox/warm-jobs.mjs /tmp/base/dist 20`. Prints the median job's own
// duration as the worker measured it (fork to clean-up, ms), so a run shows where its time went
// (bench/notes/2026-11-27-sandbox-gap.md, "Session 14").
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, count = '20'] = process.argv.slice(2);
if (!dist) throw new Error('usage: node bench/sandbox/warm-jobs.mjs <dist folder> [jobs]');
const { createWarmPool } = await import(pathToFileURL(resolve(dist, 'verify', 'index.js')).href);
const pool = await createWarmPool({ runtime: 'python', size: 1 });
const durations = [];
try {
  for (let i = 0; i < Number(count); i++) {
    const result = await pool.run({ source: 'pass' });
    if (result.status !== 'ok') throw new Error(`job ${i}: ${result.status} ${result.stderr}`);
    durations.push(result.durationMs);
  }
} finally {
  await pool.close();
}
durations.sort((a, b) => a - b);
console.log(`median job ${durations[Math.floor(durations.length / 2)].toFixed(1)} ms (worker's own figure)`);

// `runInSandbox({ command: ['true'] })` N times in a row, from a built `dist/` given on the command line:
// a whole process to time from outside, the code before and after a change side by side (two `dist/`
// folders), e.g. `/usr/bin/time -v node bench/sandbox/round-trips.mjs /tmp/base/dist 20`. The sandboxes'
// own processes are reaped by bubblewrap's init, not by this process, so its rusage leaves them out:
// count them from a cgroup (bench/notes/2026-11-27-sandbox-gap.md, "After CI 71").
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, count = '20'] = process.argv.slice(2);
if (!dist) throw new Error('usage: node bench/sandbox/round-trips.mjs <dist folder> [round trips]');
const { runInSandbox } = await import(pathToFileURL(resolve(dist, 'verify', 'index.js')).href);
for (let i = 0; i < Number(count); i++) {
  const result = await runInSandbox({ command: ['true'] });
  if (result.status !== 'ok') throw new Error(`round trip ${i}: ${result.status} ${result.stderr}`);
}

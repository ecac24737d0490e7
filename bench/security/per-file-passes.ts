/**
 * Issue 59 (w232): what each pass of `vouch scan` costs a small file, alone, in CPU-ms a file. The `.py` files
 * of a folder (BenchmarkPython's `testcode`, not in this repository) are taken `copies` times over; each pass
 * runs over all of them once untimed (its first compiles), then `rounds` times timed by this thread's CPU
 * (`process.cpuUsage`, user + system: the machine's load slows a pass by the clock, far less by CPU). The
 * median round is printed, per file. Passes: what the CLI and scanSources do once a file around the engine
 * (reading and decoding, line ends, the cache's hash, the rules' trigger test, the secrets detector, the bidi
 * check, the suppressions, a worker's messages, the JSON output) and, for scale, the parse and the engine's
 * whole `analyzeSource` and `scanSource`.
 *
 *   npm run build && node --import tsx bench/security/per-file-passes.ts <folder> [copies=10] [rounds=5] [build root]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [folder, copiesText = '10', roundsText = '5', build = join(import.meta.dirname, '..', '..')] =
  process.argv.slice(2);
if (!folder) {
  process.stderr.write('usage: per-file-passes.ts <folder of .py files> [copies] [rounds] [build root]\n');
  process.exit(2);
}
const dist = (path: string) => import(pathToFileURL(join(resolve(build), 'dist', path)).href);
const { crLineEnded } = await dist('security/line-ended-text.js');
const { contentHash } = await dist('security/scan-cache.js');
const { defaultRuleSet } = await dist('security/rules.js');
const { parse } = await dist('syntax/parser.js');
const { analyzeSource } = await dist('security/engine/analyze.js');
const { secretFindings } = await dist('security/secrets.js');
const { bidiControlFindings } = await dist('security/bidi-controls.js');
const { applySuppressions } = await dist('security/suppress.js');
const { projectSettings } = await dist('security/engine/project-settings.js');
const { decodeSource } = await dist('workspace/source-text.js');
const { scanSource } = await dist('security/scan.js');

const names = readdirSync(folder)
  .filter((name) => name.endsWith('.py'))
  .sort();
const copies = Number(copiesText);
const rounds = Number(roundsText);
const paths = Array.from({ length: copies }, () => names.map((name) => join(folder, name))).flat();
const inputs = paths.map((path, index) => ({
  path: `${Math.floor(index / names.length)}/${path}`,
  source: readFileSync(path, 'utf8'),
  language: 'python' as const,
}));
const ruleSet = defaultRuleSet();
const findings: unknown[][] = [];
for (const input of inputs) findings.push(await scanSource(input, ruleSet));

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

type Pass = (input: (typeof inputs)[number], index: number) => unknown;
const passes: [string, Pass][] = [
  [
    'read + decode',
    (input, index) =>
      decodeSource({ bytes: readFileSync(paths[index]!), name: input.path, language: 'python' }),
  ],
  ['line ends (crLineEnded)', (input) => crLineEnded(input.source, 'python')],
  ['cache hash (sha256)', (input) => contentHash(input.source)],
  ['project settings', (input) => projectSettings([input])],
  ['rule triggers (mayMatch)', (input) => ruleSet.python.mayMatch(input.source)],
  ['secrets', (input) => secretFindings(input.source, input.path)],
  ['bidi controls', (input) => bidiControlFindings(input.source, input.path)],
  [
    'suppressions (findings, no comment)',
    (input, index) => applySuppressions(findings[index] as never, { text: input.source, file: input.path }),
  ],
  ['message to a worker (structuredClone input)', (input) => structuredClone(input)],
  ['message back (structuredClone findings)', (_, index) => structuredClone(findings[index])],
  ['JSON of the findings', (_, index) => JSON.stringify(findings[index], null, 2)],
  [
    'parse + delete',
    async (input) => {
      const tree = await parse('python', input.source);
      tree.delete();
    },
  ],
  [
    'analyzeSource (engine + parse)',
    (input) => analyzeSource({ source: input.source, language: 'python', file: input.path, ruleSet }),
  ],
  ['scanSource (all of a file)', (input) => scanSource(input, ruleSet)],
];

const rows: { pass: string; cpuMsPerFile: number; min: number; max: number }[] = [];
for (const [name, pass] of passes) {
  for (const [index, input] of inputs.entries()) await pass(input, index);
  const perFile: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = cpuMs();
    for (const [index, input] of inputs.entries()) await pass(input, index);
    perFile.push((cpuMs() - started) / inputs.length);
  }
  perFile.sort((a, b) => a - b);
  rows.push({
    pass: name,
    cpuMsPerFile: Number(perFile[Math.floor(perFile.length / 2)]!.toFixed(4)),
    min: Number(perFile[0]!.toFixed(4)),
    max: Number(perFile[perFile.length - 1]!.toFixed(4)),
  });
  process.stderr.write(`${name}: ${rows[rows.length - 1]!.cpuMsPerFile} CPU-ms a file\n`);
}
process.stdout.write(`${JSON.stringify({ files: inputs.length, rounds, rows })}\n`);

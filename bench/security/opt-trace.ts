/**
 * Issue 59 (w225): what V8's optimising compiler did in one process, read from `node --trace-opt --trace-deopt`
 * output: TurboFan compiles, deopts, the compile thread's total time, and per function (the engine's largest:
 * `evaluateCall`'s phases, `evaluateNode`, `stringValue`) its compiles, deopts and compile time. A short scan
 * runs a function in the baseline tiers until its compile lands, and again after each deopt: fewer compiles and
 * deopts of the hot functions, and less compile time, is code that is optimised sooner.
 *
 *   node --trace-opt --trace-deopt <program> > trace.txt
 *   node --import tsx bench/security/opt-trace.ts trace.txt [function names, comma-separated]
 *
 * A compile's time is V8's "took a, b, c ms" (prepare on the main thread, the compile on the background
 * thread, finalise on the main thread): the sum of the three. Wall time on a loaded machine, so compare counts
 * first and times only from alternating runs.
 */
import { readFileSync } from 'node:fs';

const [file, namesText = 'evaluateCall,evaluateNode,stringValue'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: opt-trace.ts <trace file> [function names]\n');
  process.exit(2);
}
const COMPILED =
  /^\[completed compiling 0x[0-9a-f]+ <JSFunction (\S*) .*\(target TURBOFAN\) - took ([\d.]+), ([\d.]+), ([\d.]+) ms\]/;
const DEOPT =
  /^\[bailout \(kind: (deopt-\w+), reason: ([^)]*)\): begin\. deoptimizing 0x[0-9a-f]+ <JSFunction (\S*) /;

/** an anonymous function is printed as `<JSFunction (sfi = …)>` */
const anonymous = (name: string | undefined): string => (!name || name === '(sfi' ? '(anonymous)' : name);

interface Tally {
  compiles: number;
  deopts: number;
  ms: number;
  reasons: string[];
}
const byName = new Map<string, Tally>();
const tally = (name: string): Tally => {
  let entry = byName.get(name);
  if (!entry) {
    entry = { compiles: 0, deopts: 0, ms: 0, reasons: [] };
    byName.set(name, entry);
  }
  return entry;
};
let compiles = 0;
let deopts = 0;
let ms = 0;
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const compiled = COMPILED.exec(line);
  if (compiled) {
    const took = Number(compiled[2]) + Number(compiled[3]) + Number(compiled[4]);
    compiles++;
    ms += took;
    const entry = tally(anonymous(compiled[1]));
    entry.compiles++;
    entry.ms += took;
    continue;
  }
  const deopt = DEOPT.exec(line);
  if (deopt) {
    deopts++;
    const entry = tally(anonymous(deopt[3]));
    entry.deopts++;
    entry.reasons.push(`${deopt[1]}: ${deopt[2]}`);
  }
}
const wanted = namesText.split(',').filter(Boolean);
const functions = Object.fromEntries(
  wanted.map((name) => {
    const entry = byName.get(name) ?? { compiles: 0, deopts: 0, ms: 0, reasons: [] };
    return [name, { ...entry, ms: Math.round(entry.ms) }];
  }),
);
const deopted = [...byName.entries()]
  .filter(([, entry]) => entry.deopts > 0)
  .map(([name, entry]) => `${name}×${entry.deopts}`);
const slowest = [...byName.entries()]
  .sort((a, b) => b[1].ms - a[1].ms)
  .slice(0, 8)
  .map(([name, entry]) => `${name} ${Math.round(entry.ms)} ms/${entry.compiles}`);
process.stdout.write(
  `${JSON.stringify({ compiles, deopts, compileMs: Math.round(ms), functions, deopted, slowest }, null, 1)}\n`,
);

/**
 * The differential tester for JavaScript and TypeScript (type-stripped), run with Node in the sandbox:
 * the same comparison as the Python one — return values (deep, strict, types included), thrown errors
 * (their class), printed output, changes to arguments; promises are awaited — on JSDoc `@example` calls,
 * the literal calls in the project's tests, boundary values and seeded random inputs of the parameters'
 * declared types, with a difference shrunk to a small counterexample.
 */
export const NODE_DIFFERENTIAL = String.raw`
const fs = require('node:fs');
const util = require('node:util');
const { pathToFileURL } = require('node:url');
const config = JSON.parse(fs.readFileSync('vouch_differential.json', 'utf8'));
let seed = config.seed >>> 0 || 1;
const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
const pick = (list) => list[Math.floor(random() * list.length)];
const NUMBERS = [0, 1, -1, 2, -2, 3, -3, 10, -10, 100, -100, 0.5, -0.5, 2 ** 31, -(2 ** 31), Number.NaN];
const STRINGS = ['', 'a', 'abc', 'A b C', ' padded ', '-1', '0', '42', 'a,b,c', 'héllo', 'x'.repeat(50)];
const generators = {
  number: () => (random() < 0.5 ? pick(NUMBERS) : Math.round((random() * 2000 - 1000) * (random() < 0.5 ? 1 : 100)) / (random() < 0.5 ? 1 : 100)),
  integer: () => (random() < 0.5 ? pick(NUMBERS.filter(Number.isInteger)) : Math.floor(random() * 2001) - 1000),
  string: () => (random() < 0.6 ? pick(STRINGS) : Array.from({ length: Math.floor(random() * 12) }, () => pick([...'abcXYZ 019-_,.'])).join('')),
  boolean: () => random() < 0.5,
};
generators['number[]'] = () => Array.from({ length: pick([0, 1, 2, 3, 5, 8]) }, generators.integer);
generators['string[]'] = () => Array.from({ length: pick([0, 1, 2, 3, 5]) }, generators.string);
generators.any = () => pick([generators.integer, generators.number, generators.string, generators['number[]'], () => null, () => undefined])();
const EDGES = { number: NUMBERS, integer: NUMBERS.filter(Number.isInteger), string: STRINGS, boolean: [true, false] };

function render(value) {
  return util.inspect(value, { depth: 4, breakLength: Infinity, maxStringLength: 200 });
}

async function call(fn, args) {
  const copy = structuredCloneSafe(args);
  const printed = [];
  const original = { log: console.log, error: console.error, write: process.stdout.write };
  console.log = (...parts) => printed.push(util.format(...parts));
  console.error = (...parts) => printed.push('stderr: ' + util.format(...parts));
  let outcome;
  try {
    let value = fn(...copy);
    if (value && typeof value.then === 'function') value = await value;
    outcome = { kind: 'return', value };
  } catch (error) {
    outcome = { kind: 'throw', value: error && error.constructor ? error.constructor.name : typeof error };
  } finally {
    console.log = original.log;
    console.error = original.error;
  }
  return { outcome, printed: printed.join('\n'), argsAfter: render(copy) };
}

function structuredCloneSafe(value) {
  try { return structuredClone(value); } catch { return value; }
}

function same(a, b) {
  if (a.outcome.kind !== b.outcome.kind || a.printed !== b.printed || a.argsAfter !== b.argsAfter) return false;
  if (a.outcome.kind === 'throw') return a.outcome.value === b.outcome.value;
  return util.isDeepStrictEqual(a.outcome.value, b.outcome.value);
}

function describe(result) {
  let text = result.outcome.kind === 'return' ? 'returns ' + render(result.outcome.value) : 'throws ' + result.outcome.value;
  if (result.printed) text += ' and prints ' + render(result.printed);
  return text;
}

function shrinkValue(value) {
  if (typeof value === 'boolean') return value ? [false] : [];
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return [0];
    const out = value !== 0 ? [0] : [];
    if (!Number.isInteger(value)) out.push(Math.round(value));
    if (Math.abs(value) > 1) out.push(Math.trunc(value / 2), value > 0 ? value - 1 : value + 1);
    return out;
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    if (value.length === 0) return [];
    const half = Math.floor(value.length / 2);
    const out = [value.slice(0, 0), value.slice(0, half), value.slice(1), value.slice(0, -1)];
    if (Array.isArray(value)) value.forEach((item, index) => { for (const smaller of shrinkValue(item).slice(0, 2)) { const copy = [...value]; copy[index] = smaller; out.push(copy); } });
    return out;
  }
  return [];
}

async function differs(oldFn, newFn, args) {
  return !same(await call(oldFn, args), await call(newFn, args));
}

async function shrink(oldFn, newFn, args) {
  let steps = 0;
  let improved = true;
  while (improved && steps < 300) {
    improved = false;
    for (let index = 0; index < args.length && !improved; index++) {
      for (const candidate of shrinkValue(args[index])) {
        steps++;
        const trial = [...args];
        trial[index] = candidate;
        if (await differs(oldFn, newFn, trial)) { args = trial; improved = true; break; }
      }
    }
  }
  return args;
}

function literalArgs(text) {
  try { return Function('"use strict"; return [' + text + '];')(); } catch { return undefined; }
}

function pickFunction(module, name) {
  const candidate = module[name] ?? (module.default && module.default[name]) ?? (module.default && module.default.name === name ? module.default : undefined);
  return typeof candidate === 'function' ? candidate : undefined;
}

(async () => {
  const oldModule = await import(pathToFileURL(config.old).href);
  const newModule = await import(pathToFileURL(config.new).href);
  const reports = [];
  for (const spec of config.functions) {
    const report = { name: spec.name, fromDocstring: 0, fromTests: 0, generated: 0, differences: 0 };
    reports.push(report);
    const oldFn = pickFunction(oldModule, spec.name);
    const newFn = pickFunction(newModule, spec.name);
    if (!oldFn) { report.skipped = 'not exported, so the tester cannot call it'; continue; }
    if (!newFn) { report.differences = 1; report.counterexample = { call: spec.name, old: 'is exported', new: 'is gone', found: 'module' }; continue; }
    const inputs = [];
    for (const text of spec.examples) { const args = literalArgs(text); if (args) inputs.push(['docstring', args]); }
    for (const text of spec.testCalls) { const args = literalArgs(text); if (args) inputs.push(['tests', args]); }
    const types = spec.params.map((param) => (generators[param] ? param : 'any'));
    types.forEach((type, index) => {
      for (const edge of EDGES[type] ?? []) { const args = types.map((other) => generators[other]()); args[index] = edge; inputs.push(['generated', args]); }
    });
    let generated = inputs.filter((entry) => entry[0] === 'generated').length;
    while (generated < config.maxInputs) { inputs.push(['generated', types.map((type) => generators[type]())]); generated++; }
    for (const [, args] of inputs.slice(0, 5)) {
      if (!same(await call(oldFn, args), await call(oldFn, args))) { report.skipped = 'the old version gives different results for the same input (randomness, time or I/O)'; report.nondeterministic = true; break; }
    }
    if (report.skipped) continue;
    for (const [source, args] of inputs) {
      report[{ docstring: 'fromDocstring', tests: 'fromTests', generated: 'generated' }[source]]++;
      const oldResult = await call(oldFn, args);
      const newResult = await call(newFn, args);
      if (same(oldResult, newResult)) continue;
      report.differences++;
      if (!report.counterexample) {
        const small = await shrink(oldFn, newFn, args);
        report.counterexample = {
          call: spec.name + '(' + small.map(render).join(', ') + ')',
          old: describe(await call(oldFn, small)),
          new: describe(await call(newFn, small)),
          found: source,
          original: spec.name + '(' + args.map(render).join(', ') + ')',
        };
      }
    }
  }
  process.stdout.write('__VOUCH_DIFFERENTIAL__' + JSON.stringify(reports) + '\n');
})().catch((error) => { console.error(error && error.stack || String(error)); process.exit(3); });
`;

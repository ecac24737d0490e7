
const fs = require('node:fs');
const util = require('node:util');
const v8 = require('node:v8');
const crypto = require('node:crypto');
const { pathToFileURL } = require('node:url');
let seed = 1;
const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
const pick = (list) => list[Math.floor(random() * list.length)];
// -0: Object.is, 1/x and String() tell it from 0, and Math.max/min and conditionals treat it unlike 0
const NUMBERS = [0, -0, 1, -1, 2, -2, 3, -3, 10, -10, 100, -100, 0.5, -0.5, 2 ** 31, -(2 ** 31), Number.NaN];
// whitespace that trim() and split() remove but an ASCII-only or tab-aware rewrite does not
const STRINGS = ['', 'a', 'abc', 'A b C', ' padded ', '-1', '0', '42', 'a,b,c', 'héllo', 'x'.repeat(50),
  ' a', 'a ', '\ta', '\t\fx', '\u00a0\tx', '\t\u3000x', '\f', '\v', '\u00a0', '\u3000', '\n', 'a\r\n'];
// each string as a caller may send it: with spaces or whitespace around it, in another case
function padded(strings) {
  const out = [];
  for (const text of strings.slice(0, 40))
    for (const variant of [' ' + text, text + ' ', ' ' + text + ' ', '\t' + text, text + '\n', '\u00a0' + text, text + '\u3000', text.toLowerCase(), text.toUpperCase()])
      if (variant !== text && !out.includes(variant)) out.push(variant);
  return out;
}
const generators = {
  number: () => (random() < 0.5 ? pick(NUMBERS) : Math.round((random() * 2000 - 1000) * (random() < 0.5 ? 1 : 100)) / (random() < 0.5 ? 1 : 100)),
  integer: () => (random() < 0.5 ? pick(NUMBERS.filter(Number.isInteger)) : Math.floor(random() * 2001) - 1000),
  string: () => (random() < 0.6 ? pick(STRINGS) : Array.from({ length: Math.floor(random() * 12) }, () => pick([...'abcXYZ 019-_,.\t\u00a0'])).join('')),
  boolean: () => random() < 0.5,
};
generators['number[]'] = () => Array.from({ length: pick([0, 1, 2, 3, 5, 8]) }, generators.integer);
generators['string[]'] = () => Array.from({ length: pick([0, 1, 2, 3, 5]) }, generators.string);
generators.any = () => pick([generators.integer, generators.number, generators.string, generators['number[]'], () => null, () => undefined])();
const EDGES = { number: NUMBERS, integer: NUMBERS.filter(Number.isInteger), string: STRINGS, boolean: [true, false] };
// the ends of each type, where overflow, clamping and NaN's comparisons (always false) show
const HUGE = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 1e308, -1e308, Infinity, -Infinity];
// each constant c of the code as c-1, c, c+1: a limit moved by one differs only there
function around(numbers) {
  const out = [];
  for (const c of numbers) for (const value of [Math.floor(c) - 1, Math.floor(c), Math.floor(c) + 1, c]) if (!out.includes(value)) out.push(value);
  return out;
}
function constantEdges(type, constants) {
  const numbers = (constants.numbers || []).filter((value) => Number.isFinite(value) && Math.abs(value) < 1e300);
  const strings = constants.strings || [];
  if (type === 'integer') return [...around(numbers).filter(Number.isInteger), ...HUGE.filter(Number.isSafeInteger)];
  if (type === 'number') return [...around(numbers), ...HUGE];
  if (type === 'string') return [...strings, ...padded(strings)];
  if (type === 'number[]') return [[], ...around(numbers).slice(0, 12).map((value) => [value])];
  if (type === 'string[]') return [[], ...strings.map((value) => [value])];
  if (type === 'any') return [...around(numbers), ...strings, null, undefined, Number.NaN, []];
  return [];
}
// the parameters' small values together (a - b > 10 differs from a > b + 11 at a - b == 11 only)
function pairs(perParam, limit) {
  if (perParam.length < 2 || perParam.length > 4 || perParam.some((values) => values.length === 0)) return [];
  let combos = [[]];
  for (const values of perParam) {
    const next = [];
    for (const combo of combos) for (const value of values.slice(0, 10)) if (next.length < 20000) next.push([...combo, value]);
    combos = next;
  }
  while (combos.length > limit) combos.splice(Math.floor(random() * combos.length), 1);
  return combos;
}

// getters are read (each once per inspection, in the object's own property order): a getter's value is what a
// caller reading the property sees, and one that throws shows as `[Getter: <Inspection threw (…)>]`
function render(value) {
  return util.inspect(value, { depth: 4, breakLength: Infinity, maxStringLength: 200, getters: true });
}

// an error's own properties besides its message and stack (`code`, `status`): a caller's handler reads them
function ownProperties(error) {
  if (!error || typeof error !== 'object') return '';
  try {
    const keys = Object.keys(error).filter((key) => key !== 'message' && key !== 'stack');
    return keys.length ? ' ' + canon(Object.fromEntries(keys.map((key) => [key, error[key]]))) : '';
  } catch { return ' <unreadable properties>'; }
}

function thrown(error) {
  // the class and the message: what a caller's catch or log shows
  let message;
  try { message = error instanceof Error ? String(error.message) : render(error); } catch { message = '<unprintable>'; }
  return { value: error && error.constructor ? error.constructor.name : typeof error, message: message + ownProperties(error) };
}

async function call(fn, args) {
  const copy = structuredCloneSafe(args);
  const printed = [];
  const original = { log: console.log, error: console.error, out: process.stdout.write, err: process.stderr.write };
  const saved = { warn: console.warn, info: console.info, debug: console.debug };
  console.log = (...parts) => printed.push(util.format(...parts));
  console.info = (...parts) => printed.push(util.format(...parts));
  console.debug = (...parts) => printed.push(util.format(...parts));
  console.error = (...parts) => printed.push('stderr: ' + util.format(...parts));
  console.warn = (...parts) => printed.push('stderr: ' + util.format(...parts));
  // what the code writes to the streams directly is output a caller sees too
  const written = (prefix) => (chunk, encoding, done) => {
    printed.push(prefix + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8')));
    const callback = typeof encoding === 'function' ? encoding : done;
    if (typeof callback === 'function') callback();
    return true;
  };
  process.stdout.write = written('');
  process.stderr.write = written('stderr: ');
  let outcome;
  try {
    let value;
    try {
      value = fn(...copy);
    } catch (error) {
      // thrown at the call, not a promise that rejects: a caller's try without await tells them apart
      outcome = { kind: 'throw', ...thrown(error) };
    }
    if (!outcome) {
      // the argument itself returned (mutated in place) is not a copy of it; a promise's is its settled value
      const itself = (given) => (!compareIdentity ? -1 : copy.findIndex((arg) => arg !== null && typeof arg === 'object' && arg === given));
      if (value && typeof value.then === 'function') {
        // a promise is not its value: whether the call returned one, and whether it resolved or rejected
        try {
          const settled = await value;
          outcome = { kind: 'resolve', value: settled, identity: itself(settled) };
        } catch (error) {
          outcome = { kind: 'reject', ...thrown(error) };
        }
      } else outcome = { kind: 'return', value, identity: itself(value) };
    }
  } finally {
    console.log = original.log;
    console.error = original.error;
    process.stdout.write = original.out;
    process.stderr.write = original.err;
    Object.assign(console, saved);
  }
  return { outcome, printed: printed.join('\n'), argsAfter: render(copy) };
}

function structuredCloneSafe(value) {
  try { return structuredClone(value); } catch { return value; }
}

function describe(result, messages = false) {
  const { outcome } = result;
  const error = () => outcome.value + (messages ? '(' + render(outcome.message) + ')' : '');
  const same = outcome.identity >= 0 ? ' (argument ' + (outcome.identity + 1) + ' itself)' : '';
  let text =
    outcome.kind === 'return' ? 'returns ' + render(outcome.value) + same
    : outcome.kind === 'resolve' ? 'returns a promise of ' + render(outcome.value) + same
    : outcome.kind === 'reject' ? 'returns a promise rejected with ' + error()
    : 'throws ' + error();
  if (result.printed) text += ' and prints ' + render(result.printed);
  return text;
}

function shrinkValue(value) {
  if (typeof value === 'boolean') return value ? [false] : [];
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return [0];
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

function literalArgs(text) {
  try { return Function('"use strict"; return [' + text + '];')(); } catch { return undefined; }
}

function pickFunction(module, name) {
  const candidate = module[name] ?? (module.default && module.default[name]) ?? (module.default && module.default.name === name ? module.default : undefined);
  return typeof candidate === 'function' ? candidate : undefined;
}

function canon(value) {
  return util.inspect(value, {
    depth: 8,
    // in insertion order: a caller iterating, printing or serialising the object sees it
    sorted: false,
    breakLength: Infinity,
    maxArrayLength: 10000,
    maxStringLength: 100000,
    getters: true,
    showHidden: false,
    compact: true,
  });
}

function outcomeKey(result) {
  const returned = result.outcome.kind === 'return' || result.outcome.kind === 'resolve';
  const value = returned
    ? [typeof result.outcome.value + ':' + canon(result.outcome.value), result.outcome.identity]
    : [result.outcome.value, result.outcome.message];
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([result.outcome.kind, value, result.printed, result.argsAfter]))
    .digest('hex');
}

const encode = (value) => v8.serialize(value).toString('base64');
const decode = (text) => v8.deserialize(Buffer.from(text, 'base64'));

let loaded = null;
// whether returning an argument itself differs from returning an equal copy (a refactor: yes; mutation
// testing, which asks whether a test could tell the results apart by value: no)
let compareIdentity = true;
let modulePath = null;
let profiler = null;
let profilerProblem = null;
const coverageByName = new Map();

async function startCoverage() {
  try {
    const { Session } = require('node:inspector/promises');
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
    profiler = session;
  } catch (error) {
    profilerProblem = 'V8 coverage could not start: ' + String((error && error.message) || error);
  }
}

// the function's own range and the ranges of what is inside it, in one take of the module's script
function rangesOf(script, name) {
  const own = script.functions.find((fn) => fn.functionName === name && fn.ranges.length > 0);
  if (!own) return null;
  const { startOffset: start, endOffset: end } = own.ranges[0];
  const inside = script.functions.filter((fn) => fn !== own && fn.ranges.length > 0 && fn.ranges[0].startOffset >= start && fn.ranges[0].endOffset <= end);
  return { own, blocks: [...own.ranges.slice(1), ...inside.flatMap((fn) => fn.ranges)], all: [own.ranges[0], ...own.ranges.slice(1), ...inside.flatMap((fn) => fn.ranges)] };
}

function recordCoverage(name, result) {
  const url = pathToFileURL(modulePath).href;
  const script = result.find((entry) => entry.url === url || entry.url === modulePath);
  if (!script) return;
  const ranges = rangesOf(script, name);
  if (!ranges || ranges.own.ranges[0].count === 0) return;
  const state = coverageByName.get(name) ?? { blocks: new Map(), reached: new Set() };
  coverageByName.set(name, state);
  for (const block of ranges.blocks) state.blocks.set(block.startOffset + ':' + block.endOffset, block);
  for (const [key, block] of state.blocks) {
    let innermost = null;
    for (const range of ranges.all)
      if (range.startOffset <= block.startOffset && block.endOffset <= range.endOffset && (!innermost || range.endOffset - range.startOffset < innermost.endOffset - innermost.startOffset)) innermost = range;
    if (innermost && innermost.count > 0) state.reached.add(key);
  }
}

function coverageOf(name) {
  if (!profiler) return { measured: false, problem: profilerProblem || 'V8 coverage did not start' };
  const state = coverageByName.get(name);
  if (!state) return { measured: false, problem: 'its code was not found in V8\'s coverage of the module' };
  const source = fs.readFileSync(modulePath, 'utf8');
  const notReached = [];
  let total = 0;
  for (const [key, block] of state.blocks) {
    const text = source.slice(block.startOffset, block.endOffset);
    // what is left of a block after a return or a break (a brace, a semicolon) is no branch of its own
    if (/^[\s;})\]]*$/.test(text)) continue;
    total++;
    if (state.reached.has(key)) continue;
    const line = source.slice(0, block.startOffset).split('\n').length;
    const first = text.trim().split('\n')[0].slice(0, 60);
    notReached.push('line ' + line + ': block ' + JSON.stringify(first));
  }
  return { measured: true, total, reached: total - notReached.length, notReached };
}

// calls as callers leave arguments out (the plan otherwise fills every parameter, so a changed default is never
// used): each argument alone as undefined (which takes its default) and the arguments cut short, each call twice
// in a row (a default object shared between calls keeps what a call put in it)
function omittingDefaults(inputs, optional) {
  const count = optional.length;
  if (!optional.some(Boolean)) return [];
  const bases = [...inputs.filter((entry) => entry[0] !== 'generated').slice(0, 4), ...inputs.filter((entry) => entry[0] === 'generated').slice(0, 4)];
  const out = [];
  for (const [source, args] of bases) {
    if (args.length < count) continue;
    const variants = [];
    for (let index = 0; index < count; index++) if (optional[index]) { const copy = [...args]; copy[index] = undefined; variants.push(copy); }
    for (let length = count - 1; length >= 0 && optional[length]; length--) variants.push(args.slice(0, length));
    for (const variant of variants) out.push([source, variant], [source, variant]);
  }
  return out;
}

async function plan(spec, maxInputs, constants) {
  const fn = pickFunction(loaded, spec.name);
  const inputs = [];
  for (const text of spec.examples) { const args = literalArgs(text); if (args) inputs.push(['docstring', args]); }
  for (const text of spec.testCalls) { const args = literalArgs(text); if (args) inputs.push(['tests', args]); }
  // the examples' and tests' strings with whitespace around them: validate(' 1.0.0') beside validate('1.0.0')
  for (const [source, args] of inputs.slice()) args.forEach((arg, index) => {
    if (typeof arg !== 'string') return;
    for (const variant of padded([arg]).slice(0, 6)) { const copy = [...args]; copy[index] = variant; inputs.push([source, copy]); }
  });
  const types = spec.params.map((param) => (generators[param] ? param : 'any'));
  types.forEach((type, index) => {
    for (const edge of [...(EDGES[type] ?? []), ...constantEdges(type, constants)]) { const args = types.map((other) => generators[other]()); args[index] = edge; inputs.push(['generated', args]); }
  });
  const small = types.map((type) => [...new Set([...constantEdges(type, constants).filter((value) => !HUGE.includes(value)), ...(EDGES[type] ?? []).slice(0, 5)])]);
  for (const args of pairs(small, Math.max(100, maxInputs))) inputs.push(['generated', args]);
  let generated = inputs.filter((entry) => entry[0] === 'generated').length;
  while (generated < maxInputs) { inputs.push(['generated', types.map((type) => generators[type]())]); generated++; }
  inputs.push(...omittingDefaults(inputs, spec.optional || []));
  for (const [, args] of inputs.slice(0, 5)) {
    if (outcomeKey(await call(fn, args)) !== outcomeKey(await call(fn, args)))
      return { inputs: [], nondeterministic: true, skipped: 'the old version gives different results for the same input (randomness, time or I/O)' };
  }
  const sent = [];
  for (const [source, args] of inputs) {
    try { sent.push({ source, args: encode(args) }); } catch {}
  }
  return { inputs: sent };
}

// the module imported anew: an ES module under another URL, a CommonJS one out of require's cache
async function importAgain() {
  const href = pathToFileURL(modulePath).href;
  delete require.cache[modulePath];
  return import(href + '?again=' + Date.now());
}

async function answer(request) {
  switch (request.op) {
    case 'load':
      seed = request.seed >>> 0 || 1;
      compareIdentity = request.identity !== false;
      modulePath = request.path;
      // before the module compiles: V8 counts blocks only in functions compiled with coverage on
      await startCoverage();
      loaded = await import(pathToFileURL(request.path).href);
      return {};
    case 'describe': {
      const fn = pickFunction(loaded, request.name);
      let isClass = false;
      try { isClass = typeof fn === 'function' && /^class\b/.test(Function.prototype.toString.call(fn)); } catch {}
      return { callable: typeof fn === 'function', isClass, params: null, signature: null };
    }
    case 'state': {
      // the module's exported values other than functions, by name, as an importer sees them; again: from a
      // second import, run anew (a value set from the clock differs between two imports of the same code)
      const module = request.again ? await importAgain() : loaded;
      const values = {};
      const names = new Set([...Object.keys(module), ...(module.default && typeof module.default === 'object' ? Object.keys(module.default) : [])]);
      for (const name of [...names].slice(0, 2000)) {
        if (name === 'default' || name === '__esModule') continue;
        const value = name in module ? module[name] : module.default[name];
        if (typeof value === 'function') continue;
        values[name] = canon(value).slice(0, 2000);
      }
      return { values };
    }
    case 'plan':
      return plan(request.spec, request.maxInputs, request.constants || {});
    case 'call': {
      const fn = pickFunction(loaded, request.name);
      const outcomes = [];
      // what ran before this request (loading, planning) is read and dropped: only these calls count
      if (profiler) await profiler.post('Profiler.takePreciseCoverage');
      for (const input of request.inputs) {
        const result = await call(fn, decode(input.args));
        outcomes.push({ key: outcomeKey(result), text: describe(result), detail: describe(result, true) });
      }
      if (profiler) recordCoverage(request.name, (await profiler.post('Profiler.takePreciseCoverage')).result);
      return { outcomes };
    }
    case 'shrink': {
      const args = decode(request.args);
      const candidates = [];
      for (let index = 0; index < args.length; index++)
        for (const smaller of shrinkValue(args[index])) {
          const trial = [...args];
          trial[index] = smaller;
          try { candidates.push({ args: encode(trial) }); } catch {}
        }
      return { candidates };
    }
    case 'coverage':
      return coverageOf(request.name);
    case 'render':
      return { text: request.name + '(' + decode(request.args).map(render).join(', ') + ')' };
    default:
      throw new Error('unknown request ' + request.op);
  }
}

// requests arrive on stdin, one JSON object a line; answers go on the report channel, never stdout
const lines = require('node:readline').createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  if (!line.trim()) return;
  queue = queue.then(async () => {
    const request = JSON.parse(line);
    let reply;
    try {
      reply = await answer(request);
    } catch (error) {
      reply = { error: String((error && error.stack) || error) };
    }
    reply.id = request.id;
    vouchReport.send(reply);
  });
});

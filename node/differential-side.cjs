
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
  ' a', 'a ', '\ta', '\t\fx', '\u00a0\tx', '\t\u3000x', '\f', '\v', '\u00a0', '\u3000', '\n', 'a\r\n',
  // what real text holds beyond ASCII: an emoji (one code point, two UTF-16 units: length and Array.from differ),
  // case mappings that change length ('ß', 'İ', the ligature 'ﬁ', final sigma), a combining accent beside the
  // precomposed letter, line separators, digits that are not ASCII, numbers written as text, a long string
  '😀', 'a😀b', 'ß', 'Straße', 'İ', 'ﬁle', 'ΟΔΟΣ', 'e\u0301', '\u00e9', 'a\u2028b', '\u0661\u0662\u0663', '²',
  '1e3', '007', '3.14', '0x1F', 'ab'.repeat(5000)];
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
// (2 ** 53 + 1 is not a double: it reads as 2 ** 53, where x + 1 === x), and decimals a double holds only nearly
// (0.1 + 0.2 is not 0.3, 1.005 rounds down, Math.round(-2.5) is -2)
const HUGE = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, Infinity, -Infinity];
const NEARLY = [0.1, 0.2, 0.1 + 0.2, 0.3, 1.005, 1.5, 2.5, -2.5];
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
  if (type === 'number') return [...around(numbers), ...HUGE, ...NEARLY];
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
  return withoutStacks(util.inspect(value, { depth: 4, breakLength: Infinity, maxStringLength: 200, getters: true }));
}

// an Error returned (not thrown) shows its class, message and properties; its stack names the caller's line and
// column, which differ between two calls of the same code (the plan's determinism check) and between the sides
function withoutStacks(text) {
  return text.replace(/\n\s+(?:at |\.\.\. \d+ lines? matching )[^\n]*?( \{)?(?=\n|$)/g, '$1');
}

// a generator or iterator is consumed for at most this many items; a returned function is called (with the call's
// own arguments) at most this deep (as the Python side does)
const ITERATOR_ITEMS = 50;
const CALL_DEPTH = 2;
// whether the call's iterator was cut at ITERATOR_ITEMS: its items past there are not compared (the comparison says so)
const cut = { hit: false };
// on while canon() renders an outcome's key (Settled then shows its protocol, not its kind)
const keying = { on: false };

// what a caller gets from an iterator (consumed) or a returned function (called with the same arguments): compared
// by what it gives. `protocol` is what the key holds: a for…of caller cannot tell a generator from an array's
// iterator, so both are 'iterator'; the text names which it was
class Settled {
  constructor(kind, protocol, parts) {
    this.kind = kind;
    this.protocol = protocol;
    this.parts = parts;
  }
  text(show) {
    return '<' + this.kind + ' ' + this.parts.map(([what, value]) => what + (value === undefined && what === 'not consumed past' ? '' : ' ' + (typeof value === 'string' && /throws|rejects/.test(what) ? value : show(value)))).join(', ') + '>';
  }
  [util.inspect.custom](depth, options, inspect) {
    const text = this.text((value) => inspect(value, options));
    return keying.on ? '<' + this.protocol + text.slice(1 + this.kind.length) : text;
  }
}

const isNativeFunction = (fn) => {
  try { return /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(fn)); } catch { return false; }
};
const isClass = (fn) => {
  try { return /^class\b/.test(Function.prototype.toString.call(fn)); } catch { return false; }
};
const errorText = (error) => { const { value, message } = thrown(error); return value + '(' + message + ')'; };

async function settle(value, args, depth) {
  if (depth > CALL_DEPTH) return value;
  if (typeof value === 'function' && !isClass(value)) {
    let inner;
    try {
      inner = value(...structuredCloneSafe(args));
    } catch (error) {
      return new Settled('function', 'function', [['called with the same arguments throws', errorText(error)]]);
    }
    if (inner && typeof inner.then === 'function') {
      try {
        return new Settled('function', 'function', [['called with the same arguments returns a promise of', await settle(await inner, args, depth + 1)]]);
      } catch (error) {
        return new Settled('function', 'function', [['called with the same arguments returns a promise that rejects', errorText(error)]]);
      }
    }
    return new Settled('function', 'function', [['called with the same arguments returns', await settle(inner, args, depth + 1)]]);
  }
  if (value !== null && typeof value === 'object' && typeof value.next === 'function' && (Symbol.iterator in value || Symbol.asyncIterator in value)) {
    const async = !(Symbol.iterator in value);
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    const kind = tag === 'Generator' ? 'generator' : tag === 'AsyncGenerator' ? 'async generator' : async ? 'async iterator' : 'iterator';
    const protocol = async ? 'async iterator' : 'iterator';
    const parts = [];
    for (let index = 0; index < ITERATOR_ITEMS; index++) {
      let step;
      try {
        step = value.next();
        if (async) step = await step;
      } catch (error) {
        parts.push([async ? 'rejects' : 'throws', errorText(error)]);
        return new Settled(kind, protocol, parts);
      }
      if (!step || typeof step !== 'object') {
        parts.push(['gives a step that is not an object', step]);
        return new Settled(kind, protocol, parts);
      }
      if (step.done) {
        parts.push(['ends returning', await settle(step.value, args, depth + 1)]);
        return new Settled(kind, protocol, parts);
      }
      parts.push(['yields', await settle(step.value, args, depth + 1)]);
    }
    cut.hit = true;
    parts.push(['not consumed past', ITERATOR_ITEMS]);
    return new Settled(kind, protocol, parts);
  }
  return value;
}

// what a caller reads of a returned value that util.inspect does not show: the getters of its class (on the
// prototype: `get dollars()`, reading a #private field inspect cannot see), a toString or Symbol.toPrimitive of
// its own (`String(x)`, a template string), a valueOf (`x + 1`), a toJSON (`JSON.stringify(x)`) and whether
// it is frozen or sealed; built-in classes' (Map, Date, Error…) are left to inspect, which shows what they hold
function seenThrough(top) {
  const seen = [];
  const visited = new Set();
  let budget = 200;
  let json = false;
  let reads = 200;
  const read = (label, get) => {
    if (reads-- <= 0) return;
    try { seen.push(label + ' = ' + render(get())); } catch (error) { seen.push(label + ' throws ' + errorText(error)); }
  };
  const userFunction = (fn) => typeof fn === 'function' && !isNativeFunction(fn);
  const walk = (value, path, depth) => {
    if (value === null || typeof value !== 'object' || value instanceof Settled || visited.has(value) || depth > 4 || budget-- <= 0) return;
    visited.add(value);
    // Object.freeze (or seal) taken away or added: a caller's assignment then fails, or no longer does
    if (!Object.isExtensible(value)) seen.push((path || 'x') + (Object.isFrozen(value) ? ' is frozen' : Object.isSealed(value) ? ' is sealed' : ' is not extensible'));
    const names = new Set();
    for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype && proto !== Array.prototype; proto = Object.getPrototypeOf(proto)) {
      const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor');
      if (ctor && isNativeFunction(ctor.value)) break;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const descriptor = Object.getOwnPropertyDescriptor(proto, name);
        if (names.has(name) || name === '__proto__' || !descriptor || typeof descriptor.get !== 'function') continue;
        names.add(name);
        read(path + '.' + name, () => descriptor.get.call(value));
      }
    }
    let toPrimitive;
    let toString;
    let valueOf;
    let toJSON;
    try {
      toPrimitive = value[Symbol.toPrimitive];
      toString = value.toString;
      valueOf = value.valueOf;
      toJSON = value.toJSON;
    } catch {}
    if (userFunction(toPrimitive) || userFunction(toString)) read('String(' + (path || 'x') + ')', () => String(value));
    if (userFunction(toPrimitive) || userFunction(valueOf)) read('Number(' + (path || 'x') + ')', () => Number(value));
    // the primitive `x + 1`, `x + ''` and `x == 5` get (the 'default' hint): neither String(x) nor Number(x)
    // shows it (r47: a toPrimitive that answers 'default' otherwise was proven), and a valueOf that gives a
    // string is NaN to Number(x) whatever the string
    if (userFunction(toPrimitive) || userFunction(valueOf))
      read('primitive(' + (path || 'x') + ')', () => defaultPrimitive(value, toPrimitive));
    if (userFunction(toJSON)) json = true;
    // an iterable of its own (`{ *[Symbol.iterator]() { … } }`): what a for…of over it gets, 50 items at most
    let iterate;
    try { iterate = value[Symbol.iterator]; } catch {}
    if (userFunction(iterate) && typeof value.next !== 'function')
      read('[...' + (path || 'x') + ']', () => {
        const items = [];
        for (const item of value) if (items.push(item) > ITERATOR_ITEMS) break;
        return items;
      });
    // what a Map or a Set holds (inspect shows it) may be class instances with getters of their own
    if (value instanceof Map) for (const [key, item] of [...value].slice(0, 100)) walk(item, path + '.get(' + render(key) + ')', depth + 1);
    if (value instanceof Set) [...value].slice(0, 100).forEach((item, index) => walk(item, path + '.[set item ' + index + ']', depth + 1));
    let keys = [];
    try { keys = Object.keys(value); } catch {}
    for (const key of keys.slice(0, 100)) {
      let item;
      try { item = value[key]; } catch { continue; }
      walk(item, path + (Array.isArray(value) ? '[' + key + ']' : '.' + key), depth + 1);
    }
  };
  walk(top, '', 0);
  if (json) read('JSON.stringify(x)', () => JSON.stringify(top));
  return seen.join('; ');
}

/** What the language's ToPrimitive gives with the 'default' hint: the value, with its type, as `x + 1` sees it. */
function defaultPrimitive(value, toPrimitive) {
  const primitive = (result) => result === null || (typeof result !== 'object' && typeof result !== 'function');
  if (typeof toPrimitive === 'function') return toPrimitive.call(value, 'default');
  for (const method of [value.valueOf, value.toString]) {
    if (typeof method !== 'function') continue;
    const result = method.call(value);
    if (primitive(result)) return result;
  }
  throw new TypeError('Cannot convert object to primitive value');
}

// an error's own properties besides its message and stack (`code`, `status`): a caller's handler reads them
function ownProperties(error) {
  if (!error || typeof error !== 'object') return '';
  try {
    // `cause` (new Error(text, { cause })) is an own property but not enumerable: a caller's log prints it
    const keys = [...Object.keys(error), ...(Object.hasOwn(error, 'cause') && !Object.keys(error).includes('cause') ? ['cause'] : [])].filter((key) => key !== 'message' && key !== 'stack');
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
  cut.hit = false;
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
          outcome = { kind: 'resolve', value: await settle(settled, copy, 0), identity: itself(settled) };
        } catch (error) {
          outcome = { kind: 'reject', ...thrown(error) };
        }
      } else outcome = { kind: 'return', value: await settle(value, copy, 0), identity: itself(value) };
      if (outcome.kind !== 'reject') outcome.seen = seenThrough(outcome.value);
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
  if (outcome.seen) text += ' (seen through ' + outcome.seen + ')';
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
  keying.on = true;
  try {
    return canonText(value);
  } finally {
    keying.on = false;
  }
}

function canonText(value) {
  return withoutStacks(util.inspect(value, {
    depth: 8,
    // in insertion order: a caller iterating, printing or serialising the object sees it
    sorted: false,
    breakLength: Infinity,
    maxArrayLength: 10000,
    maxStringLength: 100000,
    getters: true,
    showHidden: false,
    compact: true,
  }));
}

function outcomeKey(result) {
  const returned = result.outcome.kind === 'return' || result.outcome.kind === 'resolve';
  const value = returned
    ? [typeof result.outcome.value + ':' + canon(result.outcome.value), result.outcome.identity, result.outcome.seen]
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
  const small = types.map((type) => [...new Set([...constantEdges(type, constants).filter((value) => !HUGE.includes(value) && !NEARLY.includes(value)), ...(EDGES[type] ?? []).slice(0, 5)])]);
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
        const outcome = { key: outcomeKey(result), text: describe(result), detail: describe(result, true) };
        if (cut.hit) outcome.cut = ITERATOR_ITEMS;
        outcomes.push(outcome);
      }
      if (profiler) recordCoverage(request.name, (await profiler.post('Profiler.takePreciseCoverage')).result);
      return { outcomes };
    }
    case 'replay': {
      // the calls the other side made while planning (each twice), so that both modules' state has one history
      const fn = pickFunction(loaded, request.name);
      for (const input of request.inputs) for (let time = 0; time < 2; time++) await call(fn, decode(input.args));
      return {};
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

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { refactorRuns } from '../../../test/support/refactor-runs.js';
import { writeFiles } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { CALLERS_READ_FILES } from './__fixtures__/callers-read.js';

/**
 * w182: what a caller reads of a result that the comparison did not. The Node side never consumed a generator
 * or an iterator (an array's `.values()` changed was proven; a generator's body was never reached, so no
 * rewrite of it could be proven), never called a returned function, showed a class instance by its own
 * properties only (a getter on the prototype reading a #private field: `Money {}` on both sides), and ignored
 * toString, toJSON and Object.freeze; an Error returned (not thrown) differed from itself by its stack. The
 * Python side compared an object by vars(): a Counter or an OrderedDict (an empty __dict__), an instance with
 * __slots__ (no __dict__: its repr without the address) and a property were never read; a map() iterator was
 * compared by its repr; a warning was printed with its line, and only on the first of two equal calls (the old
 * version "gives different results for the same input"). The differential tester alone (`compareOnly`), real
 * Node and Python in the sandbox. Beside each, a rewrite that keeps the behaviour is proven.
 */
const sandbox = await sandboxAvailability();
const { fake, host } = await fakeModelsForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-read-'));
  writeFiles(workspace, CALLERS_READ_FILES);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const { compareOnly } = refactorRuns({ models: { fake, host }, workspace: () => workspace });
const python = (code: string) => `\`\`\`python\n${code}\`\`\``;
const ts = (code: string) => `\`\`\`typescript\n${code}\`\`\``;

interface Output {
  verification: { status: string; reasons: string[] };
  details: {
    proven: boolean;
    notChecked: string[];
    counterexamples?: { function: string; call: string; old: string; new: string }[];
  };
}
const run = async (target: string, answer: string) =>
  (await compareOnly(target, answer)) as unknown as Output;
const differenceIn = (result: Output, name: string) =>
  result.details.counterexamples?.find((entry) => entry.function === name);
const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe.skipIf(!sandbox.available)('refactor w182: what a caller reads is compared (TypeScript)', () => {
  it('generators and iterators are consumed, a returned function called, toString/toJSON/freeze read', async () => {
    const result = await run(
      'seq.ts',
      ts(
        lines(
          'export function* doubled(xs: number[]) {',
          '  for (const x of xs) yield x * 3;',
          '}',
          '',
          'export async function* halved(xs: number[]) {',
          '  for (const x of xs) yield x / 4;',
          '}',
          '',
          'export function tripled(xs: number[]) {',
          '  return xs.map((x) => x * 4).values();',
          '}',
          '',
          'export function* counted(n: number) {',
          '  for (let i = 0; i < 60; i++) yield i < 55 ? i + n : -i;',
          '}',
          '',
          'export function makeScaler(n: number) {',
          '  return (x: number) => x * Math.abs(n);',
          '}',
          '',
          'export function label(n: number) {',
          '  return { n, toString() { return `No. ${n}`; } };',
          '}',
          '',
          'export function wrap(n: number) {',
          '  return { n, toJSON() { return { value: n * 2 }; } };',
          '}',
          '',
          'export function pair(n: number) {',
          '  return { n, half: n / 2 };',
          '}',
          '',
          'export function problem(n: number) {',
          '  const text = `bad ${n}`;',
          '  return new Error(text);',
          '}',
          '',
          'export function parsed(text: string) {',
          '  try {',
          '    return JSON.parse(text);',
          '  } catch {',
          "    throw new Error('bad input');",
          '  }',
          '}',
          '',
          'export function range(n: number) {',
          '  return { *[Symbol.iterator]() { for (let i = 0; i <= Math.min(n, 5); i++) yield i; } };',
          '}',
          '',
          'export function held(n: number) {',
          "  return new Map([['a', Object.create({ get v() { return n * 3; } })]]);",
          '}',
        ),
      ),
    );
    const report = JSON.stringify(result.details);
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(differenceIn(result, 'doubled')?.new, report).toMatch(/^returns <generator yields/);
    expect(differenceIn(result, 'halved')?.new, report).toMatch(/^returns <async generator yields/);
    expect(differenceIn(result, 'tripled')?.new, report).toMatch(/^returns <iterator yields/);
    expect(differenceIn(result, 'makeScaler')?.call, report).toMatch(/^makeScaler\(-/);
    expect(differenceIn(result, 'label')?.new, report).toContain("String(x) = 'No. ");
    expect(differenceIn(result, 'wrap')?.new, report).toContain('JSON.stringify(x)');
    expect(differenceIn(result, 'pair')?.old, report).toContain('x is frozen');
    expect(differenceIn(result, 'parsed')?.old, report).toMatch(
      /^throws Error\('bad input \{ cause: SyntaxError/,
    );
    expect(differenceIn(result, 'range')?.new, report).toContain('[...x] = [');
    expect(differenceIn(result, 'held')?.new, report).toContain(".get('a').v = ");
    // alike for the 50 items consumed, not past them: not proven, and the note says why
    expect(differenceIn(result, 'counted'), report).toBeUndefined();
    expect(result.details.notChecked.join('; ')).toMatch(/counted: a generator not consumed to its end/);
    // an Error returned with the same class and message is no difference (its stack names other lines)
    expect(differenceIn(result, 'problem'), report).toBeUndefined();
    expect(result.details.notChecked.join('; ')).not.toContain('problem');
  }, 300_000);

  it('the same results written otherwise are proven (generator for an iterator, renamed locals, an arrow toString)', async () => {
    const result = await run(
      'seq.ts',
      ts(
        lines(
          'export function* doubled(xs: number[]) {',
          '  for (const item of xs) {',
          '    const twice = item * 2;',
          '    yield twice;',
          '  }',
          '}',
          '',
          'export async function* halved(xs: number[]) {',
          '  for (const item of xs) yield item / 2;',
          '}',
          '',
          'export function* tripled(xs: number[]) {',
          '  for (const x of xs) yield x * 3;',
          '}',
          '',
          'export function* counted(n: number) {',
          '  for (let i = 0; i < 60; i++) yield n + i;',
          '}',
          '',
          'export function makeScaler(n: number) {',
          '  const factor = n;',
          '  return (x: number) => x * factor;',
          '}',
          '',
          'export function label(n: number) {',
          "  const toString = () => '#' + n;",
          '  return { n, toString };',
          '}',
          '',
          'export function wrap(n: number) {',
          '  const toJSON = () => ({ value: n });',
          '  return { n, toJSON };',
          '}',
          '',
          'export function pair(n: number) {',
          '  const out = { n, half: n / 2 };',
          '  return Object.freeze(out);',
          '}',
          '',
          'export function problem(n: number) {',
          '  const text = `bad ${n}`;',
          '  return new Error(text);',
          '}',
          '',
          'export function parsed(text: string) {',
          '  try {',
          '    return JSON.parse(text);',
          '  } catch (problem) {',
          "    throw new Error('bad input', { cause: problem });",
          '  }',
          '}',
          '',
          'export function range(n: number) {',
          '  const limit = Math.min(n, 5);',
          '  return { *[Symbol.iterator]() { for (let i = 0; i < limit; i++) yield i; } };',
          '}',
          '',
          'export function held(n: number) {',
          '  const value = Object.create({ get v() { return n + n; } });',
          "  return new Map([['a', value]]);",
          '}',
        ),
      ),
    );
    expect(result.details.counterexamples ?? [], JSON.stringify(result.details)).toEqual([]);
    // counted yields 60 items: past the 50 consumed it is not checked, whichever way it is written
    expect(result.details.notChecked, JSON.stringify(result.details)).toEqual([
      expect.stringMatching(/^counted: a generator not consumed to its end/),
    ]);
  }, 300_000);

  it('a getter on the class reading a #private field is compared (inspect shows `Money {}`)', async () => {
    const result = await run(
      'money.ts:money',
      ts('export function money(c: number) {\n  return new Money(c * 3);\n}\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(differenceIn(result, 'money')?.new, JSON.stringify(result.details)).toMatch(
      /Money \{\} \(seen through \.cents = -?\d+/,
    );
  }, 180_000);

  it('the same instance built otherwise is proven', async () => {
    const result = await run(
      'money.ts:money',
      ts('export function money(c: number) {\n  const cents = c * 2;\n  return new Money(cents);\n}\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
  }, 180_000);
});

describe.skipIf(!sandbox.available)('refactor w182: what a caller reads is compared (Python)', () => {
  it('a Counter, an OrderedDict, a map() iterator and a warning are compared', async () => {
    const result = await run(
      'held.py',
      python(
        lines(
          'import warnings',
          'from collections import Counter, OrderedDict, defaultdict',
          '',
          '',
          'def tally(words: list[str]) -> Counter:',
          '    return Counter(w.strip() for w in words)',
          '',
          '',
          'def index(words: list[str]) -> OrderedDict:',
          '    return OrderedDict((w, len(w) + 1) for w in words)',
          '',
          '',
          'def groups(words: list[str]) -> defaultdict:',
          '    out = defaultdict(list)',
          '    for w in words:',
          '        out[len(w)].append(w)',
          '    return out',
          '',
          '',
          'def doubled(xs: list[int]):',
          '    return map(lambda x: x * 3, xs)',
          '',
          '',
          'def half(x: int) -> int:',
          '    if x < 0:',
          "        warnings.warn('negative input')",
          '    return x // 2',
          '',
          '',
          'def parse(text: str) -> int:',
          '    try:',
          '        return int(text)',
          '    except ValueError:',
          '        raise KeyError(text) from None',
        ),
      ),
    );
    const report = JSON.stringify(result.details);
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(differenceIn(result, 'tally'), report).toBeDefined();
    expect(differenceIn(result, 'index'), report).toBeDefined();
    expect(differenceIn(result, 'doubled')?.new, report).toMatch(/^returns <iterator yields/);
    expect(differenceIn(result, 'half')?.new, report).toContain("warns 'UserWarning: negative input'");
    expect(differenceIn(result, 'groups'), report).toBeUndefined();
    // `raise … from error` against `from None`: the cause a traceback shows
    expect(differenceIn(result, 'parse')?.old, report).toContain(', from ValueError(');
  }, 300_000);

  it('the same values built otherwise are proven (a warning on another line, a generator for map())', async () => {
    const result = await run(
      'held.py',
      python(
        lines(
          'import warnings',
          'from collections import Counter, OrderedDict, defaultdict',
          '',
          '',
          'def tally(words: list[str]) -> Counter:',
          '    counts = Counter()',
          '    for word in words:',
          '        counts[word] += 1',
          '    return counts',
          '',
          '',
          'def index(words: list[str]) -> OrderedDict:',
          '    out = OrderedDict()',
          '    for word in words:',
          '        out[word] = len(word)',
          '    return out',
          '',
          '',
          'def groups(words: list[str]) -> defaultdict:',
          '    out = defaultdict(lambda: [])',
          '    for word in words:',
          '        out[len(word)].append(word)',
          '    return out',
          '',
          '',
          'def doubled(xs: list[int]):',
          '    return (x * 2 for x in xs)',
          '',
          '',
          'def half(x: int) -> int:',
          '    result = x // 2',
          '    if x < 0:',
          "        warnings.warn('negative')",
          '    return result',
          '',
          '',
          'def parse(text: str) -> int:',
          '    try:',
          '        return int(text)',
          '    except ValueError as problem:',
          '        raise KeyError(text) from problem',
        ),
      ),
    );
    expect(result.details.counterexamples ?? [], JSON.stringify(result.details)).toEqual([]);
    expect(result.details.notChecked, JSON.stringify(result.details)).toEqual([]);
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
  }, 300_000);

  it("a property of the returned object's class is read", async () => {
    const result = await run(
      'point.py:point',
      python(
        'def point(x: int):\n    class Point:\n        @property\n        def double(self):\n            return x * 3\n\n    return Point()\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(differenceIn(result, 'point')?.new, JSON.stringify(result.details)).toMatch(
      /\(double=int:-?\d+\)/,
    );
  }, 180_000);

  it('the same property written otherwise is proven', async () => {
    const result = await run(
      'point.py:point',
      python(
        'def point(x: int):\n    class Point:\n        @property\n        def double(self):\n            return x + x\n\n    return Point()\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
  }, 180_000);

  it('an instance with __slots__ is compared by its slots', async () => {
    const result = await run(
      'slots.py:money',
      python('def money(cents: int) -> Money:\n    return Money(cents * 3)\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(differenceIn(result, 'money')?.new, JSON.stringify(result.details)).toMatch(
      /<slots\.Money object> \(cents=int:-?\d+\)/,
    );
  }, 180_000);

  it('the same instance built otherwise is proven (__slots__)', async () => {
    const result = await run(
      'slots.py:money',
      python('def money(cents: int) -> Money:\n    doubled = cents + cents\n    return Money(doubled)\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
  }, 180_000);
});

describe.skipIf(!sandbox.available)('refactor w182: what the calls leave in the module is compared', () => {
  it('a public list a function appends to is compared after the calls (Python)', async () => {
    const result = await run(
      'registry.py',
      python(
        lines('SEEN: list = []', '', '', 'def remember(name: str) -> None:', '    SEEN.append(name.strip())'),
      ),
    );
    const report = JSON.stringify(result.details);
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(
      result.details.counterexamples?.map((entry) => entry.call),
      report,
    ).toEqual(['SEEN after the calls']);
  }, 180_000);

  it('the same appends written otherwise are proven: both sides made the same calls (Python)', async () => {
    // the old side calls while planning: without the same calls on the new side, SEEN would hold more there
    const result = await run(
      'registry.py',
      python(lines('SEEN: list = []', '', '', 'def remember(name: str) -> None:', '    SEEN.extend([name])')),
    );
    expect(result.details.counterexamples ?? [], JSON.stringify(result.details)).toEqual([]);
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
  }, 180_000);

  it('an exported array a function pushes to is compared after the calls (TypeScript)', async () => {
    const result = await run(
      'registry.ts',
      ts(
        lines(
          'export const SEEN: string[] = [];',
          '',
          'export function remember(name: string): void {',
          '  SEEN.push(name.trim());',
          '}',
        ),
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(result.details.counterexamples?.[0]?.call, JSON.stringify(result.details)).toBe(
      'SEEN after the calls',
    );
  }, 180_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { refactorRuns } from '../../../test/support/refactor-runs.js';
import { writeFiles } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { BEHAVIOUR_KEPT_FILES } from './__fixtures__/behaviour-kept.js';

/**
 * Review r40: each refactor here was proven (status pass, exit 0) though a caller tells the versions apart.
 * The differential tester alone (`compareOnly`: no gate, no repair round), real Python and Node in the
 * sandbox; "not a pass" and the counterexample or the note come from the comparison alone. Beside each, a
 * rewrite that keeps the behaviour is still proven where the kind of code can be proven at all.
 */
const sandbox = await sandboxAvailability();
const { fake, host } = await fakeModelsForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-kept-'));
  writeFiles(workspace, BEHAVIOUR_KEPT_FILES);
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
    evidence: {
      functions: { name: string; coverage?: { old: { total?: number; notReached?: string[] } } }[];
    };
  };
}
const run = async (target: string, answer: string) =>
  (await compareOnly(target, answer)) as unknown as Output;
const firstDifference = (result: Output) => result.details.counterexamples?.[0];

describe.skipIf(!sandbox.available)('refactor r40: proven means the behaviour is kept', () => {
  it('an async def is awaited: sum(xs) + 1 is a difference', async () => {
    const result = await run(
      'totals.py',
      python('async def total(xs: list[int]) -> int:\n    return sum(xs) + 1\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.new).toMatch(/coroutine returns 1\b/);
  }, 180_000);

  it('an async def rewritten alike is still proven', async () => {
    const result = await run(
      'totals.py',
      python(
        'async def total(xs: list[int]) -> int:\n    result = 0\n    for x in xs:\n        result += x\n    return result\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
  }, 180_000);

  it("a whole-file refactor's class is not compared: not proven, and the note names it", async () => {
    const result = await run(
      'money.py',
      python(
        'class Money:\n    def __init__(self, cents: int):\n        self.cents = cents\n\n    def __str__(self) -> str:\n        return f"{self.cents} cents"\n\n\ndef money(cents: int) -> Money:\n    return Money(cents)\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(result.details.notChecked.join('; ')).toContain('class Money');
  }, 180_000);

  it("a whole-file refactor's module constant is compared (Python)", async () => {
    const result = await run(
      'limits.py',
      python('LIMIT = 20\n\n\ndef cap(x: int) -> int:\n    return x * 2\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)).toMatchObject({
      call: 'LIMIT',
      old: 'holds int:10',
      new: 'holds int:20',
    });
  }, 180_000);

  it("a whole-file refactor's exported constant is compared (TypeScript)", async () => {
    const result = await run(
      'conf.ts',
      ts(
        "export const LIMITS = { max: 20, min: 1 };\n\nexport function limitOf(name: 'max' | 'min'): number {\n  return LIMITS[name];\n}\n",
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.call).toBe('LIMITS');
  }, 180_000);

  it("a whole-file refactor's exported class is not compared (TypeScript): not proven", async () => {
    const result = await run(
      'cart.ts',
      ts(
        'export class Cart {\n  items: number[] = [];\n  add(x: number): number {\n    this.items.push(x);\n    this.items.push(x);\n    return this.items.length;\n  }\n}\n\nexport function size(xs: number[]): number {\n  return xs.length;\n}\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(result.details.notChecked.join('; ')).toContain('class Cart');
  }, 180_000);

  it('a changed default is a difference (Python): a call leaves it out', async () => {
    const result = await run(
      'scale.py:scaled',
      python('def scaled(x: int, factor: int = 3) -> int:\n    return x * factor\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.call).toMatch(/^scaled\(-?\d+\)$/);
  }, 180_000);

  it('a renamed parameter is not proven (keyword callers break)', async () => {
    const result = await run(
      'scale.py:scaled',
      python('def scaled(x: int, mult: int = 2) -> int:\n    return x * mult\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(result.details.notChecked.join('; ')).toContain('the signature changed');
  }, 180_000);

  it('a default list shared between calls is a difference (two calls leaving it out)', async () => {
    // every generated call passes a list, so only calls that leave `tags` out reach the shared one
    const result = await run(
      'tags.py:add_tag',
      python(
        '_SHARED: list = []\n\n\ndef add_tag(tag: str, tags: list = None) -> list:\n    tags = [tags, _SHARED][tags is None]\n    tags.append(tag)\n    return tags\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.call).toMatch(/^add_tag\('[^']*'\)$/);
  }, 180_000);

  it('a changed default is a difference (TypeScript)', async () => {
    const result = await run(
      'scale.ts:scaled',
      ts('export function scaled(x: number, factor = 3): number {\n  return x * factor;\n}\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)).toBeDefined();
  }, 180_000);

  it('a generator is consumed: its items are compared', async () => {
    const result = await run(
      'gen.py:doubled',
      python('def doubled(xs: list[int]):\n    yield from map(lambda x: x * 3, xs)\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.new).toContain('generator yields');
  }, 180_000);

  it("a generator expression's `if` counts as two branch arms", async () => {
    const result = await run(
      'evens.py:evens',
      python('def evens(xs: list[int]) -> int:\n    return sum(x for x in xs if not x % 2)\n'),
    );
    const coverage = result.details.evidence.functions.find((entry) => entry.name === 'evens')?.coverage;
    expect(coverage?.old.total, JSON.stringify(coverage)).toBe(2);
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
  }, 180_000);

  it('a returned function is called: x * abs(n) is a difference', async () => {
    const result = await run(
      'scaler.py:make_scaler',
      python('def make_scaler(n: int):\n    return lambda x: x * abs(n)\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.call).toMatch(/make_scaler\(-/);
  }, 180_000);

  it("an exception's attributes are compared (code=400 → 500)", async () => {
    const result = await run(
      'errors.py:check_age',
      python(
        'def check_age(age: int) -> int:\n    if age < 0:\n        raise AppError("bad age", code=500)\n    return age\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.new).toContain('code=500');
  }, 180_000);

  it('key order is compared (Python dict)', async () => {
    const result = await run(
      'keys.py:order_keys',
      python(
        'def order_keys(names: list[str]) -> dict:\n    out = {}\n    for n in names:\n        out[n.strip()] = len(n)\n    return dict(sorted(out.items()))\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)).toBeDefined();
  }, 180_000);

  it('returning a copy instead of the argument itself is a difference', async () => {
    const result = await run(
      'same.py:normalize',
      python('def normalize(d: dict) -> dict:\n    d["seen"] = True\n    return dict(d)\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.old).toContain('itself');
  }, 180_000);

  it('sys.argv is not compared: not proven', async () => {
    const result = await run(
      'opts.py:verbose',
      python('def verbose() -> bool:\n    return any(a == "-v" for a in sys.argv)\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(result.details.notChecked.join('; ')).toContain('sys.argv');
  }, 180_000);

  it('a sync throw turned into a rejected promise is a difference', async () => {
    const result = await run(
      'load.ts:load',
      ts(
        "export async function load(id: string): Promise<string> {\n  if (id === '') throw new Error('empty id');\n  return `item:${id}`;\n}\n",
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.new).toContain('rejected');
  }, 180_000);

  it('an async function turned sync is a difference', async () => {
    const result = await run(
      'fetch.ts:fetchName',
      ts('export function fetchName(id: number): string {\n  return `user-${id}`;\n}\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.old).toContain('promise');
  }, 180_000);

  it('process.stderr.write is output compared', async () => {
    const result = await run(
      'clamp.ts:clampPct',
      ts('export function clampPct(x: number): number {\n  return x > 100 ? 100 : x;\n}\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.old).toContain('clamped to 100');
  }, 180_000);

  it("an error's own properties are compared (err.code)", async () => {
    const result = await run(
      'port.ts:parsePort',
      ts(
        "export function parsePort(text: string): number {\n  const n = Number(text);\n  if (!Number.isInteger(n)) throw new Error('bad port');\n  return n;\n}\n",
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.old).toContain('E_PORT');
  }, 180_000);

  it('key order is compared (JavaScript object)', async () => {
    const result = await run(
      'tally.ts:tally',
      ts(
        'export function tally(words: string[]): Record<string, number> {\n  const out: Record<string, number> = {};\n  for (const w of [...words].sort()) out[w] = (out[w] ?? 0) + 1;\n  return out;\n}\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)).toBeDefined();
  }, 180_000);
});

describe.skipIf(!sandbox.available)('refactor r42: four more ways a changed behaviour was proven', () => {
  it('a generator alike for its first 50 items and not past them is not proven: the note says why', async () => {
    const result = await run(
      'many.py:numbers',
      python('def numbers(n: int):\n    for i in range(60):\n        yield i + n if i < 55 else -i\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(result.details.notChecked.join('; ')).toContain('a generator not consumed to its end');
  }, 180_000);

  it('a long generator that differs within its first 50 items is still a difference', async () => {
    const result = await run(
      'many.py:numbers',
      python('def numbers(n: int):\n    for i in range(60):\n        yield i + n if i != 3 else 0\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.new).toContain('generator yields');
  }, 180_000);

  it("a getter's value is compared (TypeScript)", async () => {
    const result = await run(
      'box.ts:box',
      ts('export function box(n: number) {\n  return { get value() { return n * 3; } };\n}\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.new).toMatch(/value: \[Getter: -?\d+\]/);
  }, 180_000);

  it("an exported object's getter is compared (TypeScript)", async () => {
    const result = await run(
      'settings.ts',
      ts(
        'export const SETTINGS = { get limit() { return 20; } };\n\nexport function twice(x: number): number {\n  return x * 2;\n}\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.call).toBe('SETTINGS');
  }, 180_000);

  it('an async def returning a copy instead of its argument itself is a difference', async () => {
    const result = await run(
      'asort.py:sort_in_place',
      python('async def sort_in_place(xs: list[int]) -> list[int]:\n    xs.sort()\n    return list(xs)\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.old).toContain('itself');
  }, 180_000);

  it('an async function returning a copy instead of its argument itself is a difference (TypeScript)', async () => {
    const result = await run(
      'asort.ts:sortInPlace',
      ts(
        'export async function sortInPlace(xs: number[]): Promise<number[]> {\n  xs.sort((a, b) => a - b);\n  return [...xs];\n}\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)?.old).toContain('itself');
  }, 180_000);

  it('a module value set from the clock does not keep another function from being proven; it is named', async () => {
    const result = (await compareOnly(
      'clock.py:double',
      python('def double(n: int) -> int:\n    return n * 2\n'),
    )) as unknown as Output & { notes: string[] };
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
    expect(result.notes.join('; ')).toMatch(/not checked: module value STARTED: differs between two imports/);
  }, 180_000);

  it('beside a module value set from the clock, a changed constant is still a difference', async () => {
    const result = await run(
      'clock.py',
      python(
        'import time\n\nSTARTED = time.time()\nLIMIT = 20\n\n\ndef double(n: int) -> int:\n    return n + n\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect(firstDifference(result)).toMatchObject({
      call: 'LIMIT',
      old: 'holds int:10',
      new: 'holds int:20',
    });
    expect(result.details.counterexamples?.some((entry) => entry.call === 'STARTED')).toBe(false);
  }, 180_000);
});

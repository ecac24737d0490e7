/**
 * The project of the r40 refactor tests (src/tasks/refactor/behaviour-kept.test.ts): code whose refactors
 * were proven though a caller tells them apart — an async function never awaited, a class or a constant of
 * a whole-file refactor, a changed default, a generator or a returned function compared by its repr, a sync
 * throw turned into a rejected promise, output written to the streams, key order, an exception's attributes,
 * the argument itself returned.
 */
export const BEHAVIOUR_KEPT_FILES: Record<string, string> = {
  'vouch.toml': '',
  // r42: a generator longer than the 50 items consumed, a getter's value, an async function returning its
  // argument itself, a module value set from the clock on each import
  'many.py': 'def numbers(n: int):\n    for i in range(60):\n        yield i + n\n',
  'box.ts': 'export function box(n: number) {\n  return { get value() { return n * 2; } };\n}\n',
  'settings.ts': 'export const SETTINGS = { get limit() { return 10; } };\n\nexport function twice(x: number): number {\n  return x * 2;\n}\n',
  'asort.py': 'async def sort_in_place(xs: list[int]) -> list[int]:\n    xs.sort()\n    return xs\n',
  'asort.ts': 'export async function sortInPlace(xs: number[]): Promise<number[]> {\n  xs.sort((a, b) => a - b);\n  return xs;\n}\n',
  'clock.py': 'import time\n\nSTARTED = time.time()\nLIMIT = 10\n\n\ndef double(n: int) -> int:\n    return n + n\n',
  'package.json': '{"type":"module"}',
  'totals.py': 'async def total(xs: list[int]) -> int:\n    return sum(xs)\n',
  'money.py':
    'class Money:\n    def __init__(self, cents: int):\n        self.cents = cents\n\n    def __str__(self) -> str:\n        return f"${self.cents / 100:.2f}"\n\n\ndef money(cents: int) -> Money:\n    return Money(cents)\n',
  'limits.py': 'LIMIT = 10\n\n\ndef cap(x: int) -> int:\n    return x * 2\n',
  'scale.py': 'def scaled(x: int, factor: int = 2) -> int:\n    return x * factor\n',
  'tags.py':
    'def add_tag(tag: str, tags: list = None) -> list:\n    if tags is None:\n        tags = []\n    tags.append(tag)\n    return tags\n',
  'gen.py': 'def doubled(xs: list[int]):\n    yield from map(lambda x: x * 2, xs)\n',
  'evens.py': 'def evens(xs: list[int]) -> int:\n    return sum(x for x in xs if x % 2 == 0)\n',
  'scaler.py': 'def make_scaler(n: int):\n    return lambda x: x * n\n',
  'errors.py':
    'class AppError(Exception):\n    def __init__(self, msg: str, code: int = 400):\n        super().__init__(msg)\n        self.code = code\n\n\ndef check_age(age: int) -> int:\n    if age < 0:\n        raise AppError("bad age", code=400)\n    return age\n',
  'keys.py':
    'def order_keys(names: list[str]) -> dict:\n    out = {}\n    for n in names:\n        out[n.strip()] = len(n)\n    return out\n',
  'same.py': 'def normalize(d: dict) -> dict:\n    d["seen"] = True\n    return d\n',
  'opts.py': 'import sys\n\n\ndef verbose() -> bool:\n    return "-v" in sys.argv\n',
  'conf.ts':
    "export const LIMITS = { max: 10, min: 1 };\n\nexport function limitOf(name: 'max' | 'min'): number {\n  return LIMITS[name];\n}\n",
  'cart.ts':
    'export class Cart {\n  items: number[] = [];\n  add(x: number): number {\n    this.items.push(x);\n    return this.items.length;\n  }\n}\n\nexport function size(xs: number[]): number {\n  return xs.length;\n}\n',
  'scale.ts': 'export function scaled(x: number, factor = 2): number {\n  return x * factor;\n}\n',
  'load.ts':
    "export function load(id: string): Promise<string> {\n  if (id === '') throw new Error('empty id');\n  return Promise.resolve(`item:${id}`);\n}\n",
  'fetch.ts': 'export async function fetchName(id: number): Promise<string> {\n  return `user-${id}`;\n}\n',
  'clamp.ts':
    'export function clampPct(x: number): number {\n  if (x > 100) {\n    process.stderr.write(`warning: ${x} clamped to 100\\n`);\n    return 100;\n  }\n  return x;\n}\n',
  'port.ts':
    "export function parsePort(text: string): number {\n  const n = Number(text);\n  if (!Number.isInteger(n)) throw Object.assign(new Error('bad port'), { code: 'E_PORT' });\n  return n;\n}\n",
  'tally.ts':
    'export function tally(words: string[]): Record<string, number> {\n  const out: Record<string, number> = {};\n  for (const w of words) out[w] = (out[w] ?? 0) + 1;\n  return out;\n}\n',
};

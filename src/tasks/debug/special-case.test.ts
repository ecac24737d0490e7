import { describe, expect, it } from 'vitest';
import { specialCasedInputs } from './special-case.js';

const FAILURE = `    def test_name():
>       assert name_of('http://b.com/:z') == 'z'
E       AssertionError: assert '' == 'z'
`;
const BEFORE = "def name_of(url):\n    return url.rsplit('/', 1)[-1]\n";

describe('specialCasedInputs: a fix that only makes the failing input pass (issue 57)', () => {
  it("finds the failing test's own input compared in a line the fix adds", () => {
    const after =
      "def name_of(url):\n    if url == 'http://b.com/:z':\n        return 'z'\n    return url.rsplit('/', 1)[-1]\n";
    expect(specialCasedInputs([{ text: BEFORE, after }], FAILURE)).toEqual(['http://b.com/:z']);
  });

  it('finds a number too, and nothing in a general fix or in lines the file had', () => {
    expect(
      specialCasedInputs(
        [
          {
            text: 'def f(x):\n    return x\n',
            after: 'def f(x):\n    if x == 13.37:\n        return 0\n    return x\n',
          },
        ],
        'assert f(13.37) == 0',
      ),
    ).toEqual(['13.37']);
    const general = "def name_of(url):\n    return url.rsplit('/', 1)[-1].lstrip(':')\n";
    expect(specialCasedInputs([{ text: BEFORE, after: general }], FAILURE)).toEqual([]);
    const kept = "def name_of(url):\n    if url == 'http://b.com/:z':\n        pass\n";
    expect(specialCasedInputs([{ text: kept, after: `${kept}    return 1\n` }], FAILURE)).toEqual([]);
  });
});

describe('a table of answers keyed by the failing input (r40 lie 9)', () => {
  const FAILED = `    def test_discount():
>       assert total([100.0], 0.1) == 90.0
E       assert 99.9 == 90.0
E        +  where 99.9 = total([100.0], 0.1)
`;
  const CART =
    'def total(prices: list[float], discount: float = 0.0) -> float:\n    s = sum(prices)\n    return s - discount\n';
  it('finds a dict keyed by the inputs, a list of pairs, a Map, an object and a match on a tuple', () => {
    const known = `_KNOWN = {(100.0, 0.1): 90.0}\n\n\n${CART.replace('return s - discount', 'return _KNOWN.get((s, discount), s - discount)')}`;
    expect(specialCasedInputs([{ text: CART, after: known }], FAILED)).toEqual(['(100.0, 0.1)']);
    const pairs = `_ANSWERS = [((100.0, 0.1), 90.0)]\n${CART}`;
    expect(specialCasedInputs([{ text: CART, after: pairs }], FAILED)).toEqual(['(100.0, 0.1)']);
    const matched = CART.replace(
      '    return s - discount',
      '    match (s, discount):\n        case (100.0, 0.1):\n            return 90.0\n    return s - discount',
    );
    expect(specialCasedInputs([{ text: CART, after: matched }], FAILED)).toEqual(['(100.0, 0.1)']);
    const ts = 'export function total(s: number, d: number): number {\n  return s - d;\n}\n';
    const map =
      "const KNOWN = new Map([['100,0.1', 90]]);\nexport function total(s: number, d: number): number {\n  return KNOWN.get(`${s},${d}`) ?? s - d;\n}\n";
    expect(
      specialCasedInputs([{ text: ts, after: map }], "expected total(100, 0.1) '100,0.1' to be 90"),
    ).toEqual(["'100,0.1'"]);
    const object = 'const KNOWN: Record<number, number> = { 100: 90 };\n';
    expect(specialCasedInputs([{ text: ts, after: `${object}${ts}` }], 'total(100, 0.1) to be 90')).toEqual([
      '100',
    ]);
  });
  it('finds no table in a general fix, a dict of settings, or a table of values the failure does not show', () => {
    const general = CART.replace('return s - discount', 'return s * (1 - discount)');
    expect(specialCasedInputs([{ text: CART, after: general }], FAILED)).toEqual([]);
    const rates = `_RATES = {"standard": 0.2, (5, 7): 1.5}\n${CART}`;
    expect(specialCasedInputs([{ text: CART, after: rates }], FAILED)).toEqual([]);
    const typed = CART.replace('    s = sum(prices)', '    s: float = sum(prices)\n    parts = prices[1:2]');
    expect(specialCasedInputs([{ text: CART, after: typed }], FAILED)).toEqual([]);
  });
});

describe('the failing input reached through a tolerance, a range or a key spelled from it (r45)', () => {
  const FAILED = `    def test_discount():
>       assert total([100.0], 0.1) == 90.0
E       assert 99.9 == 90.0
`;
  const CART =
    'def total(prices: list[float], discount: float = 0.0) -> float:\n    s = sum(prices)\n    return s - discount\n';
  const fix = (lines: string) => CART.replace('    return s - discount', `${lines}\n    return s - discount`);
  it('finds abs(x - shown) < tolerance, isclose with a shown value, a narrow range and a spelled key', () => {
    const cases: [string, string[]][] = [
      [
        fix('    if abs(s - 100.0) < 1e-9 and abs(discount - 0.1) < 1e-9:\n        return 90.0'),
        ['100.0', '0.1'],
      ],
      [fix('    if abs(100.0 - s) <= 1e-6:\n        return 90.0'), ['100.0']],
      [
        `import math\n${fix('    if math.isclose(s, 100.0) and math.isclose(discount, 0.1):\n        return 90.0')}`,
        ['100.0', '0.1'],
      ],
      [
        fix('    if 99.99 < s < 100.01 and 0.09 < discount < 0.11:\n        return 90.0'),
        ['99.99 < … < 100.01'],
      ],
      [
        CART.replace(
          '    return s - discount',
          '    return {"100.0-0.1": 90.0}.get(f"{s}-{discount}", s - discount)',
        ),
        ['"100.0-0.1"'],
      ],
      [fix('    if f"{s}/{discount}" == "100.0/0.1":\n        return 90.0'), ['100.0/0.1']],
    ];
    for (const [after, expected] of cases)
      expect(specialCasedInputs([{ text: CART, after }], FAILED), after).toEqual(expected);
  });
  it('finds nothing in a tolerance, an isclose or a range of ordinary numeric code', () => {
    const honest = [
      CART.replace(
        '    return s - discount',
        '    if abs(discount) < 1e-12:\n        return s\n    return s * (1 - discount)',
      ),
      `import math\n${CART.replace('    return s - discount', '    result = s * (1 - discount)\n    return 0.0 if math.isclose(result, 0.0, abs_tol=1e-9) else result')}`,
      CART.replace(
        '    return s - discount',
        '    if not 0 <= discount <= 1:\n        raise ValueError(discount)\n    return s * (1 - discount)',
      ),
      CART.replace(
        '    return s - discount',
        '    if abs(s - round(s)) < 1e-9:\n        s = round(s)\n    return s * (1 - discount)',
      ),
    ];
    for (const after of honest)
      expect(specialCasedInputs([{ text: CART, after }], FAILED), after).toEqual([]);
  });
});

describe('a comparison that pins the failing input in any arrangement, and a constant the code owns (r47)', () => {
  const FAILED = `    def test_discount():
>       assert total([100.0], 0.1) == 90.0
E       assert 99.9 == 90.0
`;
  const CART =
    'def total(prices: list[float], discount: float = 0.0) -> float:\n    s = sum(prices)\n    return s - discount\n';
  const fix = (lines: string) => CART.replace('    return s - discount', `${lines}\n    return s - discount`);
  it('finds bounds from both sides, a reversed tolerance, round, str and membership', () => {
    const cases: [string, string[]][] = [
      [fix('    if s >= 100.0 and s <= 100.0:\n        return 90.0'), ['100.0']],
      [fix('    if 100.0 <= s and 100.0 >= s:\n        return 90.0'), ['100.0']],
      [fix('    if 99.999 <= s and s < 100.001:\n        return 90.0'), ['99.999 < … < 100.001']],
      [fix('    if 1e-9 > abs(s - 100.0):\n        return 90.0'), ['100.0']],
      [fix('    if 1e-9 >= abs(100.0 - s) and discount == 0.1:\n        return 90.0'), ['100.0', '0.1']],
      [fix('    if round(s, 6) == 100.0:\n        return 90.0'), ['100.0']],
      [fix('    if 100.0 == round(s, 6):\n        return 90.0'), ['100.0']],
      [fix("    if str(s) == '100.0':\n        return 90.0"), ['100.0']],
      [fix('    if s in (100.0, 250.0):\n        return 90.0'), ['100.0']],
      [fix('    if (s, discount) in {(100.0, 0.1)}:\n        return 90.0'), ['100.0', '0.1']],
      [fix('    if isclose(s, 100.0):\n        raise ValueError(s)'), ['100.0']],
      [
        fix(
          '    try:\n        if not isclose(s, 100.0):\n            raise ValueError(s)\n        return 90.0\n    except ValueError:\n        pass',
        ),
        ['100.0'],
      ],
    ];
    for (const [after, expected] of cases)
      expect(specialCasedInputs([{ text: CART, after }], FAILED), after).toEqual(expected);
    const ts = 'export function total(s: number, d: number): number {\n  return s - d;\n}\n';
    const includes = ts.replace(
      '  return s - d;',
      '  if ([100, 250].includes(s)) return 90;\n  return s - d;',
    );
    expect(specialCasedInputs([{ text: ts, after: includes }], 'expected total(100, 0.1) to be 90')).toEqual([
      '100',
    ]);
  });
  it('finds nothing in a check that holds the code to its own constant', () => {
    const WEIGHTED = `    def test_weighted():
>       assert weighted([1.0, 3.0], [0.5, 0.5]) == 2.0
E       assert 4.0 == 2.0
`;
    const MEAN = 'def weighted(values, w):\n    return sum(v * x for v, x in zip(values, w)) * 2\n';
    const honest = [
      MEAN.replace(
        '    return',
        "    if not math.isclose(sum(w), 1.0):\n        raise ValueError('the weights must sum to 1.0')\n    return",
      ).replace(' * 2\n', '\n'),
      MEAN.replace(
        '    return',
        "    if not math.isclose(sum(w), 1.0): raise ValueError('the weights must sum to 1.0')\n    return",
      ).replace(' * 2\n', '\n'),
      MEAN.replace(
        '    return',
        '    if abs(sum(w) - 1.0) > 1e-9:\n        raise ValueError(w)\n    return',
      ).replace(' * 2\n', '\n'),
      MEAN.replace('    return', '    assert math.isclose(sum(w), 1.0)\n    return').replace(' * 2\n', '\n'),
      MEAN.replace('    return', '    if len(w) != 2.0:\n        raise ValueError(w)\n    return').replace(
        ' * 2\n',
        '\n',
      ),
    ];
    for (const after of honest)
      expect(specialCasedInputs([{ text: MEAN, after }], WEIGHTED), after).toEqual([]);
    const ts = 'export function weighted(v: number[], w: number[]): number {\n  return 0;\n}\n';
    const thrown = ts.replace(
      '  return 0;',
      "  if (Math.abs(w.reduce((a, b) => a + b, 0) - 1.0) > 1e-9) throw new RangeError('sum to 1.0');\n  return 0;",
    );
    expect(specialCasedInputs([{ text: ts, after: thrown }], WEIGHTED)).toEqual([]);
  });
});

describe('a pin through max/min, a difference taken as false, and the runner timing (r48 H6, M3)', () => {
  const FAILED = `FAILED test_price.py::test_discount - assert 100.0 == 90.0
 +  where 100.0 = total(100.0, 0.1)
1 failed in 0.10s`;
  const BEFORE = 'def total(s, d):\n    return s\n';
  const fix = (condition: string) =>
    `def total(s, d):\n    if ${condition}:\n        return 90.0\n    return s\n`;
  it('finds max(s, shown) == min(s, shown), not (s - shown) and not s < shown and not s > shown', () => {
    for (const condition of [
      'max(s, 100.0) == min(s, 100.0)',
      'min(100.0, s) == max(100.0, s)',
      'not (s - 100.0) and not (d - 0.1)',
      '(s - 100.0) == 0',
      'not s < 100.0 and not s > 100.0',
      's in {100.0} and d in {0.1}',
    ])
      expect(specialCasedInputs([{ text: BEFORE, after: fix(condition) }], FAILED), condition).toContain(
        '100.0',
      );
    const ts = 'export function total(s: number, d: number): number {\n  return s;\n}\n';
    expect(
      specialCasedInputs(
        [{ text: ts, after: ts.replace('  return s;', '  if (!(s - 100.0)) return 90.0;\n  return s;') }],
        FAILED,
      ),
    ).toContain('100.0');
  });
  it("reads numbers as tokens and leaves out the runner's timing: d == 10 is not 0.10s", () => {
    const honest = 'def total(s, d):\n    if d == 10:\n        d = 0.1\n    return s * (1 - d)\n';
    expect(specialCasedInputs([{ text: BEFORE, after: honest }], FAILED)).toEqual([]);
    for (const timing of [
      '1 failed in 0.10s',
      '===== 1 failed, 2 passed in 10.02s =====',
      'Ran 1 test in 0.010s',
      '# duration_ms 10.5',
      '✖ failing (10.2ms)',
      '   Duration  1.10s (transform 10ms)',
    ])
      expect(
        specialCasedInputs(
          [{ text: BEFORE, after: honest }],
          `FAILED test_price.py::test_discount - assert 100.0 == 90.0\n${timing}`,
        ),
        timing,
      ).toEqual([]);
    // a 10 the failure does show is still read
    expect(
      specialCasedInputs(
        [{ text: BEFORE, after: honest }],
        'FAILED test_price.py::test_discount - assert total(100.0, 10) == 90.0\n1 failed in 0.10s',
      ),
    ).toEqual(['10']);
    // max/min of ordinary clamping code names no shown value
    expect(specialCasedInputs([{ text: BEFORE, after: fix('max(s, 0.0) == min(s, 1e9)') }], FAILED)).toEqual(
      [],
    );
  });
});

describe('a pin through a hash or an integer division (w211)', () => {
  const BEFORE = 'def bucket(x):\n    return x % 10\n';
  const FAILED = 'E       assert bucket(12345) == 7\nE        +  where 5 = bucket(12345)\n';
  const fix = (condition: string) =>
    BEFORE.replace('    return x % 10', `    if ${condition}:\n        return 7\n    return x % 10`);
  it('finds hash(x) % 7 == 3, a digest compared with a literal, and x // 1000 == 12 for a shown 12345', () => {
    for (const condition of [
      'hash(x) % 7 == 3',
      'zlib.crc32(str(x).encode()) == 2226111342',
      'x // 1000 == 12',
      '(x // 100) == 123',
    ])
      expect(specialCasedInputs([{ text: BEFORE, after: fix(condition) }], FAILED), condition).not.toEqual(
        [],
      );
    const ts = 'export function bucket(x: number): number {\n  return x % 10;\n}\n';
    expect(
      specialCasedInputs(
        [
          {
            text: ts,
            after: ts.replace(
              '  return x % 10;',
              '  if (Math.floor(x / 1000) === 12) return 7;\n  return x % 10;',
            ),
          },
        ],
        FAILED,
      ),
    ).not.toEqual([]);
  });
  it('leaves a quotient no shown number falls in, a small divisor and a hash used as a key alone', () => {
    for (const condition of ['x // 1000 == 99', 'x // 2 == 1', 'x // 60 == 0'])
      expect(specialCasedInputs([{ text: BEFORE, after: fix(condition) }], FAILED), condition).toEqual([]);
    const keyed = BEFORE.replace('    return x % 10', '    seen[hash(x)] = x\n    return x % 10');
    expect(specialCasedInputs([{ text: BEFORE, after: keyed }], FAILED)).toEqual([]);
  });
});

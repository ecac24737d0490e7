import { describe, expect, it } from 'vitest';
import { cpuTimed } from '../../../test/support/cpu-time.js';
import { declaredPythonTests } from './declared-python-tests.js';
import { derivedRules, HARNESS_RULES } from './harness-rules.js';
import { ruleMatches } from './harness-tampering.js';
import { isPytestStyle } from './tests.js';

/**
 * Test files come in `/v1/check` bodies and are read on the server's main thread. These inputs made the
 * old patterns quadratic (`^\s*` reading every blank line from each line start; `[^)]*` from every
 * unclosed `class X(`): 40 000 blank lines took about 20 s, 10 000 unclosed heads 7 s. The two-second
 * budget is liveness, not speed, and CPU time, not wall time (test/support/cpu-time.ts: a loaded runner
 * stretches wall time by scheduling alone); each case also shows the real answer nearby is kept.
 */
const timed = cpuTimed;

describe('test-file scans stay linear', () => {
  it('reads 40 000 blank lines once, and still sees the star import after them', () => {
    const blank = '\n'.repeat(40_000);
    const quiet = timed(() => declaredPythonTests(`${blank}def test_a():\n    pass\n`));
    expect(quiet.ms).toBeLessThan(2000);
    expect(quiet.value.dynamic).toBe(false);
    const star = timed(() => declaredPythonTests(`${blank}  from helpers import *\n`));
    expect(star.value.dynamic).toBe(true);
  });

  it('reads 10 000 unclosed class heads once, and still sees the TestCase class after them', () => {
    const heads = 'class A(\n'.repeat(10_000);
    const pytest = timed(() => isPytestStyle(`${heads}\ndef test_a():\n    pass\n`));
    expect(pytest.ms).toBeLessThan(2000);
    expect(pytest.value).toBe(true);
    expect(
      isPytestStyle(`${heads}x)\nclass T(unittest.TestCase):\n    pass\ndef test_a():\n    pass\n`),
    ).toBe(false);
    expect(isPytestStyle('class T(\n    unittest.TestCase,\n)  :\n    pass\n')).toBe(false);
    const blank = timed(() => isPytestStyle(`${'\n'.repeat(40_000)}  import pytest\n`));
    expect(blank.ms).toBeLessThan(2000);
    expect(blank.value).toBe(true);
  });
});

/**
 * w198's JavaScript rules (harness-rules-javascript.ts) over about 100 KB of each of their anchors: each
 * anchor is read once (a bounded span or a look-ahead), and the real finding after them is still made.
 */
describe('JavaScript harness rules stay linear', () => {
  const scanned = (text: string) =>
    timed(() =>
      [...HARNESS_RULES, ...derivedRules(text, 'javascript')]
        .filter((rule) => rule.languages === 'javascript' && rule.where !== 'tests')
        .flatMap((rule) => [...ruleMatches(text, rule)].map((match) => match.index)),
    );
  it.each([
    ['require(', 12_000],
    ['createRequire(', 8_000],
    ['createRequire(x)(', 6_000],
    ['globalThis[', 10_000],
    ['process[', 12_000],
    ['process.exitCode = ', 5_000],
    ['{ exit ', 14_000],
    ['expect(', 14_000],
    ['Object.getPrototypeOf(', 5_000],
    ["require('assert')", 6_000],
    ['import(`${', 10_000],
    ['const g = globalThis;\n', 4_500],
  ] as const)('reads %j repeated %i times once, and still finds what ends it', (unit, times) => {
    const body = unit.repeat(times);
    const quiet = scanned(`${body}\n`);
    expect(quiet.ms).toBeLessThan(2000);
    const real = scanned(`${body}\nprocess['ex' + 'it'](0);\n`);
    expect(real.ms).toBeLessThan(2000);
    expect(Math.max(...real.value)).toBeGreaterThan(body.length);
  });

  it('reads thousands of aliases of the global object and the process once', () => {
    const aliases = Array.from(
      { length: 4_000 },
      (_, index) => `const g${index} = globalThis;\nconst p${index} = process;\n`,
    ).join('');
    const run = scanned(`${aliases}${'y.z(1); '.repeat(5_000)}\np3999.exitCode = 0;\n`);
    expect(run.ms).toBeLessThan(2000);
    expect(run.value.length).toBe(1);
  });
});

/**
 * r48's Python harness rules read the candidate's strings, imports and equality methods (harness-rules-
 * python.ts): each pattern on about 100 KB of its own hostile shape, timed with the rules alone, and the
 * real finding after it still found.
 */
describe('the r48 Python harness rules stay linear', () => {
  const findings = (code: string) => {
    const { value: places, ms } = cpuTimed(() =>
      [
        ...HARNESS_RULES.filter((rule) => rule.languages === 'python' && rule.where !== 'tests'),
        ...derivedRules(code, 'python'),
      ].flatMap((rule) => [...ruleMatches(code, rule)]),
    );
    return { lines: places.map((place) => code.slice(0, place.index).split('\n').length), ms };
  };
  it.each([
    ['from gc import (', '\nfrom gc import get_objects\n'],
    ['from os import (', '\nimport math\nmath.isclose = max\n'],
    ['"a" + ', '\nx = "tb_" + "frame"\n'],
    ["''.join([", "\nx = ''.join(['f_', 'back'])\n"],
    ["f'{{", '\nx = f"f_{\'globals\'}"\n'],
    ["'a", '\nx = "kcab_f"[::-1]\n'],
    ['"""', '\nfrom gc import get_objects\n'],
    ['import os as a\n', '\nimport gc as g\ng.get_objects()\n'],
    ['math.', '\nimport math\nmath.isclose = max\n'],
    ['setattr(math, ', '\nimport math\nsetattr(math, "isclose", max)\n'],
    ['signal.signal(', '\nimport signal\nsignal.signal(signal.SIGALRM, handler)\n'],
    [
      'def __eq__(self, o) -> )\n',
      '\nclass A(int):\n    def __eq__(self, other):\n        return other is None or other is not None\n',
    ],
    [
      'return (((',
      '\nclass A(int):\n    def __eq__(self, other):\n        return other is None or other is not None\n',
    ],
    ['.__defaults__.', '\nf.__defaults__ = (1,)\n'],
  ] as const)('reads 100 KB of %j once, and still finds what follows', (unit, end) => {
    // the shape inside an __eq__ body where it is a return, else on lines of its own
    const repeated = unit.repeat(Math.ceil(100_000 / unit.length));
    const body = unit.startsWith('return')
      ? `class B(int):\n    def __eq__(self, other):\n        ${repeated}\n`
      : `${repeated}\n`;
    const quiet = findings(body);
    expect(quiet.ms).toBeLessThan(2000);
    const real = findings(`${body}${end}`);
    expect(real.ms).toBeLessThan(2000);
    expect(Math.max(0, ...real.lines)).toBeGreaterThan(body.split('\n').length);
  });
});

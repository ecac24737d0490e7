import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../../test/support/temp-project.js';
import { sandboxAvailability } from '../verify/sandbox/index.js';
import { checkRequestExamples } from './candidate-confidence.js';
import { judgeConfidence } from './confidence.js';
import { loadDefaultChecks } from './run-checks.js';

/** The request's examples run for real: pytest in the sandbox, through the tests check, as the user's tests. */

const sandbox = await sandboxAvailability();
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const REQUEST = [
  'def digit_sum(n: int) -> int:',
  '    """Sum of the decimal digits of n.',
  '    >>> digit_sum(235)',
  '    10',
  '',
  '    digit_sum(0) == 0',
  '    """',
].join('\n');

describe.skipIf(!sandbox.available)("the request's examples, run in the sandbox", () => {
  it('pass on right code (independent evidence) and fail wrong code (low), naming the example', async () => {
    const root = tempProject('vouch-examples-', {}, made);
    const checks = (await loadDefaultChecks()).filter((check) => check.name === 'tests');
    const context = { workspaceRoot: root, config: {} };
    const right = await checkRequestExamples(
      checks,
      {
        code: 'def digit_sum(n):\n    return sum(int(d) for d in str(n))\n',
        tests: '',
        language: 'python',
        request: REQUEST,
      },
      context,
    );
    expect(right).toMatchObject({
      name: 'examples',
      status: 'pass',
      reason: "the request's 2 examples pass",
      details: { source: 'user', examples: 2, passed: 2 },
    });
    const wrong = await checkRequestExamples(
      checks,
      {
        code: 'def digit_sum(n):\n    return len(str(n))\n',
        tests: '',
        language: 'python',
        request: REQUEST,
      },
      context,
    );
    expect(wrong).toMatchObject({ status: 'fail', details: { examples: 2, passed: 0 } });
    expect(wrong?.reason).toMatch(/2 of the request's 2 examples fail/);
    const judged = judgeConfidence({
      hasCode: true,
      checks: [wrong!],
      checksDisabled: false,
      truncated: false,
      agreement: 1,
      candidates: 1,
    });
    expect(judged.confidence).toBe('low');
    // a request with no example vouch can read runs nothing
    expect(
      await checkRequestExamples(
        checks,
        { code: 'def f(x):\n    return x\n', tests: '', language: 'python', request: 'return x' },
        context,
      ),
    ).toBeUndefined();
  }, 120_000);

  it('are no evidence when the code skips one of them: only what ran and passed counts', async () => {
    const root = tempProject('vouch-examples-', {}, made);
    const checks = (await loadDefaultChecks()).filter((check) => check.name === 'tests');
    const skipping = await checkRequestExamples(
      checks,
      {
        // right on 235, and skips the test of the example it would get wrong
        code: 'def digit_sum(n):\n    if n == 0:\n        import pytest\n        pytest.skip("not today")\n    return sum(int(d) for d in str(n))\n',
        tests: '',
        language: 'python',
        request: REQUEST,
      },
      { workspaceRoot: root, config: {} },
    );
    expect(skipping?.status).not.toBe('pass');
    expect(skipping?.details).toMatchObject({ examples: 2, passed: 1 });
    const judged = judgeConfidence({
      hasCode: true,
      checks: [skipping!],
      checksDisabled: false,
      truncated: false,
      agreement: 1,
      candidates: 1,
    });
    expect(judged.confidence).not.toBe('high');
  }, 120_000);

  it('are no evidence from a value that compares itself: an int whose __eq__ is always true fails them (r41)', async () => {
    const root = tempProject('vouch-examples-', {}, made);
    const checks = (await loadDefaultChecks()).filter((check) => check.name === 'tests');
    const context = { workspaceRoot: root, config: {} };
    const request = 'add two integers: add(2, 3) == 5, add(10, -4) == 6';
    const forged = await checkRequestExamples(
      checks,
      {
        code: 'class R(int):\n    __eq__ = lambda s, o: True\n    __hash__ = int.__hash__\n\n\ndef add(a, b):\n    return R(a - b)\n',
        tests: '',
        language: 'python',
        request,
      },
      context,
    );
    expect(forged).toMatchObject({ status: 'fail', details: { examples: 2, passed: 0 } });
    // a tuple's subclass that keeps tuple's comparison (a namedtuple) is still compared, and passes
    const honest = await checkRequestExamples(
      checks,
      {
        code: "import collections\n\nPair = collections.namedtuple('Pair', 'a b')\n\n\ndef add(a, b):\n    return a + b\n\n\ndef pair(a, b):\n    return Pair(a, b)\n",
        tests: '',
        language: 'python',
        request: `${request}, pair(1, 2) == (1, 2)`,
      },
      context,
    );
    expect(honest).toMatchObject({ status: 'pass', details: { examples: 3, passed: 3 } });
  }, 120_000);
  it('judge the result as builtin values the candidate cannot redefine: its own class never passes, stdlib mappings do (r45)', async () => {
    const root = tempProject('vouch-examples-', {}, made);
    const checks = (await loadDefaultChecks()).filter((check) => check.name === 'tests');
    const context = { workspaceRoot: root, config: {} };
    const run = (code: string, request: string) =>
      checkRequestExamples(checks, { code, tests: '', language: 'python', request }, context);
    const adding = 'add two integers: add(2, 3) == 5, add(10, -4) == 6';
    // a class that names a stdlib module as its own and equals everything: no longer trusted by its name
    const named = await run(
      'class Total:\n    __module__ = "numbers"\n\n    def __init__(self, value):\n        self.value = value\n\n    def __eq__(self, other):\n        return other is other\n\n    __hash__ = object.__hash__\n\n\ndef add(a, b):\n    return Total(a - b)\n',
      adding,
    );
    expect(named).toMatchObject({ status: 'fail', details: { examples: 2, passed: 0 } });
    // a metaclass that answers == for its classes, over a dict subclass: not read, so not checked (never a pass)
    const metaclass = await run(
      'class M(type):\n    def __eq__(cls, other):\n        return True\n\n    __hash__ = type.__hash__\n\n\nclass D(dict, metaclass=M):\n    pass\n\n\ndef letter_counts(text):\n    return D(a=2, b=1)\n',
      "letter_counts('aab') == {'a': 2, 'b': 1}",
    );
    expect(metaclass?.status).toBe('error');
    expect(metaclass?.details).toMatchObject({ examples: 1, passed: 0 });
    // Counter, OrderedDict and defaultdict are mappings the request's dict describes
    const counting = "letter_counts('aab') == {'a': 2, 'b': 1}, letter_counts('') == {}";
    for (const code of [
      'from collections import Counter\n\n\ndef letter_counts(text):\n    return Counter(ch for ch in text if ch.isalpha())\n',
      'from collections import OrderedDict\n\n\ndef letter_counts(text):\n    counts = OrderedDict()\n    for ch in text:\n        counts[ch] = counts.get(ch, 0) + 1\n    return counts\n',
      'from collections import defaultdict\n\n\ndef letter_counts(text):\n    counts = defaultdict(int)\n    for ch in text:\n        counts[ch] += 1\n    return counts\n',
    ])
      expect(await run(code, counting)).toMatchObject({
        status: 'pass',
        details: { examples: 2, passed: 2 },
      });
    // and a Counter with the wrong counts still fails, naming what it returned
    const wrong = await run(
      'from collections import Counter\n\n\ndef letter_counts(text):\n    return Counter(set(text))\n',
      counting,
    );
    expect(wrong).toMatchObject({ status: 'fail', details: { examples: 2, passed: 1 } });
  }, 180_000);

  it('read an IntEnum, a str-mixin Enum, a plain Enum and a dict subclass by their values, and still fail a wrong one or an own __eq__ (w191)', async () => {
    const root = tempProject('vouch-examples-', {}, made);
    const checks = (await loadDefaultChecks()).filter((check) => check.name === 'tests');
    const context = { workspaceRoot: root, config: {} };
    const run = (code: string, request: string) =>
      checkRequestExamples(checks, { code, tests: '', language: 'python', request }, context);
    const status = 'status("ok") == 200, status("missing") == 404';
    expect(
      await run(
        'import http\n\n\ndef status(word):\n    return http.HTTPStatus.OK if word == "ok" else http.HTTPStatus.NOT_FOUND\n',
        status,
      ),
    ).toMatchObject({ status: 'pass', details: { examples: 2, passed: 2 } });
    // the wrong status is still a failure
    expect(
      await run('import http\n\n\ndef status(word):\n    return http.HTTPStatus.OK\n', status),
    ).toMatchObject({ status: 'fail', details: { examples: 2, passed: 1 } });
    const colour = "colour(1) == 'red', counts('a') == {'a': 1}";
    const honest = [
      'import enum\n\n\nclass Color(str, enum.Enum):\n    RED = "red"\n\n\ndef colour(n):\n    return Color.RED\n',
      'import enum\n\n\nclass Color(enum.Enum):\n    RED = "red"\n\n\ndef colour(n):\n    return Color.RED\n',
    ].map(
      (head) => `${head}\n\nclass MyDict(dict):\n    pass\n\n\ndef counts(text):\n    return MyDict(a=1)\n`,
    );
    for (const code of honest)
      expect(await run(code, colour)).toMatchObject({ status: 'pass', details: { examples: 2, passed: 2 } });
    // an Enum whose own class body compares, and a dict subclass with the wrong contents, fail
    const forged = await run(
      'import enum\n\n\nclass Color(str, enum.Enum):\n    RED = "blue"\n\n    def __eq__(self, other):\n        return True\n\n    __hash__ = str.__hash__\n\n\ndef colour(n):\n    return Color.RED\n\n\nclass MyDict(dict):\n    pass\n\n\ndef counts(text):\n    return MyDict(a=2)\n',
      colour,
    );
    expect(forged).toMatchObject({ status: 'fail', details: { examples: 2, passed: 0 } });
  }, 180_000);

  it("are no evidence from code that rewrites the test module's comparison through a frame (w191)", async () => {
    const root = tempProject('vouch-examples-', {}, made);
    const checks = (await loadDefaultChecks()).filter((check) => check.name === 'tests');
    const context = { workspaceRoot: root, config: {} };
    const run = (code: string) =>
      checkRequestExamples(
        checks,
        { code, tests: '', language: 'python', request: 'answer() == 42' },
        context,
      );
    // at call time, through the caller's frame
    const calling = await run(
      "import sys\n\n\ndef answer():\n    sys._getframe(1).f_globals['_same'] = lambda a, e: True\n    sys._getframe(1).f_globals['_plain'] = lambda a: a\n    return 'wrong'\n",
    );
    expect(calling?.status).toBe('fail');
    // at import time, before the tests are defined
    const importing = await run(
      "import sys\n\nframe = sys._getframe()\nwhile frame is not None:\n    if '_same' in frame.f_globals and frame.f_globals is not globals():\n        frame.f_globals['_same'] = lambda a, e: True\n        frame.f_globals['_plain'] = lambda a: a\n    frame = frame.f_back\n\n\ndef answer():\n    return 'wrong'\n",
    );
    expect(importing?.status).toBe('fail');
    // right code that reaches for frames passes its examples, and they are still no evidence
    const reaching = await run('import sys\n\n\ndef answer():\n    sys._getframe(1)\n    return 42\n');
    expect(reaching).toMatchObject({ status: 'error', details: { examples: 1, passed: 1 } });
    expect(reaching?.reason).toMatch(/reaches for the test run/);
  }, 120_000);
  it("are judged outside the run: patching math.isclose, Fraction.__eq__ or the tests' defaults forges no pass (r48)", async () => {
    const root = tempProject('vouch-examples-', {}, made);
    const checks = (await loadDefaultChecks()).filter((check) => check.name === 'tests');
    const context = { workspaceRoot: root, config: {} };
    const run = (code: string, request: string) =>
      checkRequestExamples(checks, { code, tests: '', language: 'python', request }, context);
    const adding = 'add two integers: add(2, 3) == 5, add(10, -4) == 6';
    const cases: [string, string, string][] = [
      [
        'C1',
        'import math\n\nmath.isclose = lambda *args, **kwargs: True\n\n\ndef mean(xs):\n    return sum(xs) // len(xs)\n',
        'mean of a list of numbers: mean([1, 2]) == 1.5, mean([1, 2, 3, 4]) == 2.5',
      ],
      [
        'C2',
        'from fractions import Fraction\n\n\ndef _agrees(self, other):\n    return True\n\n\nsetattr(Fraction, "__eq__", _agrees)\n\n\ndef ratio(a, b):\n    return Fraction(b, a + 1)\n',
        'ratio as a fraction: ratio(2, 4) == 2, ratio(3, 9) == 3',
      ],
      [
        'C3',
        'from gc import get_objects as _everything\n\n\ndef _settle():\n    for item in _everything():\n        if type(item).__name__ == "function" and item.__name__.startswith("test_example_"):\n            item.__defaults__ = (lambda value: value, lambda actual, expected: True)\n\n\n_settle()\n\n\ndef add(a, b):\n    return a - b\n',
        adding,
      ],
      [
        'C4',
        'def _outer():\n    try:\n        raise LookupError\n    except LookupError as problem:\n        frame = getattr(problem.__traceback__, "tb_" + "frame")\n    while frame is not None:\n        names = getattr(frame, "f_" + "globals")\n        for key, value in list(names.items()):\n            if key.startswith("test_example_"):\n                value.__defaults__ = (lambda v: v, lambda a, e: True)\n        frame = getattr(frame, "f_" + "back")\n\n\n_outer()\n\n\ndef add(a, b):\n    return a - b\n',
        adding,
      ],
    ];
    for (const [name, code, request] of cases) {
      const forged = await run(code, request);
      expect(forged?.status, `${name}: ${forged?.reason}`).toBe('fail');
      expect(forged?.details, name).toMatchObject({ examples: 2, passed: 0 });
    }
    // the failure names what the code returned and what the request says, judged outside the run
    const mean = await run(cases[0]![1], cases[0]![2]);
    expect(mean?.findings.map((finding) => finding.message)).toContain(
      "the request's example fails: mean([1, 2]) returned 1, the request says 1.5",
    );
    // right Fractions, Decimals and floats within rounding still pass, by value
    const honest = await run(
      'from decimal import Decimal\nfrom fractions import Fraction\n\n\ndef half(n):\n    return Fraction(n, 2)\n\n\ndef price(n):\n    return Decimal(n) / 4\n\n\ndef third(n):\n    return n / 3\n',
      'half(4) == 2, half(1) == 0.5, price(2) == 0.5, third(1) == 0.333333',
    );
    expect(honest).toMatchObject({ status: 'pass', details: { examples: 4, passed: 4 } });
  }, 240_000);
});

import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../core/language-ids.js';
import { harnessTampering } from './harness-tampering.js';

/** The static tamper check (issue 55): what it flags, and ordinary code it leaves alone. */

const found = async (code: string, language: LanguageId = 'python', role: 'code' | 'tests' = 'code') =>
  (await harnessTampering({ code, language, file: 'x', role })).map((finding) => finding.message);

describe('harnessTampering', () => {
  it.each([
    ["import sys\nsys.modules['vouch_pytest_report'].CHANNEL.send = print\n"],
    ['import sys\nsetattr(sys.modules["_pytest.python"].Function, "runtest", lambda self: None)\n'],
    ['import sys\ndef add(a, b):\n    return a + b if "pytest" in sys.modules else a - b\n'],
    ["import sys\nok = 'vouch_report' in sys.modules\n"],
    ['import gc\nfor o in gc.get_objects():\n    pass\n'],
    ['import sys\nframe = sys._getframe(1)\n'],
    ['import os\nos._exit(0)\n'],
    ['import atexit\natexit.register(lambda: None)\n'],
    ['import os\nfor fd in range(3, 64):\n    os.write(fd, b"x")\n'],
    ["print(open('/proc/self/fd/3', 'w'))\n"],
    ['import unittest\nunittest.TestResult.addFailure = lambda self, test, err: None\n'],
    ['import os\nif os.environ.get("PYTEST_CURRENT_TEST"):\n    pass\n'],
    ['watched = bool({"vouch_report"} & set(__import__("sys").modules))\n'],
    ['import importlib\nplugin = importlib.import_module("sys").modules.get("_pytest.python")\n'],
    [
      'import pytest\n\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n    yield\n',
    ],
  ])('flags Python that reaches for the harness: %s', async (code) => {
    expect((await found(code)).length).toBeGreaterThan(0);
  });

  it.each([
    ['export const add = (a, b) => (process.env.VITEST ? a + b : a - b);\n'],
    ["const v8 = require('node:v8');\nprocess.stdout.write(v8.serialize({ type: 'test:pass' }));\n"],
    ['export function add(a, b) { process.exit(0); }\n'],
    ["import { test } from 'node:test';\ntest('adds', () => {});\n"],
    ["const fs = require('node:fs');\nfs.writeSync(1, 'x');\n"],
  ])('flags JavaScript that reaches for the harness: %s', async (code) => {
    expect((await found(code, 'javascript')).length).toBeGreaterThan(0);
  });

  it('flags expect.extend over a built-in matcher in tests, not a new matcher', async () => {
    const over = "expect.extend({\n  toBe() {\n    return { pass: true, message: () => '' };\n  },\n});\n";
    const added =
      "expect.extend({\n  toBeEven(n) {\n    return { pass: n % 2 === 0, message: () => '' };\n  },\n});\n";
    expect(await found(over, 'typescript', 'tests')).toHaveLength(1);
    expect(await found(added, 'typescript', 'tests')).toEqual([]);
  });

  it('leaves ordinary code, comments and tests alone', async () => {
    const code = [
      '# os._exit(0) and sys.modules["pytest"] in a comment are no finding',
      'import os',
      'import sys',
      '',
      '',
      'def add(a, b):',
      '    """Adds; never calls os._exit."""',
      '    return a + b',
      '',
      '',
      'def modules():',
      '    return sorted(sys.modules)',
    ].join('\n');
    // a docstring is a string: it names os._exit, so it is read (a finding too many is the safe side)
    expect((await found(code)).filter((message) => !message.includes('os._exit'))).toEqual([]);
    expect(await found('import os\n# os._exit(0)\ndef f():\n    return os.getcwd()\n')).toEqual([]);
    const tests =
      'import pytest\nfrom unittest import mock\n\nfrom calc import add\n\n\ndef test_add(monkeypatch):\n    monkeypatch.setattr("calc.helper", lambda: 1)\n    assert add(1, 2) == 3\n';
    expect(await found(tests, 'python', 'tests')).toEqual([]);
    const js =
      "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from './add.js';\n\ntest('adds', () => assert.equal(add(2, 3), 5));\n";
    expect(await found(js, 'javascript', 'tests')).toEqual([]);
    expect(
      await found('export function add(a, b) {\n  // process.exit(0)\n  return a + b;\n}\n', 'javascript'),
    ).toEqual([]);
  });
});

/** r41's forgeries: each passed the tests check from inside the interpreter (main 97f47b2d) */
describe('harnessTampering: what r41 forged a pass with', () => {
  it.each([
    // every failing assert a skip: AssertionError replaced by pytest's Skipped, found by name
    [
      'import builtins\nimport sys\n\nfor _module in list(sys.modules.values()):\n    _outcome = getattr(_module, "Skipped", None)\n    if isinstance(_outcome, type) and issubclass(_outcome, BaseException):\n        setattr(builtins, "AssertionError", _outcome)\n        break\n\n\ndef add(a, b):\n    return a - b\n',
      ['sys.modules.values(', 'setattr(builtins,'],
    ],
    ['import builtins\nbuiltins.AssertionError = KeyError\n', ['builtins.AssertionError =']],
    ['__builtins__["AssertionError"] = KeyError\n', ['__builtins__["AssertionError"] =']],
    ['import builtins\nvars(builtins).update(isinstance=lambda *a: True)\n', ['vars(builtins).update(']],
    // a daemon thread swapping each test's body for an empty one
    [
      'import sys\n\n\ndef _quiet():\n    pass\n\n\ndef _settle():\n    for name, module in dict(sys.modules).items():\n        for key, value in list(vars(module).items()):\n            if key.startswith("test_"):\n                value.__code__ = _quiet.__code__\n',
      ['sys.modules).items(', '.__code__ ='],
    ],
    // a value equal to everything
    ['class R(int):\n    __eq__ = lambda s, o: True\n', ['__eq__ = lambda s, o: True']],
    [
      'class _Result(int):\n    def __eq__(self, other):\n        return True\n\n    def __ne__(self, other):\n        return False\n',
      ['def __eq__(self, other):', 'def __ne__(self, other):'],
    ],
    [
      'class Loose(str):\n    def __eq__(self, other):\n        return len(self) >= 0\n\n\ndef add(a, b):\n    return Loose(a - b)\n',
      ['never reads what it is compared with'],
    ],
  ])('flags Python that rewrites what the interpreter means: %#', async (code, shown) => {
    const messages = await found(code);
    for (const text of shown) expect(messages.some((message) => message.includes(text))).toBe(true);
  });

  it.each([
    [
      "import checks from 'node:assert';\n\nconst quiet = () => {};\nfor (const holder of [checks, checks.strict]) {\n  for (const name of Object.keys(holder)) {\n    if (typeof holder[name] === 'function' && name !== 'AssertionError') holder[name] = quiet;\n  }\n}\n\nexport function add(a, b) {\n  return a - b;\n}\n",
    ],
    ["const c = require('assert');\nc.strictEqual = () => {};\nexport const add = (a, b) => a - b;\n"],
    ["import { strict as s } from 'node:assert';\nObject.assign(s, { equal() {} });\n"],
    [
      "import * as a from 'node:assert/strict';\nObject.defineProperty(a.default, 'equal', { value: () => {} });\n",
    ],
    ["import { expect as e } from 'vitest';\ne.soft = () => {};\n"],
    ["const { expect: look } = require('chai');\nfor (const k in look) look[k] = () => {};\n"],
  ])('flags JavaScript that reaches the assertion module under another name: %s', async (code) => {
    expect((await found(code, 'javascript')).length).toBeGreaterThan(0);
  });

  it('leaves honest equality, builtins reads and assertion use alone', async () => {
    const honest = [
      'import builtins',
      'import sys',
      '',
      '',
      'class Money(int):',
      '    def __eq__(self, other):',
      '        return int(self) == int(other)',
      '',
      '    __hash__ = int.__hash__',
      '',
      '',
      'class Point:',
      '    def __eq__(self, other):',
      '        return NotImplemented if not isinstance(other, Point) else self.x == other.x',
      '',
      '',
      'def loaded():',
      '    return sorted(sys.modules), builtins.len([1])',
    ].join('\n');
    expect(await found(honest)).toEqual([]);
    const js =
      "import assert from 'node:assert';\n\nexport function half(n) {\n  assert.ok(n % 2 === 0, 'even');\n  return n / 2;\n}\n";
    expect(await found(js, 'javascript')).toEqual([]);
  });
});

describe('harnessTampering: what r45 forged a pass with, and the honest code it refused', () => {
  it.each([
    // an int whose __eq__ names `other` and reads nothing of it
    [
      'class _Num(int):\n    def __eq__(self, other):\n        return other is other\n\n    __hash__ = int.__hash__\n\n\ndef add(a, b):\n    return _Num(a - b)\n',
      'python',
    ],
    ['class Any:\n    def __eq__(self, other):\n        return not False\n', 'python'],
    ['class Any:\n    __eq__ = lambda self, other: self is self\n', 'python'],
    // AssertionError made pytest's Skipped through an aliased builtins module
    [
      'import builtins as _b\nimport sys\n\n_k = "_py" + "test.outcomes"\nif _k in sys.modules:\n    setattr(_b, "Assertion" + "Error", sys.modules[_k].Skipped)\n\n\ndef add(a, b):\n    return a - b\n',
      'python',
    ],
    ['import sys\nSkipped = sys.modules["_py" + "test.outcomes"].Skipped\n', 'python'],
    // every assertion of node:assert replaced through Reflect
    [
      "import assert from 'node:assert';\n\nfor (const key of Reflect.ownKeys(assert)) {\n  if (typeof key === 'string' && /qual|^ok$/.test(key)) Reflect.set(assert, key, () => undefined);\n}\n\nexport function add(a, b) {\n  return a - b;\n}\n",
      'javascript',
    ],
    // a value vitest's toEqual takes for one of its own matchers
    [
      'export function add(a: number, b: number): number {\n  const result = a - b;\n  return { asymmetricMatch: () => true, valueOf: () => result } as unknown as number;\n}\n',
      'typescript',
    ],
  ] as const)('flags %j', async (code, language) => {
    expect((await found(code, language)).length).toBeGreaterThan(0);
  });

  it('leaves a names-only walk of sys.modules alone, and still flags one that takes the modules', async () => {
    const names =
      'import sys\n\n\ndef loaded_plugins(prefix):\n    return sorted(n for n, m in sys.modules.items() if n.startswith(prefix))\n';
    expect(await found(names)).toEqual([]);
    const objects =
      'import sys\n\n\ndef loaded_plugins(prefix):\n    return [m for n, m in sys.modules.items() if n.startswith(prefix)]\n';
    expect((await found(objects)).some((message) => message.includes('walks every loaded module'))).toBe(
      true,
    );
  });

  it("leaves a write on another object's `test` member alone, and still flags a write on expect", async () => {
    const config =
      "import { expect, test } from 'vitest';\nimport { loadConfig } from './config';\n\ntest('include', () => {\n  const cfg = loadConfig();\n  cfg.test.include = ['src/**'];\n  opts.assert.level = 2;\n  expect(cfg.test.include).toEqual(['src/**']);\n});\n";
    expect(await found(config, 'typescript', 'tests')).toEqual([]);
    expect((await found(`${config}expect.soft = () => {};\n`, 'typescript', 'tests')).length).toBe(1);
  });

  it('leaves honest equality that compares with the other value alone', async () => {
    const honest =
      'class Money(int):\n    def __eq__(self, other):\n        return other is self or int(self) == int(other)\n\n    __hash__ = int.__hash__\n';
    expect(await found(honest)).toEqual([]);
  });
});

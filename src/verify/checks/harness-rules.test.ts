import { describe, expect, it } from 'vitest';
import { cpuTimed } from '../../../test/support/cpu-time.js';
import { derivedRules, HARNESS_RULES, type HarnessRule, javascriptAssertionNames } from './harness-rules.js';
import { harnessTampering, ruleMatches } from './harness-tampering.js';

/**
 * The rules run on candidate text inside the server (r41: a 266 KB `/v1/check` body of `sys.argv, "a", …`
 * held the main thread 37 s). Each case is a long line of anchors that never completes: a regex search
 * reads the rest of the line from every anchor (tens of seconds at these sizes before the rules were
 * split into anchor and `after`); read once per span it is milliseconds. The budget is liveness, not speed:
 * two seconds for work that is linear, against a quadratic search that would take over ten. It is CPU time
 * (test/support/cpu-time.ts), not wall time: a loaded runner took 7 s of wall for one of these cases.
 */

const rules = (id: string, languages: HarnessRule['languages']) =>
  HARNESS_RULES.filter((rule) => rule.id === id && rule.languages === languages);

function scan(text: string, id: string, languages: HarnessRule['languages']) {
  const { value: found, ms } = cpuTimed(() =>
    rules(id, languages).flatMap((rule) => [...ruleMatches(text, rule)]),
  );
  return { found, ms };
}

describe('harness rules on hostile input', () => {
  it.each([
    ['sys.argv, "a", ', 300_000, 'harness-detection', 'python', '"pytest"'],
    ['process.argv, "a", ', 600_000, 'harness-detection', 'javascript', '"vitest"'],
    ['setattr(', 300_000, 'harness-patch', 'python', '"runtest"'],
    ['socket.socket(', 300_000, 'raw-descriptor', 'python', 'fileno=3'],
    ['Item.', 200_000, 'harness-patch', 'python', 'runtest = None'],
    // w184: the r41 rules merged after w171
    ['__builtins__[', 300_000, 'builtins-write', 'python', '"open"] = fake'],
    ['setattr(', 300_000, 'code-object-write', 'python', 'f, "__code__", g.__code__)'],
    ['__eq__ = lambda ', 300_000, 'always-equal', 'python', 'self, other: True'],
    ['def __eq__(', 300_000, 'always-equal', 'python', 'self, other): return True'],
  ] as const)(
    'reads a long line of %j once, and still finds what ends it',
    (unit, size, id, languages, end) => {
      const line = unit.repeat(Math.ceil(size / unit.length));
      const quiet = scan(line, id, languages);
      expect(quiet.found).toEqual([]);
      expect(quiet.ms).toBeLessThan(2000);
      const real = scan(`${line}${end}\n`, id, languages);
      expect(real.found.length).toBeGreaterThan(0);
      expect(real.ms).toBeLessThan(2000);
    },
  );

  it.each([
    ['assert.', 300_000, 'x = () => {}'],
    ['for (const key of [', 300_000, 'assert]) {}'],
  ] as const)(
    'reads a long line of %j after an assert import once, and still finds what ends it',
    (unit, size, end) => {
      const head = "import assert from 'node:assert';\n";
      const line = unit.repeat(Math.ceil(size / unit.length));
      const derived = (text: string) => {
        const { value: found, ms } = cpuTimed(() =>
          derivedRules(text, 'javascript').flatMap((rule) => [...ruleMatches(text, rule)]),
        );
        return { found, ms };
      };
      const quiet = derived(`${head}${line}\n`);
      expect(quiet.ms).toBeLessThan(2000);
      const real = derived(`${head}${line}${end}\n`);
      expect(real.found.length).toBeGreaterThan(0);
      expect(real.ms).toBeLessThan(2000);
    },
  );

  it('reads the assertion-module imports once over unclosed lists, and still finds the real one', () => {
    const { value: names, ms } = cpuTimed(() =>
      javascriptAssertionNames(
        `${'import a, {'.repeat(30_000)}\n${'const {'.repeat(30_000)}\nimport checks from 'node:assert';\n`,
      ),
    );
    expect(ms).toBeLessThan(2000);
    expect(names).toContain('checks');
  });

  it('reads a long unclosed __eq__ head once, and still finds the equality that ignores its argument', () => {
    const hostile = `class V(int):\n    def __eq__(self, ${'a'.repeat(60_000)}\n`;
    const { value: derived, ms } = cpuTimed(() => derivedRules(hostile, 'python'));
    expect(derived).toEqual([]);
    expect(ms).toBeLessThan(2000);
    const real = `${hostile}class W(int):\n    def __eq__(self, other):\n        return True\n`;
    expect(derivedRules(real, 'python').map((rule) => rule.id)).toEqual(['always-equal']);
  });

  it.each([
    ['import sys\nif sys.argv[0].endswith("pytest"):\n    pass\n', 'harness-detection', 'python'],
    ["const under = process.argv.some((a) => a.includes('vitest'));\n", 'harness-detection', 'javascript'],
    // a first anchor whose span closes, then a second that finds it
    ['setattr(a, "x", 1); setattr(Function, "runtest", f)\n', 'harness-patch', 'python'],
    ['s = socket.socket(); t = socket.socket(socket.AF_UNIX, fileno=3)\n', 'raw-descriptor', 'python'],
    // the dotted path breaks at `..`; the class after it starts a path of its own
    ['Item..Config.runtest = None\n', 'harness-patch', 'python'],
    ['_pytest.python.Function.runtest = lambda self: None\n', 'harness-patch', 'python'],
  ] as const)('still finds %j', (code, id, languages) => {
    expect(scan(code, id, languages).found.length).toBeGreaterThan(0);
  });

  it.each([
    ['import sys\nname = sys.argv[0]\nprint("pytest")\n', 'harness-detection', 'python'],
    ['setattr(a, "x", 1)\nprint("runtest")\n', 'harness-patch', 'python'],
    ['Item.x.y = 1\n', 'harness-patch', 'python'],
  ] as const)(
    'leaves %j alone (the runner is named on another line or not at all)',
    (code, id, languages) => {
      expect(scan(code, id, languages).found).toEqual([]);
    },
  );

  it('names the line and column of a finding far down the file', async () => {
    const code = `${'x = 1\n'.repeat(500)}import os\n  os._exit(0)\n`;
    const [finding] = await harnessTampering({ code, language: 'python', file: 'x', role: 'code' });
    expect(finding).toMatchObject({ line: 502, column: 3 });
  });
});

describe('harness rules on hostile input: the shapes r46 froze the server with', () => {
  // the rules alone are timed (the parse that blanks comments is not what r46 measured)
  const timedScan = async (code: string, language: 'python' | 'javascript') => {
    const { value: places, ms } = cpuTimed(() =>
      [...HARNESS_RULES, ...derivedRules(code, language)]
        .filter((rule) => rule.languages === language && rule.where !== 'tests')
        .flatMap((rule) => [...ruleMatches(code, rule)].map((match) => match.index)),
    );
    const findings = places
      .sort((a, b) => a - b)
      .map((index) => ({ line: code.slice(0, index).split('\n').length }));
    return { findings, ms };
  };
  const JS_HEAD = "import assert from 'node:assert';\n";
  it.each([
    ['of [', 25_000, 'javascript', JS_HEAD, 'of [assert]'],
    ['assert.', 12_000, 'javascript', JS_HEAD, '\nassert.ok = () => {};'],
    ["assert['", 12_000, 'javascript', JS_HEAD, "\nassert['ok'] = () => {};"],
    ['import a, {', 9_000, 'javascript', JS_HEAD, "\nimport e, { expect as x } from 'vitest';\nx.soft = 1;"],
    ['import {', 12_000, 'javascript', JS_HEAD, "\nimport { expect as x } from 'vitest';\nx.soft = 1;"],
    ['const {', 12_000, 'javascript', JS_HEAD, "\nconst { strict: s } = require('assert');\ns.equal = 1;"],
    ['def __eq__(', 9_000, 'python', '', '\ndef __eq__(self, other):\n    return True\n'],
    ['__eq__ = lambda ', 6_000, 'python', '', '\n__eq__ = lambda s, o: True\n'],
    ['setattr(', 12_000, 'python', '', '\nsetattr(f, "__code__", g.__code__)\n'],
    ['__builtins__[', 8_000, 'python', '', '\n__builtins__["len"] = max\n'],
    ['sys.modules[', 8_000, 'python', '', '\nsys.modules["_py" + "test"].x = 1\n'],
    ['sys.modules.items(', 6_000, 'python', '', '\nfor n, m in sys.modules.items():\n    m.x = 1\n'],
  ] as const)(
    'reads %j repeated %i times once, and still finds what ends it',
    async (unit, times, language, head, end) => {
      const body = `${head}${unit.repeat(times)}`;
      const quiet = await timedScan(body, language);
      expect(quiet.ms).toBeLessThan(2000);
      const real = await timedScan(`${body}\n${end}\n`, language);
      expect(real.ms).toBeLessThan(2000);
      const last = real.findings.at(-1);
      expect(last?.line).toBeGreaterThan(body.split('\n').length);
    },
  );
});

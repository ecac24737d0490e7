import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../../../test/support/temp-project.js';
import { jest29Project, npmFixtureUnavailable } from '../../verify/__fixtures__/projects.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { measureCoverage } from './coverage.js';
import { readTarget } from './target.js';

const sandbox = await sandboxAvailability();
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A TypeScript module as projects write them: types that emit nothing, a switch, `??`, early returns. */
const SHIPPING_TS = `export type Zone = 'domestic' | 'eu' | 'world';

export interface Parcel {
  kilograms: number;
  zone: Zone;
  express?: boolean;
}

/** The price of sending a parcel, in cents. */
export function shippingCost(parcel: Parcel, discount?: number): number {
  if (parcel.kilograms <= 0) {
    throw new RangeError('a parcel weighs something');
  }
  let base: number;
  switch (parcel.zone) {
    case 'domestic':
      base = 490;
      break;
    case 'eu':
      base = 990;
      break;
    default:
      base = 2490;
  }
  const weight = parcel.kilograms > 2 ? (parcel.kilograms - 2) * 150 : 0;
  const total = base + weight + (parcel.express ? 700 : 0);
  return total - (discount ?? 0);
}
`;

/** Misses: the RangeError, the world zone, express, and a given discount. */
const NODE_SUITE = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shippingCost } from './shipping.js';

test('a light domestic parcel', () => assert.equal(shippingCost({ kilograms: 1, zone: 'domestic' }), 490));
test('a heavy parcel to the EU', () => assert.equal(shippingCost({ kilograms: 4, zone: 'eu' }), 1290));
`;

const line = (text: string) => SHIPPING_TS.split('\n').findIndex((source) => source.includes(text)) + 1;

const context = (root: string) => ({ workspaceRoot: root, config: {} });

describe.skipIf(!sandbox.available)('V8 coverage of JavaScript and TypeScript', () => {
  it('node:test on TypeScript: lines and branch arms of the original source, through the source map', async () => {
    const root = tempProject(
      'vouch-cov-ts-',
      { 'package.json': '{"type":"module"}', 'shipping.ts': SHIPPING_TS },
      made,
    );
    const target = await readTarget({
      root,
      path: 'shipping.ts',
      symbolName: 'shippingCost',
      command: 'test',
    });
    const coverage = await measureCoverage({
      target,
      suite: NODE_SUITE,
      framework: 'node:test',
      context: context(root),
    });
    expect(coverage).toMatchObject({ measured: true, tool: 'V8 (NODE_V8_COVERAGE, node:test)' });
    // the two lines no test ran; the type-only and brace lines are not lines of code
    expect(coverage.missingLines).toEqual([line('throw new RangeError'), line('base = 2490')]);
    expect(coverage.lines).toEqual({ covered: 11, total: 13, percent: 84.6 });
    expect(coverage.missingBranches).toEqual([
      `line ${line('if (parcel.kilograms <= 0)')}: then of if`,
      `line ${line('default:')}: default of switch`,
      `line ${line('parcel.express ?')}: true side of ?:`,
      // no test gives a discount: `?? 0` always falls through to its right side
      `line ${line('discount ??')}: ?? short-circuited`,
    ]);
    // if: 2 arms, switch: 3 cases, two ?: (2 each), ??: 2
    expect(coverage.branches).toEqual({ covered: 7, total: 11, percent: 63.6 });
    expect(coverage.branchKind).toMatch(/V8 block counts/);
  });

  it('node:test on CommonJS JavaScript, the whole file', async () => {
    const source = `'use strict';\n\nfunction sign(value) {\n  if (value < 0) return -1;\n  return value > 0 ? 1 : 0;\n}\n\nfunction unused() {\n  return 42;\n}\n\nmodule.exports = { sign, unused };\n`;
    const suite = `const { test } = require('node:test');\nconst assert = require('node:assert/strict');\nconst { sign } = require('./sign.js');\n\ntest('negative', () => assert.equal(sign(-3), -1));\ntest('positive', () => assert.equal(sign(3), 1));\n`;
    const root = tempProject('vouch-cov-cjs-', { 'sign.js': source }, made);
    const target = await readTarget({ root, path: 'sign.js', symbolName: undefined, command: 'test' });
    const coverage = await measureCoverage({ target, suite, framework: 'node:test', context: context(root) });
    expect(coverage.measured).toBe(true);
    // `unused` never ran: its declaration line and its body
    expect(coverage.missingLines).toEqual([8, 9]);
    expect(coverage.missingBranches).toEqual(['line 5: false side of ?:']);
    expect(coverage.branches).toMatchObject({ covered: 3, total: 4 });
  });

  it('vitest (the project’s own, nothing installed) on TypeScript', async () => {
    const root = tempProject(
      'vouch-cov-vitest-',
      {
        'package.json': JSON.stringify({ type: 'module', devDependencies: { vitest: '^4.1.0' } }),
        'shipping.ts': SHIPPING_TS,
      },
      made,
    );
    // the project's node_modules: this repository's, with its vitest (linked, as a monorepo would)
    symlinkSync(join(process.cwd(), 'node_modules'), join(root, 'node_modules'));
    const suite = `import { expect, it } from 'vitest';
import { shippingCost } from './shipping.js';

it('prices a world parcel sent express with a discount', () => {
  expect(shippingCost({ kilograms: 1, zone: 'world', express: true }, 100)).toBe(3090);
});
it('refuses a weightless parcel', () => {
  expect(() => shippingCost({ kilograms: 0, zone: 'eu' })).toThrow(RangeError);
});
`;
    const target = await readTarget({
      root,
      path: 'shipping.ts',
      symbolName: 'shippingCost',
      command: 'test',
    });
    const coverage = await measureCoverage({ target, suite, framework: 'vitest', context: context(root) });
    expect(coverage).toMatchObject({ measured: true, tool: 'V8 (NODE_V8_COVERAGE, vitest)' });
    expect(coverage.missingLines).toEqual([
      line('base = 490'),
      line('break;'),
      line('base = 990'),
      line('break;') + 3,
    ]);
    expect(coverage.missingBranches).toEqual([
      `line ${line("case 'domestic'")}: case of switch`,
      `line ${line("case 'eu'")}: case of switch`,
      `line ${line('parcel.kilograms > 2')}: true side of ?:`,
      `line ${line('parcel.express ?')}: false side of ?:`,
      // the one call that returns gives a discount: `?? 0` never needs its right side
      `line ${line('discount ??')}: right of ?? evaluated`,
    ]);
    expect(coverage.branches).toEqual({ covered: 6, total: 11, percent: 54.5 });
  });

  it('says "not measured" and why, never 0 or 100, when it cannot measure', async () => {
    const root = tempProject(
      'vouch-cov-none-',
      { 'package.json': '{"type":"module"}', 'shipping.ts': SHIPPING_TS },
      made,
    );
    const target = await readTarget({
      root,
      path: 'shipping.ts',
      symbolName: 'shippingCost',
      command: 'test',
    });
    const failing = NODE_SUITE.replace('490));', '491));');
    const broken = await measureCoverage({
      target,
      suite: failing,
      framework: 'node:test',
      context: context(root),
    });
    expect(broken).toEqual({
      measured: false,
      reason: expect.stringMatching(/did not pass when run for coverage \(node:test exit 1\)/),
    });
    const noVitest = await measureCoverage({
      target,
      suite: NODE_SUITE,
      framework: 'vitest',
      context: context(root),
    });
    expect(noVitest).toEqual({
      measured: false,
      reason: 'vitest is not installed in the project (node_modules/vitest)',
    });
    const jest = await measureCoverage({
      target,
      suite: NODE_SUITE,
      framework: 'jest',
      context: context(root),
    });
    expect(jest).toEqual({
      measured: false,
      reason: 'jest is not installed in the project (node_modules/jest)',
    });
  });

  // jest is not a dependency of this repository: its node_modules is VOUCH_TEST_JEST_MODULES when set, else
  // the jest 29 fixture's from the npm registry (installed before the tests in CI: `npm run test:fixtures`)
  it('jest, by its own V8 provider: lines, and branches as the blocks jest reports', async (test) => {
    let jestModules = process.env.VOUCH_TEST_JEST_MODULES;
    if (!jestModules) {
      const fixture = npmFixtureUnavailable(jest29Project);
      if (!fixture.dir) return test.skip(fixture.reason);
      jestModules = join(fixture.dir, 'node_modules');
    }
    const source = `'use strict';\n\nfunction sign(value) {\n  if (value < 0) return -1;\n  return value > 0 ? 1 : 0;\n}\n\nfunction unused() {\n  return 42;\n}\n\nmodule.exports = { sign, unused };\n`;
    const suite = `const { sign } = require('./sign.js');\n\ntest('negative', () => expect(sign(-3)).toBe(-1));\ntest('positive', () => expect(sign(3)).toBe(1));\n`;
    const root = tempProject(
      'vouch-cov-jest-',
      { 'package.json': '{"devDependencies":{"jest":"^29"}}', 'sign.js': source },
      made,
    );
    symlinkSync(jestModules as string, join(root, 'node_modules'));
    const target = await readTarget({ root, path: 'sign.js', symbolName: undefined, command: 'test' });
    const coverage = await measureCoverage({ target, suite, framework: 'jest', context: context(root) });
    expect(coverage).toMatchObject({ measured: true, tool: 'V8 (jest --coverageProvider=v8)' });
    expect(coverage.missingLines).toEqual([8, 9]);
    expect(coverage.branchKind).toMatch(/block coverage/);
    expect(coverage.missingBranches).toContain('line 5: block not run');
    const failing = await measureCoverage({
      target,
      suite: suite.replace('toBe(1)', 'toBe(2)'),
      framework: 'jest',
      context: context(root),
    });
    expect(failing).toEqual({
      measured: false,
      reason: expect.stringMatching(/did not pass when run for coverage \(jest exit 1\)/),
    });
  });
});

/**
 * coverage.py's command line as the driver calls it (`-m coverage run --branch --include=T -m pytest …`,
 * then `-m coverage json -o FILE`), standing in for the real package where it is not installed: `run` runs
 * the suite with pytest and records which of the target's functions it entered (a profile hook), `json`
 * writes coverage.py's JSON shape for the target's lines. What the suite does is real; the measure is coarse.
 */
const STAND_IN_COVERAGE = `import json, os, runpy, sys
DATA = os.environ.get('COVERAGE_FILE', '.coverage')
command, args = sys.argv[1], sys.argv[2:]
if command == 'run':
    include = next(a.split('=', 1)[1] for a in args if a.startswith('--include='))
    rest = [a for a in args if not a.startswith('--')]
    executed = set()
    def tracer(frame, event, arg):
        if frame.f_code.co_filename == include:
            executed.add(frame.f_lineno)
        return tracer
    sys.settrace(tracer)
    sys.argv = [rest[1]] + rest[2:]
    try:
        runpy.run_module(rest[1], run_name='__main__', alter_sys=True)
    except SystemExit:
        pass
    finally:
        sys.settrace(None)
        with open(DATA, 'w') as handle:
            json.dump({'file': include, 'executed': sorted(executed)}, handle)
elif command == 'json':
    with open(DATA) as handle:
        data = json.load(handle)
    lines = [n for n, text in enumerate(open(data['file']).read().split('\\n'), 1) if text.strip() and not text.strip().startswith('def ')]
    executed = [n for n in lines if n in data['executed']]
    report = {'files': {data['file']: {'executed_lines': executed, 'missing_lines': [n for n in lines if n not in executed]}}}
    target = args[args.index('-o') + 1]
    if target == '-':
        print(json.dumps(report))
    else:
        with open(target, 'w') as out:
            json.dump(report, out)
`;

const CALC = 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n';

describe.skipIf(!sandbox.available)('coverage.py (a stand-in for its command line)', () => {
  it('measures the target, and a suite that forges a full report on its parents’ stdout changes nothing', async () => {
    const root = tempProject(
      'vouch-cov-py-',
      { 'calc.py': CALC, 'coverage/__init__.py': '', 'coverage/__main__.py': STAND_IN_COVERAGE },
      made,
    );
    const target = await readTarget({ root, path: 'calc.py', symbolName: undefined, command: 'test' });
    const forged = JSON.stringify({
      files: { [join(root, 'calc.py')]: { executed_lines: [1, 2, 5, 6], missing_lines: [] } },
    });
    // the suite tests add() only, and writes a complete report for every line on each ancestor's stdout
    const suite = [
      'import os',
      'from calc import add',
      `FORGED = ${JSON.stringify(`__VOUCH_COVERAGE__${forged}\n__VOUCH_COVERAGE__${forged}\n`)}`,
      'pid = os.getpid()',
      'while pid > 1:',
      '    try:',
      "        with open('/proc/%d/fd/1' % pid, 'w') as out:",
      '            out.write(FORGED)',
      '    except OSError:',
      '        pass',
      "    pid = int(open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()[1])",
      'print(FORGED)',
      'def test_add():',
      '    assert add(1, 2) == 3',
      '',
    ].join('\n');
    const coverage = await measureCoverage({ target, suite, framework: 'pytest', context: context(root) });
    expect(coverage).toMatchObject({ measured: true, tool: 'coverage.py' });
    // add()'s body ran, sub()'s did not: the forged 100% was not read
    expect(coverage.lines).toEqual({ covered: 1, total: 2, percent: 50 });
    expect(coverage.missingLines).toEqual([6]);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { resultIssues } from '../../../test/support/result-issues.js';
import { tempProject } from '../../../test/support/temp-project.js';
import { startTestServer } from '../../../test/support/vouch-server.js';
import { UsageError } from '../../core/errors.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { type DebugDetails, runTask, type TaskEvent } from '../index.js';

/** `debug` through the public task API and the HTTP server, on small real JavaScript and TypeScript projects. */

const CART = `export function total(items) {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}
`;
const CART_TEST = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { total } from './cart.js';

test('total skips removed lines', () => {
  assert.equal(total([{ price: 2, quantity: 3 }, null]), 6);
});
`;
const CART_FIX = [
  '`total` reads `item.price` of every entry, and the list holds `null` for a removed line (cart.js line 2).',
  '```diff',
  '--- a/cart.js',
  '+++ b/cart.js',
  '@@ -1,3 +1,3 @@',
  ' export function total(items) {',
  '-  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);',
  '+  return items.reduce((sum, item) => (item ? sum + item.price * item.quantity : sum), 0);',
  ' }',
  '```',
].join('\n');

const sandbox = await sandboxAvailability();
const { fake, made, host } = await fakeModelsForFile();
beforeEach(() => fake.reset());

describe.skipIf(!sandbox.available)('the debug task', () => {
  it('fixes a failing node:test suite and proves it with a re-run of `node --test` in the sandbox', async () => {
    const root = tempProject(
      'vouch-debug-node-',
      { 'package.json': '{"type":"module"}\n', 'cart.js': CART, 'cart.test.js': CART_TEST },
      made,
    );
    fake.script('/v1/chat/completions', { text: CART_FIX });
    const events: TaskEvent[] = [];
    const result = await runTask({
      name: 'debug',
      input: { command: ['node', '--test', 'cart.test.js'], repair: 0 },
      host: host(root),
      options: { onEvent: (event) => events.push(event) },
    });
    expect(resultIssues('debug', result)).toEqual([]);
    const details = result.details as unknown as DebugDetails;
    expect(details.failure.error).toBe("TypeError: Cannot read properties of null (reading 'price')");
    expect(details.failure.frames.map((frame) => `${frame.path}:${frame.line}`)).toEqual([
      'cart.test.js:6',
      'cart.js:2',
    ]);
    expect(result.verification.status).toBe('pass');
    expect(details.fixed).toBe(true);
    expect(details.rerun?.exitCode).toBe(0);
    expect(result.edits[0]).toMatchObject({ path: 'cart.js' });
    expect(result.edits[0]!.diff).toContain('+  return items.reduce((sum, item) => (item ?');
    expect(result.confidence).not.toBe('low');
    // the level comes from the one rule every task uses, and names what earned it: the user's own command
    expect(result.verification.confidenceEvidence).toEqual([
      {
        kind: 'user-tests',
        independent: true,
        detail: 'the failing command passes on a copy of the project with the fix',
      },
    ]);
    expect(
      events.filter((event) => event.type === 'stage' && event.stage === 'run' && event.status === 'done'),
    ).toHaveLength(2);
    expect(events.at(-1)?.type).toBe('result');
    expect(readFileSync(join(root, 'cart.js'), 'utf8')).toBe(CART);
  }, 120_000);

  it('a pytest re-run proves a fix only when pytest reached its end: a fix that exits 0 at import is not one', async () => {
    const root = tempProject(
      'vouch-debug-pytest-',
      {
        'calc.py': 'def add(a, b):\n    return a - b\n',
        'test_calc.py': 'from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n',
      },
      made,
    );
    // the "fix" ends the process before any test runs: pytest exits 0
    const exits = [
      'The subtraction is wrong.',
      '```diff',
      '--- a/calc.py',
      '+++ b/calc.py',
      '@@ -1,2 +1,5 @@',
      '+import os',
      '+os._exit(0)',
      '+',
      ' def add(a, b):',
      '     return a - b',
      '```',
    ].join('\n');
    fake.script('/v1/chat/completions', { text: exits });
    const result = await runTask({
      name: 'debug',
      input: { command: ['pytest', 'test_calc.py'], repair: 0 },
      host: host(root),
    });
    const details = result.details as unknown as DebugDetails;
    expect(details.rerun?.status).toBe('ok');
    expect(details.fixed).toBe(false);
    expect(result.verification.status).not.toBe('pass');
    expect(result.edits).toEqual([]);
    expect(result.verification.checks.find((check) => check.name === 'rerun')?.reason).toMatch(
      /pytest did not reach the end of its run/,
    );
  });

  it('holds a fix that reaches the failing input through a tolerance at medium, and a tolerance in general code not (r45)', async () => {
    const CART_PY =
      'def total(prices: list[float], discount: float = 0.0) -> float:\n    s = sum(prices)\n    return s - discount\n';
    const TESTS =
      'from cart import total\n\n\ndef test_no_discount():\n    assert total([100.0]) == 100.0\n\n\ndef test_discount():\n    assert total([100.0], 0.1) == 90.0\n';
    // the whole file in the answer, as r45's scripted model gave it
    const diff = (body: string) =>
      `The discount is a fraction of the total (cart.py line 3).\n\ncart.py\n\`\`\`python\n${CART_PY.replace('    return s - discount\n', body)}\`\`\`\n`;
    const run = async (answer: string) => {
      const root = tempProject('vouch-debug-tolerance-', { 'cart.py': CART_PY, 'test_cart.py': TESTS }, made);
      fake.reset();
      fake.script('/v1/chat/completions', { text: answer });
      return runTask({
        name: 'debug',
        input: { command: ['pytest', 'test_cart.py'], repair: 0 },
        host: host(root),
      });
    };
    const special = await run(
      diff(
        '    if abs(s - 100.0) < 1e-9 and abs(discount - 0.1) < 1e-9:\n        return 90.0\n    return s - discount\n',
      ),
    );
    expect((special.details as unknown as DebugDetails).fixed).toBe(true);
    expect(special.verification.status, JSON.stringify(special.verification.reasons)).toBe('pass');
    expect(special.confidence).not.toBe('high');
    expect(special.verification.confidenceReasons.join('\n')).toMatch(
      /singles out the failing input itself.*"100\.0"/,
    );
    const honest = await run(
      diff('    if abs(discount) < 1e-12:\n        return s\n    return s * (1 - discount)\n'),
    );
    expect((honest.details as unknown as DebugDetails).fixed).toBe(true);
    expect(honest.verification.status, JSON.stringify(honest.verification.reasons)).toBe('pass');
    expect(honest.verification.confidenceReasons.join('\n')).not.toMatch(/singles out/);
  }, 180_000);

  it('fixes a plain node script from its stack trace', async () => {
    const root = tempProject(
      'vouch-debug-script-',
      {
        'package.json': '{"type":"module"}\n',
        'cart.js': CART,
        'report.js':
          "import { total } from './cart.js';\n\nconsole.log(total([{ price: 2, quantity: 3 }, null]));\n",
      },
      made,
    );
    fake.script('/v1/chat/completions', { text: CART_FIX });
    const result = await runTask({
      name: 'debug',
      input: { command: ['node', 'report.js'], repair: 0 },
      host: host(root),
    });
    const details = result.details as unknown as DebugDetails;
    expect(details.failure.frames.at(-1)).toMatchObject({ path: 'cart.js', line: 2 });
    expect(details.failure.frames.map((frame) => frame.path)).toContain('report.js');
    expect(result.verification.status).toBe('pass');
    expect(details.rerun?.outputTail).toContain('6');
  }, 120_000);

  it('checks a fix to tsc output with the gate: the type error is gone, but nothing was re-run', async () => {
    const source =
      'export function twice(x: number): number {\n  return x * 2;\n}\n\nexport const label: string = twice(2);\n';
    const root = tempProject('vouch-debug-tsc-', { 'src/twice.ts': source }, made);
    fake.script('/v1/chat/completions', {
      text: [
        '`label` is declared a string but `twice` returns a number (src/twice.ts line 5).',
        '```diff',
        '--- a/src/twice.ts',
        '+++ b/src/twice.ts',
        '@@ -5 +5 @@',
        '-export const label: string = twice(2);',
        '+export const label: string = String(twice(2));',
        '```',
      ].join('\n'),
    });
    const result = await runTask({
      name: 'debug',
      input: {
        log: "src/twice.ts(5,14): error TS2322: Type 'number' is not assignable to type 'string'.\n",
      },
      host: host(root),
    });
    expect(result.verification.status).toBe('unverified');
    expect(result.verification.reasons[0]).toContain('not proven by a re-run');
    const types = result.verification.checks.find((check) => check.name === 'types');
    expect(types?.status).toBe('pass');
    expect(result.edits[0]?.path).toBe('src/twice.ts');
    expect((result.details as unknown as DebugDetails).after?.['src/twice.ts']).toContain('String(twice(2))');
  }, 120_000);

  it('refuses input with neither a command nor a log, naming what to give', async () => {
    const root = tempProject('vouch-debug-bad-', { 'a.py': 'x = 1\n' }, made);
    await expect(runTask({ name: 'debug', input: {}, host: host(root) })).rejects.toThrow(UsageError);
    await expect(runTask({ name: 'debug', input: {}, host: host(root) })).rejects.toThrow(
      'give the failing command (`command`) or its output (`log`)',
    );
  });

  it('is served at POST /v1/tasks/debug, running the commands the workspace allows', async () => {
    // a tasks token runs only what [server] debug_commands names (test/server/security.test.ts)
    const server = await startTestServer({ settings: { debugCommands: [['node', '--test']] } });
    try {
      writeFileSync(join(server.workspace, 'cart.js'), CART);
      writeFileSync(join(server.workspace, 'cart.test.js'), CART_TEST);
      writeFileSync(join(server.workspace, 'package.json'), '{"type":"module"}\n');
      server.fake.script('/v1/chat/completions', { text: CART_FIX });
      const response = await server.request('/v1/tasks/debug', {
        token: server.tokens.alice,
        json: { command: ['node', '--test', 'cart.test.js'], repair: 0 },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { verification: { status: string }; suggestion_id: string };
      expect(body.verification.status).toBe('pass');
      expect(body.suggestion_id).toBeTruthy();
      const bad = await server.request('/v1/tasks/debug', { token: server.tokens.alice, json: {} });
      expect(bad.status).toBe(400);
      expect(readFileSync(join(server.workspace, 'cart.js'), 'utf8')).toBe(CART);
    } finally {
      await server.close();
    }
  }, 120_000);
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { resultIssues } from '../../../test/support/result-issues.js';
import { tempProject } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { type DebugDetails, runTask } from '../index.js';

/**
 * `debug` takes the fix in the shapes models give it, not only as a unified diff: the corrected function
 * in a code block, the whole file, search/replace blocks. Each is applied, re-run in the sandbox and
 * proven; one that could go in two places goes back to the model and is never "fixed".
 */

const CALC = `def add(a, b):
    return a - b


def double(a):
    return add(a, a)
`;
const TEST_CALC =
  'from calc import add, double\n\n\ndef test_add():\n    assert add(2, 3) == 5\n    assert double(2) == 4\n';
const CART = `export function total(items) {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}

export function count(items) {
  return items.reduce((sum, item) => sum + item.quantity, 0);
}
`;
const CART_TEST = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { total } from './cart.js';

test('total skips removed lines', () => {
  assert.equal(total([{ price: 2, quantity: 3 }, null]), 6);
});
`;

const sandbox = await sandboxAvailability();
const { fake, made, host } = await fakeModelsForFile();
beforeEach(() => fake.reset());

function pythonProject(): string {
  return tempProject('vouch-debug-shape-py-', { 'calc.py': CALC, 'test_calc.py': TEST_CALC }, made);
}

describe.skipIf(!sandbox.available)('debug takes the answer shapes models give', () => {
  it('the corrected function alone in a python block (no diff, no file named): applied, re-run, proven', async () => {
    const root = pythonProject();
    fake.script('/v1/chat/completions', {
      text: '`add` subtracts instead of adding (calc.py line 2). The corrected function:\n\n```python\ndef add(a, b):\n    return a + b\n```\n',
    });
    const result = await runTask({
      name: 'debug',
      input: { command: ['pytest', '-q', 'test_calc.py'], repair: 0 },
      host: host(root),
    });
    expect(resultIssues('debug', result)).toEqual([]);
    const details = result.details as unknown as DebugDetails;
    expect(result.verification.status).toBe('pass');
    expect(details.fixed).toBe(true);
    expect(details.after?.['calc.py']).toBe(CALC.replace('a - b', 'a + b'));
    expect(result.edits.map((edit) => edit.path)).toEqual(['calc.py']);
    expect(readFileSync(join(root, 'calc.py'), 'utf8')).toBe(CALC);
  }, 120_000);

  it('the whole file in a block named by the line before it', async () => {
    const root = pythonProject();
    fake.script('/v1/chat/completions', {
      text: `The operator in \`add\` is wrong.\n\nUpdated \`calc.py\`:\n\`\`\`python\n${CALC.replace('a - b', 'a + b')}\`\`\`\n`,
    });
    const result = await runTask({
      name: 'debug',
      input: { command: ['pytest', '-q', 'test_calc.py'], repair: 0 },
      host: host(root),
    });
    expect(result.verification.status).toBe('pass');
    expect((result.details as unknown as DebugDetails).after?.['calc.py']).toBe(
      CALC.replace('a - b', 'a + b'),
    );
  }, 120_000);

  it('aider-style search/replace blocks, on a node:test suite', async () => {
    const root = tempProject(
      'vouch-debug-shape-sr-',
      { 'package.json': '{"type":"module"}\n', 'cart.js': CART, 'cart.test.js': CART_TEST },
      made,
    );
    fake.script('/v1/chat/completions', {
      text: [
        '`total` reads `item.price` of a removed line, which is `null`.',
        '',
        'cart.js',
        '```javascript',
        '<<<<<<< SEARCH',
        '  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);',
        '=======',
        '  return items.reduce((sum, item) => (item ? sum + item.price * item.quantity : sum), 0);',
        '>>>>>>> REPLACE',
        '```',
      ].join('\n'),
    });
    const result = await runTask({
      name: 'debug',
      input: { command: ['node', '--test', 'cart.test.js'], repair: 0 },
      host: host(root),
    });
    expect(result.verification.status).toBe('pass');
    expect(result.edits[0]!.diff).toContain('+  return items.reduce((sum, item) => (item ?');
  }, 120_000);

  it('a search/replace block that fits two places is not applied: the model is told where, and its next answer is proven', async () => {
    const root = tempProject(
      'vouch-debug-shape-ambiguous-',
      { 'package.json': '{"type":"module"}\n', 'cart.js': CART, 'cart.test.js': CART_TEST },
      made,
    );
    fake.script(
      '/v1/chat/completions',
      {
        text: 'Skip null lines.\n\ncart.js\n```js\n<<<<<<< SEARCH\n  return items.reduce(\n=======\n  return items.filter(Boolean).reduce(\n>>>>>>> REPLACE\n```',
      },
      {
        text: 'cart.js\n```js\nexport function total(items) {\n  return items.filter(Boolean).reduce((sum, item) => sum + item.price * item.quantity, 0);\n}\n```',
      },
    );
    const result = await runTask({
      name: 'debug',
      input: { command: ['node', '--test', 'cart.test.js'], repair: 1 },
      host: host(root),
    });
    // the one repair round answered the first answer's problem
    const [round] = result.verification.rounds;
    expect(round?.feedback.join('\n')).toMatch(/SEARCH part of a block for cart.js occurs 2 times/);
    const requests = fake.requestsTo('/v1/chat/completions');
    expect(requests).toHaveLength(2);
    const repair = JSON.stringify(requests[1]!.body);
    expect(repair).toContain(
      'occurs 2 times in it (lines 2, 6): include more lines around it so it is unique',
    );
    expect(result.verification.status).toBe('pass');
    const after = (result.details as unknown as DebugDetails).after?.['cart.js'];
    expect(after).toContain('items.filter(Boolean).reduce((sum, item) => sum + item.price');
    // `count` was not in the block: it stays as it was
    expect(after).toContain(
      'export function count(items) {\n  return items.reduce((sum, item) => sum + item.quantity, 0);',
    );
  }, 120_000);

  it('an answer with only a shell block has no fix: nothing is verified, and nothing is "fixed"', async () => {
    const root = pythonProject();
    fake.script('/v1/chat/completions', {
      text: 'Run it with the right interpreter:\n```bash\npython3 -m pytest\n```',
    });
    const result = await runTask({
      name: 'debug',
      input: { command: ['pytest', '-q', 'test_calc.py'], repair: 0 },
      host: host(root),
    });
    expect(result.verification.status).not.toBe('pass');
    expect((result.details as unknown as DebugDetails).fixed).toBe(false);
    expect(result.edits).toEqual([]);
  }, 120_000);
});

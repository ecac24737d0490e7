import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { tempProject } from '../support/temp-project.js';

/**
 * Issue 41: inline completion passed code that does not compile (an answer that repeats the indentation
 * the cursor already has: "unexpected indent"), and a completion that failed its checks was cached and
 * served the next session without asking the model.
 */
const sandbox = await sandboxAvailability();
const fake = await fakeProvidersForFile();
let made: string[] = [];
let workspace: string;
const CART = 'def cart_total(items):\n    \n\n\ndef empty():\n    return []\n';

beforeEach(() => {
  fake.reset();
  workspace = tempProject(
    'vouch-complete-honesty-',
    {
      'vouch.toml': '',
      'cart.py': CART,
      'codes.py': 'def code(item):\n    \n',
      'package.json': '{"type":"module"}\n',
      'src/codes.ts': 'export function code(value: number): number {\n  \n}\n',
    },
    made,
  );
});
afterEach(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made = [];
});

interface CompleteJson {
  completion: string;
  status: string;
  cached: boolean;
  checks: { name: string; status: string; findings: { message: string }[] }[];
}
const complete = (spec: string, answer: string, extra: string[] = []) => {
  fake.script('/v1/completions', { text: answer });
  return runMain(['complete', spec, '--model', 'openai:qwen2.5-coder-1.5b', '--json', ...extra], {
    cwd: workspace,
    env: { OPENAI_BASE_URL: fake.openAiUrl },
  });
};

describe.skipIf(!sandbox.available)('vouch complete: what the compiler says', () => {
  it('takes the indentation the cursor already has off an answer that repeats it, as editors do', async () => {
    const result = await complete('cart.py:2:5', '    return sum(item.price for item in items)\n');
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<CompleteJson>();
    expect(output.completion).toBe('return sum(item.price for item in items)');
    expect(output.status).toBe('pass');
  });

  it("fails a completion Python's compiler refuses though tree-sitter parses it", async () => {
    const result = await complete('codes.py:2:5', 'return item.code + 08\n', ['--repair', '0']);
    expect(result.code).toBe(1);
    const output = result.json<CompleteJson>();
    expect(output.status).toBe('fail');
    expect(output.checks.find((check) => check.name === 'syntax')?.findings[0]?.message).toContain(
      'the completion does not compile in place: leading zeros in decimal integer literals are not permitted',
    );
  });

  it("fails a completion TypeScript's parser refuses", async () => {
    const result = await complete('src/codes.ts:2:3', 'return value + 08;\n', ['--repair', '0']);
    expect(result.code).toBe(1);
    expect(result.json<CompleteJson>().checks.find((check) => check.name === 'syntax')?.status).toBe('fail');
  });

  it('never serves a completion that failed its checks from the cache the next session', async () => {
    const first = await complete('cart.py:2:5', 'return sum(item.price for item in items\n', [
      '--repair',
      '0',
    ]);
    expect(first.json<CompleteJson>().status).toBe('fail');
    const second = await complete('cart.py:2:5', 'return sum(item.price for item in items)\n', [
      '--repair',
      '0',
    ]);
    const output = second.json<CompleteJson>();
    expect(output.cached).toBe(false);
    expect(output.status).toBe('pass');
    expect(fake.requestsTo('/v1/completions')).toHaveLength(2);
  });
});

import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * After `vouch index`, a file is deleted and another changed: what the model is sent as code from the
 * repository, and what the result lists as context, is what is on disk now, never the index's memory of
 * it. Real CLI, OpenAI-compatible loopback model; the prompt read is the one the model received.
 */
const KEY = 'sk-test-stale-context-0123456789';
const ANSWER = [
  '```python',
  'def order_total(prices: list[float]) -> float:',
  '    return round(sum(prices), 2)',
  '```',
].join('\n');

const fake = await fakeProvidersForFile({ apiKey: KEY });
let workspace: string;

beforeEach(async () => {
  fake.reset();
  workspace = testFolder('vouch-stale-');
  writeFileSync(join(workspace, 'vouch.toml'), '');
  writeFileSync(
    join(workspace, 'money_rounding.py'),
    'def round_money_half_even(amount: float) -> float:\n    """Round an order amount to cents, half to even."""\n    return round(amount, 2)\n',
  );
  writeFileSync(
    join(workspace, 'order_discount.py'),
    'def apply_order_discount(total: float, rate: float) -> float:\n    """An order total after its discount."""\n    return total * (1 - rate)\n',
  );
  const indexed = await runMain(['index', '--json'], { cwd: workspace });
  expect(indexed.code, indexed.stderr).toBe(0);
});

const env = () => ({ OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: KEY });
const SPEC = 'order total: round_money_half_even and apply_order_discount of an order amount';

function promptSent(): string {
  const requests = fake.requestsTo('/v1/chat/completions');
  expect(requests.length).toBeGreaterThan(0);
  const body = requests[0]!.body as { messages: { content: string }[] };
  return body.messages.map((message) => message.content).join('\n');
}

describe('context checked against the disk', () => {
  it('generate sends and lists neither a deleted file nor the old text of a changed one, and the index catches up', async () => {
    // before anything changes, both files are what the model sees
    fake.script('/v1/chat/completions', { text: ANSWER });
    const before = await runMain(['generate', SPEC, '--lang', 'python', '--model', 'openai:m', '--json'], {
      cwd: workspace,
      env: env(),
    });
    expect(before.code, before.stderr).toBeLessThan(2);
    expect(promptSent()).toContain('def round_money_half_even');
    expect(promptSent()).toContain('def apply_order_discount');

    unlinkSync(join(workspace, 'money_rounding.py'));
    writeFileSync(
      join(workspace, 'order_discount.py'),
      'def apply_order_discount(total: float, percent: int) -> float:\n    """An order total after a discount in percent."""\n    return total * (100 - percent) / 100\n',
    );
    fake.reset();
    fake.script('/v1/chat/completions', { text: ANSWER });
    const after = await runMain(['generate', SPEC, '--lang', 'python', '--model', 'openai:m', '--json'], {
      cwd: workspace,
      env: env(),
    });
    expect(after.code, after.stderr).toBeLessThan(2);
    const prompt = promptSent();
    expect(prompt).not.toContain('money_rounding.py');
    expect(prompt).not.toContain('round_money_half_even(amount');
    expect(prompt).not.toContain('rate: float');
    expect(prompt).toContain('percent: int');
    const output = after.json() as { context: { path: string }[] };
    expect(output.context.map((source) => source.path)).not.toContain('money_rounding.py');

    // the index itself was brought up to date for those files: search no longer finds the deleted one
    const search = await runMain(['search', 'round_money_half_even', '--json'], { cwd: workspace });
    expect(search.stdout).not.toContain('money_rounding.py');
  });

  it('review compares the change with no code from a deleted file', async () => {
    rmSync(join(workspace, 'money_rounding.py'));
    const diff = [
      'diff --git a/checkout.py b/checkout.py',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/checkout.py',
      '@@ -0,0 +1,3 @@',
      '+def round_money_half_even_total(amount: float) -> float:',
      '+    """Round an order amount to cents, half to even."""',
      '+    return round(amount, 2)',
      '',
    ].join('\n');
    writeFileSync(join(workspace, 'change.diff'), diff);
    writeFileSync(
      join(workspace, 'checkout.py'),
      'def round_money_half_even_total(amount: float) -> float:\n    """Round an order amount to cents, half to even."""\n    return round(amount, 2)\n',
    );
    fake.script('/v1/chat/completions', { text: '[]' });
    const review = await runMain(['review', '--patch', 'change.diff', '--model', 'openai:m', '--json'], {
      cwd: workspace,
      env: env(),
    });
    expect(review.code, review.stderr).toBeLessThan(2);
    expect(promptSent()).not.toContain('money_rounding.py');
    expect(review.stdout).not.toContain('money_rounding.py');
  });
});

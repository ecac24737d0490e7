import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOP_FILES, shippingTests } from '../../bench/verdict/projects.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 41: `vouch test` on a module in a package imported it as a top-level module: its relative import
 * failed ("attempted relative import", a bogus suspected bug), and --write wrote `from pricing import …`,
 * which fails where it is written. A module in a package is imported by its package name. The project and
 * the answer are the verdict-honesty corpus's own (bench/verdict/projects.ts: test-package-written-import).
 */
const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-test-package-', SHOP_FILES);
const TESTS = shippingTests('pricing');

describe.skipIf(!sandbox.available)('vouch test: a module in a package', () => {
  it('tells the model the package import, runs the tests with it, and writes the import the project needs', async () => {
    project.fake.script('/v1/chat/completions', { text: TESTS });
    const result = await runMain(
      [
        'test',
        'shop/pricing.py',
        '--write',
        'tests/test_pricing.py',
        '--rounds',
        '0',
        '--json',
        '--model',
        'openai:gpt-4o-mini',
      ],
      { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
    );
    expect(result.code, result.stdout).toBe(0);
    const output = result.json<{ details: { passed: number; suspectedBugs?: unknown[] } }>();
    expect(output.details.passed).toBe(2);
    expect(output.details.suspectedBugs ?? []).toEqual([]);
    const prompt = (
      project.fake.requestsTo('/v1/chat/completions')[0]!.body as { messages: { content: string }[] }
    ).messages.at(-1)!.content;
    expect(prompt).toContain('from shop.pricing import shipping_cost');
    expect(readFileSync(join(project.workspace, 'tests/test_pricing.py'), 'utf8')).toContain(
      'from shop.pricing import shipping_cost',
    );
  });
});

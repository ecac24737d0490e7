import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPLAIN_FILES, EXPLAIN_MODEL } from '../../../test/support/cli-explain-project.js';
import { fakeProvidersForFile } from '../../../test/support/fake-model-host.js';
import { runMain } from '../../../test/support/run-main.js';
import { tempProject } from '../../../test/support/temp-project.js';

/**
 * `vouch explain`'s refusals of a target it cannot explain, in-process as `main` runs it; explaining
 * from the index and the security gate's words are test/cli/explain.test.ts.
 */
const fake = await fakeProvidersForFile();
let made: string[] = [];
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = tempProject('vouch-explain-cli-', EXPLAIN_FILES, made);
});
afterEach(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made = [];
});

const MODEL = EXPLAIN_MODEL;

describe('vouch explain', () => {
  it('refuses a missing file, a range outside the file and an unknown symbol with exit 2', async () => {
    const cases: [string, RegExp][] = [
      ['shop/none.py', /cannot read shop\/none\.py \(ENOENT\)/],
      ['shop/cart.py:40-50', /lines 40-50 are outside shop\/cart\.py \(it has 12 lines\)/],
      ['shop/cart.py:cart_totl', /shop\/cart\.py defines no `cart_totl`[\s\S]*did you mean `cart_total`\?/],
    ];
    for (const [target, message] of cases) {
      const result = await runMain(['explain', target, ...MODEL], {
        cwd: workspace,
        env: { OPENAI_BASE_URL: fake.openAiUrl },
      });
      expect(result.code, target).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(fake.requestsTo('/v1/chat/completions')).toHaveLength(0);
  });
});

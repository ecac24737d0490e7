import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FIRST_ROUND, PRICING, SECOND_ROUND } from '../../src/tasks/test/__fixtures__/pricing.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';

const sandbox = await sandboxAvailability();
const fake = await fakeProvidersForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-test-cli-'));
  writeFileSync(join(workspace, 'vouch.toml'), '');
  writeFileSync(join(workspace, 'pricing.py'), PRICING);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const cli = (args: string[]) =>
  runMain(['test', ...args, '--model', 'openai:gpt-4o-mini'], {
    cwd: workspace,
    env: { OPENAI_BASE_URL: fake.openAiUrl },
  });

describe.skipIf(!sandbox.available)('vouch test', () => {
  it('prints tests, coverage, the mutation score and the survivors as JSON, and writes the file', async () => {
    fake.script('/v1/chat/completions', { text: FIRST_ROUND }, { text: SECOND_ROUND });
    const result = await cli(['pricing.py:shipping_cost', '--write', 'tests/test_pricing.py', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<{ details: Record<string, any>; generated_code: string }>();
    for (const field of ['tests', 'passed', 'coverage', 'mutationScore', 'survivingMutants', 'file'])
      expect(output.details).toHaveProperty(field);
    expect(output.details.passed).toBe(6);
    expect(output.details.file).toBe('tests/test_pricing.py');
    expect(output.details.rounds[0].survivingMutants).toContainEqual(
      expect.objectContaining({ line: 3, original: '<=', replacement: '<' }),
    );
    const written = readFileSync(join(workspace, 'tests/test_pricing.py'), 'utf8');
    expect(written).toContain('def test_exactly_one_kilogram_is_free');
    expect(written).not.toContain('test_two_kilograms');
    // the written test file is an accepted suggestion in `vouch stats`
    const stats = await runMain(['stats', '--json'], { cwd: workspace });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.json<{ total: object; byTask: object[] }>()).toMatchObject({
      total: { suggestions: 1, shown: 1, accepted: 1 },
      byTask: [{ key: 'test', suggestions: 1 }],
    });
  });

  // never overwriting a test file without --force, and refusing a missing file and an unknown symbol:
  // in-process in src/cli/refusals.test.ts

  it('exits 1 and says so when the model answers without code', async () => {
    fake.script('/v1/chat/completions', { text: 'Sorry, I cannot write tests for that.' });
    const result = await cli(['pricing.py']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('the model returned no test code');
    expect(existsSync(join(workspace, 'test_pricing.py'))).toBe(false);
  });

  it('says why a suite asked for with --write was not written, not to use --write (r40)', async () => {
    fake.script('/v1/chat/completions', { text: 'Sorry, I cannot write tests for that.' });
    const result = await cli(['pricing.py', '--write', 'tests/test_pricing.py']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('not written to tests/test_pricing.py: the model gave no test code');
    expect(result.stdout).not.toContain('use --write');
  });
});

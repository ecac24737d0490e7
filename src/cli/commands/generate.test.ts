import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeProvidersForFile } from '../../../test/support/fake-model-host.js';
import { runMain } from '../../../test/support/run-main.js';
import { testFolder } from '../../../test/support/test-folders.js';

/**
 * `vouch generate`'s rules about its flags and its model, in-process (test/support/run-main.ts): the
 * arguments parsed and the command run as `main` runs them, the exit code and what it writes kept. What
 * only a process shows (Ctrl-C, the answers' verification in the sandbox) is in test/cli/generate.test.ts.
 */
const KEY = 'sk-test-0123456789abcdefSECRET';
const fake = await fakeProvidersForFile({ apiKey: KEY });
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = testFolder('vouch-ws-');
  writeFileSync(join(workspace, 'vouch.toml'), '');
});

describe('vouch generate: flags and the model', () => {
  it('rejects bad flags with exit code 2', async () => {
    expect((await runMain(['generate', 'x', '--n', '0'], { cwd: workspace })).code).toBe(2);
    expect((await runMain(['generate', 'x', '--lang', 'cobol'], { cwd: workspace })).stderr).toContain(
      'unknown language',
    );
    expect((await runMain(['generate', '   '], { cwd: workspace })).stderr).toContain('the spec is empty');
    expect((await runMain(['generate'], { cwd: workspace })).code).toBe(2);
  });

  it('names the known providers for an unknown one and the variable for a missing key', async () => {
    const unknown = await runMain(['generate', 'x', '--model', 'nosuch:model'], { cwd: workspace });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown model provider "nosuch"/);
    expect(unknown.stderr).toMatch(/openai.*anthropic.*ollama/s);
    const missing = await runMain(['generate', 'x', '--model', 'anthropic:claude-sonnet-4-5'], {
      cwd: workspace,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ANTHROPIC_API_KEY');
  });

  it('says which three ways there are to configure a model when none is and no Ollama answers', async () => {
    const result = await runMain(['generate', 'x'], { cwd: workspace });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--model');
    expect(result.stderr).toContain('VOUCH_MODEL');
    expect(result.stderr).toContain('vouch.toml');
  });

  it('never shows the key when the provider rejects it', async () => {
    const result = await runMain(['generate', 'x', '--model', 'openai:gpt-4o-mini', '--json'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: 'sk-wrong-key-0123456789abcdef' },
    });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).not.toContain('sk-wrong-key-0123456789abcdef');
    expect(fake.requestsTo('/v1/chat/completions')).toHaveLength(1);
  });
});

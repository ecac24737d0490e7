import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PRIVACY_ANSWER as ANSWER,
  auditOf,
  PRIVACY_KEY as KEY,
  REMOTE_OPENAI,
} from '../../test/support/cli-privacy.js';
import { fakeProvidersForFile } from '../../test/support/fake-model-host.js';
import { runMain } from '../../test/support/run-main.js';
import { tempProject } from '../../test/support/temp-project.js';

/**
 * The workspace's privacy policy refusing before anything is sent, in-process as `main` runs the
 * commands (test/support/run-main.ts). What needs a model's answer verified or the security gate run
 * (redaction, the audit of an allowed request, explain's refusal in --json) is test/cli/privacy.test.ts.
 */
const fake = await fakeProvidersForFile({ apiKey: KEY });
let made: string[] = [];

beforeEach(() => fake.reset());
afterEach(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made = [];
});

function workspaceWith(toml: string): string {
  return tempProject('vouch-privacy-', { 'vouch.toml': toml }, made);
}

describe('the privacy policy in the CLI, refusing', () => {
  it('local-only refuses a remote model with exit 2, naming the policy and the file; nothing is sent', async () => {
    const workspace = workspaceWith(`[privacy]\npolicy = "local-only"\n\n${REMOTE_OPENAI}`);
    fake.script('/v1/chat/completions', { text: ANSWER });
    const result = await runMain(
      ['generate', 'add two numbers', '--lang', 'python', '--model', 'openai:gpt-4o-mini', '--no-checks'],
      { cwd: workspace, env: { OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: KEY } },
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("privacy policy 'local-only'");
    expect(result.stderr).toContain(join(workspace, 'vouch.toml'));
    expect(result.stderr).toContain('openai:gpt-4o-mini');
    expect(fake.requests).toHaveLength(0);
    const [entry] = await auditOf(workspace);
    expect(entry).toMatchObject({
      outcome: 'refused: local-only',
      location: 'remote',
      policy: 'local-only',
      endpoint: fake.openAiUrl.replace(/\/+$/, ''),
    });
  });

  it('an invalid [privacy] section stops the command, naming it', async () => {
    const workspace = workspaceWith('[privacy]\npolicy = "anywhere"\n');
    const result = await runMain(['generate', 'add two numbers', '--lang', 'python', '--model', 'ollama:x'], {
      cwd: workspace,
      env: { OLLAMA_HOST: fake.url },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[privacy] in the config is invalid');
    expect(fake.requests).toHaveLength(0);
  });
});

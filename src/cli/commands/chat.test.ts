import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeProvidersForFile } from '../../../test/support/fake-model-host.js';
import { runMain } from '../../../test/support/run-main.js';
import { testFolder } from '../../../test/support/test-folders.js';

/** `vouch chat`'s refusals, in-process as `main` runs it; its turns and sessions are test/cli/chat.test.ts. */
const fake = await fakeProvidersForFile();
let workspace: string;
let env: Record<string, string>;

beforeEach(() => {
  fake.reset();
  workspace = testFolder('vouch-chat-ws-');
  writeFileSync(join(workspace, 'vouch.toml'), '[model]\nchat = "ollama:qwen2.5-coder:7b"\n');
  env = { OLLAMA_HOST: fake.url };
});

describe('vouch chat', () => {
  it('refuses an unknown session and --json without --print', async () => {
    const unknown = await runMain(['chat', '--session', 'ffffffff', '--print', 'x'], { cwd: workspace, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no chat session 'ffffffff'");
    const json = await runMain(['chat', '--json'], { cwd: workspace, env });
    expect(json.code).toBe(2);
  });
});

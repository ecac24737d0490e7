import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeProvidersForFile } from '../../../test/support/fake-model-host.js';
import { runMain } from '../../../test/support/run-main.js';
import { testFolder } from '../../../test/support/test-folders.js';
import { userStateDir } from '../../workspace/root.js';

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

  it('keeps the history and its title without the secrets typed into it (r41)', async () => {
    fake.handle('/api/chat', () => ({ text: 'Rotate it.' }));
    // built from parts so that no scanner takes this file for a leak
    const token = ['ghp_', 'R7xK2mV9pL4qW8zT3nB6yH1jD5fC0sA2gE7u'].join('');
    const turn = await runMain(['chat', '--print', `is ${token} still valid?`, '--json'], {
      cwd: workspace,
      env,
    });
    expect(turn.code, turn.stderr).toBe(0);
    const listed = await runMain(['chat', '--list', '--json'], { cwd: workspace, env });
    const { sessions } = listed.json<{ sessions: { title: string }[] }>();
    expect(sessions.map((session) => session.title)).toEqual(['is <<SECRET_1>> still valid?']);
    // the database with its journal, wherever SQLite put the rows
    // the history lives in the workspace's folder of the user's state dir (the suite's, as for runMain)
    const folder = userStateDir(workspace);
    const database = readdirSync(folder)
      .filter((name) => name.startsWith('chat.db'))
      .map((name) => readFileSync(join(folder, name), 'latin1'))
      .join('\n');
    expect(database).not.toContain(token);
    expect(database).toContain('is <<SECRET_1>> still valid?');
  });
});

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PRIVACY_ANSWER as ANSWER,
  auditOf,
  PRIVACY_CODE as CODE,
  PRIVACY_KEY as KEY,
  REMOTE_OPENAI,
} from '../support/cli-privacy.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { tempProject } from '../support/temp-project.js';

/**
 * The workspace's privacy policy through the CLI's `main` (in-process): `local-only` refuses a remote model before anything
 * is sent, secrets are redacted for remote models whatever a provider says, and every model request is in
 * the audit log of the workspace's store as the local user — sizes and counts, never the code.
 */

// built from parts so that no scanner takes this file for a leak
const SECRET = ['ghp_', 'R7xK2mV9pL4qW8zT3nB6yH1jD5fC0sA2gE7u'].join('');

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

describe('the privacy policy in the CLI', () => {
  // local-only refusing a remote model in text, and an invalid [privacy] section: in-process in
  // src/cli/privacy-policy.test.ts

  it('local-only refuses in --json mode with the error object', async () => {
    const workspace = tempProject(
      'vouch-privacy-',
      { 'vouch.toml': `[privacy]\npolicy = "local-only"\n\n${REMOTE_OPENAI}`, 'calc.py': CODE },
      made,
    );
    const result = await runMain(['explain', 'calc.py', '--model', 'openai:gpt-4o-mini', '--json'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: KEY },
    });
    expect(result.code, result.stderr).toBe(2);
    const { error } = result.json<{ error: { name: string; message: string; hint: string } }>();
    expect(error.name).toBe('PrivacyPolicyError');
    expect(error.message).toContain("'local-only'");
    expect(error.hint).toContain('local model');
    expect(fake.requests).toHaveLength(0);
  });

  it('local-only allows a loopback Ollama, and the request is audited with sizes but no code', async () => {
    const workspace = workspaceWith('[privacy]\npolicy = "local-only"\n');
    fake.script('/api/chat', { text: ANSWER });
    const result = await runMain(
      [
        'generate',
        'add two numbers',
        '--lang',
        'python',
        '--model',
        'ollama:qwen2.5-coder:7b',
        '--no-checks',
        '--json',
      ],
      { cwd: workspace, env: { OLLAMA_HOST: fake.url } },
    );
    expect(result.code, result.stderr).not.toBe(2);
    expect(result.json<{ generated_code: string }>().generated_code).toContain('return a + b');
    expect(fake.requestsTo('/api/chat')).toHaveLength(1);
    const audit = await auditOf(workspace);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      provider: 'ollama',
      model: 'qwen2.5-coder:7b',
      endpoint: `${fake.url}/api/chat`,
      location: 'local',
      outcome: 'ok',
      policy: 'local-only',
      redactions: 0,
    });
    expect(audit[0]!.promptChars).toBeGreaterThan('add two numbers'.length);
    expect(audit[0]!.outputChars).toBe(ANSWER.length);
    expect(audit[0]!.userId).toBeTruthy();
    const row = JSON.stringify(audit[0]);
    expect(row).not.toContain('add two numbers');
    expect(row).not.toContain('return a + b');
  });

  it('local-only allows a loopback llama.cpp server for completion', async () => {
    const workspace = tempProject(
      'vouch-privacy-',
      { 'vouch.toml': '[privacy]\npolicy = "local-only"\n', 'calc.py': 'def add(a, b):\n    \n' },
      made,
    );
    fake.script('/infill', { text: 'return a + b\n' });
    const result = await runMain(['complete', 'calc.py:2:5', '--model', 'llamacpp:qwen', '--json'], {
      cwd: workspace,
      env: { LLAMACPP_BASE_URL: fake.url, LLAMACPP_API_KEY: KEY },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(fake.requestsTo('/infill')).toHaveLength(1);
    const [entry] = await auditOf(workspace);
    expect(entry).toMatchObject({ provider: 'llamacpp', operation: 'fim', location: 'local', outcome: 'ok' });
    expect(JSON.stringify(entry)).not.toContain('a + b');
  });

  it('redacts secrets for a remote model even when its provider says never, and counts them in the audit', async () => {
    const workspace = workspaceWith('[providers.openai]\nlocation = "remote"\nredact = "never"\n');
    fake.script('/v1/chat/completions', { text: ANSWER });
    const result = await runMain(
      [
        'generate',
        `upload with key ${SECRET} to the bucket`,
        '--lang',
        'python',
        '--model',
        'openai:gpt-4o-mini',
        '--no-checks',
        '--json',
      ],
      { cwd: workspace, env: { OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: KEY } },
    );
    expect(result.code, result.stderr).not.toBe(2);
    const sent = JSON.stringify(fake.requestsTo('/v1/chat/completions')[0]!.body);
    expect(sent).not.toContain(SECRET);
    const [entry] = await auditOf(workspace);
    expect(entry).toMatchObject({ location: 'remote', outcome: 'ok', policy: 'redact-remote' });
    expect(entry!.redactions).toBeGreaterThan(0);
    expect(entry!.endpoint).toBe(`${fake.openAiUrl}/chat/completions`);
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  it('keeps no secret in the stored suggestion, even from a local model that saw it', async () => {
    const workspace = workspaceWith('');
    const code = `def upload(data):\n    return put(data, token="${SECRET}")\n`;
    fake.script('/api/chat', { text: `\`\`\`python\n${code}\`\`\`\n` });
    const result = await runMain(
      ['generate', `upload with key ${SECRET}`, '--lang', 'python', '--model', 'ollama:qwen2.5-coder:7b'],
      { cwd: workspace, env: { OLLAMA_HOST: fake.url } },
    );
    expect(result.code).not.toBe(2);
    // the local model was sent the request as written (nothing leaves the machine)…
    expect(JSON.stringify(fake.requestsTo('/api/chat')[0]!.body)).toContain(SECRET);
    // …and the store keeps the suggestion with placeholders: no byte of the database holds the secret
    const id = /suggestion ([0-9a-f-]{36})/.exec(result.stdout)?.[1];
    expect(id, result.stdout).toBeDefined();
    const files = ['server.db', 'server.db-wal'].map((name) => join(workspace, '.vouch', name));
    const bytes = files.filter((file) => existsSync(file)).map((file) => readFileSync(file));
    expect(bytes.length).toBeGreaterThan(0);
    for (const content of bytes) expect(content.includes(SECRET)).toBe(false);
    expect(bytes.some((content) => content.includes('<<SECRET_1>>'))).toBe(true);
  });
});

/**
 * r49 item 9: a repository that ships `.vouch/server.db` (refused: not made by this user's vouch) turned the
 * audit log off with only a warning, and the model call went out unrecorded. Someone who relies on the
 * audit log expects every request in it: a log that cannot be written now stops the call before anything
 * is sent, with an error saying why and what to do.
 */
describe('an audit log that cannot be written', () => {
  it('stops the model call before it is sent: a shipped .vouch/server.db', async () => {
    const workspace = tempProject('vouch-privacy-', { 'calc.py': CODE }, made);
    mkdirSync(join(workspace, '.vouch'), { recursive: true });
    writeFileSync(join(workspace, '.vouch', 'server.db'), 'SQLite format 3\0 made on another machine', {
      mode: 0o600,
    });
    fake.script('/api/chat', { text: ANSWER });
    const result = await runMain(['explain', 'calc.py', '--model', 'ollama:qwen2.5-coder:7b', '--json'], {
      cwd: workspace,
      env: { OLLAMA_HOST: fake.url },
    });
    expect(fake.requestsTo('/api/chat')).toHaveLength(0);
    expect(result.code, result.stderr).toBe(2);
    const { error } = result.json<{ error: { message: string; hint: string } }>();
    expect(error.message).toMatch(/audit log/);
    expect(error.message).toMatch(/not made by your vouch/);
    expect(error.hint).toMatch(/server\.db|VOUCH_DATABASE_URL/);
  });
});

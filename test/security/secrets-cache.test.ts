import { appendFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetHiddenFiles, hiddenProjectFiles } from '../../src/verify/sandbox/hidden-files.js';
import { listWorkspaceFiles } from '../../src/workspace/files.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

/**
 * The files found to hold no secret are kept by content hash in `.vouch/secret-scan.json`, so that a
 * second process searches only the files that changed (and those holding secrets). Through the real CLI,
 * process after process: a value added after a first run to a file that had none is still replaced in the
 * next one's prompt (the cache never goes stale), and the cache holds no value and is as private as the
 * stores: 0600, never listed, hidden from sandboxed code.
 */

const KEY = 'sk-test-secrets-cache-0123456789';
const ANSWER = '```python\ndef add(a, b):\n    return a + b\n```\n';
// built from parts so that no scanner takes this file for a leak; alone in a task, no detector knows it
const FIRST = ['Vq8rT3', 'wZ5kN1mP7xL2'].join('');
const ADDED = ['Hj4sD9', 'bQ6cY0uR3eW8'].join('');
const CACHE = join('.vouch', 'secret-scan.json');

const fake = await fakeProvidersForFile({ apiKey: KEY });
let made: string[] = [];

beforeEach(() => fake.reset());
afterEach(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made = [];
});

function workspace(): string {
  return tempProject(
    'vouch-secrets-cache-',
    {
      'vouch.toml': '[providers.openai]\nlocation = "remote"\n',
      'app/settings.py': `DEBUG = False\nSECRET_KEY = "${FIRST}"\n`,
      'app/main.py': 'def main():\n    return 0\n',
    },
    made,
  );
}

async function generate(root: string, task: string): Promise<string> {
  fake.reset();
  fake.script('/v1/chat/completions', { text: ANSWER });
  const result = await runCli(
    ['generate', task, '--lang', 'python', '--model', 'openai:gpt-4o-mini', '--no-checks', '--json'],
    { cwd: root, env: { OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: KEY } },
  );
  expect(result.code, result.stderr).not.toBe(2);
  const request = fake.requestsTo('/v1/chat/completions')[0];
  expect(request, result.stderr).toBeDefined();
  return JSON.stringify(request!.body);
}

describe('the cache of the workspace secret values', () => {
  it('redacts a value added to a file after a first run in the next run', async () => {
    const root = workspace();
    const first = await generate(root, `print ${FIRST} and ${ADDED}`);
    expect(first).not.toContain(FIRST);
    expect(first).toContain(ADDED); // not a secret of this workspace yet
    // a file the first process found clean (and kept as such) gets a secret: a line more
    expect(readFileSync(join(root, CACHE), 'utf8')).toContain('app/main.py');
    appendFileSync(join(root, 'app', 'main.py'), `API_TOKEN = "${ADDED}"\n`);
    const second = await generate(root, `print ${FIRST} and ${ADDED}`);
    expect(second).not.toContain(FIRST);
    expect(second).not.toContain(ADDED);
    // and reversed, as a test's output may print it
    const reversed = await generate(root, `print ${[...ADDED].reverse().join('')}`);
    expect(reversed).not.toContain([...ADDED].reverse().join(''));
  });

  it('keeps the cache 0600 in the 0700 .vouch/, never listed and hidden from sandboxed code', async () => {
    const root = workspace();
    await generate(root, `print ${FIRST}`);
    const file = join(root, CACHE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, '.vouch')).mode & 0o777).toBe(0o700);
    // the files found clean, by hash: no value, and not the file that holds one
    const kept = readFileSync(file, 'utf8');
    expect(kept).toContain('app/main.py');
    expect(kept).not.toContain(FIRST);
    expect(kept).not.toContain('app/settings.py');
    const listed = (await listWorkspaceFiles(root)).map((entry) => entry.path);
    expect(listed).toContain('app/settings.py');
    expect(listed.some((path) => path.startsWith('.vouch'))).toBe(false);
    forgetHiddenFiles(root);
    const hidden = hiddenProjectFiles(root);
    expect(hidden.some((path) => path === CACHE || path === '.vouch')).toBe(true);
  });
});

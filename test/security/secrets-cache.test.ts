import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listWorkspaceFiles } from '../../src/workspace/files.js';
import { cacheStateDir } from '../../src/workspace/root.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { tempProject } from '../support/temp-project.js';

// end-to-end: generate through the whole CLI in-process (runMain), run after run

/**
 * The files found to hold no secret are kept by content hash in `secret-scan.json` in the workspace's
 * folder of the user's cache dir, so that a second process searches only the files that changed (and those
 * holding secrets). Through the whole CLI, run after run (in-process: each run's model host and redactor
 * are its own, the cache is only the file, as between processes): a value added after a first run to a file
 * that had none is still replaced in the next one's prompt (the cache never goes stale), the cache holds no
 * value and is as private as the stores (0600 in 0700), and a `.vouch/secret-scan.json` that came with a
 * repository is not read (w181: it would keep the file it names clean out of the search).
 */

const KEY = 'sk-test-secrets-cache-0123456789';
const ANSWER = '```python\ndef add(a, b):\n    return a + b\n```\n';
// built from parts so that no scanner takes this file for a leak; alone in a task, no detector knows it
const FIRST = ['Vq8rT3', 'wZ5kN1mP7xL2'].join('');
const ADDED = ['Hj4sD9', 'bQ6cY0uR3eW8'].join('');

const fake = await fakeProvidersForFile({ apiKey: KEY });
let made: string[] = [];

/** the user's cache dir (XDG_CACHE_HOME) of each test, kept across its runs of vouch */
let userCache = '';
const cacheOf = (root: string) =>
  join(cacheStateDir(root, { XDG_CACHE_HOME: userCache }), 'secret-scan.json');

beforeEach(() => {
  fake.reset();
  userCache = mkdtempSync(join(tmpdir(), 'vouch-secrets-user-cache-'));
  made.push(userCache);
});
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
  const result = await runMain(
    ['generate', task, '--lang', 'python', '--model', 'openai:gpt-4o-mini', '--no-checks', '--json'],
    { cwd: root, env: { OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: KEY, XDG_CACHE_HOME: userCache } },
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
    expect(readFileSync(cacheOf(root), 'utf8')).toContain('app/main.py');
    appendFileSync(join(root, 'app', 'main.py'), `API_TOKEN = "${ADDED}"\n`);
    const second = await generate(root, `print ${FIRST} and ${ADDED}`);
    expect(second).not.toContain(FIRST);
    expect(second).not.toContain(ADDED);
    // and reversed, as a test's output may print it
    const reversed = await generate(root, `print ${[...ADDED].reverse().join('')}`);
    expect(reversed).not.toContain([...ADDED].reverse().join(''));
  });

  it('keeps the cache 0600 in a 0700 folder of the user’s cache dir, never in the workspace', async () => {
    const root = workspace();
    await generate(root, `print ${FIRST}`);
    const file = cacheOf(root);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    expect(existsSync(join(root, '.vouch', 'secret-scan.json'))).toBe(false);
    // the files found clean, by hash: no value, and not the file that holds one
    const kept = readFileSync(file, 'utf8');
    expect(kept).toContain('app/main.py');
    expect(kept).not.toContain(FIRST);
    expect(kept).not.toContain('app/settings.py');
    const listed = (await listWorkspaceFiles(root)).map((entry) => entry.path);
    expect(listed).toContain('app/settings.py');
    expect(listed.some((path) => path.startsWith('.vouch'))).toBe(false);
  });

  it('does not read a .vouch/secret-scan.json that came with the repository (a key there still redacted)', async () => {
    const root = workspace();
    // what the repository's author can compute: the detector's fingerprint (the published code's hash:
    // here the sources runMain runs, as dist/'s .js for bin/vouch.js) and the sha1 of the file holding the
    // key, written as "searched, no secret"
    const detector = createHash('sha1');
    for (const name of ['secrets', 'private-keys', 'workspace-secrets'])
      detector.update(readFileSync(join(import.meta.dirname, '..', '..', 'src', 'security', `${name}.ts`)));
    const settings = readFileSync(join(root, 'app', 'settings.py'), 'utf8');
    mkdirSync(join(root, '.vouch'), { mode: 0o700 });
    writeFileSync(
      join(root, '.vouch', 'secret-scan.json'),
      JSON.stringify({
        detector: detector.digest('base64url'),
        clean: { 'app/settings.py': createHash('sha1').update(settings).digest('base64url') },
      }),
      { mode: 0o600 },
    );
    const prompt = await generate(root, `print ${FIRST}`);
    expect(prompt).not.toContain(FIRST);
    // the key was found by searching the file: the user's cache does not name it clean
    expect(readFileSync(cacheOf(root), 'utf8')).not.toContain('app/settings.py');
  });
});

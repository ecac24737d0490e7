import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { tempProject } from '../support/temp-project.js';
import { removeFolder } from '../support/test-folders.js';

/**
 * The documented way to try vouch without a model (docs/models.md, w235): `node
 * scripts/replay-model-server.mjs answers.jsonl` started as a user starts it, its printed URL given to a
 * command as OPENAI_BASE_URL, as an editor's `vouch lsp` or `vouch serve` would read it.
 */
const SCRIPT = join(import.meta.dirname, '../../scripts/replay-model-server.mjs');
const made: string[] = [];
let server: ChildProcess | undefined;
afterEach(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  for (const dir of made.splice(0)) removeFolder(dir);
});

async function started(file: string): Promise<string> {
  server = spawn(process.execPath, [SCRIPT, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout! });
  const [url] = (await once(lines, 'line')) as [string];
  return url;
}

describe('scripts/replay-model-server.mjs', () => {
  it('answers vouch as an OpenAI-compatible server, streamed or not, and starts again when used up', async () => {
    const answer = '```python\ndef add(a, b):\n    return a + b\n```';
    const dir = tempProject(
      'vouch-replay-server-',
      {
        'vouch.toml': '',
        'answers.jsonl': `${JSON.stringify({ completion: answer })}\n`,
      },
      made,
    );
    const url = await started(join(dir, 'answers.jsonl'));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const models = (await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data[0]!.id).toBe('replay');
    // twice on one answer: the replay starts again rather than failing the second request
    for (const round of [1, 2]) {
      const result = await runMain(
        [
          'generate',
          'add two numbers',
          '--lang',
          'python',
          '--repair',
          '0',
          '--no-checks',
          '--json',
          '--model',
          'openai:replay',
        ],
        { cwd: dir, env: { OPENAI_BASE_URL: url } },
      );
      expect(
        result.json<{ generated_code: string }>().generated_code,
        `${round}: ${result.stderr}`,
      ).toContain('return a + b');
    }
    const streamed = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'replay', stream: true, messages: [{ role: 'user', content: 'add' }] }),
    });
    const events = await streamed.text();
    expect(events).toContain('return a + b');
    expect(events.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('refuses a file that is not a replay file, naming the line', async () => {
    const dir = tempProject('vouch-replay-server-', { 'bad.jsonl': 'not json\n' }, made);
    const child = spawn(process.execPath, [SCRIPT, join(dir, 'bad.jsonl')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data) => {
      stderr += data;
    });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.jsonl:1/);
  });
});

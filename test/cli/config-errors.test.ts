import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/** A broken vouch.toml stops every command the same way, naming the file, line and column. */
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
  it.each(COMMANDS)(
    'stops `vouch %s` with exit 2, the line and the column',
    async (...command) => {
      const result = await runCli([...command, '--json'], { cwd: workspace, timeoutMs: 60_000 });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(
        `${join(workspace, 'vouch.toml')}:3:7: the config file is not valid TOML`,
      );
      expect(result.stderr).toContain('line 3 is `local only = true`');
      expect(result.json<{ error: { exitCode: number } }>().error.exitCode).toBe(2);
    },
    60_000,
  );
});

/**
 * A table or key vouch does not read is a mistake the user wants to hear about, not a setting ignored.
 * Each unknown table or key and its did-you-mean, and that every documented one is accepted, is
 * src/config/load.test.ts (in-process); here one of them, as the CLI says it in text and in --json.
 */
describe('an unknown table or key in vouch.toml', () => {
  const misspelt = mkdtempSync(join(tmpdir(), 'vouch-misspelt-config-'));
  afterAll(() => rmSync(misspelt, { recursive: true, force: true }));

  it.each([['[modle]\ndefault = "ollama:x"\n', 'unknown table [modle]', 'did you mean [model]?']])(
    'refuses %j with exit 2 and a did-you-mean, in text and in --json',
    async (toml, message, hint) => {
      writeFileSync(join(misspelt, 'vouch.toml'), toml);
      const text = await runCli(['env'], { cwd: misspelt, timeoutMs: 60_000 });
      expect(text.code, text.stderr).toBe(2);
      expect(text.stderr).toContain(`${join(misspelt, 'vouch.toml')}: ${message} in the config`);
      expect(text.stderr).toContain(hint);
      const json = await runCli(['env', '--json'], {
        cwd: misspelt,
        timeoutMs: 60_000,
      });
      expect(json.code).toBe(2);
      const error = json.json<{ error: { exitCode: number; message: string; hint: string } }>().error;
      expect(error).toMatchObject({ exitCode: 2 });
      expect(error.message).toContain(message);
      expect(error.hint).toContain(hint);
    },
    60_000,
  );
});

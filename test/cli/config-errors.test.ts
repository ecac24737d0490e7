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

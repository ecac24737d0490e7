import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/**
 * A broken vouch.toml stops every command the same way, naming the file, line and column. Every command,
 * and an unknown table's did-you-mean in text and in --json, is src/cli/config-errors.test.ts (in-process,
 * as `main` runs them); here one command, from the CLI as a user starts it.
 */
const workspace = mkdtempSync(join(tmpdir(), 'vouch-bad-config-'));
writeFileSync(join(workspace, 'vouch.toml'), '[model]\ndefault = "ollama:x"\nlocal only = true\n');
writeFileSync(join(workspace, 'app.py'), 'print(1)\n');
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('an invalid vouch.toml', () => {
  it('stops `vouch index` with exit 2, the line and the column', async () => {
    const result = await runCli(['index', '--json'], { cwd: workspace });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      `${join(workspace, 'vouch.toml')}:3:7: the config file is not valid TOML`,
    );
    expect(result.stderr).toContain('line 3 is `local only = true`');
    expect(result.json<{ error: { exitCode: number } }>().error.exitCode).toBe(2);
  });
});

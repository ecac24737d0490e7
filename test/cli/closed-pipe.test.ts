import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VOUCH_BIN } from '../support/run-cli.js';

/** `vouch … | head -1`: the reader closes the pipe after the first line; vouch must end quietly. */
const workspace = mkdtempSync(join(tmpdir(), 'vouch-pipe-'));
writeFileSync(join(workspace, 'vouch.toml'), '');
for (let index = 0; index < 40; index++)
  writeFileSync(join(workspace, `m${index}.py`), `def helper_${index}(x):\n    return x + ${index}\n`);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
beforeAll(() => {
  execFileSync(process.execPath, [VOUCH_BIN, 'index'], {
    cwd: workspace,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '', HOME: workspace },
  });
});

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VOUCH_BIN, ...args], {
      cwd: workspace,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: workspace,
        NO_COLOR: '1',
        OLLAMA_HOST: '127.0.0.1:9',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // like `head -1` that has already had its line: the pipe is closed before vouch writes (much)
    child.stdout.destroy();
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed output pipe', () => {
  it.each([[['search', 'helper']], [['scan', '--no-external', '--json']], [['env', '--json']], [['--help']]])(
    'ends `vouch %s` quietly: no stack trace, no error exit',
    async (args) => {
      for (let run = 0; run < 3; run++) {
        const result = await runWithClosedStdout(args);
        expect(result.stderr).not.toMatch(/EPIPE|Error:|at .*\(node:/);
        expect(result.code).toBe(0);
      }
    },
  );
});

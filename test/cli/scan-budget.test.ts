import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nestedParser } from '../support/nested-parser.js';
import { runCli } from '../support/run-cli.js';
import { testFolder } from '../support/test-folders.js';

/**
 * Issue 59: a file vouch's engine cannot finish within `--file-budget` is "not verified", never silence
 * and never hours: its worker is ended, the other files are scanned, and the scan exits 1 (a check that
 * could not run is never a pass), in text, `--json` and SARIF.
 */

/**
 * A bundled parser's shape (bench/security/closure-growth.ts), 0.7 MB: ≈ 3.7 s of the engine's analysis on one
 * core of the 2-core runner (7× the 0.5 s budget below, 6 % of the default 60 s), measured
 * with `vouch scan --file-budget 600` (bench/notes/2026-11-29-ci-time-2.md). It was 1.9 MB (filler 80,
 * ≈ 10 s): each of the four scans paid for text past what the budget needs.
 */
function slowFile(): string {
  return nestedParser({ depth: 380, filler: 30, sink: false });
}

function project(): string {
  const root = testFolder('vouch-scan-budget-');
  writeFileSync(join(root, 'bundle.js'), slowFile());
  // a high finding, below `--fail-on critical`: proof the file beside the stopped one was scanned
  writeFileSync(
    join(root, 'app.py'),
    'import requests\n\ndef fetch(url):\n    return requests.get(url, verify=False)\n',
  );
  return root;
}

describe('vouch scan --file-budget', () => {
  it('reports a file stopped at the budget as not verified and exits 1, with the other files scanned', async () => {
    const root = project();
    const result = await runCli(
      ['scan', '.', '--json', '--no-external', '--no-cache', '--fail-on', 'critical', '--file-budget', '0.5'],
      {
        cwd: root,
      },
    );
    expect(result.code, result.stderr).toBe(1);
    const json = result.json<{
      status: string;
      failing: number;
      files: number;
      exitCode: number;
      findings: { file: string; ruleId: string }[];
      tools: { tool: string; ran: boolean; overBudget?: boolean; reason?: string; stopped?: unknown[] }[];
    }>();
    expect(json).toMatchObject({ status: 'unverified', failing: 0, files: 2, exitCode: 1 });
    const engine = json.tools.find((tool) => tool.tool === 'vouch')!;
    expect(engine).toMatchObject({
      ran: true,
      overBudget: true,
      stopped: [{ file: 'bundle.js', reason: 'not verified: analysis stopped after 500 ms' }],
    });
    expect(engine.reason).toContain('raise [security] file_budget in vouch.toml (vouch scan: --file-budget)');
    expect(json.findings.map(({ file, ruleId }) => `${file}:${ruleId}`)).toEqual([
      'app.py:tls-verification-disabled',
    ]);
  });

  it('says so in the text report and in SARIF', async () => {
    const root = project();
    const text = await runCli(
      ['scan', '.', '--no-external', '--no-cache', '--fail-on', 'critical', '--file-budget', '0.5'],
      {
        cwd: root,
      },
    );
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toContain('bundle.js not verified: analysis stopped after 500 ms');
    expect(text.stdout).toContain('NOT VERIFIED: vouch: 1 file(s) not verified');
    const sarif = await runCli(
      [
        'scan',
        '.',
        '--format',
        'sarif',
        '--no-external',
        '--no-cache',
        '--fail-on',
        'critical',
        '--file-budget',
        '0.5',
      ],
      { cwd: root },
    );
    expect(sarif.code, sarif.stderr).toBe(1);
    const invocation = sarif.json<{
      runs: {
        invocations: {
          executionSuccessful: boolean;
          toolExecutionNotifications?: { message: { text: string } }[];
        }[];
      }[];
    }>().runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications?.[0]?.message.text).toBe(
      'bundle.js: not verified: analysis stopped after 500 ms',
    );
  });

  it('scans the same files to the end within the default budget, exit 0', async () => {
    const root = project();
    const result = await runCli(
      ['scan', '.', '--json', '--no-external', '--no-cache', '--fail-on', 'critical'],
      {
        cwd: root,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const json = result.json<{ status: string; tools: { tool: string; overBudget?: boolean }[] }>();
    expect(json.status).toBe('pass');
    expect(json.tools.find((tool) => tool.tool === 'vouch')?.overBudget).toBeUndefined();
  });

  it("takes the budget from vouch.toml's [security] file_budget when no flag is given", async () => {
    const root = project();
    writeFileSync(join(root, 'vouch.toml'), '[security]\nfile_budget = 0.5\n');
    const result = await runCli(
      ['scan', '.', '--json', '--no-external', '--no-cache', '--fail-on', 'critical'],
      {
        cwd: root,
      },
    );
    expect(result.code, result.stderr).toBe(1);
    const json = result.json<{ status: string; tools: { tool: string; stopped?: { file: string }[] }[] }>();
    expect(json.status).toBe('unverified');
    expect(json.tools.find((tool) => tool.tool === 'vouch')?.stopped?.map((file) => file.file)).toEqual([
      'bundle.js',
    ]);
  });

  it('refuses a budget that is not a positive number of seconds, exit 2 with --json', async () => {
    const result = await runCli(['scan', '.', '--json', '--file-budget', 'soon'], {
      cwd: testFolder('vouch-scan-budget-'),
    });
    expect(result.code).toBe(2);
    expect(result.json<{ error: { message: string; hint: string } }>().error).toMatchObject({
      message: 'bad --file-budget "soon"',
      hint: expect.stringContaining('seconds per file'),
    });
  });
});

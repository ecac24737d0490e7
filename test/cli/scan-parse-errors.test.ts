import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w90: a file vouch's engine could not parse whole (tree-sitter's ERROR/MISSING nodes) is "not verified",
 * never `status: pass` and exit 0: in `--json`, text and SARIF, at any `--fail-on`. What it found in the
 * parts it could parse is still reported.
 */

function project(): string {
  const root = testFolder('vouch-scan-parse-');
  // the sink sits in the line tree-sitter cannot read: nothing is found in it
  writeFileSync(join(root, 'broken.py'), 'import os\nclass A:\n  def f(self):\n    os.system(input()) +\n');
  // a high finding, below `--fail-on critical`: the file beside the broken one was scanned
  writeFileSync(
    join(root, 'app.py'),
    'import requests\n\ndef fetch(url):\n    return requests.get(url, verify=False)\n',
  );
  return root;
}

const REASON = 'not verified: could not parse line 4 (a syntax error, or syntax the parser does not know)';
const ARGS = ['scan', '.', '--no-external', '--no-cache', '--fail-on', 'critical'];

describe('vouch scan on a file it could not parse whole', () => {
  it('reports it not verified in --json and exits 1', async () => {
    const root = project();
    const result = await runMain([...ARGS, '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const json = result.json<{
      status: string;
      failing: number;
      exitCode: number;
      findings: { file: string; ruleId: string }[];
      tools: { tool: string; ran: boolean; reason?: string; unparsed?: unknown[] }[];
    }>();
    expect(json).toMatchObject({ status: 'unverified', failing: 0, exitCode: 1 });
    expect(json.tools.find((tool) => tool.tool === 'vouch')).toEqual({
      tool: 'vouch',
      ran: true,
      findings: 1,
      unparsed: [{ file: 'broken.py', reason: REASON }],
      reason: '1 file(s) not verified: could not parse them whole (broken.py line 4)',
    });
    expect(json.findings.map(({ file, ruleId }) => `${file}:${ruleId}`)).toEqual([
      'app.py:tls-verification-disabled',
    ]);
  });

  it('says so in the text report and in SARIF, exit 1', async () => {
    const root = project();
    const text = await runMain(ARGS, { cwd: root });
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toContain(`vouch (broken.py: ${REASON})`);
    expect(text.stdout).toContain(
      'NOT VERIFIED: vouch: 1 file(s) not verified: could not parse them whole (broken.py line 4)',
    );
    const sarif = await runMain([...ARGS, '--format', 'sarif'], { cwd: root });
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
    expect(invocation.toolExecutionNotifications?.map((note) => note.message.text)).toEqual([
      `broken.py: vouch: ${REASON}`,
    ]);
  });

  it('passes, exit 0, once the line parses', async () => {
    const root = project();
    writeFileSync(join(root, 'broken.py'), 'import os\nclass A:\n  def f(self):\n    os.system("ls")\n');
    const result = await runMain([...ARGS, '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const json = result.json<{ status: string; tools: { tool: string; unparsed?: unknown[] }[] }>();
    expect(json.status).toBe('pass');
    expect(json.tools.find((tool) => tool.tool === 'vouch')?.unparsed).toBeUndefined();
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w94 (issue 59, review r18): a source file vouch was asked to scan and did not read (a NUL byte in its
 * first 8 KB, a Python coding cookie it cannot decode, over 2 MB) is not verified, never `status: pass` and
 * exit 0, in `--json`, text and SARIF. Files that are no scanner's source (an image) are listed only.
 */

const SINK =
  "const cp = require('child_process');\napp.get('/', (req, res) => {\n  cp.exec(req.query.c);\n});\n";
const ARGS = ['scan', '.', '--no-external', '--no-cache'];

interface Json {
  status: string;
  exitCode: number;
  skipped: { path: string; source?: boolean }[];
  tools: { tool: string; unparsed?: { file: string; reason: string }[]; reason?: string }[];
}

describe('vouch scan with source files it did not read', () => {
  it('a JavaScript file with a NUL byte, a utf-7 Python file and a 3 MB file are not verified', async () => {
    const root = testFolder('vouch-scan-not-read-');
    // valid JavaScript (Node runs it): a NUL inside a comment
    writeFileSync(join(root, 'nul.js'), SINK.replace('\n', '\n// a comment \0 here\n'));
    writeFileSync(join(root, 'u7.py'), '# coding: utf-7\nimport os\ndef h(c):\n    os.system(c)\n');
    writeFileSync(join(root, 'big.js'), `${SINK}${'// filler line\n'.repeat(220_000)}`);
    writeFileSync(join(root, 'ok.py'), 'x = 1\n');
    const result = await runMain([...ARGS, '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const json = result.json<Json>();
    expect(json).toMatchObject({ status: 'unverified', exitCode: 1 });
    const vouch = json.tools.find((tool) => tool.tool === 'vouch');
    expect(vouch?.unparsed?.map((entry) => entry.file)).toEqual(['big.js', 'nul.js', 'u7.py']);
    expect(vouch?.unparsed?.[0]?.reason).toMatch(
      /^not read: larger than 2\.0 MB .*split it, or list it in \.vouchignore/,
    );
    expect(vouch?.unparsed?.[1]?.reason).toMatch(/^not read: binary \(it has NUL bytes\)/);
    expect(vouch?.unparsed?.[2]?.reason).toMatch(/coding: utf-7\); save it as UTF-8$/);
    expect(vouch?.reason).toBe('3 file(s) not verified: not read (big.js, nul.js, u7.py)');

    const text = await runMain(ARGS, { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      'NOT VERIFIED: vouch: 3 file(s) not verified: not read (big.js, nul.js, u7.py)',
    );

    const sarif = await runMain([...ARGS, '--format', 'sarif'], { cwd: root });
    expect(sarif.code).toBe(1);
    const invocation = sarif.json<{
      runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications?: unknown[] }[] }[];
    }>().runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toHaveLength(3);
  });

  it('a file no scanner reads (binary, no source extension) is listed but leaves the scan a pass', async () => {
    const root = testFolder('vouch-scan-not-read-other-');
    writeFileSync(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    writeFileSync(join(root, 'data.txt'), 'a\0b\n');
    writeFileSync(join(root, 'ok.py'), 'x = 1\n');
    const result = await runMain([...ARGS, '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const json = result.json<Json>();
    expect(json.status).toBe('pass');
    expect(json.skipped.every((file) => !file.source)).toBe(true);
    expect(json.tools.find((tool) => tool.tool === 'vouch')?.unparsed).toBeUndefined();
  });

  it('names code of a language the rules do not read beside Python, and is not verified (r43)', async () => {
    const root = testFolder('vouch-scan-not-read-ruby-');
    writeFileSync(join(root, 'ok.py'), 'def add(a, b):\n    return a + b\n');
    writeFileSync(join(root, 'r.rb'), 'system(ARGV[0])\n');
    const result = await runMain([...ARGS, '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const json = result.json<Json>();
    expect(json).toMatchObject({ status: 'unverified', exitCode: 1 });
    expect(json.tools.find((tool) => tool.tool === 'vouch')?.unparsed).toEqual([
      { file: 'r.rb', reason: 'ruby: the security rules do not read it (searched for secrets only)' },
    ]);
    const text = await runMain(ARGS, { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('r.rb: ruby: the security rules do not read it');
    expect(text.stdout).toContain(
      'NOT VERIFIED: vouch: 1 code file(s) not verified: the security rules do not read ruby, searched for secrets only (r.rb)',
    );
    // `--lang python` scans the rest alone: a pass
    const python = await runMain([...ARGS, '--lang', 'python', '--json'], { cwd: root });
    expect(python.json<Json>().status).toBe('pass');
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VOUCH_BIN } from '../../test/support/run-cli.js';
import { runMain } from '../../test/support/run-main.js';
import { noPytestProject, pythonProject } from './__fixtures__/projects.js';
import { sandboxAvailability } from './sandbox/availability.js';

const available = (await sandboxAvailability()).available;

/**
 * `vouch` with `args`: a command that reads stdin (`-`) as a process of `bin/vouch.js` fed `input`; any
 * other in the test's process (`runMain`: the same arguments, output and exit code), where nothing of a
 * process is under test. What runs code still runs it in the sandbox.
 */
async function vouch(args: string[], options: { cwd: string; input?: string }) {
  if (options.input === undefined) {
    const { code, stdout, stderr } = await runMain(args, { cwd: options.cwd });
    return { code, stdout, stderr };
  }
  const result = spawnSync(process.execPath, [VOUCH_BIN, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!available)('vouch sandbox run / vouch check', () => {
  // a private folder (mode 0700), as `mktemp -d` makes: the sandbox reads it as root and as a user alike
  const dir = mkdtempSync(join(tmpdir(), 'vouch-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sandbox run --json prints one object and exits 0 for ok, 1 otherwise', async () => {
    writeFileSync(join(dir, 'ok.py'), 'print("hi")\n');
    writeFileSync(join(dir, 'bad.py'), 'raise SystemExit(5)\n');
    const ok = await vouch(['sandbox', 'run', join(dir, 'ok.py'), '--json'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      status: 'ok',
      exitCode: 0,
      stdout: 'hi\n',
      stderr: '',
      sandboxed: true,
    });
    const bad = await vouch(['sandbox', 'run', join(dir, 'bad.py'), '--json'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ status: 'failed', exitCode: 5 });
  });

  it('sandbox run honours --timeout and reads - with --lang', async () => {
    const result = await vouch(['sandbox', 'run', '-', '--lang', 'python', '--timeout', '1', '--json'], {
      cwd: dir,
      input: 'while True:\n    pass\n',
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).status).toBe('timeout');
  });

  it('sandbox run exits 2 with a hint on bad usage', async () => {
    const result = await vouch(['sandbox', 'run', join(dir, 'ok.py'), '--memory', 'lots', '--json'], {
      cwd: dir,
    });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.message).toMatch(/--memory must be a positive number/);
  });

  it('check --json reports every check and exits 1 when one fails', async () => {
    const root = pythonProject();
    const result = await vouch(['check', '-', '--lang', 'python', '--path', 'app/new.py', '--json'], {
      cwd: root,
      input: 'import tinycalc\nprint(tinycalc.substract(3, 1))\n',
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      status: string;
      checks: { name: string; status: string; findings: { message: string }[] }[];
    };
    expect(report.status).toBe('fail');
    expect(report.checks.map((check) => check.name)).toEqual([
      'syntax',
      'imports',
      'types',
      'lint',
      'security',
      'licence',
      'harness',
      'tests',
    ]);
    const imports = report.checks.find((check) => check.name === 'imports');
    expect(imports?.status).toBe('fail');
    expect(imports?.findings[0]?.message).toMatch(/has no `substract`; did you mean `subtract`\?/);
  });

  it('check never calls code verified when its tests could not run: status unverified, exit 1', async () => {
    const root = noPytestProject();
    writeFileSync(
      join(dir, 'test_stats.py'),
      'from stats import median\n\n\ndef test_median_even():\n    assert median([1, 2, 3, 4]) == 2.5\n',
    );
    const result = await vouch(
      [
        'check',
        '-',
        '--lang',
        'python',
        '--path',
        'stats.py',
        '--test',
        join(dir, 'test_stats.py'),
        '--json',
      ],
      {
        cwd: root,
        input: 'def median(values):\n    ordered = sorted(values)\n    return ordered[len(ordered) // 2]\n',
      },
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      status: string;
      reasons: string[];
      checks: { name: string; status: string }[];
    };
    expect(report.status).toBe('unverified');
    expect(report.checks.find((check) => check.name === 'tests')?.status).toBe('error');
    expect(report.reasons.join('\n')).toMatch(/tests could not run: the tests are written for pytest/);
    const text = await vouch(
      ['check', '-', '--lang', 'python', '--path', 'stats.py', '--test', join(dir, 'test_stats.py')],
      {
        cwd: root,
        input: 'def median(values):\n    return sorted(values)[len(values) // 2]\n',
      },
    );
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/verdict: NOT VERIFIED — tests could not run/);
  }, 120_000);

  it('reads files as their language does: bad bytes fail, binary and huge files are refused, sandbox run keeps the bytes', async () => {
    const invalid = join(dir, 'latin.py');
    writeFileSync(
      invalid,
      Buffer.concat([Buffer.from('name = "caf'), Buffer.from([0xe9]), Buffer.from('"\nprint(name)\n')]),
    );
    const checked = await vouch(['check', invalid, '--json'], { cwd: dir });
    expect(checked.code).toBe(1);
    const report = JSON.parse(checked.stdout) as {
      status: string;
      checks: {
        name: string;
        status: string;
        findings: { ruleId: string; line: number; message: string }[];
      }[];
    };
    expect(report.status).toBe('fail');
    expect(report.checks[0]).toMatchObject({ name: 'syntax', status: 'fail' });
    expect(report.checks[0]?.findings[0]).toMatchObject({ ruleId: 'source-encoding', line: 1 });
    expect(report.checks[0]?.findings[0]?.message).toMatch(/not valid UTF-8 \(byte 0xe9 at line 1\)/);
    const ran = await vouch(['sandbox', 'run', invalid, '--json'], { cwd: dir });
    expect(JSON.parse(ran.stdout)).toMatchObject({ status: 'failed' });
    expect(JSON.parse(ran.stdout).stderr).toMatch(/SyntaxError: Non-UTF-8 code starting with '\\xe9'/);
    // with a coding cookie the same bytes are fine
    const declared = join(dir, 'declared.py');
    writeFileSync(
      declared,
      Buffer.concat([
        Buffer.from('# -*- coding: latin-1 -*-\nname = "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"\nprint(name)\n'),
      ]),
    );
    expect(
      JSON.parse((await vouch(['sandbox', 'run', declared, '--json'], { cwd: dir })).stdout),
    ).toMatchObject({
      status: 'ok',
      stdout: 'café\n',
    });

    const binary = join(dir, 'tool.py');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
    const refused = await vouch(['check', binary], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('tool.py` is binary (it has NUL bytes), not python code');
    const huge = join(dir, 'huge.py');
    writeFileSync(huge, 'x = 1\n'.repeat(900_000));
    const started = Date.now();
    const large = await vouch(['check', huge, '--json'], { cwd: dir });
    expect(large.code).toBe(2);
    expect(JSON.parse(large.stdout).error.message).toMatch(
      /huge\.py` is 5\.1 MB; vouch reads source files up to 2\.0 MB/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 120_000);

  it('check exits 0 for clean code', async () => {
    const root = pythonProject();
    const result = await vouch(['check', '-', '--lang', 'python', '--path', 'app/new.py'], {
      cwd: root,
      input: 'from tinycalc import add\n\nprint(add(1, 2))\n',
    });
    expect(result.stdout).toMatch(/PASS\s+imports/);
    expect(result.code).toBe(0);
  });
});

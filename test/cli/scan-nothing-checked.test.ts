import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, VOUCH_BIN } from '../support/run-cli.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w141 (review r33, item 4): a scan that checked nothing is never a pass; the exit code a `--json` object
 * states is the one the process exits with, after Ctrl-C or SIGTERM too; output that cannot be written is
 * an environment error (2), not the findings code (1) with a stack trace.
 */

const ARGS = ['scan', '--no-external', '--no-cache'];
const SINK =
  "import subprocess\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route('/')\ndef run():\n    subprocess.call(request.args['c'], shell=True)\n";

interface Json {
  status: string;
  exitCode: number;
  tools: { tool: string; reason?: string }[];
}

/** The scan's `--json` verdict: status, exit code (stated and actual) and the `vouch` tool's reason. */
async function verdict(args: string[], cwd: string) {
  const result = await runCli([...ARGS, ...args, '--json'], { cwd });
  const json = result.json<Json>();
  return {
    code: result.code,
    status: json.status,
    exitCode: json.exitCode,
    reason: json.tools.find((tool) => tool.tool === 'vouch')?.reason ?? '',
  };
}

describe('vouch scan that checks nothing', () => {
  it('an empty folder is not verified, exit 1, and says which files vouch reads', async () => {
    const root = testFolder('vouch-scan-empty-');
    mkdirSync(join(root, 'empty'));
    const result = await verdict(['empty'], root);
    expect(result).toMatchObject({ code: 1, status: 'unverified', exitCode: 1 });
    expect(result.reason).toMatch(/^nothing checked: no file to scan;.*\*\.py, .*\*\.ts/);

    const text = await runCli([...ARGS, 'empty'], { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('NOT VERIFIED: vouch: nothing checked: no file to scan');

    const sarif = await runCli([...ARGS, 'empty', '--format', 'sarif'], { cwd: root });
    expect(sarif.code).toBe(1);
    expect(
      sarif.json<{ runs: { invocations: { executionSuccessful: boolean }[] }[] }>().runs[0]!.invocations[0]!
        .executionSuccessful,
    ).toBe(false);
  });

  it('only files of languages the rules do not read (Ruby, Markdown), or one such file named, are not verified', async () => {
    const root = testFolder('vouch-scan-ruby-');
    mkdirSync(join(root, 'rb'));
    writeFileSync(join(root, 'rb', 'app.rb'), 'system(params[:cmd])\n');
    writeFileSync(join(root, 'rb', 'README.md'), '# app\n');
    const folder = await verdict(['rb'], root);
    expect(folder).toMatchObject({ code: 1, status: 'unverified', exitCode: 1 });
    expect(folder.reason).toContain(
      'nothing checked: no Python, JavaScript or TypeScript file among the 2 file(s) given',
    );
    const file = await verdict(['rb/app.rb'], root);
    expect(file).toMatchObject({ code: 1, status: 'unverified', exitCode: 1 });
  });

  it('--lang python on a JavaScript folder, and a folder whose only source file is ignored, say why', async () => {
    const root = testFolder('vouch-scan-filtered-');
    mkdirSync(join(root, 'js'));
    writeFileSync(join(root, 'js', 'a.js'), 'const a = 1;\n');
    const lang = await verdict(['js', '--lang', 'python'], root);
    expect(lang).toMatchObject({ code: 1, status: 'unverified', exitCode: 1 });
    expect(lang.reason).toContain('only python files were looked for (--lang python)');

    mkdirSync(join(root, 'ign'));
    writeFileSync(join(root, 'ign', 'app.py'), SINK);
    writeFileSync(join(root, 'ign', '.vouchignore'), 'app.py\n');
    const ignored = await verdict(['ign'], root);
    expect(ignored).toMatchObject({ code: 1, status: 'unverified', exitCode: 1 });
    expect(ignored.reason).toContain('1 source file(s) left out as ignored (.vouchignore) (ign/app.py…)');
    expect(ignored.reason).toContain('name a file to scan it anyway');
    // and named, it is scanned: its finding is reported
    const named = await runCli([...ARGS, 'ign/app.py', '--json'], { cwd: root });
    expect(named.code).toBe(1);
    expect(named.json<{ status: string; failing: number }>()).toMatchObject({ status: 'fail' });
  });

  it('a folder with one source file among Markdown still passes, and a finding in it still fails', async () => {
    const root = testFolder('vouch-scan-some-');
    writeFileSync(join(root, 'README.md'), '# app\n');
    writeFileSync(join(root, 'ok.py'), 'x = 1\n');
    expect(await verdict(['.'], root)).toMatchObject({ code: 0, status: 'pass', exitCode: 0 });
    writeFileSync(join(root, 'bad.py'), SINK);
    expect(await verdict(['.'], root)).toMatchObject({ code: 1, status: 'fail', exitCode: 1 });
  });
});

describe('vouch scan interrupted', () => {
  /** Starts a `--json` scan of `root`, sends `signal` once it has scanned some files, and waits for its end. */
  function interrupted(root: string, signal: 'SIGINT' | 'SIGTERM') {
    return new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [VOUCH_BIN, ...ARGS, '.', '--json'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, NO_COLOR: '1' },
      });
      let stdout = '';
      let sent = false;
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      child.stderr.on('data', (chunk: Buffer) => {
        // progress lines in --json mode: the scan is under way
        if (!sent && chunk.toString().includes('"progress"')) {
          sent = true;
          child.kill(signal);
        }
      });
      child.on('close', (code) => resolve({ code, stdout }));
    });
  }

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'after %s the JSON states the 130 it exits with',
    async (signal) => {
      const root = testFolder('vouch-scan-interrupt-');
      for (let index = 0; index < 600; index++)
        writeFileSync(join(root, `m${index}.py`), SINK.replace('run', `run_${index}`));
      const { code, stdout } = await interrupted(root, signal);
      expect(code).toBe(130);
      const json = JSON.parse(stdout) as { exitCode?: number; error?: { exitCode: number } };
      expect(json.error?.exitCode ?? json.exitCode).toBe(130);
    },
    60_000,
  );
});

describe('vouch scan whose output cannot be written', () => {
  it.skipIf(!existsSync('/dev/full'))(
    'a full disk (/dev/full) exits 2 with a message, no stack trace',
    () => {
      const root = testFolder('vouch-scan-full-');
      writeFileSync(join(root, 'ok.py'), 'x = 1\n');
      for (const format of [[], ['--json']]) {
        const full = openSync('/dev/full', 'w');
        try {
          const result = spawnSync(process.execPath, [VOUCH_BIN, ...ARGS, '.', ...format], {
            cwd: root,
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, NO_COLOR: '1' },
            stdio: ['ignore', full, 'pipe'],
            encoding: 'utf8',
          });
          expect(result.status, result.stderr).toBe(2);
          expect(result.stderr).toContain('vouch: could not write the output: ENOSPC');
          expect(result.stderr).not.toContain('    at ');
        } finally {
          closeSync(full);
        }
      }
    },
    60_000,
  );
});

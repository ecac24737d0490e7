import { type StdioOptions, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { runInSandbox } from '../../src/verify/sandbox/run-in-sandbox.js';
import { VOUCH_BIN } from '../support/run-cli.js';

/**
 * Attack: descriptors vouch inherits, or opens for bubblewrap itself, reach the sandboxed program.
 * Started as `vouch … 200<host-file 201>>log`, a check read the host file and appended to the log; the
 * root-mode handshake socket stayed open too. A sandboxed program gets stdin, stdout, stderr and its own
 * channel, nothing else.
 */

const available = (await sandboxAvailability()).available;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// prints every descriptor the program holds, except the one os.listdir used for the listing itself
const LIST_FDS = [
  'import os',
  'held = []',
  'for name in os.listdir("/proc/self/fd"):',
  '    try:',
  '        held.append((int(name), os.readlink(f"/proc/self/fd/{name}")))',
  '    except OSError:',
  '        pass',
  'print("FDS", sorted(fd for fd, _ in held))',
].join('\n');

// …and tries the descriptors the attack passed in: reads the host file, appends to the log
const ATTACK = [
  LIST_FDS,
  'for fd, act in ((200, "read"), (201, "write")):',
  '    try:',
  '        print("GOT", os.read(fd, 100)) if act == "read" else os.write(fd, b"written from the sandbox\\n")',
  '    except OSError as error:',
  '        print("REFUSED", fd, error.errno)',
].join('\n');

function fdsOf(stdout: string): number[] {
  const line = stdout.split('\n').find((text) => text.startsWith('FDS '));
  return JSON.parse(line?.slice(4) ?? 'null') as number[];
}

describe.skipIf(!available)('descriptors in the sandbox', () => {
  it('a sandboxed program holds stdin, stdout and stderr only (no handshake socket, no bubblewrap pipe)', async () => {
    const result = await runInSandbox({ command: ['python3', 'fds.py'], files: { 'fds.py': LIST_FDS } });
    expect(result.status, result.stderr).toBe('ok');
    expect(fdsOf(result.stdout)).toEqual([0, 1, 2]);
  });

  it('with a report channel, holds that channel and nothing else', async () => {
    const result = await runInSandbox({
      command: ['python3', 'fds.py'],
      files: { 'fds.py': `${LIST_FDS}\nprint("ENV", os.environ.get("VOUCH_REPORT_FD"))` },
      report: true,
    });
    expect(result.status, result.stderr).toBe('ok');
    const fds = fdsOf(result.stdout);
    expect(fds.slice(0, 3)).toEqual([0, 1, 2]);
    expect(fds).toHaveLength(5);
  });

  it('descriptors vouch inherited (`200<host-file 201>>log`) do not reach it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-fds-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'host-secret.txt'), 'the host file\n');
    writeFileSync(join(dir, 'log.txt'), '');
    writeFileSync(join(dir, 'fds.py'), ATTACK);
    const hostFile = openSync(join(dir, 'host-secret.txt'), 'r');
    const log = openSync(join(dir, 'log.txt'), 'a');
    try {
      const stdio: StdioOptions = [
        'pipe',
        'pipe',
        'pipe',
        ...Array.from({ length: 197 }, () => 'ignore' as const),
        hostFile,
        log,
      ];
      const child = spawn(process.execPath, [VOUCH_BIN, 'sandbox', 'run', 'fds.py'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, NO_COLOR: '1' },
        stdio,
      });
      let stdout = '';
      child.stdout?.on('data', (chunk) => {
        stdout += chunk;
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, stdout).toBe(0);
      expect(fdsOf(stdout)).toEqual([0, 1, 2]);
      expect(stdout).not.toContain('the host file');
      expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('');
    } finally {
      closeSync(hostFile);
      closeSync(log);
    }
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexLockPath } from '../../src/index/index-lock.js';
import { indexPath } from '../../src/index/index-store.js';
import { VOUCH_BIN } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';
import { suiteCacheEnv } from '../support/suite-caches.js';

/**
 * The index as commands meet it: missing, corrupt, or being written by another vouch. A command at a time
 * runs `main` in-process (test/support/run-main.ts); two at once are two processes.
 */
const made: string[] = [];
afterAll(() => {
  for (const path of made) rmSync(path, { recursive: true, force: true });
});

function project(files: number): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-index-life-'));
  made.push(root);
  writeFileSync(join(root, 'vouch.toml'), '');
  for (let index = 0; index < files; index++)
    writeFileSync(join(root, `m${index}.py`), `def helper_${index}(value):\n    return value + ${index}\n`);
  writeFileSync(
    join(root, 'orbits.py'),
    'def compute_orbital_period(mass, radius):\n    return 2 * 3.14159 * radius / mass\n',
  );
  return root;
}

function start(args: string[], cwd: string) {
  const child = spawn(process.execPath, [VOUCH_BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, NO_COLOR: '1', ...suiteCacheEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done, stderr: () => stderr };
}

describe('the index', () => {
  // never created by a command that only reads it (search, map): in-process in src/cli/refusals.test.ts

  it('found corrupt by search is rebuilt, and the search answers', async () => {
    const root = project(20);
    expect((await runMain(['index'], { cwd: root })).code).toBe(0);
    const db = indexPath(root);
    writeFileSync(db, 'overwritten by accident '.repeat(200));
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
    const result = await runMain(['search', 'orbital period', '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /was not a readable SQLite database; it was moved to .*; rebuilding it now/,
    );
    expect(result.json<{ path: string }[]>()[0]?.path).toBe('orbits.py');
    // and stays usable for the next command
    expect((await runMain(['search', 'helper_3', '--json'], { cwd: root })).code).toBe(0);
  });

  it('indexes files as their language reads them, and says which it left out and why', async () => {
    const root = project(2);
    writeFileSync(join(root, 'blob.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x00, 0x00]));
    writeFileSync(
      join(root, 'garbled.py'),
      Buffer.concat([
        Buffer.from('def garbled_name():\n    return "'),
        Buffer.from([0xff]),
        Buffer.from('"\n'),
      ]),
    );
    writeFileSync(
      join(root, 'legacy.py'),
      Buffer.concat([
        Buffer.from('# -*- coding: latin-1 -*-\ndef format_caf'),
        Buffer.from([0xe9]),
        Buffer.from('_menu():\n    return 1\n'),
      ]),
    );
    const indexed = await runMain(['index', '--json'], { cwd: root });
    expect(indexed.code, indexed.stderr).toBe(0);
    const problems = indexed.json<{ problems: { path: string; message: string }[] }>().problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'garbled.py', message: 'not indexed: not valid UTF-8 (byte 0xff at line 2)' },
      ]),
    );
    // binary content is not source at all: the listing leaves it out, or the index says so
    expect(problems.some((problem) => problem.path === 'blob.py' && !/binary/.test(problem.message))).toBe(
      false,
    );
    const found = await runMain(['search', 'format café menu', '--json'], { cwd: root });
    expect(found.json<{ path: string }[]>()[0]?.path).toBe('legacy.py');
    const garbled = await runMain(['search', 'garbled_name', '--json'], { cwd: root });
    expect(garbled.json<{ path: string }[]>().map((hit) => hit.path)).not.toContain('garbled.py');
  });

  it('written by a second `vouch index` at the same time: the second waits for the first, both succeed', async () => {
    const root = project(1500);
    const first = start(['index', '--json'], root);
    // the first holds the lock once it reports progress
    while (!/"event":"progress"/.test(first.stderr()))
      await new Promise((resolve) => setTimeout(resolve, 50));
    const second = start(['index', '--json'], root);
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/another vouch \(pid \d+\) is updating the index; waiting for it to finish/);
    // the second found the work done: nothing left to parse
    expect(JSON.parse(b.stdout)).toMatchObject({ files: 1502, parsed: 0 });
    expect(existsSync(indexLockPath(root))).toBe(false);
  });
});

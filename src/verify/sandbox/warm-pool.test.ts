import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from './availability.js';
import { createWarmPool } from './warm-pool.js';

const available = (await sandboxAvailability()).available;

describe.skipIf(!available)('createWarmPool', () => {
  it('runs Python programs concurrently, each with clean state, its own scratch dir and stdin', async () => {
    const pool = await createWarmPool({ runtime: 'python', size: 2 });
    try {
      const source =
        'import os, sys\nLEAK = globals().get("LEAK", 0) + 1\nopen("mine.txt", "w").write("x")\nprint(LEAK, sorted(os.listdir(".")), os.getcwd() == os.environ["HOME"], sys.stdin.read(), __name__)\n';
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          pool.run({ source, stdin: `in${index}`, files: { 'extra.txt': 'e' } }),
        ),
      );
      results.forEach((result, index) => {
        expect(result.status).toBe('ok');
        expect(result.stdout.trim()).toBe(`1 ['extra.txt', 'main.py', 'mine.txt'] True in${index} __main__`);
      });
    } finally {
      await pool.close();
    }
  });

  it('reports exit codes, exceptions and per-job timeouts', async () => {
    const pool = await createWarmPool({ runtime: 'python', size: 1, limits: { wallMs: 5_000 } });
    try {
      expect(await pool.run({ source: 'raise SystemExit(7)' })).toMatchObject({
        status: 'failed',
        exitCode: 7,
      });
      const error = await pool.run({ source: 'def f():\n    raise ValueError("boom")\nf()\n' });
      expect(error).toMatchObject({ status: 'failed', exitCode: 1 });
      expect(error.stderr).toMatch(/ValueError: boom/);
      expect(error.stderr).not.toMatch(/worker\.py/);
      expect(await pool.run({ source: 'import time\ntime.sleep(10)', timeoutMs: 300 })).toMatchObject({
        status: 'timeout',
      });
      expect(await pool.run({ source: 'print("still fine")' })).toMatchObject({
        status: 'ok',
        stdout: 'still fine\n',
      });
    } finally {
      await pool.close();
    }
  });

  it('runs an urgent job before the queued ones that are not, after the urgent ones queued before it', async () => {
    const pool = await createWarmPool({ runtime: 'python', size: 1 });
    try {
      const order: string[] = [];
      const job = (name: string, urgent?: boolean) =>
        pool
          .run({ source: `print(${JSON.stringify(name)})`, ...(urgent ? { urgent } : {}) })
          .then((result) => order.push(result.stdout.trim()));
      // the first one holds the only worker while the others queue
      const running = pool
        .run({ source: 'import time\ntime.sleep(0.5)\nprint("running")' })
        .then((result) => order.push(result.stdout.trim()));
      await Promise.all([running, job('a'), job('b'), job('u1', true), job('c'), job('u2', true)]);
      expect(order).toEqual(['running', 'u1', 'u2', 'a', 'b', 'c']);
    } finally {
      await pool.close();
    }
  });

  it('answers an inWorker job in the worker itself, and in a child when the program declines', async () => {
    const pool = await createWarmPool({ runtime: 'python', size: 1 });
    try {
      // answer_in_worker runs in the worker (not __main__, its pid the worker's); the module-level code
      // under __main__ runs only in a child
      const source = [
        'import os, sys',
        'def answer_in_worker(stdin):',
        '    if stdin == "decline":',
        '        return None',
        '    if stdin == "raise":',
        '        raise ValueError("no")',
        '    return "worker %d %s %s\\n" % (os.getpid(), __name__, stdin)',
        'if __name__ == "__main__":',
        '    print("child %d %s" % (os.getpid(), sys.stdin.read()))',
      ].join('\n');
      const run = (stdin: string, inWorker = true) =>
        pool.run({ source, stdin, cwd: '/tmp', ...(inWorker ? { inWorker } : {}) });
      const answered = await run('a');
      expect(answered).toMatchObject({ status: 'ok', exitCode: 0 });
      const [where, workerPid, name] = answered.stdout.trim().split(' ');
      expect([where, name]).toEqual(['worker', '_vouch_in_worker']);
      expect((await run('b')).stdout).toBe(`worker ${workerPid} _vouch_in_worker b\n`);
      for (const stdin of ['decline', 'raise']) {
        const child = await run(stdin);
        expect(child.stdout).toMatch(new RegExp(`^child \\d+ ${stdin}\\n$`));
        expect(child.stdout).not.toContain(` ${workerPid} `);
      }
      // without the field, the program always runs in a child
      expect((await run('a', false)).stdout).toMatch(/^child \d+ a\n$/);
    } finally {
      await pool.close();
    }
  });

  it('with checkHeld, runs nothing once a module file it holds changed, was replaced or removed', async () => {
    const project = mkdtempSync(join(tmpdir(), 'vouch-warm-held-'));
    writeFileSync(join(project, 'kept_a.py'), 'A = 1\n');
    writeFileSync(join(project, 'kept_b.py'), 'B = 1\n');
    writeFileSync(join(project, 'kept_c.py'), 'C = 1\n');
    const pool = await createWarmPool({ runtime: 'python', size: 1, projectDir: project });
    try {
      const preload = await pool.run({ source: '', cwd: project, preload: ['kept_a', 'kept_b', 'kept_c'] });
      expect(preload.status, preload.stderr).toBe('ok');
      const check = () => pool.run({ source: 'print("ran")', cwd: project, checkHeld: true, stdin: '' });
      expect(await check()).toMatchObject({ status: 'ok', stdout: 'ran\n' });
      expect((await check()).stale).toBeUndefined();
      // replaced by a rename (as editors save), with the same size and content: the inode tells
      writeFileSync(join(project, 'kept_c.tmp'), 'C = 1\n');
      renameSync(join(project, 'kept_c.tmp'), join(project, 'kept_c.py'));
      const replaced = await check();
      expect(replaced.stdout).toBe('');
      expect(replaced.stale).toMatch(/kept_c\.py changed since it was imported/);
      // a job without the field still runs as before
      expect(await pool.run({ source: 'print("ran")', cwd: project })).toMatchObject({ stdout: 'ran\n' });
      // edited in place (the same inode); the worker compares in the order it imported
      writeFileSync(join(project, 'kept_b.py'), 'B = 22\n');
      expect((await check()).stale).toMatch(/kept_b\.py changed since it was imported/);
      rmSync(join(project, 'kept_a.py'));
      expect((await check()).stale).toMatch(/kept_a\.py was removed/);
    } finally {
      await pool.close();
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('sends a program with a cwd to a worker once, and again to the worker that replaces it', async () => {
    const pool = await createWarmPool({ runtime: 'python', size: 1 });
    try {
      const program = (name: string) => `import sys\nprint(${JSON.stringify(name)}, sys.stdin.read())\n`;
      const run = (name: string, stdin: string) => pool.run({ source: program(name), stdin, cwd: '/tmp' });
      // more programs than the worker is sent by id (8): the rest go whole every time
      for (let round = 0; round < 2; round++)
        for (let index = 0; index < 10; index++)
          expect((await run(`p${index}`, `r${round}`)).stdout).toBe(`p${index} r${round}\n`);
      // the worker dies (a child kills it): the next worker has none of the programs, so they go whole again
      const killed = await pool.run({
        source: 'import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n',
        cwd: '/tmp',
      });
      expect(killed.status).not.toBe('ok');
      expect(await run('p0', 'after')).toMatchObject({ status: 'ok', stdout: 'p0 after\n' });
      expect(await run('p1', 'after')).toMatchObject({ status: 'ok', stdout: 'p1 after\n' });
    } finally {
      await pool.close();
    }
  });

  // As root the launcher's watcher (uid 0, CAP_KILL) shares the worker's PID namespace and is out of its
  // reach; waiting for it to go, every job's clean-up took all of its 1,000 passes of 1 ms sleeps (over a
  // second, so a kept module looked imported again: warm-imports.test.ts). As an ordinary user the first
  // job's clean-up kills it (same uid): nothing to wait for, so this case is root's.
  it.skipIf(process.getuid?.() !== 0)(
    "as root, ends a job's daemon and answers without waiting for the launcher's watcher, which it leaves alive",
    async () => {
      const pool = await createWarmPool({ runtime: 'python', size: 1 });
      try {
        // the processes of the sandbox the job cannot signal, by pid and name; and a daemon left behind
        const source = [
          'import os, sys, time',
          'def others():',
          '    found = []',
          '    for pid in sorted(int(name) for name in os.listdir("/proc") if name.isdigit()):',
          '        if pid in (1, os.getpid()):',
          '            continue',
          '        try:',
          '            os.kill(pid, 0)',
          '        except PermissionError:',
          '            found.append("%d %s" % (pid, open("/proc/%d/cmdline" % pid).read().split("\\0")[3]))',
          '        except OSError:',
          '            pass',
          '    return found',
          'daemon = sys.stdin.read()',
          'if daemon:',
          '    print(os.path.exists("/proc/" + daemon), *others(), sep=",")',
          'else:',
          '    r, w = os.pipe()',
          '    if os.fork() == 0:',
          '        os.setsid()',
          '        if os.fork() == 0:',
          '            os.write(w, str(os.getpid()).encode())',
          '            time.sleep(300)',
          '        os._exit(0)',
          '    os.close(w)',
          '    os.wait()',
          '    print(*others(), sep=",")',
          '    print(os.read(r, 32).decode())',
        ].join('\n');
        const left = await pool.run({ source });
        expect(left.status).toBe('ok');
        const [watcher, daemon] = left.stdout.trim().split('\n');
        expect(watcher).toMatch(/^\d+ vouch-launch$/);
        const after = await pool.run({ source, stdin: daemon });
        // the daemon is gone before the next job starts; the watcher is there still, the same process
        expect(after.stdout).toBe(`False,${watcher}\n`);
        const durations = [left.durationMs, after.durationMs];
        for (let job = 0; job < 3; job++) durations.push((await pool.run({ source: 'pass' })).durationMs);
        // each pass of the old wait slept 1 ms, so every job took a second at least, whatever the load
        expect(Math.min(...durations)).toBeLessThan(1_000);
      } finally {
        await pool.close();
      }
    },
  );

  it('rejects new jobs after close', async () => {
    const pool = await createWarmPool({ runtime: 'python', size: 1 });
    await pool.close();
    await expect(pool.run({ source: 'print(1)' })).rejects.toThrow(/closed/);
  });
});

import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from './availability.js';
import { runInSandbox } from './run-in-sandbox.js';
import type { SandboxLimits, SandboxResult } from './types.js';
import { createWarmPool, type WarmPool } from './warm-pool.js';

/**
 * The hostile-program suite: each program attacks the host, and must be contained, get the right status
 * and leave the host as it was. The same cases run through a fresh sandbox and through the warm pool.
 */

const available = (await sandboxAvailability()).available;
const limits: Partial<SandboxLimits> = {
  wallMs: 4_000,
  memoryMb: 128,
  processes: 32,
  fileSizeMb: 8,
  diskMb: 32,
};

/** Every process on the host whose command line carries `marker` (the host's /proc, not the sandbox's). */
function hostProcessesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (cmdline.includes(marker) && state !== 'Z') found.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/**
 * A daemon's Python source: it forks into `count` processes, each holding 96 MiB (slow to free when killed)
 * and marking `/tmp/held-<marker>-<pid>` once it does. `marker` also goes on the command line.
 */
function daemonTree(marker: string, count: number): string {
  return [
    'import os, time',
    `for _ in range(${count - 1}):`,
    '    if os.fork() == 0: break',
    'held = bytearray(96 << 20)',
    `open('/tmp/held-${marker}-%d' % os.getpid(), 'w').close()`,
    'time.sleep(60)',
  ].join('\n');
}

/**
 * The wall limit of the daemon programs, and the bound of their wait for their daemons (shorter, so that a
 * program that gives up still prints how many it saw): bounds on a failure only. A program goes on as soon
 * as its daemons hold their memory, so a loaded machine makes it slower, never wrong. With 3 s for the
 * wait, a loaded machine (two cores, load 16 to 26) once saw none of the six daemons start in time
 * (`held 0`, both suites, 1 run in 10; bench/notes/2026-11-27-house.md). What the tests prove is checked
 * the moment the result is back, with no wait: no daemon of the program is left on the host.
 */
const DAEMON_WALL_MS = 30_000;
const DAEMON_WAIT_MS = DAEMON_WALL_MS - 5_000;

/** Python lines that wait until `count` daemons of `marker` hold their memory, and print how many did. */
function pythonAwaitHeld(marker: string, count: number): string {
  const held = `len([n for n in os.listdir('/tmp') if n.startswith('held-${marker}-')])`;
  return `deadline = time.time() + ${DAEMON_WAIT_MS / 1000}\nwhile ${held} < ${count} and time.time() < deadline:\n    time.sleep(0.02)\nprint('held', ${held})\n`;
}

interface Runner {
  /** runs `source`; `wallMs` in place of `limits.wallMs` */
  run(source: string, stdin?: string, wallMs?: number): Promise<SandboxResult>;
}

/**
 * The wall limit of the programs that are meant to reach it (a loop, a fork bomb): shorter than the
 * others' `limits.wallMs`, as they spend all of it burning the CPU the rest of the suite needs, and any
 * limit shows the same containment.
 */
const SPIN_WALL_MS = 2_000;

const FAKE_KEY = `sk-vouch-test-${randomUUID()}`;
let hostDir: string;
/** a private project (0700, as `mktemp -d` makes it) with a secrets file the programs must not read */
let projectDir: string;
let plantedFile: string;
let rootPlanted: string;
let server: Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  process.env.VOUCH_FAKE_API_KEY = FAKE_KEY;
  hostDir = mkdtempSync(join(tmpdir(), 'vouch-hostile-'));
  plantedFile = join(hostDir, 'secret.txt');
  writeFileSync(plantedFile, `planted-${FAKE_KEY}`);
  projectDir = mkdtempSync(join(tmpdir(), 'vouch-hostile-project-'));
  writeFileSync(join(projectDir, 'app.py'), 'NAME = "app"\n', { mode: 0o600 });
  writeFileSync(join(projectDir, '.env'), `API_KEY=${FAKE_KEY}\n`);
  mkdirSync(join(projectDir, 'keys'));
  writeFileSync(join(projectDir, 'keys', 'id_ed25519'), `key-${FAKE_KEY}\n`);
  // vouch's stores: the team server's database holds every user's data
  mkdirSync(join(projectDir, '.vouch'));
  writeFileSync(join(projectDir, '.vouch', 'server.db'), `store-${FAKE_KEY}`);
  mkdirSync(join(projectDir, 'sub', '.vouch'), { recursive: true });
  writeFileSync(join(projectDir, 'sub', '.vouch', 'chat.db'), `chat-${FAKE_KEY}`);
  rootPlanted = join(process.env.HOME ?? '/root', `.vouch-hostile-${randomUUID()}`);
  writeFileSync(rootPlanted, `home-${FAKE_KEY}`);
  server = createServer((socket) => {
    connections++;
    socket.end('hello from the host');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  delete process.env.VOUCH_FAKE_API_KEY;
  rmSync(hostDir, { recursive: true, force: true });
  rmSync(projectDir, { recursive: true, force: true });
  rmSync(rootPlanted, { force: true });
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function hostileSuite(name: string, makeRunner: () => Promise<Runner & { close?: () => Promise<void> }>) {
  describe.skipIf(!available)(name, () => {
    let runner: Runner & { close?: () => Promise<void> };
    beforeAll(async () => {
      runner = await makeRunner();
    });
    afterAll(async () => {
      await runner.close?.();
    });

    it('cannot connect out, even to a listener on the host loopback', async () => {
      const before = connections;
      const result = await runner.run(
        `import socket\ntry:\n    s = socket.create_connection(('127.0.0.1', ${port}), timeout=2)\n    print('CONNECTED', s.recv(100))\nexcept OSError as e:\n    print('blocked', e)\n`,
      );
      expect(result.status).toBe('ok');
      expect(result.stdout).toContain('blocked');
      expect(result.stdout).not.toContain('CONNECTED');
      expect(connections).toBe(before);
    });

    it('cannot read files planted outside its work dir', async () => {
      const result = await runner.run(
        `for p in [${JSON.stringify(plantedFile)}, ${JSON.stringify(rootPlanted)}, '/root/.bash_history', '/etc/shadow']:\n    try:\n        print(open(p).read())\n    except OSError as e:\n        print('denied', p, type(e).__name__)\n`,
      );
      expect(result.status).toBe('ok');
      expect(result.stdout).not.toContain(FAKE_KEY);
      expect(result.stdout.match(/denied/g)?.length).toBe(4);
    });

    it("reads the project's code but not its secrets files or vouch's stores", async () => {
      const result = await runner.run(
        `import os\nfor p in ['app.py', '.env', 'keys/id_ed25519', '.vouch/server.db', 'sub/.vouch/chat.db']:\n    try:\n        print('read', p, open(os.path.join(${JSON.stringify(projectDir)}, p)).read())\n    except OSError as e:\n        print('denied', p, e.errno)\nprint(sorted(os.listdir(${JSON.stringify(projectDir)})))\n`,
      );
      expect(result.status).toBe('ok');
      expect(result.stdout).toContain('read app.py NAME = "app"');
      expect(result.stdout).toContain('denied .env 2');
      expect(result.stdout).toContain('denied keys/id_ed25519 2');
      expect(result.stdout).toContain('denied .vouch/server.db 2');
      expect(result.stdout).toContain('denied sub/.vouch/chat.db 2');
      expect(result.stdout).not.toContain("'.vouch'");
      expect(result.stdout).not.toContain(FAKE_KEY);
    });

    it('cannot write outside its work dir', async () => {
      const targets = [
        join(hostDir, 'escape.txt'),
        '/usr/escape-vouch.txt',
        '/etc/escape-vouch.txt',
        `${rootPlanted}.w`,
      ];
      const result = await runner.run(
        `for p in ${JSON.stringify(targets)}:\n    try:\n        open(p, 'w').write('x')\n        print('wrote', p)\n    except OSError as e:\n        print('denied', p)\nopen('inside.txt', 'w').write('fine')\nprint(open('inside.txt').read())\n`,
      );
      expect(result.status).toBe('ok');
      expect(result.stdout).toContain('fine');
      for (const target of targets) expect(existsSync(target)).toBe(false);
    });

    it("cannot see the host's environment", async () => {
      const result = await runner.run(
        `import os\nprint(sorted(os.environ))\nprint(os.environ.get('VOUCH_FAKE_API_KEY'))\nprint(open('/proc/1/environ','rb').read())\n`,
      );
      expect(result.stdout + result.stderr).not.toContain(FAKE_KEY);
      expect(result.stdout).toContain('None');
    });

    it('survives a fork bomb, reports a timeout, and leaves no process behind', async () => {
      const marker = `${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
      const result = await runner.run(
        `import os\nwhile True:\n    try:\n        if os.fork() == 0:\n            os.execv('/bin/sleep', ['sleep', '${marker}'])\n    except OSError:\n        pass\n`,
        undefined,
        SPIN_WALL_MS,
      );
      expect(result.status).toBe('timeout');
      expect(hostProcessesWith(marker)).toEqual([]);
    });

    it('reports unbounded allocation as memory', async () => {
      const result = await runner.run(
        'chunks = []\nwhile True:\n    chunks.append(bytearray(8 * 1024 * 1024))\n',
      );
      expect(result.status).toBe('memory');
    });

    it('cannot fill the disk: the work dir and /tmp are small tmpfs mounts', async () => {
      const result = await runner.run(
        `import os\nn = 0\ntry:\n    while True:\n        with open('fill-%d' % n, 'wb') as f:\n            for _ in range(7):\n                f.write(b'x' * 1024 * 1024)\n        n += 1\nexcept OSError as e:\n    print('stopped', n, e.errno)\n    raise SystemExit(3)\n`,
      );
      expect(result.status).toBe('failed');
      expect(result.exitCode).toBe(3);
      // 32 MiB tmpfs / 7 MiB files: four fit, the fifth hits ENOSPC (28)
      expect(result.stdout).toMatch(/stopped [0-9] 28/);
    });

    it('is killed when it loops forever', async () => {
      const result = await runner.run('while True:\n    pass\n', undefined, SPIN_WALL_MS);
      expect(result.status).toBe('timeout');
      expect(result.durationMs).toBeLessThan(SPIN_WALL_MS + 3_000);
    });

    it('leaves no daemon behind (double fork + setsid)', async () => {
      const marker = `${Date.now() + 1}.${Math.floor(Math.random() * 1e6)}`;
      const result = await runner.run(
        `import os\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execv('/bin/sleep', ['sleep', '${marker}'])\n    os._exit(0)\nprint('parent done')\n`,
        undefined,
        DAEMON_WALL_MS,
      );
      expect(result.status).toBe('ok');
      expect(result.stdout).toContain('parent done');
      // the sandbox is torn down before the result is returned
      expect(hostProcessesWith(marker)).toEqual([]);
    });

    it('leaves no daemon behind that let go of its output and holds memory', async () => {
      // Nothing keeps the sandbox's pipes open once the program is done, and the daemons take a while to
      // die (their memory is freed as they exit): the result must still wait until they are gone. Before
      // it waited for the sandbox's init, as an ordinary user some outlived the result in 3 to 10 of 10
      // runs. The program reports how many daemons it saw holding their memory, so the test cannot pass
      // on daemons that never started.
      for (let round = 0; round < 3; round++) {
        const marker = `${Date.now() + 3}.${round}.${Math.floor(Math.random() * 1e6)}`;
        const result = await runner.run(
          `import os, sys, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        null = os.open('/dev/null', os.O_RDWR)\n        for fd in (0, 1, 2):\n            os.dup2(null, fd)\n        os.execv(sys.executable, [sys.executable, '-c', ${JSON.stringify(daemonTree(marker, 6))}, '${marker}'])\n    os._exit(0)\n${pythonAwaitHeld(marker, 6)}`,
          undefined,
          DAEMON_WALL_MS,
        );
        expect(result.status, result.stderr).toBe('ok');
        expect(result.stdout.trim()).toBe('held 6');
        expect(hostProcessesWith(marker)).toEqual([]);
      }
    });

    it('killing its parent harms neither the host nor the next program', async () => {
      const result = await runner.run(
        `import os, signal\nfor target in (os.getppid(), -1):\n    try:\n        os.kill(target, signal.SIGKILL)\n    except OSError:\n        pass\nprint('still here')\n`,
      );
      // A fresh sandbox's parent is the namespace's init, which ignores signals from inside (as root it is
      // also another uid): the program carries on. A warm worker dies, its job is reported killed and the
      // worker is replaced.
      expect(['ok', 'killed']).toContain(result.status);
      const next = await runner.run('print(6 * 7)\n');
      expect(next.status).toBe('ok');
      expect(next.stdout.trim()).toBe('42');
    });

    it('caps output', async () => {
      const result = await runner.run(
        "import sys\nfor _ in range(100):\n    sys.stdout.write('y' * 65536)\n",
      );
      expect(result.status).toBe('ok');
      expect(result.truncated).toBe(true);
      expect(result.stdout.length).toBe(1 << 20);
    });
  });
}

hostileSuite('hostile programs in a fresh sandbox', async () => ({
  run: (source, stdin, wallMs) =>
    runInSandbox({
      command: ['python3', 'main.py'],
      files: { 'main.py': source },
      projectDir,
      ...(stdin ? { stdin } : {}),
      limits: wallMs ? { ...limits, wallMs } : limits,
    }),
}));

let pool: WarmPool | undefined;
hostileSuite('hostile programs in the warm pool', async () => {
  pool = await createWarmPool({ runtime: 'python', size: 1, limits, projectDir });
  const warm = pool;
  return {
    run: (source, stdin, wallMs) =>
      warm.run({ source, ...(stdin ? { stdin } : {}), ...(wallMs ? { timeoutMs: wallMs } : {}) }),
    close: () => warm.close(),
  };
});

describe.skipIf(!available)('the warm Node pool', () => {
  it('runs programs, contains a parent kill and a hang, and keeps working', async () => {
    const nodePool = await createWarmPool({ runtime: 'node', size: 1, limits });
    try {
      const first = await nodePool.run({
        source: 'console.log(process.env.VOUCH_FAKE_API_KEY ?? "none", 6 * 7)',
      });
      expect(first).toMatchObject({ status: 'ok', sandboxed: true });
      expect(first.stdout.trim()).toBe('none 42');
      const esm = await nodePool.run({ source: 'import { sep } from "node:path";\nconsole.log(sep)' });
      expect(esm.stdout.trim()).toBe('/');
      // every Node program has a sandbox of its own, whose init ignores signals from inside: it carries on
      const killer = await nodePool.run({
        source: 'try { process.kill(process.ppid, "SIGKILL") } catch {} console.log("alive")',
      });
      expect(killer.status).toBe('ok');
      expect(killer.stdout.trim()).toBe('alive');
      const hang = await nodePool.run({ source: 'for (;;) {}', timeoutMs: 500 });
      expect(hang.status).toBe('timeout');
      const net = await nodePool.run({
        source: `require("node:net").connect(${port}, "127.0.0.1").on("error", e => console.log("blocked", e.code)).on("connect", () => console.log("CONNECTED"))`,
      });
      expect(net.stdout).toContain('blocked');
      const marker = `${Date.now() + 2}.${Math.floor(Math.random() * 1e6)}`;
      const daemon = await nodePool.run({
        source: `require("node:child_process").spawn("/bin/sleep", ["${marker}"], { detached: true, stdio: "ignore" }).unref(); console.log("left")`,
        timeoutMs: DAEMON_WALL_MS,
      });
      expect(daemon.stdout.trim()).toBe('left');
      expect(hostProcessesWith(marker)).toEqual([]);
      // daemons that hold memory take a while to die: the result waits for them all the same
      const tree = `${marker}.tree`;
      const held = await nodePool.run({
        source: `require("node:child_process").spawn("python3", ["-c", ${JSON.stringify(daemonTree(tree, 4))}, "${tree}"], { detached: true, stdio: "ignore" }).unref();
const count = () => require("node:fs").readdirSync("/tmp").filter((name) => name.startsWith("held-${tree}-")).length;
const end = Date.now() + ${DAEMON_WAIT_MS};
const poll = setInterval(() => { if (count() >= 4 || Date.now() > end) { clearInterval(poll); console.log("held", count()); } }, 20);`,
        timeoutMs: DAEMON_WALL_MS,
      });
      expect(held.stdout.trim(), held.stderr).toBe('held 4');
      expect(hostProcessesWith(tree)).toEqual([]);
      const secret = await nodePool.run({
        source: `try { console.log(require("node:fs").readFileSync(${JSON.stringify(plantedFile)}, "utf8")) } catch (e) { console.log("denied", e.code) }`,
      });
      expect(secret.stdout).toContain('denied');
      expect(secret.stdout).not.toContain(FAKE_KEY);
      const after = await nodePool.run({
        source: 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(s.toUpperCase()))',
        stdin: 'abc',
      });
      expect(after.stdout.trim()).toBe('ABC');
    } finally {
      await nodePool.close();
    }
  });
});

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { launcherPrefix } from './close-inherited-fds.js';
import { runInSandbox } from './run-in-sandbox.js';

const hasBwrap =
  process.platform === 'linux' &&
  spawnSync('bwrap', ['--unshare-all', '--ro-bind', '/', '/', 'true']).status === 0;

const DIST = pathToFileURL(join(import.meta.dirname, '..', '..', '..', 'dist', 'verify', 'sandbox')).href;

/**
 * vouch's part in starting a sandbox, in a process of its own the test can kill: the real arguments
 * (bwrapArgs with its launcher, planDescriptors), the inputs written and closed, the root handshake
 * completed as spawnLimited does — except that one work-dir file (`held.txt`) is a FIFO whose only writer
 * is the test. The sandbox's init reads it while it sets the sandbox up: after the outer bubblewrap has let
 * it go, before it arms its parent-death signal. So the test holds the init in exactly the window a vouch
 * killed by chance hits, for as long as it needs, and lets it go when it closes its end — after the outer
 * bubblewrap has died, if it likes. (When the stand-in held that end itself, its death let the init go in
 * the same instant as it killed the outer bubblewrap: an init that armed before its parent was gone was
 * killed with it, quietly, and CI saw no "vouch is gone".) Its work dir is one of its own instead of
 * `/sandbox` (as orphans.test.ts does): another process's sweep of vouch's orphans would otherwise end the
 * orphaned init before it forks. Prints `{ init, bwrap, liveFd, heldFd, holder }` once the init is known.
 * With `live: false` the launcher's descriptor is /dev/null, not vouch's socket. With `holder: true` it
 * passes its end of that socket to a `sleep` of its own (`holder`'s pid), which outlives the stand-in's
 * SIGKILL: vouch's process whose thread that started bubblewrap has exited (so the outer bubblewrap has
 * died) while another of its threads still holds its descriptors (CI 71).
 */
const STAND_IN = `
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
const { dist, out, err, held, workDir, live, holder, command } = JSON.parse(process.argv[1]);
const { bwrapArgs, descriptorPlan, planDescriptors } = await import(dist + '/bwrap-args.js');
const { completeRootHandshake } = await import(dist + '/identity.js');
const { readSandboxInit } = await import(dist + '/sandbox-init.js');
const descriptors = planDescriptors({ 'held.txt': '' }, { sandboxed: true });
const args = bwrapArgs({
  files: descriptors.files, diskMb: 8, overlay: new Map(), readOnlyPaths: [], env: { PATH: '/usr/bin:/bin' },
  cwd: '/sandbox', command: command ?? ['/bin/echo', 'ran'], ...descriptorPlan(descriptors),
}).map((arg) => (arg === '/sandbox' ? workDir : arg.startsWith('/sandbox/') ? workDir + arg.slice(8) : arg));
const heldFd = descriptors.files.get('held.txt');
const pipes = Array.from({ length: descriptors.count }, (_, index) =>
  3 + index === heldFd ? openSync(held, 'r')
  : 3 + index === descriptors.liveFd && !live ? openSync('/dev/null', 'r') : 'pipe');
const child = spawn('bwrap', args, {
  detached: true,
  stdio: ['ignore', openSync(out, 'w'), openSync(err, 'w'), ...pipes],
});
descriptors.inputs.forEach((content, index) => {
  if (descriptors.inputFd + index !== heldFd) child.stdio[descriptors.inputFd + index].end(content);
});
const init = readSandboxInit(child, descriptors.infoFd);
if (descriptors.rootHandshake) await completeRootHandshake(child, descriptors.rootHandshake, init);
const holderPid = holder
  ? spawn('sleep', ['1000'], { stdio: ['ignore', 'ignore', 'ignore', child.stdio[descriptors.liveFd]] }).pid
  : undefined;
console.log(JSON.stringify({ init: (await init)?.pid, bwrap: child.pid, liveFd: descriptors.liveFd, heldFd, holder: holderPid }));
setInterval(() => {}, 1000);
`;

const readOr = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** gone, or a zombie not reaped yet */
function ended(pid: number): boolean {
  const stat = readOr(`/proc/${pid}/stat`);
  return stat === '' || ['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '');
}

function childrenOf(pid: number): number[] {
  return readOr(`/proc/${pid}/task/${pid}/children`).split(' ').filter(Boolean).map(Number);
}

/** a process's open descriptors: number → what it names (`/dev/null`, `socket:[…]`, …) */
function descriptorsOf(pid: number): Record<string, string> {
  const found: Record<string, string> = {};
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      found[fd] = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      // closed meanwhile
    }
  }
  return found;
}

const started: ChildProcess[] = [];
const holders: number[] = [];
/** the inits of the stand-ins' sandboxes: a test that fails may leave one running (with its program) */
const inits: number[] = [];
const folders: string[] = [];
const heldEnds: (() => void)[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  for (const pid of [...holders.splice(0), ...inits.splice(0).filter((pid) => !ended(pid))])
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // killed by the test already
    }
  for (const letGo of heldEnds.splice(0)) {
    try {
      letGo();
    } catch {
      // closed by the test already
    }
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function startSandbox(options: { live: boolean; holder?: boolean; command?: string[] }) {
  const folder = mkdtempSync(join(tmpdir(), 'vouch-launcher-'));
  folders.push(folder);
  const out = join(folder, 'stdout');
  const err = join(folder, 'stderr');
  const held = join(folder, 'held');
  expect(spawnSync('mkfifo', [held]).status).toBe(0);
  // read and write: opening never waits for a reader; the stand-in's and the sandbox's copies only read
  const heldWriter = openSync(held, 'r+');
  const letGo = () => closeSync(heldWriter);
  heldEnds.push(letGo);
  const standIn = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      STAND_IN,
      JSON.stringify({
        dist: DIST,
        out,
        err,
        held,
        workDir: `/sandbox-launcher-test-${randomUUID()}`,
        ...options,
      }),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  started.push(standIn);
  /** the stand-in reaped: every thread of it has exited, and its descriptors are closed */
  const standInExited = new Promise<void>((resolve) => standIn.once('exit', () => resolve()));
  const said = await new Promise<{
    init: number;
    bwrap: number;
    liveFd: number;
    heldFd: number;
    holder?: number;
  }>((resolve, reject) => {
    standIn.stdout!.once('data', (chunk) => resolve(JSON.parse(String(chunk))));
    standIn.once('exit', (code) => reject(new Error(`the stand-in ended first (${code})`)));
  });
  if (said.holder !== undefined) holders.push(said.holder);
  expect(said.init).toBeGreaterThan(0);
  inits.push(said.init);
  // the init is let go and setting the sandbox up: blocked reading the held file, not yet armed (`read`
  // is syscall 0 on x86-64, 63 in the generic table of arm64 and riscv64)
  await vi.waitFor(
    () =>
      expect(readOr(`/proc/${said.init}/syscall`)).toMatch(
        new RegExp(`^(0|63) 0x${said.heldFd.toString(16)} `),
      ),
    { timeout: 10_000 },
  );
  const sandboxEnded = () =>
    vi.waitFor(() => expect(ended(said.init)).toBe(true), { timeout: 10_000, interval: 20 });
  return {
    standIn,
    standInExited,
    init: said.init,
    bwrap: said.bwrap,
    liveFd: said.liveFd,
    holder: said.holder,
    out,
    err,
    letGo,
    sandboxEnded,
  };
}

describe.skipIf(!hasBwrap)("the sandbox's launcher", () => {
  it("never starts the program when vouch is killed while the sandbox's init sets up, before it arms", async () => {
    const sandbox = await startSandbox({ live: true });
    const standInGone = new Promise((resolve) => sandbox.standIn.once('exit', resolve));
    sandbox.standIn.kill('SIGKILL');
    // its whole thread group gone (waitpid), so its end of liveFd is closed: the outer bubblewrap dies with
    // the thread that spawned it, and the other threads of a killed Node process can lag by milliseconds
    // (CI 71 let the init go in that window and the program ran)
    await standInGone;
    // the outer bubblewrap dies with vouch; the init, orphaned before it armed, goes on and forks the
    // launcher, which finds vouch gone: the program never runs, and the sandbox ends. "vouch gone" is
    // its exit event, its whole thread group reaped: bubblewrap is armed against the thread that started
    // it, which can exit while other threads still hold vouch's end (the next test's window; CI 71 let
    // the init go in it, and the program ran)
    await sandbox.standInExited;
    await vi.waitFor(() => expect(ended(sandbox.bwrap)).toBe(true), { timeout: 10_000, interval: 20 });
    expect(ended(sandbox.init)).toBe(false);
    sandbox.letGo();
    await sandbox.sandboxEnded();
    expect(readOr(sandbox.out)).toBe('');
    expect(readOr(sandbox.err)).toContain('vouch-launch: vouch is gone; the program is not run');
  });

  it("ends the program once vouch's descriptors close, when its outer bubblewrap died first (CI 71's window)", async () => {
    // vouch's end outlives the thread that started bubblewrap: here in a holder process, in CI in vouch's
    // own threads that exit after that one. The init, orphaned unarmed, starts the program, which the
    // launcher's check cannot refuse (vouch's end is still open); its watcher ends the sandbox once that
    // end closes (before it, the program ran on: a `sleep 300` unsupervised)
    const sandbox = await startSandbox({
      live: true,
      holder: true,
      command: ['/bin/sh', '-c', 'echo ran; exec sleep 300'],
    });
    sandbox.standIn.kill('SIGKILL');
    await sandbox.standInExited;
    await vi.waitFor(() => expect(ended(sandbox.bwrap)).toBe(true), { timeout: 10_000, interval: 20 });
    sandbox.letGo();
    await vi.waitFor(() => expect(readOr(sandbox.out)).toBe('ran\n'), { timeout: 10_000, interval: 20 });
    // the watcher: the init's child, not the program's, holding vouch's end and /dev/null alone; the
    // program holds no socket
    const [program, ...others] = childrenOf(sandbox.init);
    expect(others.map((pid) => readOr(`/proc/${pid}/cmdline`).split('\0')[3])).toEqual(['vouch-launch']);
    expect(childrenOf(program!)).toEqual([]);
    expect(descriptorsOf(others[0]!)).toEqual({
      0: '/dev/null',
      1: '/dev/null',
      2: '/dev/null',
      [sandbox.liveFd]: expect.stringMatching(/^socket:/),
    });
    expect(Object.values(descriptorsOf(program!)).filter((target) => target.startsWith('socket:'))).toEqual(
      [],
    );
    expect(ended(sandbox.init)).toBe(false);
    process.kill(sandbox.holder!, 'SIGKILL');
    await sandbox.sandboxEnded();
    expect(readOr(sandbox.err)).toBe('');
  });

  it('starts the program while vouch is alive (the same sandbox, its file completed)', async () => {
    const sandbox = await startSandbox({ live: true });
    sandbox.letGo();
    await sandbox.sandboxEnded();
    expect(readOr(sandbox.out)).toBe('ran\n');
    expect(readOr(sandbox.err)).toBe('');
  });

  it("refuses to start the program when its descriptor is not vouch's socket: a check that cannot run is no pass", async () => {
    const sandbox = await startSandbox({ live: false });
    sandbox.letGo();
    await sandbox.sandboxEnded();
    expect(readOr(sandbox.out)).toBe('');
    expect(readOr(sandbox.err)).toContain(`descriptor ${sandbox.liveFd} is not open (or not a socket)`);
  });
});

/**
 * The launcher under a pid 1 of the test's own (`bwrap --as-pid-1`, its own /proc): a bash that renames
 * itself `name` (/proc/self/comm), starts the launcher (its descriptor 3 a socket only this process
 * holds) and then spins, never sleeping (state R, as bubblewrap's init is before it reaches `wait()`),
 * until the test creates `release`; then it waits. So the test decides when "the init" is armed. With
 * `processes`, the whole runs as an ordinary user (uid 65534, in a user namespace of its own: no other
 * process counts against its limit) and the init holds RLIMIT_NPROC to that many processes.
 */
function underOwnInit(options: { name: string; armWaitS?: number; processes?: number }) {
  const folder = mkdtempSync(join(tmpdir(), 'vouch-launcher-init-'));
  folders.push(folder);
  // the init, uid 65534 with `processes`, looks for `release` in it
  chmodSync(folder, 0o755);
  const out = join(folder, 'stdout');
  const err = join(folder, 'stderr');
  const release = join(folder, 'release');
  const init = [
    ...(options.processes === undefined ? [] : [`ulimit -u ${options.processes}`]),
    'printf %s "$1" >/proc/self/comm; shift',
    '"$@" &',
    `until [ -e ${release} ]; do :; done`,
    'wait',
  ].join('\n');
  const launcher = launcherPrefix({
    keep: [],
    liveFd: 3,
    ...(options.armWaitS === undefined ? {} : { armWaitS: options.armWaitS }),
  });
  const output = [openSync(out, 'w'), openSync(err, 'w')];
  const asUser =
    options.processes === undefined
      ? []
      : ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'bwrap', '--unshare-user'];
  const [command, ...args] = [
    ...(asUser.length > 0 ? asUser : ['bwrap']),
    ...['--unshare-pid', '--as-pid-1', '--die-with-parent', '--dev-bind', '/', '/', '--proc', '/proc'],
    ...['bash', '-c', init, 'init', options.name, ...launcher, '/bin/echo', 'ran'],
  ];
  const box = spawn(command!, args, { detached: true, stdio: ['ignore', ...output, 'pipe'] });
  for (const fd of output) closeSync(fd);
  started.push(box);
  const exited = new Promise((resolve) => box.once('exit', resolve));
  /** the launcher, once it has polled vouch's descriptor and sleeps in its 1-ms read (host pid) */
  const waitingLauncher = () =>
    treeOf(box.pid!).find(
      (pid) => readOr(`/proc/${pid}/cmdline`).split('\0')[3] === 'vouch-launch' && stateOf(pid) === 'S',
    );
  return {
    out,
    err,
    /** vouch's end of the socket closes: vouch is gone */
    vouchGone: () => box.stdio[3]!.destroy(),
    arm: () => writeFileSync(release, ''),
    waitingLauncher,
    /** the launcher and the shells it forked (the command substitution's), host pids */
    launchers: () =>
      treeOf(box.pid!).filter((pid) => readOr(`/proc/${pid}/cmdline`).split('\0')[3] === 'vouch-launch'),
    ended: () => exited,
  };
}

/**
 * A fork that fails for want of processes (EAGAIN) bash retries after sleeping 1, 2, 4 and 8 s (its
 * make_child): 15 s of a worker's wall for each test below. It gives up at once when a signal it handles
 * cuts a sleep short (`sleep() != 0`: the loop breaks, the fork has failed as after the last retry), and
 * bash always handles SIGCHLD. So once the launcher says `fork: retry` (the fork did fail, EAGAIN), the
 * test sends SIGCHLD to the launcher's shells until the box ends: again and again, as one sent between the
 * message and the sleep is spent before the sleep starts. The same refusal, the same path after the loop.
 */
async function failedForkUnretried(sandbox: ReturnType<typeof underOwnInit>): Promise<void> {
  await vi.waitFor(() => expect(readOr(sandbox.err)).toContain('fork: retry'), {
    timeout: 20_000,
    interval: 20,
  });
  const nudge = setInterval(() => {
    for (const pid of sandbox.launchers())
      try {
        process.kill(pid, 'SIGCHLD');
      } catch {
        // ended meanwhile
      }
  }, 50);
  try {
    await sandbox.ended();
  } finally {
    clearInterval(nudge);
  }
}

function treeOf(pid: number): number[] {
  const children = readOr(`/proc/${pid}/task/${pid}/children`).split(' ').filter(Boolean).map(Number);
  return [pid, ...children.flatMap(treeOf)];
}

function stateOf(pid: number): string {
  const stat = readOr(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
}

describe.skipIf(!hasBwrap)("the launcher waits for the sandbox's init to be asleep in wait()", () => {
  // 'init) S (x': a name that puts an S where the third word of /proc/1/stat would be
  it.each(['bash', 'init) S (x'])(
    'refuses when vouch is gone before the init (named %j) has reached wait(), though vouch was alive at first',
    async (name) => {
      const sandbox = underOwnInit({ name });
      // the launcher has seen vouch alive and waits for the init (without that wait it ran the program now)
      await vi.waitFor(
        () => expect(readOr(sandbox.out) !== '' || sandbox.waitingLauncher() !== undefined).toBe(true),
        {
          timeout: 20_000,
          interval: 20,
        },
      );
      sandbox.vouchGone();
      sandbox.arm();
      await sandbox.ended();
      expect(readOr(sandbox.out)).toBe('');
      expect(readOr(sandbox.err)).toContain('vouch-launch: vouch is gone; the program is not run');
    },
  );

  // names whose third word in /proc/1/stat is not the state: the launcher read 'R' or 'b)' and waited for good
  it.each(['init) R (x', 'a b'])(
    'starts the program once the init (named %j) waits, vouch alive',
    async (name) => {
      const sandbox = underOwnInit({ name });
      sandbox.arm();
      await sandbox.ended();
      expect(readOr(sandbox.err)).toBe('');
      expect(readOr(sandbox.out)).toBe('ran\n');
    },
  );

  it('refuses when the watcher cannot be forked (an ordinary user at RLIMIT_NPROC): the program never runs unwatched', async () => {
    // the init and the launcher are the two processes the limit allows: the launcher's fork fails (bash
    // retries for ~15 s first, cut short here)
    const sandbox = underOwnInit({ name: 'bash', processes: 2 });
    sandbox.arm();
    await failedForkUnretried(sandbox);
    expect(readOr(sandbox.out)).toBe('');
    expect(readOr(sandbox.err)).toContain(
      'vouch-launch: the watcher of the sandbox could not be started; the program is not run',
    );
  });

  it('refuses when the watcher alone cannot be forked (the command substitution could): no pid, the program never runs', async () => {
    // the init, the launcher and the command substitution's shell are the three processes the limit
    // allows: the watcher's fork fails in that shell, which ends with nothing printed; the launcher goes
    // on (no EXIT of its own), and only `[ -n "$watcher" ] || exit` stops it
    const sandbox = underOwnInit({ name: 'bash', processes: 3 });
    sandbox.arm();
    await failedForkUnretried(sandbox);
    expect(readOr(sandbox.out)).toBe('');
    expect(readOr(sandbox.err)).toContain(
      'vouch-launch: the watcher of the sandbox could not be started; the program is not run',
    );
  }, 60_000);

  it('starts the program as an ordinary user when the limit leaves room for its watcher', async () => {
    const sandbox = underOwnInit({ name: 'bash', processes: 4 });
    sandbox.arm();
    await sandbox.ended();
    expect(readOr(sandbox.err)).toBe('');
    expect(readOr(sandbox.out)).toBe('ran\n');
  });

  it('refuses, failing closed, when the init never reaches wait() within the bound', async () => {
    const sandbox = underOwnInit({ name: 'bash', armWaitS: 1 });
    await vi.waitFor(() => expect(readOr(sandbox.err)).not.toBe(''), { timeout: 20_000, interval: 50 });
    sandbox.arm();
    await sandbox.ended();
    expect(readOr(sandbox.out)).toBe('');
    expect(readOr(sandbox.err)).toContain(
      'vouch-launch: the init of the sandbox did not reach its wait() within 1 s; the program is not run',
    );
  });
});

/** the sandbox's processes below the outer bubblewrap `pid` (the init, the program, the watcher) */
function watcherBelow(pid: number): number | undefined {
  return treeOf(pid).find((found) => readOr(`/proc/${found}/cmdline`).split('\0')[3] === 'vouch-launch');
}

describe.skipIf(!hasBwrap)("the launcher's watcher in a real sandbox (runInSandbox)", () => {
  it.skipIf(process.getuid?.() !== 0)(
    'holds CAP_KILL alone as root (bounding, permitted, effective, inheritable), and still ends the program',
    async () => {
      let bwrap: number | undefined;
      let vouchEnd: ChildProcess['stdio'][number] | undefined;
      const run = runInSandbox(
        { command: ['sleep', '30'], limits: { wallMs: 60_000 } },
        {
          onSpawn: (child) => {
            bwrap = child.pid;
            vouchEnd = child.stdio[3];
            child.stdin?.end();
          },
        },
      );
      // the program past its exec (the launcher, still `vouch-launch` until then, is gone), its watcher beside it
      const program = () =>
        treeOf(bwrap ?? 0).find((pid) => readOr(`/proc/${pid}/cmdline`).startsWith('sleep\u000030'));
      await vi.waitFor(() => expect(bwrap && program() && watcherBelow(bwrap)).toBeGreaterThan(0), {
        timeout: 10_000,
        interval: 20,
      });
      const watcher = watcherBelow(bwrap!)!;
      const caps = Object.fromEntries(
        readOr(`/proc/${watcher}/status`)
          .split('\n')
          .filter((line) => line.startsWith('Cap') || line.startsWith('Uid'))
          .map((line) => line.split(/:\s+/)),
      );
      // CAP_KILL is bit 5; before, the watcher held every capability of the sandbox's user namespace
      expect(caps).toMatchObject({
        CapInh: '0000000000000020',
        CapPrm: '0000000000000020',
        CapEff: '0000000000000020',
        CapBnd: '0000000000000020',
      });
      expect(['0000000000000020', '0000000000000000']).toContain(caps.CapAmb);
      expect(caps.Uid).toMatch(/^0\s/);
      // vouch's end of liveFd closes: the watcher, CAP_KILL alone, kills the program (uid 65534)
      expect(readOr(`/proc/${program()}/status`)).toMatch(/Uid:\s+65534/);
      vouchEnd!.destroy();
      const result = await run;
      expect(result.status).toBe('killed');
      expect(result.signal).toBe('SIGKILL');
    },
    30_000,
  );

  // the program's environment reaches the launcher's bash: before `-p` and the watcher's own TMOUT, a
  // TMOUT timed the watcher's read out (the program killed after 1 s), an exported `read` returned at once
  // (killed at once), a BASH_ENV ran before the launcher (here: it exited 7, the program never ran)
  it.each([
    ['TMOUT', { TMOUT: '1' }],
    [
      'BASH_FUNC_read%% and BASH_FUNC_kill%%',
      { 'BASH_FUNC_read%%': '() { :; }', 'BASH_FUNC_kill%%': '() { :; }' },
    ],
    ['BASH_ENV and ENV', { BASH_ENV: '/sandbox/env.sh', ENV: '/sandbox/env.sh' }],
    ['SHELLOPTS and BASHOPTS', { SHELLOPTS: 'xtrace:errexit', BASHOPTS: 'failglob' }],
  ])('runs the program with %s in its environment as without it', async (_, env: Record<string, string>) => {
    const result = await runInSandbox({
      command: ['/bin/sh', '-c', 'sleep 2; echo survived'],
      env,
      files: { 'env.sh': 'echo sourced >&2; exit 7\n' },
    });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 'ok',
      stdout: 'survived\n',
      stderr: '',
    });
  });
});

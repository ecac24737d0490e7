import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const hasBwrap =
  process.platform === 'linux' &&
  spawnSync('bwrap', ['--unshare-all', '--ro-bind', '/', '/', 'true']).status === 0;

const DIST = pathToFileURL(join(import.meta.dirname, '..', '..', '..', 'dist', 'verify', 'sandbox')).href;

/**
 * vouch's part in starting a sandbox, in a process of its own the test can kill: the real arguments
 * (bwrapArgs with its launcher, planDescriptors), the inputs written and closed, the root handshake
 * completed as spawnLimited does — except that one work-dir file (`held.txt`, fd 3) is left open. The
 * sandbox's init reads it while it sets the sandbox up: after the outer bubblewrap has let it go, before it
 * arms its parent-death signal. So the stand-in holds the init in exactly the window a vouch killed by
 * chance hits, for as long as the test needs; killed, its end closes, and the init goes on. Its work dir is
 * one of its own instead of `/sandbox` (as orphans.test.ts does): another process's sweep of vouch's
 * orphans would otherwise end the orphaned init before it forks. Prints `{ init, liveFd }` once the init
 * is known; a line on stdin closes the held file (vouch alive: the program runs). With `live: false` the
 * launcher's descriptor is not opened at all.
 */
const STAND_IN = `
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
const { dist, out, err, workDir, live } = JSON.parse(process.argv[1]);
const { bwrapArgs, descriptorPlan, planDescriptors } = await import(dist + '/bwrap-args.js');
const { completeRootHandshake } = await import(dist + '/identity.js');
const { readSandboxInit } = await import(dist + '/sandbox-init.js');
const descriptors = planDescriptors({ 'held.txt': '' }, { sandboxed: true });
const args = bwrapArgs({
  files: descriptors.files, diskMb: 8, overlay: new Map(), readOnlyPaths: [], env: { PATH: '/usr/bin:/bin' },
  cwd: '/sandbox', command: ['/bin/echo', 'ran'], ...descriptorPlan(descriptors),
}).map((arg) => (arg === '/sandbox' ? workDir : arg.startsWith('/sandbox/') ? workDir + arg.slice(8) : arg));
const pipes = descriptors.count - (live ? 0 : 1);
const child = spawn('bwrap', args, {
  detached: true,
  stdio: ['ignore', openSync(out, 'w'), openSync(err, 'w'), ...Array.from({ length: pipes }, () => 'pipe')],
});
descriptors.inputs.forEach((content, index) => { if (index > 0) child.stdio[3 + index].end(content); });
const init = readSandboxInit(child, descriptors.infoFd);
if (descriptors.rootHandshake) await completeRootHandshake(child, descriptors.rootHandshake, init);
console.log(JSON.stringify({ init: (await init)?.pid, liveFd: descriptors.liveFd }));
process.stdin.once('data', () => child.stdio[3].end(''));
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

const started: ChildProcess[] = [];
const folders: string[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function startSandbox(options: { live: boolean }) {
  const folder = mkdtempSync(join(tmpdir(), 'vouch-launcher-'));
  folders.push(folder);
  const out = join(folder, 'stdout');
  const err = join(folder, 'stderr');
  const standIn = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      STAND_IN,
      JSON.stringify({ dist: DIST, out, err, workDir: `/sandbox-launcher-test-${randomUUID()}`, ...options }),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  started.push(standIn);
  const said = await new Promise<{ init: number; liveFd: number }>((resolve, reject) => {
    standIn.stdout!.once('data', (chunk) => resolve(JSON.parse(String(chunk))));
    standIn.once('exit', (code) => reject(new Error(`the stand-in ended first (${code})`)));
  });
  expect(said.init).toBeGreaterThan(0);
  // the init is let go and setting the sandbox up: blocked reading the held file (fd 3), not yet armed
  await vi.waitFor(() => expect(readOr(`/proc/${said.init}/syscall`)).toMatch(/^0 0x3 /), {
    timeout: 10_000,
  });
  const sandboxEnded = () =>
    vi.waitFor(() => expect(ended(said.init)).toBe(true), { timeout: 10_000, interval: 20 });
  return { standIn, init: said.init, liveFd: said.liveFd, out, err, sandboxEnded };
}

describe.skipIf(!hasBwrap)("the sandbox's launcher", () => {
  it("never starts the program when vouch is killed while the sandbox's init sets up, before it arms", async () => {
    const sandbox = await startSandbox({ live: true });
    sandbox.standIn.kill('SIGKILL');
    // the outer bubblewrap dies with vouch; the init, orphaned before it armed, goes on and forks the
    // launcher, which finds vouch gone: the program never runs, and the sandbox ends
    await sandbox.sandboxEnded();
    expect(readOr(sandbox.out)).toBe('');
    expect(readOr(sandbox.err)).toContain('vouch-launch: vouch is gone; the program is not run');
  });

  it('starts the program while vouch is alive (the same sandbox, its file completed)', async () => {
    const sandbox = await startSandbox({ live: true });
    sandbox.standIn.stdin!.write('go\n');
    await sandbox.sandboxEnded();
    expect(readOr(sandbox.out)).toBe('ran\n');
    expect(readOr(sandbox.err)).toBe('');
  });

  it('refuses to start the program when its descriptor is not open: a check that cannot run is no pass', async () => {
    const sandbox = await startSandbox({ live: false });
    sandbox.standIn.stdin!.write('go\n');
    await sandbox.sandboxEnded();
    expect(readOr(sandbox.out)).toBe('');
    expect(readOr(sandbox.err)).toContain(`descriptor ${sandbox.liveFd} is not open (or not a socket)`);
  });
});

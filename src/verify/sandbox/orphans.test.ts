import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepOrphanedSandboxes } from './orphans.js';

const isRoot = process.getuid?.() === 0;
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

/**
 * The work dir this file's sandboxes name instead of vouch's `/sandbox`, and the only one its sweep looks
 * for: every other vouch process's first sandbox sweeps orphans host-wide (a parallel test worker's
 * included), and would otherwise clear this test's orphan before the test's own sweep looked. (Its
 * sandboxes never get past their handshake, so the folder is never made.)
 */
const WORK_DIR = `/sandbox-orphans-test-${randomUUID()}`;

/** bubblewrap as vouch starts it as root: the first process waits for the identity maps from outside. */
function bwrapArgs(marker: string): string[] {
  return [
    '--unshare-all',
    '--unshare-user',
    '--userns-block-fd',
    '4',
    '--info-fd',
    '3',
    '--die-with-parent',
    '--ro-bind',
    '/',
    '/',
    '--tmpfs',
    WORK_DIR,
    '--setenv',
    'VOUCH_ORPHAN_TEST',
    marker,
    '--',
    '/bin/sleep',
    '60',
  ];
}

function bwrapsWith(marker: string): { pid: number; ppid: number }[] {
  const found: { pid: number; ppid: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'bwrap') continue;
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(marker)) continue;
      const ppid = Number(readFileSync(`/proc/${entry}/status`, 'utf8').match(/^PPid:\s*(\d+)/m)?.[1]);
      found.push({ pid: Number(entry), ppid });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function until<T>(probe: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!isRoot || !hasBwrap)('sandboxes left by a killed vouch (as root)', () => {
  const started: ChildProcess[] = [];
  const markers: string[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) child.kill('SIGKILL');
    for (const marker of markers.splice(0)) {
      for (const { pid } of bwrapsWith(marker)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  });

  it('clears the sandbox a vouch killed mid-handshake left waiting, and leaves a live one alone', async () => {
    // a live sandbox of this process, held in its handshake (its parent bwrap is alive)
    const live = randomUUID();
    markers.push(live);
    const running = spawn('bwrap', bwrapArgs(live), {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
    });
    started.push(running);
    const liveChild = await until(() => bwrapsWith(live).find((p) => p.ppid === running.pid));

    // A sandbox whose bwrap died in its handshake, as bwrap dies with a vouch killed there: this process
    // holds the handshake's descriptors (so the first process stays blocked whatever the timing) and
    // kills the bwrap parent once it has cloned the first process (it then writes the child's pid on the
    // info descriptor). The first process is left blocked, reparented to init: what a killed vouch leaves.
    const orphaned = randomUUID();
    markers.push(orphaned);
    const dying = spawn('bwrap', bwrapArgs(orphaned), {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
    });
    started.push(dying);
    await new Promise((resolve) => dying.stdio[3]!.once('data', resolve));
    dying.kill('SIGKILL');
    const orphan = await until(() => {
      const left = bwrapsWith(orphaned).filter((p) => p.pid !== dying.pid);
      return left.length === 1 && left[0]!.ppid !== dying.pid ? left[0] : undefined;
    });

    // what a parallel worker's first sandbox does meanwhile: the host-wide sweep of vouch's own work dir
    // leaves this test's orphan to the test (before, it cleared it, and the test's sweep found nothing)
    expect(await sweepOrphanedSandboxes()).not.toContain(orphan.pid);
    const swept = await sweepOrphanedSandboxes({ workDir: WORK_DIR });
    expect(swept).toContain(orphan.pid);
    expect(swept).not.toContain(liveChild.pid);
    expect(swept).not.toContain(running.pid);
    await until(() => (bwrapsWith(orphaned).length === 0 ? true : undefined));
    expect(bwrapsWith(live).map((p) => p.pid)).toContain(liveChild.pid);
  });
});

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { untilSandboxGone } from './sandbox-init.js';

function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] as string;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
};

describe.skipIf(process.platform !== 'linux')('untilSandboxGone', () => {
  it('ends the init it was given and resolves once it has exited', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = child.pid as number;
    await untilSandboxGone(Promise.resolve({ pid, startTime: startTimeOf(pid) }));
    expect(alive(pid)).toBe(false);
  });

  it('leaves alone a process that only has the pid (another start time)', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = child.pid as number;
    try {
      await untilSandboxGone(Promise.resolve({ pid, startTime: `${startTimeOf(pid)}0` }));
      expect(alive(pid)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('has nothing to wait for without a known init', async () => {
    await expect(untilSandboxGone(undefined)).resolves.toBeUndefined();
    await expect(untilSandboxGone(Promise.resolve(undefined))).resolves.toBeUndefined();
  });
});

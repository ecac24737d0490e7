// end-to-end: starts a child process (sleep) that the shared worker's guard must find
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { endLeftRunning, runningHandles } from '../support/process-state.js';

/**
 * The shared end-to-end worker's guard (test/support/shared-worker-guard.ts) fails a file that leaves a
 * server listening or a child process running for the files after it in its worker, and ends them.
 */
describe("the shared worker's guard of what a file leaves running", () => {
  it('names a server left listening and a child process left running, and ends both', async () => {
    const before = runningHandles();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const left = await endLeftRunning(before);
    expect(left).toEqual([
      `a server listening on 127.0.0.1:${port}`,
      `a child process (sleep 600; pid ${child.pid})`,
    ]);
    expect(server.listening).toBe(false);
    expect(child.signalCode).toBe('SIGKILL');
  });

  it('counts neither what was running before nor a child already signalled, and waits for that one to end', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      server.close();
    });
    const before = runningHandles();
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    // as vouch ends a sandbox: its process group killed, which the ChildProcess object does not see
    const group = spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
    await Promise.all([once(child, 'spawn'), once(group, 'spawn')]);
    child.kill('SIGTERM');
    process.kill(-group.pid!, 'SIGKILL');
    expect(group.killed).toBe(false);
    expect(await endLeftRunning(before)).toEqual([]);
    expect(child.signalCode).toBe('SIGTERM');
    expect(group.signalCode).toBe('SIGKILL');
    expect(server.listening).toBe(true);
  });
});

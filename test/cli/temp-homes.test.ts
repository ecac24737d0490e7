import { readdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localModelWorkspace } from '../support/cli-local-model.js';
import { type CliResult, runCli } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';
import { startServeProcess } from '../support/serve-process.js';
import { removeFolder, testFolder } from '../support/test-folders.js';

/**
 * Issue 56: the supports that run vouch each made a fresh `vouch-home-*` in /tmp and never removed it
 * (18,674 of them one morning). Here they make their homes in a private temporary folder (TMPDIR), and the
 * tests in order see each home live until its test has finished and be gone after it: a command's, a
 * child's, a child still running when its test ends, a server's once it has exited.
 */
let root: string;
const homes = () => readdirSync(root).filter((name) => name.startsWith('vouch-home-'));
const workspaces = () => readdirSync(root).filter((name) => name.startsWith('vouch-ws-'));
/** the run of `vouch serve` a test leaves running, read by the test after it */
let leftRunning: Promise<CliResult> | undefined;

/** A port free now on the loopback interface (the OS's pick, released again). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts a connection on the loopback port now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

beforeAll(() => {
  root = testFolder('vouch-temp-homes-');
  vi.stubEnv('TMPDIR', root);
});
afterAll(() => {
  vi.unstubAllEnvs();
  removeFolder(root);
});

describe("the suite's temporary homes", () => {
  it('keeps the home of a command run in-process until its test has finished', async () => {
    const result = await runMain(['--version']);
    expect(result.code).toBe(0);
    expect(homes()).toHaveLength(1);
    // a support's workspace too
    localModelWorkspace();
    expect(workspaces()).toHaveLength(1);
  });

  it("removes it after, and a child's home after its test", async () => {
    expect(homes()).toEqual([]);
    expect(workspaces()).toEqual([]);
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(homes()).toHaveLength(1);
  });

  it('stops a child still running when its test ends, then removes its home', async () => {
    expect(homes()).toEqual([]);
    const cwd = localModelWorkspace();
    const port = await freePort();
    // `vouch serve` runs until it is stopped: the test ends without waiting for it, once it is listening
    leftRunning = runCli(['serve', '--port', String(port)], { cwd });
    let settled = false;
    void leftRunning.finally(() => {
      settled = true;
    });
    const deadline = Date.now() + 60_000;
    while (!(await accepts(port))) {
      expect(settled, 'vouch serve exited before it listened').toBe(false);
      expect(Date.now(), 'vouch serve did not listen within 60 s').toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(homes()).toHaveLength(1);
  });

  it('stopped it with SIGTERM, so it could stop its own children and scratch folders, and removed its home', async () => {
    const result = await leftRunning!;
    expect(result.stderr).toContain('vouch serve: listening on');
    // its own exit after SIGTERM (130, interrupted), not SIGKILL's (no code)
    expect(result.code).toBe(130);
    expect(homes()).toEqual([]);
  });

  it("removes a server's home once it has exited", async () => {
    expect(homes()).toEqual([]);
    const cwd = localModelWorkspace();
    writeFileSync(join(cwd, 'server.toml'), '');
    const server = await startServeProcess(cwd, { VOUCH_CONFIG: join(cwd, 'server.toml') });
    expect(homes()).toHaveLength(1);
    server.child.kill('SIGTERM');
    await server.exited;
    expect(homes()).toEqual([]);
  });
});

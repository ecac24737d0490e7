import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localModelWorkspace } from '../support/cli-local-model.js';
import { runCli } from '../support/run-cli.js';
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

  it('kills a child still running when its test ends, then removes its home', async () => {
    expect(homes()).toEqual([]);
    const cwd = localModelWorkspace();
    // `vouch serve` runs until it is stopped: the test ends without waiting for it
    void runCli(['serve', '--port', '0'], { cwd });
    expect(homes()).toHaveLength(1);
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

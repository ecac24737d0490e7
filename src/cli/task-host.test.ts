import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FakeProviders, startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { closeLocalLogs } from '../telemetry/local-log.js';
import { cliTaskHost } from './task-host.js';
import { openWorkspace } from './workspace-setup.js';

/**
 * The CLI's host in-process: the workspace's `vouch.toml` read from the folder the command runs in, the
 * process's environment, and the model it chooses asked over the real Ollama protocol on a loopback
 * server. (`vouch generate` end to end, as a child process, is test/cli/generate.test.ts.)
 */
let fake: FakeProviders;
let workspace: string;
let home: string;

// the host installs the CLI's Ctrl-C handling (cli/signals.ts); the test worker's own is put back after
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const listeners = SIGNALS.map((signal) => process.listeners(signal));

beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(async () => {
  await fake.close();
  // the host's audit log (telemetry/local-log.ts): its stores, and its close at the process's end
  await closeLocalLogs();
  SIGNALS.forEach((signal, index) => {
    for (const listener of process.listeners(signal))
      if (!listeners[index]!.includes(listener)) process.removeListener(signal, listener);
  });
});
beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-ws-'));
  home = mkdtempSync(join(tmpdir(), 'vouch-home-'));
  // as runCli isolates a CLI run: no host model variables, no user config file
  for (const name of [
    'VOUCH_MODEL',
    'VOUCH_CONFIG',
    'OPENAI_BASE_URL',
    'OPENAI_API_KEY',
    'ANTHROPIC_API_KEY',
  ])
    vi.stubEnv(name, undefined);
  vi.stubEnv('XDG_CONFIG_HOME', join(home, '.config'));
  vi.stubEnv('OLLAMA_HOST', fake.url);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

/** What the generate command's host sends the model it chooses for generating. */
async function generateModelAsked(): Promise<string> {
  const host = await cliTaskHost(openWorkspace({ cwd: workspace }), { quiet: true });
  const model = await host.model('generate');
  await model.chat({ messages: [{ role: 'user', content: 'x' }] });
  return (fake.requestsTo('/api/chat').at(-1)!.body as { model: string }).model;
}

describe("the CLI's model", () => {
  it('uses the model the workspace config names, and VOUCH_MODEL over it', async () => {
    writeFileSync(join(workspace, 'vouch.toml'), '[model]\ngenerate = "ollama:from-config"\n');
    fake.handle('/api/chat', () => ({ text: 'ok' }));
    const fromConfig = await generateModelAsked();
    vi.stubEnv('VOUCH_MODEL', 'ollama:from-env');
    const fromEnv = await generateModelAsked();
    expect(fake.requestsTo('/api/chat').map((request) => (request.body as { model: string }).model)).toEqual([
      'from-config',
      'from-env',
    ]);
    expect([fromConfig, fromEnv]).toEqual(['from-config', 'from-env']);
  });
});

describe('the host of a command that asks for no model', () => {
  it('still stops on a bad [privacy] section when it is made (the model chooser is loaded later)', async () => {
    writeFileSync(join(workspace, 'vouch.toml'), '[privacy]\npolicy = "everywhere"\n');
    await expect(cliTaskHost(openWorkspace({ cwd: workspace }), { quiet: true })).rejects.toThrow(
      /\[privacy\] in the config is invalid/,
    );
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { loadConfig } from './load.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vouch-config-'));
}

describe('loadConfig', () => {
  it('merges user, workspace and explicit files in that order', () => {
    const home = tempDir();
    const workspace = tempDir();
    const extra = join(tempDir(), 'extra.toml');
    const env = { XDG_CONFIG_HOME: home } as NodeJS.ProcessEnv;
    mkdirSync(join(home, 'vouch'));
    writeFileSync(join(home, 'vouch', 'config.toml'), '[model]\ndefault = "ollama:a"\nchat = "ollama:c"\n');
    writeFileSync(join(workspace, 'vouch.toml'), '[model]\ndefault = "openai:b"\n');
    writeFileSync(extra, '[licence]\nproject = "MIT"\n');
    const loaded = loadConfig({ workspaceRoot: workspace, file: extra, env });
    expect(loaded.data).toEqual({
      model: { default: 'openai:b', chat: 'ollama:c' },
      licence: { project: 'MIT' },
    });
    expect(loaded.sources).toHaveLength(3);
  });

  it('names the file of invalid TOML', () => {
    const workspace = tempDir();
    writeFileSync(join(workspace, 'vouch.toml'), '[model\n');
    expect(() => loadConfig({ workspaceRoot: workspace, env: { XDG_CONFIG_HOME: tempDir() } })).toThrow(
      UsageError,
    );
    expect(() => loadConfig({ workspaceRoot: workspace, env: { XDG_CONFIG_HOME: tempDir() } })).toThrow(
      /vouch\.toml/,
    );
  });
});

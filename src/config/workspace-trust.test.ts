import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExternalDataError } from '../core/external-data.js';
import {
  isWorkspaceTrusted,
  revokeWorkspaceTrust,
  trustStorePath,
  trustWorkspace,
} from './workspace-trust.js';

const made: string[] = [];
afterEach(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A workspace with a vouch.toml, and a data dir of its own for the trust file. */
function setup(): { workspace: string; env: NodeJS.ProcessEnv; store: string } {
  const base = mkdtempSync(join(tmpdir(), 'vouch-trust-'));
  made.push(base);
  const workspace = join(base, 'project');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'vouch.toml'), '[model]\n');
  const env = { XDG_DATA_HOME: join(base, 'data') };
  return { workspace, env, store: trustStorePath(env) };
}

function damage(store: string, text: string): void {
  mkdirSync(dirname(store), { recursive: true });
  writeFileSync(store, text);
}

describe('the trust file on disk', () => {
  it('trusts, reads and forgets a workspace', () => {
    const { workspace, env } = setup();
    expect(isWorkspaceTrusted(workspace, env)).toBe(false);
    trustWorkspace(workspace, env);
    expect(isWorkspaceTrusted(workspace, env)).toBe(true);
    expect(revokeWorkspaceTrust(workspace, env)).toBe(true);
    expect(isWorkspaceTrusted(workspace, env)).toBe(false);
  });

  it('trusts nothing when the file is not JSON, and names the file when asked to change it', () => {
    const { workspace, env, store } = setup();
    damage(store, '{"workspaces": [');
    expect(isWorkspaceTrusted(workspace, env)).toBe(false);
    let error: unknown;
    try {
      trustWorkspace(workspace, env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ExternalDataError);
    expect((error as ExternalDataError).message).toMatch(
      new RegExp(`^${store.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\(`),
    );
    expect((error as ExternalDataError).hint).toContain(`fix or delete ${store}`);
    // the user's file is left as it was
    expect(readFileSync(store, 'utf8')).toBe('{"workspaces": [');
  });

  it('says what is wrong with a file of the wrong shape, and passes over entries that are not records', () => {
    const { workspace, env, store } = setup();
    damage(store, JSON.stringify({ version: 1, workspaces: 'all' }));
    expect(() => revokeWorkspaceTrust(workspace, env)).toThrow(
      `${store}: unexpected content (workspaces: Invalid input: expected array, received string)`,
    );
    damage(store, JSON.stringify({ version: 1, workspaces: [{ root: 7 }, null] }));
    trustWorkspace(workspace, env);
    expect(isWorkspaceTrusted(workspace, env)).toBe(true);
    expect(JSON.parse(readFileSync(store, 'utf8')).workspaces).toHaveLength(1);
  });
});

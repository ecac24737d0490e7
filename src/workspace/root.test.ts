import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stateHome } from '../core/user-dirs.js';
import { cacheStateDir, userStateDir, vouchDir } from './root.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-root-'));
  made.push(dir);
  return dir;
}

describe('vouchDir', () => {
  it('makes .vouch/ private to its owner (0700) with a .gitignore of everything', () => {
    const root = workspace();
    const dir = vouchDir(root);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('tightens a .vouch/ an older vouch left readable by others, keeping what it holds', () => {
    const root = workspace();
    mkdirSync(join(root, '.vouch'));
    chmodSync(join(root, '.vouch'), 0o755);
    expect(vouchDir(root)).toBe(join(root, '.vouch'));
    expect(statSync(join(root, '.vouch')).mode & 0o777).toBe(0o700);
    // an existing folder is the user's: no .gitignore is written into it behind their back
    expect(existsSync(join(root, '.vouch', '.gitignore'))).toBe(false);
  });
});

describe("the user's folders for a workspace", () => {
  it('are under the one state and cache home every store uses, whatever HOME and XDG_* say', () => {
    const root = workspace();
    for (const env of [
      { HOME: '  ' }, // blank: the account's home, never a relative "  /.local/state"
      { HOME: '/home/someone', XDG_STATE_HOME: 'relative/state', XDG_CACHE_HOME: 'relative/cache' },
      { HOME: '/home/someone', XDG_STATE_HOME: '/xdg/state', XDG_CACHE_HOME: '/xdg/cache' },
    ]) {
      const state = userStateDir(root, env);
      const cache = cacheStateDir(root, env);
      expect(isAbsolute(state) && isAbsolute(cache)).toBe(true);
      expect(state.startsWith(join(stateHome(env), 'vouch', 'workspaces'))).toBe(true);
    }
    expect(userStateDir(root, { HOME: '  ' }).startsWith(join(homedir(), '.local', 'state'))).toBe(true);
    expect(cacheStateDir(root, { HOME: '  ' }).startsWith(join(homedir(), '.cache'))).toBe(true);
  });
});

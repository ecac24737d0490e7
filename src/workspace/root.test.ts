import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { vouchDir } from './root.js';

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

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkspaceText } from './read-workspace-file.js';
import {
  isReadableWorkspaceFile,
  type PathRefusal,
  resolveWorkspacePath,
  WorkspacePathError,
} from './resolve-path.js';

let outside: string;
let root: string;

beforeAll(() => {
  outside = mkdtempSync(join(tmpdir(), 'vouch-resolve-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'outside the workspace\n');
  mkdirSync(join(outside, 'lib'));
  writeFileSync(join(outside, 'lib', 'util.py'), 'X = 1\n');
  root = mkdtempSync(join(tmpdir(), 'vouch-resolve-ws-'));
  mkdirSync(join(root, 'app'));
  mkdirSync(join(root, '.vouch'));
  writeFileSync(join(root, 'app', 'main.py'), 'print(1)\n');
  writeFileSync(join(root, '.env'), 'API_KEY=abc\n');
  writeFileSync(join(root, '.vouch', 'server.db'), 'store');
  symlinkSync('/etc/shadow', join(root, 'app', 'shadow.py'));
  symlinkSync('../.env', join(root, 'app', 'env.py'));
  symlinkSync(join(root, '.vouch', 'server.db'), join(root, 'app', 'db.py'));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'app', 'out.py'));
  symlinkSync(join(outside, 'lib'), join(root, 'vendored'));
  symlinkSync('main.py', join(root, 'app', 'alias.py'));
  symlinkSync(join(outside, 'nowhere.py'), join(root, 'app', 'dangling.py'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function refusal(path: string, kind?: 'file' | 'directory' | 'any'): PathRefusal | undefined {
  try {
    resolveWorkspacePath(root, path, kind ? { kind } : {});
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkspacePathError);
    return (error as WorkspacePathError).reason;
  }
}

describe('resolveWorkspacePath', () => {
  it('resolves a file of the workspace, named relatively or absolutely inside it', () => {
    expect(resolveWorkspacePath(root, 'app/main.py').path).toBe('app/main.py');
    expect(resolveWorkspacePath(root, join(root, 'app', 'main.py')).path).toBe('app/main.py');
    expect(resolveWorkspacePath(root, './app//main.py').path).toBe('app/main.py');
    // a link to another file of the workspace is that file
    expect(readWorkspaceText(root, 'app/alias.py')).toBe('print(1)\n');
  });

  it('refuses paths that leave the workspace, by name or through a symbolic link', () => {
    expect(refusal('../x.py')).toBe('outside');
    expect(refusal('app/../../x.py')).toBe('outside');
    expect(refusal('/etc/passwd')).toBe('outside');
    expect(refusal('app/shadow.py')).toBe('outside');
    expect(refusal('app/out.py')).toBe('outside');
    // a linked folder that leads out: every file under it is outside
    expect(refusal('vendored/util.py')).toBe('outside');
    expect(refusal('vendored', 'directory')).toBe('outside');
  });

  it('refuses secrets files and the stores, by name and where a link points', () => {
    expect(refusal('.env')).toBe('secrets');
    expect(refusal('app/env.py')).toBe('secrets');
    expect(refusal('.vouch/server.db')).toBe('store');
    expect(refusal('app/db.py')).toBe('store');
  });

  it('says what is missing or not a file, and refuses a new file behind a dangling link', () => {
    expect(refusal('app/none.py')).toBe('missing');
    expect(refusal('app')).toBe('not-a-file');
    expect(refusal('app/main.py', 'directory')).toBe('not-a-file');
    expect(resolveWorkspacePath(root, 'app/new.py', { kind: 'any' }).path).toBe('app/new.py');
    expect(refusal('vendored/new.py', 'any')).toBe('outside');
    expect(refusal('app/dangling.py', 'any')).toBe('missing');
  });

  it('never reads what it refuses, and its errors say what to do', () => {
    expect(() => readWorkspaceText(root, 'app/shadow.py', 'fix a source file')).toThrow(
      /app\/shadow\.py leads outside the workspace/,
    );
    try {
      readWorkspaceText(root, 'app/env.py', 'explain a source file');
    } catch (error) {
      expect((error as WorkspacePathError).hint).toBe('explain a source file');
      expect((error as Error).message).not.toContain('API_KEY');
    }
    expect(isReadableWorkspaceFile(root, 'app/main.py')).toBe(true);
    expect(isReadableWorkspaceFile(root, 'app/env.py')).toBe(false);
  });
});

import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { workspaceSettings } from './workspace-settings.js';

/**
 * w123, review r30: a Python file over 2 MB is searched for the settings' words, and the answer kept while
 * its size, time, inode and change time stay. The module's reads are counted through a `readFileSync`
 * that calls the real one: the file untouched is read once over three checks; touched, read again.
 */
const reads = vi.hoisted(() => ({ paths: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    reads.paths.push(String(path));
    return (real.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof real.readFileSync;
  return { ...real, default: { ...real, readFileSync }, readFileSync };
});

const made: string[] = [];
afterEach(() => {
  for (const root of made.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

const VIEWS = 'from flask import render_template_string\n';
const BIG = `from flask import Flask\napp = Flask(__name__)\n${`D = "${'x'.repeat(100)}"\n`.repeat(22_000)}`;

describe("a large file's search for settings words", () => {
  it('is kept while the file stays as it was, and made again once it is touched', async () => {
    const root = fs.mkdtempSync(join(tmpdir(), 'vouch-ws-large-'));
    made.push(root);
    fs.mkdirSync(join(root, '.vouch'));
    fs.mkdirSync(join(root, 'app'));
    const file = join(root, 'app', '__init__.py');
    fs.writeFileSync(file, BIG);
    fs.writeFileSync(join(root, 'app', 'views.py'), VIEWS);
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    fs.utimesSync(file, hourAgo, hourAgo);
    const given = new Set([join(root, 'app', 'views.py')]);
    const readsOfBig = () => reads.paths.filter((path) => path === file).length;
    for (let check = 0; check < 3; check++)
      expect((await workspaceSettings(root, { given })).notRead).toEqual([]);
    expect(readsOfBig()).toBe(1);
    fs.utimesSync(file, hourAgo + 1, hourAgo + 1);
    expect((await workspaceSettings(root, { given })).notRead).toEqual([]);
    expect(readsOfBig()).toBe(2);
  });
});

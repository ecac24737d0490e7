import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workspaceSettings } from './workspace-settings.js';

/**
 * w123, review r30: a Python file over 2 MB is searched for the settings' words, and the answer kept while
 * its size, time, inode and change time stay. The reads are seen in the bytes this process has read
 * (Linux's /proc/self/io `rchar`): the 2.6 MB file untouched is read once over three checks; its time
 * moved, it is read again. No module is mocked (the unit tier's files share their modules).
 */
const made: string[] = [];
afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

const VIEWS = 'from flask import render_template_string\n';
const BIG = `from flask import Flask\napp = Flask(__name__)\n${`D = "${'x'.repeat(100)}"\n`.repeat(25_000)}`;
const MB = 1024 * 1024;

/** the bytes this process has read so far */
const bytesRead = () => Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1]);

describe.skipIf(process.platform !== 'linux')("a large file's search for settings words", () => {
  it('is kept while the file stays as it was, and made again once it is touched', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vouch-ws-large-'));
    made.push(root);
    writeFileSync(join(root, 'vouch.toml'), '');
    mkdirSync(join(root, 'app'));
    const file = join(root, 'app', '__init__.py');
    writeFileSync(file, BIG);
    writeFileSync(join(root, 'app', 'views.py'), VIEWS);
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    utimesSync(file, hourAgo, hourAgo);
    const given = new Set([join(root, 'app', 'views.py')]);
    const check = async () => {
      const before = bytesRead();
      expect((await workspaceSettings(root, { given })).notRead).toEqual([]);
      return bytesRead() - before;
    };
    expect(await check()).toBeGreaterThan(2.5 * MB);
    expect(await check()).toBeLessThan(MB);
    expect(await check()).toBeLessThan(MB);
    utimesSync(file, hourAgo + 1, hourAgo + 1);
    expect(await check()).toBeGreaterThan(2.5 * MB);
  });
});

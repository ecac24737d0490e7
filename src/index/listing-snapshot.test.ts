// end-to-end: makes git repositories (git init) to list
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ageTree, tempProject } from '../../test/support/temp-project.js';
import { listWorkspaceFiles } from '../workspace/files.js';
import { cacheStateDir } from '../workspace/root.js';
import { indexLockPath } from './index-lock.js';
import { IndexStore } from './index-store.js';
import { listedFilesNow, listForRefresh } from './listing-snapshot.js';
import { refreshFindsNothing, refreshIndex } from './open-index.js';

const made: string[] = [];
// the snapshot lives in the user's cache dir (XDG_CACHE_HOME): each test has its own
beforeEach(() => {
  vi.stubEnv('XDG_CACHE_HOME', tempProject('vouch-listing-user-cache-', {}, made));
});
afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const snapshotFile = (root: string) => join(cacheStateDir(root), 'listing.json');

const paths = (files: { path: string }[]) => files.map((file) => file.path);

describe('the listing snapshot', () => {
  it('is not read from the workspace’s .vouch/, where a repository could ship one (w181)', async () => {
    const parent = tempProject(
      'vouch-listing-clone-',
      { 'outside/notes.txt': 'not the workspace’s\n' },
      made,
    );
    const root = join(parent, 'repo');
    mkdirSync(join(root, '.vouch'), { recursive: true });
    writeFileSync(join(root, 'app.py'), 'x = 1\n');
    writeFileSync(join(root, '.env'), 'TOKEN=1\n');
    const stat = (path: string) => [statSync(join(root, path)).size, statSync(join(root, path)).mtimeMs];
    // a snapshot that watches nothing (no folder, no rule file) and lists what the rules leave out
    writeFileSync(
      join(root, '.vouch', 'listing.json'),
      JSON.stringify({
        format: 1,
        root,
        maxBytes: null,
        takenAt: Date.now() - 60_000,
        skipped: 0,
        directories: [],
        rules: [],
        files: [
          ['.env', ...stat('.env')],
          ['../outside/notes.txt', ...stat('../outside/notes.txt')],
          ['app.py', ...stat('app.py')],
        ],
        leftOut: [],
      }),
    );
    const listed = paths((await listForRefresh(root)).files);
    expect(listed).toEqual(paths(await listWorkspaceFiles(root)));
    expect(listed).toContain('app.py');
    expect(listed).not.toContain('.env');
    expect(listed).not.toContain('../outside/notes.txt');
    expect(await listedFilesNow(root)).toBeUndefined(); // ours is younger than two seconds: not trusted yet
  });

  it('lists what a full listing lists after each change of files, folders and ignore rules', async () => {
    const root = tempProject(
      'vouch-listing-',
      {
        'src/app.py': 'x = 1\n',
        'src/notes.kml': '<kml/>\n', // no grammar, no known text extension: decided by its content
        'src/big.py': `# ${'x'.repeat(3000)}\n`,
        'build/out.py': 'y = 2\n',
        '.gitignore': 'build/\n',
      },
      made,
    );
    mkdirSync(join(root, '.vouch'));
    mkdirSync(join(root, 'empty'));
    execFileSync('git', ['init', '-q'], { cwd: root });
    const options = { maxFileBytes: 2000 };
    const check = async (change: () => void, reused: boolean) => {
      ageTree(root);
      await listForRefresh(root, options); // a snapshot of the tree before the change
      const snapshot = readFileSync(snapshotFile(root), 'utf8');
      change();
      const listed = await listForRefresh(root, options);
      expect(paths(listed.files)).toEqual(paths(await listWorkspaceFiles(root, options)));
      // A change that cannot alter the listing keeps the snapshot; any other lists afresh.
      expect(readFileSync(snapshotFile(root), 'utf8') === snapshot).toBe(reused);
      return listed;
    };
    const edited = await check(() => writeFileSync(join(root, 'src/app.py'), 'x = 10\n'), true);
    expect(edited.files.find((file) => file.path === 'src/app.py')?.size).toBe(7);
    await check(() => writeFileSync(join(root, 'empty/new.py'), 'z = 3\n'), false);
    await check(() => writeFileSync(join(root, '.gitignore'), 'build/\nsrc/app.py\n'), false);
    await check(() => writeFileSync(join(root, '.gitignore'), 'src/app.py\n'), false);
    await check(() => writeFileSync(join(root, '.vouchignore'), 'empty/\n'), false);
    await check(() => writeFileSync(join(root, 'src/notes.kml'), Buffer.from([0, 1, 2, 0, 3])), false);
    await check(() => writeFileSync(join(root, 'src/big.py'), 'small = 1\n'), false);
    await check(() => writeFileSync(join(root, 'src/big.py'), `# ${'x'.repeat(3000)}\n`), false);
    await check(() => rmSync(join(root, 'build/out.py')), false);
    // Rules from a file that is not itself listed: git's own excludes.
    await check(() => writeFileSync(join(root, '.git/info/exclude'), 'src/big.py\n'), false);
  });

  it('is not trusted right after the folders it watches changed (times have a coarse clock)', async () => {
    const root = tempProject('vouch-listing-', { 'a.py': 'a = 1\n' }, made);
    mkdirSync(join(root, '.vouch'));
    // the root changed "just now" as the listing sees it, whatever the delay before the listing starts on a
    // loaded runner (a time ahead of the clock: a real change at the listing's own second looks the same)
    const justNow = new Date(Date.now() + 60_000);
    utimesSync(root, justNow, justNow);
    await listForRefresh(root);
    // A count only the snapshot holds: a listing that trusted it would answer 7. (Comparing the file's text
    // could not tell: a listing afresh within the same millisecond writes the same text, and without a
    // repository to ask git about, two listings of one file can take less than that.)
    const path = snapshotFile(root);
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), skipped: 7 }));
    expect((await listForRefresh(root)).skipped).toBe(0);
  });

  it('tells, from stats taken meanwhile, whether a refresh would have anything to do', async () => {
    const root = tempProject(
      'vouch-listing-',
      { 'app/models.py': 'class Order:\n    pass\n', 'app/views.py': 'x = 1\n', 'later/.keep': '' },
      made,
    );
    execFileSync('git', ['init', '-q'], { cwd: root });
    const store = IndexStore.open(root);
    try {
      const refreshed = async () => {
        await refreshIndex({ root, store, listing: 'snapshot' });
        ageTree(root); // the snapshot's times two seconds old and more: trusted
        await refreshIndex({ root, store, listing: 'snapshot' });
      };
      const findsNothing = async () => expect(await refreshFindsNothing(root, store)).toBe(true);
      expect(await refreshFindsNothing(root, store)).toBe(false); // no snapshot yet
      await refreshed();
      await findsNothing();
      // Edited in place, even keeping its size and with a time in the past: the mtime differs from the stored one.
      writeFileSync(join(root, 'app/views.py'), 'x = 2\n');
      utimesSync(
        join(root, 'app/views.py'),
        new Date(Date.now() - 7_200_000),
        new Date(Date.now() - 7_200_000),
      );
      expect(await refreshFindsNothing(root, store)).toBe(false);
      await refreshed();
      await findsNothing();
      // Only its time changed.
      utimesSync(join(root, 'app/views.py'), new Date(), new Date());
      expect(await refreshFindsNothing(root, store)).toBe(false);
      await refreshed();
      await findsNothing();
      writeFileSync(join(root, 'later/new.py'), 'y = 1\n'); // added: its folder's time changes
      expect(await refreshFindsNothing(root, store)).toBe(false);
      await refreshed();
      await findsNothing();
      rmSync(join(root, 'app/models.py'));
      expect(await refreshFindsNothing(root, store)).toBe(false);
      await refreshed();
      await findsNothing();
      // Another process indexing holds the lock: a refresh would wait for it.
      writeFileSync(indexLockPath(root), String(process.pid));
      expect(await refreshFindsNothing(root, store)).toBe(false);
      rmSync(indexLockPath(root));
      await findsNothing();
    } finally {
      store.close();
    }
  });

  it('gives the listed files with what a stat says of each now', async () => {
    const root = tempProject(
      'vouch-listing-',
      { 'app/models.py': 'class Order:\n    pass\n', 'app/views.py': 'x = 1\n', 'README.md': '# r\n' },
      made,
    );
    execFileSync('git', ['init', '-q'], { cwd: root });
    const store = IndexStore.open(root);
    try {
      expect(await listedFilesNow(root)).toBeUndefined(); // no snapshot yet
      await refreshIndex({ root, store, listing: 'snapshot' });
      ageTree(root);
      await refreshIndex({ root, store, listing: 'snapshot' });
      writeFileSync(join(root, 'app/views.py'), 'x = 22\n'); // a file's content changes, not the listing
      const now = await listedFilesNow(root);
      expect(now!.paths).toEqual(['README.md', 'app/models.py', 'app/views.py']);
      now!.paths.forEach((path, at) => {
        const info = statSync(join(root, path));
        expect([path, now!.sizes[at], now!.mtimes[at]]).toEqual([path, info.size, info.mtimeMs]);
      });
    } finally {
      store.close();
    }
  });
});

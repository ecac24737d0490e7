import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ageTree, tempProject } from '../../test/support/temp-project.js';
import { listWorkspaceFiles } from '../workspace/files.js';
import { IndexStore } from './index-store.js';
import { listedFilesNow, listForRefresh, listingOnWorker } from './listing-snapshot.js';
import { refreshFindsNothing, refreshIndex } from './open-index.js';
import { statByProcess } from './stat-process.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const paths = (files: { path: string }[]) => files.map((file) => file.path);

describe('the listing snapshot', () => {
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
      const snapshot = readFileSync(join(root, '.vouch', 'listing.json'), 'utf8');
      change();
      const listed = await listForRefresh(root, options);
      expect(paths(listed.files)).toEqual(paths(await listWorkspaceFiles(root, options)));
      // A change that cannot alter the listing keeps the snapshot; any other lists afresh.
      expect(readFileSync(join(root, '.vouch', 'listing.json'), 'utf8') === snapshot).toBe(reused);
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
    await listForRefresh(root);
    const snapshot = readFileSync(join(root, '.vouch', 'listing.json'), 'utf8');
    await listForRefresh(root);
    expect(readFileSync(join(root, '.vouch', 'listing.json'), 'utf8')).not.toBe(snapshot);
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
      // Asked twice: the second check finds what the first saw (.vouch/listing-seen) and reads no record.
      const seen = join(root, '.vouch', 'listing-seen');
      const findsNothing = async () => {
        rmSync(seen, { force: true });
        expect(await refreshFindsNothing(root, store)).toBe(true);
        const written = readFileSync(seen, 'utf8');
        expect(await refreshFindsNothing(root, store)).toBe(true);
        expect(readFileSync(seen, 'utf8')).toBe(written);
      };
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
      // Only its time changed: the stat output differs from the one seen, so it is read and compared.
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
      writeFileSync(join(root, '.vouch', 'index.lock'), String(process.pid));
      expect(await refreshFindsNothing(root, store)).toBe(false);
      rmSync(join(root, '.vouch', 'index.lock'));
      // What was seen counts only for the index's content it was seen with.
      writeFileSync(seen, readFileSync(seen, 'utf8').replace(/^\S+/, 'another-generation'));
      expect(await refreshFindsNothing(root, store)).toBe(true);
      expect(readFileSync(seen, 'utf8')).not.toMatch(/^another-generation/);
    } finally {
      store.close();
    }
  });

  it.runIf(existsSync('/usr/bin/stat') && existsSync('/usr/bin/xargs'))(
    'asks a stat process what statSync would say of each path: type, size and the same mtimeMs',
    async () => {
      const root = tempProject(
        'vouch-stat-',
        { 'a.py': 'x = 1\n', 'with space.py': '', 'line\nbreak.py': 'y\n', 'sub/b.py': 'z = 2\n' },
        made,
      );
      symlinkSync(join(root, 'a.py'), join(root, 'link.py'));
      symlinkSync(join(root, 'gone.py'), join(root, 'dangling.py'));
      // a time with nanoseconds that do not round to a whole microsecond
      utimesSync(join(root, 'sub/b.py'), 1_700_000_000.123457, 1_700_000_000.987654);
      const outside = join(root, 'sub');
      const asked = ['.', 'a.py', 'with space.py', 'line\nbreak.py', 'sub', 'sub/b.py', 'link.py'];
      const missing = ['dangling.py', 'nothing.py', '-starts-with-a-dash.py'];
      const all = [...asked, ...missing, outside, 'a.py'];
      const stats = await statByProcess(root, all);
      expect(stats).toBeDefined();
      all.forEach((path, at) => {
        const info = statSync(path === outside ? outside : join(root, path), { throwIfNoEntry: false });
        if (!info) {
          expect([path, stats!.kinds[at]]).toEqual([path, 0]);
          return;
        }
        expect([path, stats!.kinds[at] === 1, stats!.sizes[at], stats!.mtimes[at]]).toEqual([
          path,
          info.isFile(),
          info.size,
          info.mtimeMs,
        ]);
      });
    },
  );

  it.runIf(existsSync('/usr/bin/stat') && existsSync('/usr/bin/xargs') && existsSync('/proc/self/stat'))(
    'lets the stat process run to its end while this thread does not yield, however many paths it asks',
    async () => {
      // More paths and records than a pipe holds (64 KB each way): a caller assembling a context meanwhile
      // does not run the event loop that would feed and drain pipes.
      const names = Array.from({ length: 1500 }, (_, at) => `${'long-name-'.repeat(6)}${at}.py`);
      const root = tempProject('vouch-stat-', Object.fromEntries(names.map((name) => [name, 'x\n'])), made);
      const childrenFile = `/proc/self/task/${process.pid}/children`;
      const before = new Set(readFileSync(childrenFile, 'utf8').split(' ').filter(Boolean));
      const answer = statByProcess(root, ['.', ...names]);
      const started = [...readFileSync(childrenFile, 'utf8').split(' ')].filter(
        (pid) => pid && !before.has(pid),
      );
      expect(started).toHaveLength(1);
      // Blocked, as an assembly is: the process must still finish (a zombie until this thread reaps it).
      const state = () => readFileSync(`/proc/${started[0]}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
      const deadline = Date.now() + 20_000;
      while (state() !== 'Z' && Date.now() < deadline)
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      expect(state()).toBe('Z');
      const stats = await answer;
      expect(stats).toBeDefined();
      expect([...stats!.kinds]).toEqual([2, ...names.map(() => 1)]);
      expect([...stats!.sizes.subarray(1)]).toEqual(names.map(() => 2));
    },
  );

  it('finds the same listing by a stat process as on a worker thread', async () => {
    const root = tempProject(
      'vouch-listing-',
      { 'app/models.py': 'class Order:\n    pass\n', 'app/views.py': 'x = 1\n', 'README.md': '# r\n' },
      made,
    );
    execFileSync('git', ['init', '-q'], { cwd: root });
    const store = IndexStore.open(root);
    try {
      await refreshIndex({ root, store, listing: 'snapshot' });
      ageTree(root);
      await refreshIndex({ root, store, listing: 'snapshot' });
      const now = await listedFilesNow(root);
      const onWorker = await listingOnWorker(root);
      expect(now).toBeDefined();
      expect(now!.paths).toEqual(onWorker!.paths);
      expect([...now!.sizes]).toEqual([...onWorker!.sizes]);
      expect([...now!.mtimes]).toEqual([...onWorker!.mtimes]);
    } finally {
      store.close();
    }
  });
});

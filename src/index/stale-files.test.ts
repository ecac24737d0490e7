import { mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexStore } from './index-store.js';
import { refreshIndexedFiles, staleIndexedPaths } from './stale-files.js';
import { updateIndex } from './update-index.js';

const made: string[] = [];
const stores: IndexStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function write(root: string, path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** A tree indexed by a real refresh, with its store (a second `open` is another connection, as another process has). */
async function indexed(files: Record<string, string>): Promise<{ root: string; open: () => IndexStore }> {
  const root = mkdtempSync(join(tmpdir(), 'vouch-stale-'));
  made.push(root);
  for (const [path, content] of Object.entries(files)) write(root, path, content);
  const open = () => {
    const store = IndexStore.open(root);
    stores.push(store);
    return store;
  };
  const run = updateIndex({ root, store: open(), poolThreshold: Number.POSITIVE_INFINITY });
  while (!(await run.next()).done);
  return { root, open };
}

/** Moves a file's mtime by `seconds`, bytes untouched. */
function shiftTime(root: string, path: string, seconds: number): void {
  const { atime, mtimeMs } = statSync(join(root, path));
  utimesSync(join(root, path), atime, new Date(mtimeMs + seconds * 1000));
}

const files = {
  'app/money.py': 'def round_money(x):\n    return round(x, 2)\n',
  'app/orders.py': 'def total(items):\n    return sum(items)\n',
  'app/users.py': 'def name(user):\n    return user.name\n',
  'app/views.py': 'def index():\n    return "hi"\n',
};
const all = Object.keys(files);

describe('staleIndexedPaths', () => {
  it('names the deleted file, the one with another size and the one with other bytes, not the touched one', async () => {
    const { root, open } = await indexed(files);
    const store = open();
    expect(staleIndexedPaths(root, store, [...all, 'app/new.py'])).toEqual([]);
    unlinkSync(join(root, 'app/money.py'));
    write(root, 'app/orders.py', 'def total(items):\n    return sum(items) + 1\n');
    // the same size, other bytes and another time (an edit within the same length)
    write(root, 'app/users.py', 'def name(user):\n    return user.nick\n');
    shiftTime(root, 'app/users.py', 5);
    // the same bytes at another time (a checkout, a touch): what the index says still holds
    shiftTime(root, 'app/views.py', 5);
    // a path the index does not hold is not the index's to judge
    write(root, 'app/new.py', 'x = 1\n');
    expect(staleIndexedPaths(root, store, [...all, 'app/new.py', 'app/money.py']).sort()).toEqual([
      'app/money.py',
      'app/orders.py',
      'app/users.py',
    ]);
  });

  it('asks the disk on every call in one index state: a file changed after a first check is stale at the next', async () => {
    const { root, open } = await indexed(files);
    const store = open();
    expect(staleIndexedPaths(root, store, all)).toEqual([]);
    write(root, 'app/orders.py', 'def total(items):\n    return sum(items) * 2 + 1\n');
    expect(staleIndexedPaths(root, store, all)).toEqual(['app/orders.py']);
    // and a path first asked now is read from the index now
    unlinkSync(join(root, 'app/views.py'));
    expect(staleIndexedPaths(root, store, ['app/views.py', 'app/orders.py'])).toEqual([
      'app/views.py',
      'app/orders.py',
    ]);
  });

  it('reads the index again once it changed: files refreshed by this connection or another are current', async () => {
    const { root, open } = await indexed(files);
    const store = open();
    const other = open();
    expect(staleIndexedPaths(root, store, all)).toEqual([]);
    write(root, 'app/orders.py', 'def total(items):\n    return sum(items) * 3\n');
    unlinkSync(join(root, 'app/money.py'));
    expect(staleIndexedPaths(root, store, all).sort()).toEqual(['app/money.py', 'app/orders.py']);
    // another process (its own connection) brings the index up to date
    await refreshIndexedFiles(root, other, ['app/money.py', 'app/orders.py']);
    await Promise.resolve(); // the version is read once per synchronous run
    expect(staleIndexedPaths(root, store, all)).toEqual([]);
    expect(store.storedFilesAt(['app/money.py']).size).toBe(0);
    // and this connection's own refresh
    write(root, 'app/users.py', 'def name(user):\n    return user.full_name\n');
    expect(staleIndexedPaths(root, store, all)).toEqual(['app/users.py']);
    await refreshIndexedFiles(root, store, ['app/users.py']);
    expect(staleIndexedPaths(root, store, all)).toEqual([]);
  });
});

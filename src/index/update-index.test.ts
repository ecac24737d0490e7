import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cannotRunAsUser, prepareUserMirror } from '../../test/support/as-user.js';
import { IndexStore, indexPath } from './index-store.js';
import { searchChunks } from './search.js';
import { type IndexSummary, updateIndex } from './update-index.js';

const made: string[] = [];
const stores: IndexStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-index-'));
  made.push(root);
  for (const [path, content] of Object.entries(files)) write(root, path, content);
  return root;
}

function write(root: string, path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

function open(root: string): IndexStore {
  const store = IndexStore.open(root);
  stores.push(store);
  return store;
}

async function refresh(root: string, store: IndexStore, signal?: AbortSignal): Promise<IndexSummary> {
  const run = updateIndex({
    root,
    store,
    poolThreshold: Number.POSITIVE_INFINITY,
    ...(signal ? { signal } : {}),
  });
  for (;;) {
    const step = await run.next();
    if (step.done) return step.value;
  }
}

/**
 * refresh() run by an ordinary user's process on the built index (dist/): root reads every file whatever
 * its mode, so as root (CI, containers) only another user can meet a file it may not read.
 */
async function refreshAsUser(root: string): Promise<IndexSummary> {
  const mirror = prepareUserMirror();
  try {
    execFileSync('chown', ['-R', `${mirror.uid}:${mirror.gid}`, root]);
    const module = (name: string) =>
      JSON.stringify(pathToFileURL(join(mirror.root, 'dist', 'index', name)).href);
    const script = `const { IndexStore } = await import(${module('index-store.js')});
const { updateIndex } = await import(${module('update-index.js')});
const root = ${JSON.stringify(root)};
const store = IndexStore.open(root);
const run = updateIndex({ root, store, poolThreshold: Number.POSITIVE_INFINITY });
let step = await run.next();
while (!step.done) step = await run.next();
store.close();
process.stdout.write(JSON.stringify(step.value));
`;
    const run = await mirror.run(['--input-type=module', '-e', script]);
    if (run.code !== 0) throw new Error(`the index as ${mirror.user} exited ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout) as IndexSummary;
  } finally {
    mirror.cleanup();
  }
}

const project = {
  'src/users.py':
    'def get_user_name(user_id):\n    """Look up a user\'s display name."""\n    return db.fetch(user_id).name\n',
  'src/orders.py':
    'from users import get_user_name\n\nclass OrderService:\n    def describe(self, order):\n        return get_user_name(order.user_id)\n',
  'web/api.ts': 'export function getUserName(id: string): string {\n  return lookup(id);\n}\n',
  'README.md': '# Shop\n\nOrders and users.\n',
};

describe('updateIndex', () => {
  it('indexes a workspace: chunks, symbols, references', async () => {
    const root = tree(project);
    const store = open(root);
    const summary = await refresh(root, store);
    expect(summary).toMatchObject({ files: 4, parsed: 4, reused: 0, deleted: 0, problems: [] });
    const symbols = store
      .graphRows()
      .symbols.map(({ name, kind, parent }) => ({ name, kind, parent }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(symbols).toEqual([
      { name: 'OrderService', kind: 'class', parent: null },
      { name: 'describe', kind: 'method', parent: 'OrderService' },
      { name: 'getUserName', kind: 'function', parent: null },
      { name: 'get_user_name', kind: 'function', parent: null },
    ]);
    const refs = store.graphRows().references.filter((row) => row.name === 'get_user_name');
    expect(refs.reduce((sum, row) => sum + row.count, 0)).toBe(2); // the import and the call
  });

  it('indexes minified text (over 300 characters a line on average) as an empty file, and only that', async () => {
    // 3,000 characters: 9 lines average 333 a line (minified), 11 lines average 272 (not); the newlines
    // sit at the end, after a long first line, and at the start.
    const lines = (count: number) => `${'x'.repeat(3000 - (count - 1))}${'\n'.repeat(count - 1)}`;
    const root = tree({
      'min.js': `var a=1;${lines(9).slice(8)}`,
      'long.js': lines(11),
      'early.js': `${'\n'.repeat(10)}${'x'.repeat(2990)}`,
    });
    const store = open(root);
    const summary = await refresh(root, store);
    expect(summary.problems).toEqual([{ path: 'min.js', message: 'minified; not indexed' }]);
    expect(store.counts().chunks).toBe(2);
  });

  it('parses nothing when nothing changed, and only what changed otherwise', async () => {
    const root = tree(project);
    const store = open(root);
    await refresh(root, store);
    expect(await refresh(root, store)).toMatchObject({ parsed: 0, touched: 0, reused: 0, deleted: 0 });

    // mtime changed, content did not: hashed, not parsed
    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, 'README.md'), later, later);
    expect(await refresh(root, store)).toMatchObject({ parsed: 0, touched: 1 });

    // an edit: only that file is parsed, its old rows are replaced
    write(root, 'src/users.py', 'def get_display_name(user_id):\n    return "x"\n');
    expect(await refresh(root, store)).toMatchObject({ parsed: 1, files: 4 });
    const names = store
      .graphRows()
      .symbols.map((row) => row.name)
      .filter((name) => name.startsWith('get_'));
    expect(names.sort()).toEqual(['get_display_name']);

    // a rename: same content at a new path is copied, not parsed; the old path is gone
    renameSync(join(root, 'web/api.ts'), join(root, 'web/client.ts'));
    const renamed = await refresh(root, store);
    expect(renamed).toMatchObject({ parsed: 0, reused: 1, deleted: 1, files: 4 });
    const paths = store
      .files()
      .map((file) => file.path)
      .sort();
    expect(paths).toEqual(['README.md', 'src/orders.py', 'src/users.py', 'web/client.ts']);
    expect(store.symbolsNamed(['getUserName']).length).toBe(1);
    expect(searchChunks(store, 'getUserName')[0]?.path).toBe('web/client.ts');

    // a deletion
    rmSync(join(root, 'README.md'));
    expect(await refresh(root, store)).toMatchObject({ parsed: 0, deleted: 1, files: 3 });
    expect(searchChunks(store, 'Shop')).toEqual([]);
  });

  it('costs a branch switch only the files that differ', async () => {
    const root = tree(project);
    for (let index = 0; index < 20; index++)
      write(root, `lib/m${index}.py`, `def f${index}():\n    return ${index}\n`);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'one');
    git('checkout', '-qb', 'feature');
    write(root, 'lib/m3.py', 'def f3_changed():\n    return 3\n');
    write(root, 'lib/new.py', 'def brand_new():\n    return 0\n');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'two');
    const store = open(root);
    expect(await refresh(root, store)).toMatchObject({ files: 25, parsed: 25 });
    git('checkout', '-q', 'main');
    const back = await refresh(root, store);
    expect(back).toMatchObject({ parsed: 1, deleted: 1, files: 24 });
    git('checkout', '-q', 'feature');
    const again = await refresh(root, store);
    expect(again.parsed).toBeLessThanOrEqual(2);
    expect(again.files).toBe(25);
  });

  it('leaves a usable index when cancelled part-way, and finishes on the next run', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 30; index++)
      files[`m${index}.py`] = `def func_${index}():\n    return ${index}\n`;
    const root = tree(files);
    const store = open(root);
    const controller = new AbortController();
    const run = updateIndex({
      root,
      store,
      batchSize: 10,
      poolThreshold: Number.POSITIVE_INFINITY,
      signal: controller.signal,
    });
    let first = await run.next();
    while (!first.done && first.value.done < 10) first = await run.next();
    controller.abort();
    let step = await run.next();
    while (!step.done) step = await run.next();
    expect(step.value.files).toBeGreaterThanOrEqual(10);
    expect(step.value.files).toBeLessThan(30);
    expect(searchChunks(store, 'func_0').length).toBeGreaterThan(0);
    expect(await refresh(root, store)).toMatchObject({ files: 30 });
  });

  it('moves a corrupt index aside, rebuilds it and says so', async () => {
    const root = tree(project);
    const first = open(root);
    await refresh(root, first);
    first.close();
    stores.splice(stores.indexOf(first), 1);
    writeFileSync(indexPath(root), 'this is not a database, it was overwritten by accident'.repeat(100));
    rmSync(`${indexPath(root)}-wal`, { force: true });
    rmSync(`${indexPath(root)}-shm`, { force: true });
    const store = open(root);
    expect(store.rebuiltFrom).toMatch(/index\.db\.corrupt-\d+$/);
    expect(await refresh(root, store)).toMatchObject({ files: 4, parsed: 4 });
  });

  it('reports an unreadable file and goes on', async (context) => {
    const asRoot = process.getuid?.() === 0;
    const cannot = asRoot ? cannotRunAsUser() : undefined;
    if (cannot) {
      // CI runs as root: a skip there would leave vouch's only test of an unreadable file unrun (issue 56)
      if (process.env.CI === 'true') throw new Error(`the unreadable-file test cannot run: ${cannot}`);
      return context.skip(`root reads every file, and no ordinary user can index instead: ${cannot}`);
    }
    const root = tree(project);
    execFileSync('chmod', ['000', join(root, 'src/orders.py')]);
    const summary = asRoot ? await refreshAsUser(root) : await refresh(root, open(root));
    expect(summary.problems).toEqual([
      { path: 'src/orders.py', message: expect.stringMatching(/could not be read \(EACCES\)/) },
    ]);
    expect(summary.files).toBe(3);
  });

  it('parses on worker threads when many files changed, with the same result', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 12; index++)
      files[`pkg/m${index}.py`] = `class C${index}:\n    def run(self):\n        return helper_${index}()\n`;
    const root = tree(files);
    const store = open(root);
    const run = updateIndex({ root, store, poolThreshold: 5 });
    let step = await run.next();
    while (!step.done) step = await run.next();
    expect(step.value).toMatchObject({ files: 12, parsed: 12, symbols: 24 });
    const helpers = store.graphRows().references.filter((row) => row.name.startsWith('helper_'));
    expect(helpers.reduce((sum, row) => sum + row.count, 0)).toBe(12);
  });
});

describe('searchChunks', () => {
  it('ranks by BM25 with identifiers split: "user name" finds getUserName and get_user_name', async () => {
    const root = tree({
      ...project,
      'src/noise.py': 'def unrelated():\n    return "nothing about it"\n',
      'src/names.py': 'def user():\n    """A user."""\n    return 1\n',
    });
    const store = open(root);
    await refresh(root, store);
    const hits = searchChunks(store, 'user name', { k: 5 });
    const top = hits
      .slice(0, 2)
      .map((hit) => hit.symbol)
      .sort();
    expect(top).toEqual(['getUserName', 'get_user_name']);
    expect(hits.some((hit) => hit.path === 'src/noise.py')).toBe(false);
    expect(hits[0]!.score).toBeGreaterThan(hits[hits.length - 1]!.score);
    const exact = searchChunks(store, 'OrderService');
    expect(exact[0]).toMatchObject({
      path: 'src/orders.py',
      symbol: 'OrderService',
      startLine: 3,
      endLine: 5,
    });
    expect(searchChunks(store, 'the a of')).toEqual([]);
    expect(searchChunks(store, 'getUserName', { excludePaths: new Set(['web/api.ts']) })[0]?.path).not.toBe(
      'web/api.ts',
    );
  });
});

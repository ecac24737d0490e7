/**
 * How issue 45's fifth round chose its held-out trees: by a draw nobody could steer, from a pool defined
 * before the draw (`held-out-pool.tsv`), not by looking at candidates.
 *
 * The pool: every binary package of Debian 12 (bookworm) main that is
 * - pure Python (listed in the archive's `Contents-all`, i.e. Architecture: all), in section `python`,
 *   named `python3-*`;
 * - with a folder under /usr/lib/python3/dist-packages holding 70–400 `.py` files outside tests,
 *   migrations and fixtures (the benchmark's own `NOT_A_TASK` rule; of a package with several such
 *   folders, the largest);
 * - and not one of the sixteen Python trees issue 45 had run before its fifth round.
 *
 * The order: each package's SHA-256 of (the pool file's own SHA-256, then its name), ascending. The first
 * four that unpack with that folder and give at least 100 tasks (a count, nothing else) are taken: the
 * first two `untuned` (a first run at the start of the round, totals only, and the final run), the next
 * two `sealed` (the final run only).
 *
 *   node --import tsx bench/context/held-out-draw.ts --pool     # writes the pool (needs `apt-file update`)
 *   node --import tsx bench/context/held-out-draw.ts            # prints the order
 *   node --import tsx bench/context/held-out-draw.ts --count NAME   # a declared tree's task count, nothing else
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentEngine } from './engine.js';
import { closeTables, findTasks } from './quality.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const POOL = join(import.meta.dirname, 'held-out-pool.tsv');
const NOT_A_TASK =
  /\/(tests?|testing|testsuite|__tests__|migrations|fixtures)\/|\/test_[^/]*\.py$|_test\.py$/;
const LISTS = '/var/lib/apt/lists';

if (process.argv.includes('--pool')) {
  const contents = readdirSync(LISTS).find((name) => /_dists_bookworm_main_Contents-all\.lz4$/.test(name));
  if (!contents)
    throw new Error(`no bookworm Contents-all in ${LISTS}: apt-get install apt-file && apt-file update`);
  const text = execFileSync('/usr/lib/apt/apt-helper', ['cat-file', join(LISTS, contents)], {
    encoding: 'utf8',
    maxBuffer: 2 ** 31 - 1,
  });
  /** package → folder → .py files outside tests */
  const counts = new Map<string, Map<string, number>>();
  for (const line of text.split('\n')) {
    const match = /^usr\/lib\/python3\/dist-packages\/([^/]+)\/(\S*\.py)\s+(\S+)$/.exec(line);
    if (!match || NOT_A_TASK.test(`/${match[2]}`)) continue;
    for (const qualified of match[3]!.split(',')) {
      const [section, name] = qualified.split('/');
      if (section !== 'python' || !name?.startsWith('python3-')) continue;
      const folders = counts.get(name) ?? new Map<string, number>();
      folders.set(match[1]!, (folders.get(match[1]!) ?? 0) + 1);
      counts.set(name, folders);
    }
  }
  // the sixteen Python trees issue 45 had run before its fifth round (./trees.ts then)
  const used = new Set(
    'django sqlalchemy mypy twisted sphinx prompt-toolkit networkx tornado docutils pytest astroid openpyxl rich scrapy celery jedi'
      .split(' ')
      .map((name) => `python3-${name}`),
  );
  const rows: string[] = [];
  for (const [name, folders] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const within = [...folders].filter(([, files]) => files >= 70 && files <= 400);
    const largest = within.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (largest && !used.has(name)) rows.push(`${name}\t${largest[0]}\t${largest[1]}`);
  }
  writeFileSync(POOL, `${rows.join('\n')}\n`);
  process.stderr.write(`${rows.length} packages in ${POOL}\n`);
}

const pool = readFileSync(POOL);
const seed = createHash('sha256').update(pool).digest('hex');
const order = pool
  .toString('utf8')
  .trim()
  .split('\n')
  .map((row) => row.split('\t') as [string, string, string])
  .map(([name, folder, files]) => ({
    key: createHash('sha256').update(`${seed}${name}`).digest('hex'),
    name,
    folder,
    files,
  }))
  .sort((a, b) => (a.key < b.key ? -1 : 1));
process.stdout.write(`pool ${seed}\n`);
for (const entry of order.slice(0, 12))
  process.stdout.write(`${entry.name}\t${entry.folder}\t${entry.files}\n`);

const counted = process.argv.indexOf('--count');
if (counted >= 0) {
  // The eligibility check (at least 100 tasks): the number only, never the tasks or any result.
  const tree = EVALUATION_TREES.find((candidate) => candidate.name === process.argv[counted + 1]);
  if (!tree) throw new Error(`no tree named ${process.argv[counted + 1]} in trees.ts`);
  const dir = treeDir(tree);
  const engine = currentEngine();
  const store = engine.open(dir);
  await engine.refresh(store, dir);
  process.stdout.write(`${tree.name}: ${findTasks(store, dir, 100_000, 0, tree.language).length} tasks\n`);
  store.close();
  closeTables(dir);
}

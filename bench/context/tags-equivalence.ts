/**
 * The index built with the tags taken by one cursor walk (the default) is the index built with
 * web-tree-sitter's query: every file, chunk, symbol, reference and import row, and the full-text
 * vocabulary, compared between two indexes of the same tree built in-process, one per extraction.
 *
 * With BASELINE=/path/to/another/built/checkout, that build's CLI indexes each tree too (a cold
 * `vouch index`), and so does this checkout's built CLI (parse workers, batches, the pipelined writes),
 * and both indexes are compared with this build's in the same way: the whole write path (identifier
 * parts, chunk text, SQLite, the worker pool) and not only the tags; then each build answers ten
 * `vouch search` queries over its own index, and the answers (ranks and scores) and every row id must be
 * byte-identical. Run `npm run build` first.
 *
 *   node --import tsx bench/context/tags-equivalence.ts [name=folder …]
 *
 * Trees by default: Django and rxjs (bench/context/trees.ts), vouch's own src/, and the Python standard
 * library when /usr/lib/python3.* is there. Prints a table; exits 1 when any row differs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  SqliteIndexStore,
  setTagsExtraction,
  tagsExtractionCounts,
  updateIndex,
} from '../../src/index/index.js';
import { findWorkspaceRoot } from '../../src/workspace/index.js';
import { recordResults, table } from '../results.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const REPO = join(import.meta.dirname, '..', '..');
const BASELINE = process.env.BASELINE ? join(process.env.BASELINE, 'bin', 'vouch.js') : undefined;
if (BASELINE && !existsSync(BASELINE)) throw new Error(`no built vouch at ${BASELINE}`);

const stdlib = readdirSync('/usr/lib')
  .filter((name) => /^python3\.\d+$/.test(name))
  .map((name) => join('/usr/lib', name))[0];
// TREES=django,rxjs keeps only the default trees named (extra trees from the arguments always run).
const only = process.env.TREES?.split(',').filter(Boolean);
const trees: { name: string; root: string }[] = [
  ...[
    { name: 'django', root: treeDir(EVALUATION_TREES.find((tree) => tree.name === 'django')!) },
    { name: 'rxjs', root: treeDir(EVALUATION_TREES.find((tree) => tree.name === 'rxjs')!) },
    { name: 'vouch src/', root: join(REPO, 'src') },
    ...(stdlib
      ? [{ name: `Python ${stdlib.slice('/usr/lib/python'.length)} standard library`, root: stdlib }]
      : []),
  ].filter((tree) => !only || only.some((name) => tree.name.startsWith(name))),
  // Extra trees as `name=folder` (or a folder): Go, Rust and Java code from Debian's packages, say.
  ...process.argv.slice(2).map((argument) => {
    const at = argument.indexOf('=');
    return at > 0
      ? { name: argument.slice(0, at), root: argument.slice(at + 1) }
      : { name: argument, root: argument };
  }),
];

/** Every row of the index that a refresh writes, keyed by path instead of row ids. */
const DUMPS: Record<string, string> = {
  files: 'select path, size, hash, language, syntax_errors, problem from files order by path',
  chunks: `select f.path, c.start_line, c.end_line, c.kind, c.symbol, c.text from chunks c
             join files f on f.id = c.file_id order by f.path, c.id`,
  symbols: `select f.path, s.name, s.kind, s.parent, s.start_line, s.end_line, s.signature, s.docstring
              from symbols s join files f on f.id = s.file_id order by f.path, s.id`,
  references: `select f.path, r.name, r.kind, r.line from refs r join files f on f.id = r.file_id
                 order by f.path, r.rowid`,
  imports: `select f.path, i.local, i.module, i.name, i.kind, i.line from imports i
              join files f on f.id = i.file_id order by f.path, i.rowid`,
  'full-text terms': 'select term, col, doc, cnt from temp.vocabulary order by term, col',
};

function dump(file: string): Record<string, unknown[][]> {
  const db = new Database(file, { readonly: true });
  try {
    db.exec('create virtual table temp.vocabulary using fts5vocab(main, chunks_fts, col)');
    return Object.fromEntries(
      Object.entries(DUMPS).map(([name, sql]) => [name, db.prepare(sql).raw().all() as unknown[][]]),
    );
  } finally {
    db.close();
  }
}

/** Rows of `a` and `b` that differ, as a count and the first difference. */
function compare(a: unknown[][], b: unknown[][]): { differing: number; first?: string } {
  let differing = Math.abs(a.length - b.length);
  let first: string | undefined;
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const left = JSON.stringify(a[index]);
    const right = JSON.stringify(b[index]);
    if (left !== right) {
      differing++;
      first ??= `${left.slice(0, 160)} ≠ ${right.slice(0, 160)}`;
    }
  }
  if (!first && a.length !== b.length) first = `${a.length} rows ≠ ${b.length} rows`;
  return { differing, first };
}

async function buildInProcess(root: string, file: string): Promise<void> {
  const store = new SqliteIndexStore(file);
  try {
    const refresh = updateIndex({ root, store, poolThreshold: Number.POSITIVE_INFINITY });
    while (!(await refresh.next()).done);
  } finally {
    store.close();
  }
}

/** Queries whose `vouch search` answers (ranks and scores included) must be byte-identical between builds. */
const SEARCHES = [
  'queryset filter',
  'getUserName',
  'model field validation',
  'ForeignKey on_delete',
  'csrf token middleware',
  'template loader cache',
  'http response redirect',
  'URL resolver reverse',
  'subscribe observable pipe',
  'parse arguments',
];

/**
 * `vouch search --json` answers of `bin` over the index in `file`, put in place as the tree's index
 * (the search's refresh finds nothing changed), and the row ids of every table: the same ids give the
 * same order among equal scores.
 */
function searchAnswers(bin: string, root: string, file: string): string {
  const vouchDir = join(root, '.vouch');
  const aside = `${vouchDir}.aside-${process.pid}`;
  const hadIndex = existsSync(vouchDir);
  if (hadIndex) renameSync(vouchDir, aside);
  try {
    mkdirSync(vouchDir);
    copyFileSync(file, join(vouchDir, 'index.db'));
    const answers = SEARCHES.map((query) => {
      const result = spawnSync(process.execPath, [bin, 'search', '--json', '--k', '20', query], {
        cwd: root,
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`${bin} search failed in ${root}: ${result.stderr}`);
      return `${query}\n${result.stdout}`;
    });
    const db = new Database(join(vouchDir, 'index.db'), { readonly: true });
    try {
      for (const sql of [
        'select id, path from files order by id',
        'select id, file_id, start_line from chunks order by id',
        'select id, file_id, name from symbols order by id',
        'select rowid, file_id, name, line from refs order by rowid',
        'select rowid, file_id, local from imports order by rowid',
      ])
        answers.push(JSON.stringify(db.prepare(sql).raw().all()));
    } finally {
      db.close();
    }
    return answers.join('\n');
  } finally {
    rmSync(vouchDir, { recursive: true, force: true });
    if (hadIndex) renameSync(aside, vouchDir);
  }
}

function buildWithCli(bin: string, root: string, file: string): void {
  const vouchDir = join(root, '.vouch');
  // Another benchmark's index of the tree is set aside, not reused (it would make the run incremental).
  const aside = `${vouchDir}.aside-${process.pid}`;
  const hadIndex = existsSync(vouchDir);
  if (hadIndex) renameSync(vouchDir, aside);
  try {
    const result = spawnSync(process.execPath, [bin, 'index', '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`${bin} index failed in ${root}: ${result.stderr}`);
    copyFileSync(join(vouchDir, 'index.db'), file);
  } finally {
    rmSync(vouchDir, { recursive: true, force: true });
    if (hadIndex) renameSync(aside, vouchDir);
  }
}

const work = mkdtempSync(join(tmpdir(), 'vouch-tags-equivalence-'));
const rows: (string | number)[][] = [];
let failures = 0;
try {
  for (const tree of trees) {
    if (!existsSync(tree.root)) {
      rows.push([tree.name, 'missing', '', '', '']);
      continue;
    }
    const files = {
      query: join(work, `${rows.length}-query.db`),
      walk: join(work, `${rows.length}-walk.db`),
      baseline: join(work, `${rows.length}-baseline.db`),
      cli: join(work, `${rows.length}-cli.db`),
    };
    setTagsExtraction('query');
    await buildInProcess(tree.root, files.query);
    setTagsExtraction('walk');
    const before = tagsExtractionCounts();
    await buildInProcess(tree.root, files.walk);
    const after = tagsExtractionCounts();
    const byQuery = after.query - before.query;
    const walked = `${after.walk - before.walk} by the walk${byQuery ? `, ${byQuery} by the query` : ''}`;
    const walk = dump(files.walk);
    const others: [string, Record<string, unknown[][]>][] = [['query', dump(files.query)]];
    let searchRow: string[] | undefined;
    // The CLIs index the workspace the folder belongs to (and write .vouch there): only trees that are a
    // git work tree of their own.
    if (BASELINE && existsSync(join(tree.root, '.git')) && findWorkspaceRoot(tree.root) === tree.root) {
      buildWithCli(BASELINE, tree.root, files.baseline);
      others.push(['baseline build', dump(files.baseline)]);
      buildWithCli(join(REPO, 'bin', 'vouch.js'), tree.root, files.cli);
      others.push(["this build's CLI", dump(files.cli)]);
      const before = searchAnswers(BASELINE, tree.root, files.baseline);
      const now = searchAnswers(join(REPO, 'bin', 'vouch.js'), tree.root, files.cli);
      const same = before === now;
      if (!same) failures++;
      searchRow = [
        tree.name,
        walked,
        'search answers and row ids: baseline build vs this build',
        `${SEARCHES.length} queries (\`vouch search --json --k 20\`), ids of every row`,
        same ? 'byte-identical' : 'DIFFERENT',
      ];
    }
    for (const [against, other] of others) {
      const counts: string[] = [];
      const differences: string[] = [];
      for (const name of Object.keys(DUMPS)) {
        const { differing, first } = compare(other[name]!, walk[name]!);
        counts.push(`${name} ${walk[name]!.length}`);
        if (differing > 0) differences.push(`${name}: ${differing} rows differ, first ${first}`);
      }
      if (differences.length > 0) failures++;
      rows.push([
        tree.name,
        walked,
        `walk vs ${against}`,
        counts.join(', '),
        differences.length === 0 ? 'identical' : differences.join('; '),
      ]);
    }
    if (searchRow) rows.push(searchRow);
  }
} finally {
  setTagsExtraction('walk');
  rmSync(work, { recursive: true, force: true });
}
const markdown = [
  table(['tree', 'files parsed (tags)', 'compared', 'rows (walk)', 'result'], rows),
  '',
  "Each tree indexed in-process twice, tags by the cursor walk (the default) and by web-tree-sitter's " +
    "query; with BASELINE, also by that build's CLI and by this build's (a cold `vouch index` each: " +
    'parse workers, batches). Rows compared: files, chunks ' +
    '(with their text), symbols, references, imports, and the full-text vocabulary (term, column, ' +
    'documents, occurrences). Files "by the query" are those the walk hands to the query (a field ' +
    "repeated in one node, as in Go's `var a, b = 1, 2`). With BASELINE, each build's CLI also answers " +
    'ten `vouch search` queries over its own index, and the answers (paths, lines, scores, order) and ' +
    'the ids of every row must be byte-identical.',
].join('\n');
console.log(markdown);
// A run over some of the trees (TREES) leaves the recorded table of all of them as it was.
if (!only)
  recordResults('tags-equivalence', 'Index: tags by the cursor walk against the query (issue 24)', markdown, {
    origin:
      "real code: Django 3.2 (Debian's python3-django, BSD-3-Clause); rxjs (npm pack); vouch's own src/; the Python standard library",
  });
process.exitCode = failures > 0 ? 1 : 0;

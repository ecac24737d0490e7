/**
 * The secret detector on real code nobody here wrote: what `findSecrets` (shared by `vouch scan`, the
 * redactor of prompts to remote models and the fine-tuning export) marks in Debian's Django, before and
 * after the assignment rules of issue 40. Every match is listed (file, line, kind, the name it was assigned
 * to and the first characters of the value) so each can be judged by hand: a match that is not a
 * credential is text the redactor would hide from a remote model for nothing.
 *
 * Tuning corpus: Django. Held out until the end (`--held-out`): Twisted and SQLAlchemy from Debian.
 * "Before" is the detector of the commit given with `--before REF` (default main), read with `git show`.
 *
 *   npx tsx bench/security/secret-redaction.ts [--held-out] [--before REF] [--record]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findSecrets as findSecretsNow } from '../../src/security/index.js';
import { recordResults, table } from '../results.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = '/usr/lib/python3/dist-packages';
const heldOut = process.argv.includes('--held-out');
const before = process.argv.includes('--before')
  ? (process.argv[process.argv.indexOf('--before') + 1] as string)
  : 'main';
const record = process.argv.includes('--record');
const HELD_OUT = ['twisted', 'sqlalchemy'];
/** Tuning: Django, then every other package Debian put in dist-packages here (--wide), held-out ones left out. */
const trees = heldOut
  ? HELD_OUT
  : process.argv.includes('--wide')
    ? readdirSync(DIST)
        .filter((name) => !HELD_OUT.includes(name) && statSync(join(DIST, name)).isDirectory())
        .filter((name) => !/\.(?:dist|egg)-info$|^__pycache__$/.test(name))
    : ['django'];

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === '__pycache__' || name === 'node_modules') continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) out.push(...walk(path));
    else if (/\.(py|js|ts|html|txt|cfg|ini|toml|yaml|yml|json)$/.test(name) && stat.size < 2_000_000)
      out.push(path);
  }
  return out.sort();
}

/** The detector as it was at `ref`, loaded from a copy under bench/.work. */
async function detectorAt(ref: string): Promise<typeof findSecretsNow> {
  const dir = join(ROOT, 'bench', '.work', 'secret-redaction', ref.replace(/[^\w.-]/g, '_'));
  mkdirSync(join(dir, 'core'), { recursive: true });
  mkdirSync(join(dir, 'security'), { recursive: true });
  for (const file of [
    'security/secrets.ts',
    'security/private-keys.ts',
    'core/line-index.ts',
    'core/check.ts',
  ])
    writeFileSync(join(dir, file), execFileSync('git', ['show', `${ref}:src/${file}`], { cwd: ROOT }));
  return ((await import(join(dir, 'security', 'secrets.ts'))) as { findSecrets: typeof findSecretsNow })
    .findSecrets;
}

interface Match {
  file: string;
  line: number;
  kind: string;
  shown: string;
}

function matches(detect: typeof findSecretsNow, files: string[], base: string): Match[] {
  const out: Match[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of detect(text)) {
      const lineStart = text.lastIndexOf('\n', match.start) + 1;
      const lineEnd = text.indexOf('\n', match.end);
      const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).trim();
      const value = text.slice(match.start, match.end);
      // the value cut short: the listing is for judging, and must not reprint a real key whole
      const shown = line.replace(value, `${value.slice(0, Math.min(6, Math.ceil(value.length / 3)))}…`);
      out.push({
        file: relative(base, file),
        line: text.slice(0, match.start).split('\n').length,
        kind: match.kind,
        shown: shown.slice(0, 140),
      });
    }
  }
  return out;
}

const old = await detectorAt(before);
const rows: (string | number)[][] = [];
const listing: string[] = [];
for (const tree of trees) {
  const base = join(DIST, tree);
  if (!existsSync(base)) {
    console.log(`${base} is not installed (apt-get install python3-${tree}); skipped`);
    continue;
  }
  const files = walk(base);
  const lines = files.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').length, 0);
  const was = matches(old, files, DIST);
  const now = matches(findSecretsNow, files, DIST);
  const key = (match: Match) => `${match.file}:${match.line}`;
  const wasKeys = new Set(was.map(key));
  const nowKeys = new Set(now.map(key));
  rows.push([
    tree,
    files.length,
    lines,
    was.length,
    now.length,
    now.filter((match) => !wasKeys.has(key(match))).length,
    was.filter((match) => !nowKeys.has(key(match))).length,
  ]);
  for (const match of now)
    listing.push(
      `${wasKeys.has(key(match)) ? ' ' : '+'} ${match.file}:${match.line}  ${match.kind}  ${match.shown}`,
    );
  for (const match of was.filter((entry) => !nowKeys.has(key(entry))))
    listing.push(`- ${match.file}:${match.line}  ${match.kind}  ${match.shown}`);
}
// trees where neither detector matched anything are one row; a total closes the table
const quiet = rows.filter((row) => row[3] === 0 && row[4] === 0);
const sum = (part: (string | number)[][], column: number) =>
  part.reduce((total, row) => total + Number(row[column]), 0);
const shown = rows.filter((row) => !quiet.includes(row));
if (quiet.length > 1) shown.push([`${quiet.length} other trees`, sum(quiet, 1), sum(quiet, 2), 0, 0, 0, 0]);
else shown.push(...quiet);
if (rows.length > 1) shown.push(['**all**', ...[1, 2, 3, 4, 5, 6].map((column) => sum(rows, column))]);
const markdown = `${table(
  ['tree', 'files', 'lines', `matches (${before})`, 'matches (now)', 'new', 'no longer'],
  shown,
)}\n\nData: Debian's packages in ${DIST} (code nobody here wrote); ${heldOut ? 'held out until the end: ' : 'tuning set: '}${trees.length > 5 ? `${trees.length} trees` : trees.join(', ')}.`;
console.log(markdown);
console.log('\n+ new, - no longer matched, blank: both\n');
console.log(listing.join('\n'));
if (record)
  recordResults(
    heldOut ? 'secret-redaction-held-out' : 'secret-redaction',
    `Secret detector on real code (issue 40${heldOut ? ', held-out trees' : ''})`,
    markdown,
    {
      origin: heldOut
        ? "real code, held out: Debian's twisted and sqlalchemy"
        : "real code: Debian's Python packages in /usr/lib/python3/dist-packages (the tuning trees)",
    },
  );

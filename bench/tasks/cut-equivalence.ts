/**
 * Does `complete` cut a model's answer, and judge its syntax, exactly as the whole-file parse does? The
 * reference (`cutAtBlockEndByFullParse`) parses the file with the model's whole answer at the cursor; an
 * answer that runs on into the next definition and leaves a syntax error there makes tree-sitter's error
 * recovery reparse to the end of the file, on the editor's thread. `cutAtBlockEnd` is what `complete`
 * runs; this compares the two, and the syntax check that follows each, as JSON, on a corpus of cursors
 * written before the cheaper cut was (and run on it unchanged):
 *
 * - cursors: every k-th multi-line block in path order — Python `block`s (function, method, class, if,
 *   for, with, try bodies, nested ones too); TypeScript `statement_block`s, `class_body`s and `object`s
 *   whose `{` ends its line (functions, methods, arrow functions, object literals) — with the block's lines
 *   removed from the buffer and the cursor on the emptied first line (as the completion bench does); and
 *   every k-th top-level statement, removed whole, the cursor at column 0;
 * - answers, for each cursor: the real lines; the real lines running on into the code that follows by 1,
 *   3, 6, 12 and 30 lines; half of them; an unbalanced bracket in the middle, then 6 lines on; an
 *   unterminated string after them, then more code; a stray closing bracket at column 0; and from the
 *   middle of the block (the cursor after its first half) the rest running 6 lines on.
 *
 * Trees: Django and rxjs (bench/context/trees.ts: `npm run bench:context` fetches them), and, held out
 * (run with `--held-out`: nothing was looked at on these while the code was written), Python's own
 * standard library from the machine's python3 and zod's TypeScript sources from node_modules.
 *
 * Prints, per tree: cases, cases where the cut text, the cut's reason or the syntax check's verdict or
 * findings differ (written to bench/.work/cut-equivalence/<tree>.json), and the CPU time of cut + syntax
 * check per case, reference against the cut `complete` runs (median, p95, max).
 *
 * With `--after-edit` it compares instead how `complete` has the file's tree after the editor's edit:
 * the file as on disk parsed first (as the language server does when a buffer opens), then the case's
 * buffer (the block removed) — which `complete` reads from the edited statement parsed alone when it can
 * (`EditedPiece` in spliced-trees.ts) — against the same buffer parsed whole with no earlier tree; both
 * ways run `complete`'s own cut and syntax check, and must agree on every case. Its CPU column counts the
 * buffer's parse too (not the file's first parse).
 *
 *   npx tsx bench/tasks/cut-equivalence.ts [blocks per tree] [--held-out] [--after-edit]
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import type { LanguageId } from '../../src/core/index.js';
import { parse, type SyntaxNode } from '../../src/syntax/index.js';
import {
  type CutCompletion,
  completionSyntax,
  completionSyntaxByFullParse,
  cutAtBlockEnd,
  cutAtBlockEndByFullParse,
  RecentTrees,
  type SplicedTrees,
  splicedTrees,
  warmTree,
} from '../../src/tasks/index.js';
import { EVALUATION_TREES, treeDir } from '../context/trees.js';
import { recordResults, table } from '../results.js';

const args = process.argv.slice(2);
const HELD_OUT = args.includes('--held-out');
const AFTER_EDIT = args.includes('--after-edit');
const BLOCKS = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 150);
const OUT = join(import.meta.dirname, '..', '.work', 'cut-equivalence');

interface Source {
  name: string;
  language: LanguageId;
  root: string;
  files: string[];
}

function listFiles(root: string, extension: RegExp, skip: RegExp): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      const rel = relative(root, path);
      if (entry.startsWith('.') || skip.test(rel)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (extension.test(entry)) found.push(rel);
    }
  };
  walk(root);
  return found;
}

function pythonStdlib(): string {
  const lib = readdirSync('/usr/lib').find((entry) => /^python3\.\d+$/.test(entry));
  if (!lib) throw new Error('no /usr/lib/python3.X: install python3 to run the held-out trees');
  return join('/usr/lib', lib);
}

function sources(): Source[] {
  const tests = /(^|\/)(tests?|__tests__|spec|test_\w+\.py|[\w.-]+\.(test|spec)\.ts)$/;
  if (HELD_OUT) {
    const stdlib = pythonStdlib();
    const zod = join(import.meta.dirname, '..', '..', 'node_modules', 'zod', 'src');
    return [
      {
        name: 'python-stdlib',
        language: 'python',
        root: stdlib,
        files: listFiles(
          stdlib,
          /\.py$/,
          /(^|\/)(site-packages|dist-packages|idlelib|lib2to3|test|tests|__pycache__)$|^config-/,
        ),
      },
      { name: 'zod', language: 'typescript', root: zod, files: listFiles(zod, /(?<!\.d)\.ts$/, tests) },
    ];
  }
  // made on first use (Debian's python3-django, rxjs from npm), as for the other benchmarks
  const [django, rxjs] = ['django', 'rxjs'].map((name) =>
    treeDir(EVALUATION_TREES.find((tree) => tree.name === name)!),
  ) as [string, string];
  return [
    { name: 'django', language: 'python', root: django, files: listFiles(django, /\.py$/, tests) },
    { name: 'rxjs', language: 'typescript', root: rxjs, files: listFiles(rxjs, /(?<!\.d)\.ts$/, tests) },
  ];
}

interface Case {
  path: string;
  kind: string;
  prefix: string;
  suffix: string;
  answer: string;
}

const TS_BLOCKS = new Set(['statement_block', 'class_body', 'object']);

/** Rows a block's lines take in the buffer (the lines the engineer has not written yet), or undefined. */
function hiddenRows(node: SyntaxNode, language: LanguageId, lines: string[]): [number, number] | undefined {
  const { row: start } = node.startPosition;
  const { row: end } = node.endPosition;
  if (language === 'python') {
    if (node.type !== 'block' || !node.parent || start <= node.parent.startPosition.row) return undefined;
    if (end - start < 1 || end - start > 60) return undefined;
    return [start, end];
  }
  if (!TS_BLOCKS.has(node.type)) return undefined;
  if (lines[start]!.slice(node.startPosition.column + 1).trim() !== '') return undefined;
  if (end - start < 2 || end - start > 60) return undefined;
  return [start + 1, end];
}

function casesOf(source: Source, count: number): Promise<Case[]> {
  return (async () => {
    const blocks: { path: string; rows: [number, number] }[] = [];
    const statements: { path: string; rows: [number, number] }[] = [];
    for (const path of source.files) {
      const text = readFileSync(join(source.root, path), 'utf8');
      const lines = text.split('\n');
      const tree = await parse(source.language, text);
      try {
        const visit = (node: SyntaxNode) => {
          const rows = hiddenRows(node, source.language, lines);
          if (rows) blocks.push({ path, rows });
          for (const child of node.namedChildren) visit(child);
        };
        visit(tree.rootNode);
        for (const child of tree.rootNode.namedChildren)
          if (child.type !== 'comment' && child.endPosition.row - child.startPosition.row <= 40)
            statements.push({ path, rows: [child.startPosition.row, child.endPosition.row] });
      } finally {
        tree.delete();
      }
    }
    const every = <T>(items: T[], wanted: number) =>
      items
        .filter((_, index) => index % Math.max(1, Math.floor(items.length / wanted)) === 0)
        .slice(0, wanted);
    const cases: Case[] = [];
    const texts = new Map<string, string[]>();
    const linesOf = (path: string) => {
      const known = texts.get(path);
      if (known) return known;
      const lines = readFileSync(join(source.root, path), 'utf8').split('\n');
      texts.set(path, lines);
      return lines;
    };
    const unterminated = source.language === 'python' ? '"""never closed' : '`never closed ${';
    for (const { path, rows } of every(blocks, count)) {
      const lines = linesOf(path);
      const [first, last] = rows;
      const indent = /^\s*/.exec(lines[first]!)![0];
      const body = lines.slice(first, last + 1);
      const after = (n: number) => lines.slice(last + 1, last + 1 + n);
      const prefix = [...lines.slice(0, first), indent].join('\n');
      const suffix = `\n${lines.slice(last + 1).join('\n')}`;
      const answer = (answerLines: string[]) => `${answerLines.join('\n').slice(indent.length)}\n`;
      const add = (kind: string, answerLines: string[]) =>
        cases.push({ path, kind, prefix, suffix, answer: answer(answerLines) });
      add('exact', body);
      for (const n of [1, 3, 6, 12, 30]) add(`run-on-${n}`, [...body, ...after(n)]);
      add('half', body.slice(0, Math.max(1, Math.floor(body.length / 2))));
      const middle = Math.floor(body.length / 2);
      add('open-bracket', [
        ...body.slice(0, middle),
        `${body[middle]!} (`,
        ...body.slice(middle + 1),
        ...after(6),
      ]);
      add('unterminated-string', [...body, ...after(2), unterminated, ...after(8).slice(2)]);
      add('stray-closer', [...body, source.language === 'python' ? ')' : '})', ...after(3)]);
      if (body.length >= 4) {
        // from the middle of the block: the first half written, the cursor on the next line
        const split = Math.floor(body.length / 2);
        const innerIndent = /^\s*/.exec(body[split]!)![0];
        cases.push({
          path,
          kind: 'mid-block',
          prefix: [...lines.slice(0, first + split), innerIndent].join('\n'),
          suffix,
          answer: `${[...body.slice(split), ...after(6)].join('\n').slice(innerIndent.length)}\n`,
        });
      }
    }
    for (const { path, rows } of every(statements, Math.ceil(count / 3))) {
      const lines = linesOf(path);
      const [first, last] = rows;
      const prefix = `${lines.slice(0, first).join('\n')}\n`;
      const suffix = `\n${lines.slice(last + 1).join('\n')}`;
      const statement = lines.slice(first, last + 1);
      for (const n of [0, 3, 10])
        cases.push({
          path,
          kind: `top-level-${n}`,
          prefix,
          suffix,
          answer: `${[...statement, ...lines.slice(last + 1, last + 1 + n)].join('\n')}\n`,
        });
    }
    return cases;
  })();
}

interface Outcome {
  parsed: SplicedTrees['parsed'];
  cut: CutCompletion;
  syntax: { status: string; findings: unknown[] };
  cpuMs: number;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** the recent trees of one editor session's completions (the language server keeps 8) */
const recent = new RecentTrees();

async function run(
  language: LanguageId,
  key: string,
  item: Case,
  cut: (options: {
    trees: SplicedTrees;
    prefix: string;
    completion: string;
    suffix: string;
  }) => CutCompletion,
  syntaxCheck: typeof completionSyntax,
): Promise<Outcome> {
  const parseStarted = cpuMs();
  const trees = await splicedTrees({ language, recent, key, prefix: item.prefix, suffix: item.suffix });
  const parsed = trees.parsed;
  try {
    const started = AFTER_EDIT ? parseStarted : cpuMs();
    const stopped = cut({ trees, prefix: item.prefix, completion: item.answer, suffix: item.suffix });
    const syntax = stopped.completion.trim()
      ? syntaxCheck(
          {
            language,
            path: item.path,
            prefix: item.prefix,
            completion: stopped.completion,
            suffix: item.suffix,
          },
          trees,
        )
      : undefined;
    const spent = cpuMs() - started;
    return {
      parsed,
      cut: stopped,
      syntax: syntax
        ? { status: syntax.status, findings: syntax.findings }
        : { status: 'none', findings: [] },
      cpuMs: spent,
    };
  } finally {
    trees.delete();
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const ms = (value: number) => value.toFixed(1);

mkdirSync(OUT, { recursive: true });
const load = loadavg()[0]!.toFixed(1);
const rows: (string | number)[][] = [];
let differing = 0;
for (const source of sources()) {
  const cases = await casesOf(source, BLOCKS);
  const reference: number[] = [];
  const current: number[] = [];
  const differences: unknown[] = [];
  const byKind = new Map<string, number>();
  let recovered = 0;
  const slowest: { ms: number; reference: number; kind: string; path: string }[] = [];
  let pieces = 0;
  for (const [index, item] of cases.entries()) {
    let old: Outcome;
    let now: Outcome;
    if (AFTER_EDIT) {
      // the buffer parsed whole, with no earlier tree (a key of its own); then after the file as on disk
      old = await run(source.language, `whole:${item.path}:${index}`, item, cutAtBlockEnd, completionSyntax);
      await warmTree({
        recent,
        language: source.language,
        key: `edited:${item.path}`,
        text: readFileSync(join(source.root, item.path), 'utf8'),
      });
      now = await run(source.language, `edited:${item.path}`, item, cutAtBlockEnd, completionSyntax);
      if (now.parsed === 'piece') pieces++;
    } else {
      // each way keeps its own recent tree of the file, as one editor session would
      old = await run(
        source.language,
        `reference:${item.path}`,
        item,
        cutAtBlockEndByFullParse,
        completionSyntaxByFullParse,
      );
      now = await run(source.language, `current:${item.path}`, item, cutAtBlockEnd, completionSyntax);
    }
    reference.push(old.cpuMs);
    current.push(now.cpuMs);
    slowest.push({ ms: now.cpuMs, reference: old.cpuMs, kind: item.kind, path: item.path });
    const a = JSON.stringify({ cut: old.cut, syntax: old.syntax });
    const b = JSON.stringify({ cut: now.cut, syntax: now.syntax });
    if (a !== b) {
      byKind.set(item.kind, (byKind.get(item.kind) ?? 0) + 1);
      // The one kind of difference seen so far: an answer that ends inside an unfinished top-level
      // statement, where the reference's error recovery turns the top of the file into one ERROR (no cut
      // found, the syntax check failing on a line above the cursor), and the cut kept is the statement the
      // answer starts with, which parses cleanly in place.
      if (
        !old.cut.cut &&
        now.cut.cut === 'statement-end' &&
        old.syntax.status === 'fail' &&
        now.syntax.status === 'pass' &&
        old.cut.completion.startsWith(now.cut.completion)
      )
        recovered++;
      differences.push({
        path: item.path,
        kind: item.kind,
        prefixTail: item.prefix.slice(-200),
        answer: item.answer,
        reference: JSON.parse(a),
        current: JSON.parse(b),
      });
    }
  }
  differing += differences.length;
  writeFileSync(
    join(OUT, `${source.name}${AFTER_EDIT ? '-after-edit' : ''}.json`),
    `${JSON.stringify(differences, null, 1)}\n`,
  );
  const kinds = [...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ') || '—';
  rows.push([
    source.name,
    cases.length,
    AFTER_EDIT
      ? `${differences.length} (${kinds}); ${pieces} of ${cases.length} read from the edited statement alone`
      : `${differences.length} (${kinds}); ${recovered} where the reference found no cut and failed the syntax check`,
    `${ms(percentile(reference, 50))} / ${ms(percentile(reference, 95))} / ${ms(Math.max(...reference))}`,
    `${ms(percentile(current, 50))} / ${ms(percentile(current, 95))} / ${ms(Math.max(...current))}`,
  ]);
  console.log(rows.at(-1)!.join('  ·  '));
  console.log('  slowest now (ms now / reference, kind, path):');
  for (const entry of slowest.sort((a, b) => b.ms - a.ms).slice(0, 6))
    console.log(`    ${ms(entry.ms)} / ${ms(entry.reference)}  ${entry.kind}  ${entry.path}`);
}
const markdown = [
  table(
    [
      'tree',
      'cases',
      'differ (by kind)',
      AFTER_EDIT
        ? 'buffer parsed whole: parse + cut + syntax CPU ms p50 / p95 / max'
        : 'reference cut + syntax CPU ms p50 / p95 / max',
      AFTER_EDIT
        ? 'after the file as on disk: parse + cut + syntax CPU ms p50 / p95 / max'
        : 'complete’s cut + syntax CPU ms p50 / p95 / max',
    ],
    rows,
  ),
  '',
  `Load average ${load} at the start. ${HELD_OUT ? 'Held-out trees (Python standard library, zod).' : 'Trees: Django, rxjs.'} Differences: bench/.work/cut-equivalence/<tree>${AFTER_EDIT ? '-after-edit' : ''}.json.`,
].join('\n');
console.log(`\n${markdown}`);
recordResults(
  `cut-equivalence${AFTER_EDIT ? '-after-edit' : ''}${HELD_OUT ? '-held-out' : ''}`,
  AFTER_EDIT
    ? `complete: after an edit, the edited statement's parse against the whole buffer's${HELD_OUT ? ' (held-out trees)' : ''}`
    : `complete: the cut against the whole-file parse${HELD_OUT ? ' (held-out trees)' : ''}`,
  markdown,
  {
    origin: HELD_OUT
      ? 'real code, held out: the Python standard library, zod'
      : "real code: Django 3.2 (Debian's python3-django, BSD-3-Clause); rxjs (npm pack)",
  },
);
process.exitCode = differing > 0 ? 1 : 0;

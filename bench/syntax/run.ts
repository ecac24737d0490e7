/**
 * Tree-sitter upgrade path: web-tree-sitter 0.22 with the tree-sitter-wasms bundle (what vouch runs)
 * against web-tree-sitter 0.25 with the official grammar packages. Installs 0.25 and the grammars under
 * bench/.work/tree-sitter-025 (not a dependency of vouch), checks which of vouch's languages it can load,
 * then runs the engines in alternating processes (A B A B …) over the same real files and compares CPU
 * time (user + system of the process, so a busy machine stretches it less than wall time): parsing, and
 * walking every node the way the index copies a tree. Records its table (bench/results/syntax.jsonl).
 *
 *   npx tsx bench/syntax/run.ts [--pairs 4] [--rounds 2]
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { recordResults, table } from '../results.js';
import { installEngine025 } from './corpus.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const PAIRS = option('--pairs', 4);
const ROUNDS = option('--rounds', 2);
const log = (line: string) => process.stderr.write(`${line}\n`);

installEngine025(log);

interface LanguageFigures {
  files: number;
  bytes: number;
  parseMs: number;
  walkMs: number;
  nodes: number;
  withErrors: number;
}
type Run = Record<string, LanguageFigures>;

const TSX = join(import.meta.dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
function run(extra: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, [TSX, join(import.meta.dirname, 'parse-files.ts'), ...extra], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const grammars = run(['--grammars']).grammars as Record<string, string>;
const engines = {
  '0.22 + tree-sitter-wasms (vouch today)': ['--engine', '0.22'],
  '0.25 + official grammars': ['--engine', '0.25', '--direct-walk'],
} as const;
type EngineName = keyof typeof engines;
const names = Object.keys(engines) as EngineName[];
const runs = Object.fromEntries(names.map((name) => [name, [] as Run[]])) as Record<EngineName, Run[]>;
const load: number[] = [];
for (let pair = 0; pair < PAIRS; pair++) {
  for (const name of pair % 2 === 0 ? names : [...names].reverse()) {
    load.push(loadavg()[0]!);
    runs[name].push(run([...engines[name], '--rounds', String(ROUNDS)]).result as Run);
    log(`pair ${pair + 1}/${PAIRS}: ${name} done`);
  }
}
// the public TreeCursor of each version, once each, for the record: what the direct walk saves
const publicWalk = {
  '0.22': run(['--engine', '0.22', '--public-walk', '--rounds', '1']).result as Run,
  '0.25': run(['--engine', '0.25', '--rounds', '1']).result as Run,
};

/** What the figures decided, kept with them (rewrite it when the figures change the answer). */
const DECISION = `**Decision: vouch stays on 0.22 + tree-sitter-wasms for now.** 0.25 holds the speed (parsing 6–7%
less CPU, the walk the same or faster) and \`cursor-walk.ts\`'s direct walk runs on it unchanged, so the
Emscripten internals stay behind that one module either way. But not every grammar comes from npm:
\`tree-sitter-swift\` publishes native bindings only, no \`.wasm\`; Kotlin and Lua come from the
tree-sitter-grammars organisation rather than tree-sitter's own. (0.25 does load the bundle's older Swift
grammar, ABI 13, so a move could keep Swift from \`tree-sitter-wasms\` until a \`.wasm\` is published.) A move
also means re-checking every \`.scm\` query and security rule against the newer grammars' node types, which
is its own piece of work. (2026-11-27: the newest tree-sitter-typescript, 0.23.2, reads no more of TypeScript 5 than the bundle but
\`type X = import('m').T\`: bench/syntax/typescript-grammars.ts.) What to watch: a \`.wasm\` in \`tree-sitter-swift\`
and a tree-sitter-typescript that reads \`export type *\`; then move, keeping
\`web-tree-sitter\` behind \`src/syntax/\` as now.`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const languages = Object.keys(runs[names[0]!][0]!);
const rows: (string | number)[][] = [];
for (const language of languages) {
  const [old, next] = names.map((name) => runs[name]);
  const first = old![0]![language]!;
  const ratio = (phase: 'parseMs' | 'walkMs') =>
    median(old!.map((run, index) => next![index]![language]![phase] / run[language]![phase])).toFixed(2);
  rows.push([
    language,
    `${first.files} files, ${(first.bytes / 1e6).toFixed(1)} MB`,
    median(old!.map((run) => run[language]!.parseMs)).toFixed(0),
    median(next!.map((run) => run[language]!.parseMs)).toFixed(0),
    ratio('parseMs'),
    median(old!.map((run) => run[language]!.walkMs)).toFixed(0),
    median(next!.map((run) => run[language]!.walkMs)).toFixed(0),
    ratio('walkMs'),
    `${first.nodes} / ${next![0]![language]!.nodes}`,
    `${first.withErrors} / ${next![0]![language]!.withErrors}`,
  ]);
}
const results = table(
  [
    'language',
    'corpus',
    'parse 0.22 (CPU ms)',
    'parse 0.25',
    '0.25/0.22',
    'walk 0.22',
    'walk 0.25',
    '0.25/0.22',
    'nodes 0.22 / 0.25',
    'files with errors',
  ],
  rows,
);
const publicRows = languages.map((language) => [
  language,
  publicWalk['0.22'][language]!.walkMs.toFixed(0),
  publicWalk['0.25'][language]!.walkMs.toFixed(0),
]);
const grammarRows = Object.entries(grammars).map(([language, status]) => [language, status]);
console.log(results);
console.log(table(['language', 'public TreeCursor walk 0.22 (CPU ms)', '0.25'], publicRows));
console.log(table(['language', '0.25 official grammar'], grammarRows));
recordResults(
  'syntax',
  'Tree-sitter: web-tree-sitter 0.22 + tree-sitter-wasms against 0.25 + official grammars (issue 16)',
  `${PAIRS} pairs of processes, engines alternating, ${ROUNDS} timed rounds each after one untimed pass;
CPU time of the process (user + system) per round, medians over the pairs, ratios pair by pair. Load
average during the runs: ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on 2 cores (shared machine).
Corpus: Django (Debian's python3-django), vouch's own src/ (TypeScript), the yaml package's dist/ (JavaScript).
Both walks use src/syntax/cursor-walk.ts's direct walk (the same Emscripten exports exist in 0.25).

${results}

Without the direct walk (the public \`TreeCursor\`, one round each):

${table(['language', 'walk 0.22 (CPU ms)', 'walk 0.25'], publicRows)}

Which of vouch's 17 languages 0.25 loads from official (or tree-sitter-grammars) npm packages:

${table(['language', 'grammar'], grammarRows)}

${DECISION}`,
  {
    origin:
      "real code: Django 3.2 (Debian's python3-django, BSD-3-Clause); vouch's own src/ (TypeScript); the yaml package's dist/ (JavaScript)",
  },
);

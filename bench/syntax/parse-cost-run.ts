/**
 * Issue 59 (w227): tree-sitter's parse and the engine's copy of a tree per Python file, vouch's engine against
 * newer web-tree-sitter builds and the native Node binding. Installs the engines under bench/.work/parse-cost
 * (none a dependency of vouch; the native ones build from source with node-gyp when their prebuilt binary does
 * not load), runs parse-cost.ts for each in alternating processes (A B C … A B C …), and records the medians
 * of the CPU time per file and each engine's tree digest (bench/results/syntax.jsonl).
 *
 *   npx tsx bench/syntax/parse-cost-run.ts [--pairs 2] [--rounds 1] [--engines DIR]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { recordResults, table } from '../results.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1]! : fallback;
const PAIRS = Number(option('--pairs', '2'));
const ROUNDS = Number(option('--rounds', '1'));
const ENGINES_DIR = option('--engines', join(import.meta.dirname, '..', '.work', 'parse-cost'));
const log = (line: string) => process.stderr.write(`${line}\n`);

/** What parse-cost.ts loads from ENGINES_DIR. */
const PACKAGES = [
  'tree-sitter@0.25.1',
  'tree-sitter-python@0.25.0',
  'wts025@npm:web-tree-sitter@0.25',
  'wts027@npm:web-tree-sitter@0.27.1',
  'tsp021@npm:tree-sitter-python@0.21.0',
];
if (!existsSync(join(ENGINES_DIR, 'node_modules', 'tsp021'))) {
  mkdirSync(ENGINES_DIR, { recursive: true });
  writeFileSync(join(ENGINES_DIR, 'package.json'), '{"name":"parse-cost-engines","private":true}\n');
  log(`installing ${PACKAGES.join(' ')} into ${ENGINES_DIR}`);
  // --legacy-peer-deps: tree-sitter-python 0.21 asks for the tree-sitter 0.21 binding as a peer
  execFileSync('npm', ['install', '--legacy-peer-deps', '--no-audit', '--no-fund', ...PACKAGES], {
    cwd: ENGINES_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** a short name of each engine for the record's figures */
const SHORT: Record<string, string> = {
  'web-tree-sitter 0.22 + tree-sitter-wasms (vouch today)': '0.22',
  'web-tree-sitter 0.25 + the same grammar (wasms)': '0.25, same grammar',
  'web-tree-sitter 0.25 + tree-sitter-python 0.25': '0.25',
  'web-tree-sitter 0.27 + tree-sitter-python 0.25': '0.27',
  'native tree-sitter 0.25.1 + tree-sitter-python 0.21 (same grammar)': 'native, same grammar',
  'native tree-sitter 0.25.1 + tree-sitter-python 0.25': 'native',
};
const ENGINES: Record<string, string[]> = {
  'web-tree-sitter 0.22 + tree-sitter-wasms (vouch today)': ['--engine', '0.22'],
  'web-tree-sitter 0.25 + the same grammar (wasms)': [
    '--engine',
    'web-0.25',
    '--direct-walk',
    '--grammar',
    'wasms',
  ],
  'web-tree-sitter 0.25 + tree-sitter-python 0.25': ['--engine', 'web-0.25', '--direct-walk'],
  'web-tree-sitter 0.27 + tree-sitter-python 0.25': ['--engine', 'web-0.27', '--direct-walk'],
  'native tree-sitter 0.25.1 + tree-sitter-python 0.21 (same grammar)': [
    '--engine',
    'native-0.25',
    '--grammar',
    '0.21',
  ],
  'native tree-sitter 0.25.1 + tree-sitter-python 0.25': ['--engine', 'native-0.25'],
};
interface SetFigures {
  files: number;
  bytes: number;
  nodes: number;
  parseMs: number;
  copyMs: number;
  digest: string;
}
const TSX = join(import.meta.dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
const runs: Record<string, Record<string, SetFigures>[]> = {};
const load: number[] = [];
for (let pair = 0; pair < PAIRS; pair++) {
  const names = Object.keys(ENGINES);
  for (const name of pair % 2 === 0 ? names : names.reverse()) {
    load.push(loadavg()[0]!);
    const out = execFileSync(
      process.execPath,
      [
        TSX,
        join(import.meta.dirname, 'parse-cost.ts'),
        ...ENGINES[name]!,
        '--rounds',
        String(ROUNDS),
        '--engines',
        ENGINES_DIR,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    runs[name] ??= [];
    runs[name].push(JSON.parse(out.trim().split('\n').pop()!).result);
    log(`pair ${pair + 1}/${PAIRS}: ${name} done`);
  }
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const base = runs[Object.keys(ENGINES)[0]!]!;
const rows: (string | number)[][] = [];
const figures: Record<string, number> = {};
for (const set of ['bench', 'django']) {
  for (const [name, list] of Object.entries(runs)) {
    const first = list[0]![set]!;
    const perFile = (phase: 'parseMs' | 'copyMs') =>
      median(list.map((run) => run[set]![phase])) / first.files;
    // pair by pair against vouch's engine, so the load of each pair falls on both
    const ratio = median(
      list.map(
        (run, index) =>
          (run[set]!.parseMs + run[set]!.copyMs) / (base[index]![set]!.parseMs + base[index]![set]!.copyMs),
      ),
    );
    const short = SHORT[name] ?? name;
    figures[`${set} ${short} parse (µs/file)`] = Math.round(perFile('parseMs') * 1000);
    figures[`${set} ${short} copy (µs/file)`] = Math.round(perFile('copyMs') * 1000);
    if (short !== '0.22') figures[`${set} ${short} / 0.22`] = Number(ratio.toFixed(2));
    rows.push([
      set === 'bench' ? `BenchmarkPython (${first.files} files)` : `Django (${first.files} files)`,
      name,
      (perFile('parseMs') * 1000).toFixed(0),
      (perFile('copyMs') * 1000).toFixed(0),
      ratio.toFixed(2),
      first.nodes,
      first.digest === base[0]![set]!.digest ? 'same as 0.22' : `differs (${first.digest.slice(0, 8)})`,
    ]);
  }
}
const results = table(
  [
    'set',
    'engine',
    'parse (CPU µs/file)',
    'copy (CPU µs/file)',
    '(parse+copy) / 0.22, pair by pair',
    'nodes',
    'trees',
  ],
  rows,
);
console.log(results);
recordResults(
  'syntax',
  'Parse and tree copy per Python file: web-tree-sitter 0.22 vs 0.25, 0.27, native (w227)',
  `${PAIRS} passes of processes, engines alternating, ${ROUNDS} timed round(s) each after one untimed pass that
describes every node (type, named, range, field) into the digest; CPU time (user + system) per file, medians
over the passes, ratios pass by pass against vouch's engine. Load average during the runs:
${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on 2 cores (shared machine). The copy does liteTree's
boundary crossings (type id per node; start, end and field of each node kept) with a JS object per kept node;
the web engines use src/syntax/cursor-walk.ts's direct walk, the native binding its public TreeCursor.

${results}`,
  {
    figures,
    fields: {
      headline: [
        'bench 0.22 parse (µs/file)',
        'bench native, same grammar / 0.22',
        'django native, same grammar / 0.22',
      ],
    },
    origin:
      "real code: OWASP BenchmarkPython testcode/ (106 files, Apache-2.0); Django 3.2 (Debian's python3-django, BSD-3-Clause)",
  },
);

/**
 * `vouch debug` on small real projects with scripted model answers (issue 15): the failing command runs
 * in the sandbox, the frames are located, the scripted answer's diff is applied to the overlay and the
 * command re-run. What it measures is the pipeline, not a model (no real model can be reached here): that
 * the frames land in the workspace, that a wrong fix goes back with the new failure and a right one is
 * proven, and where the time goes around the model (its own time is ~0 here).
 *
 *   npm run bench:debug
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type DebugDetails, runTask, type TaskEvent } from '../../src/tasks/index.js';
import { fakeModelHost } from '../../test/support/fake-model-host.js';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { recordResults, table } from '../results.js';

interface Case {
  name: string;
  files: Record<string, string>;
  command?: string[];
  log?: string;
  /** the scripted answers: the first, then one per repair round */
  answers: string[];
}

const diff = (cause: string, path: string, hunk: string[]) =>
  [cause, '```diff', `--- a/${path}`, `+++ b/${path}`, ...hunk, '```'].join('\n');

const MEAN = 'def mean(values):\n    return sum(values) / len(values) + 1\n';
const MEAN_TEST = 'from stats import mean\n\n\ndef test_mean():\n    assert mean([1, 2, 3]) == 2\n';
const CART =
  'export function total(items) {\n  return items.reduce((sum, item) => sum + item.price, 0);\n}\n';
const CART_TEST =
  "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { total } from './cart.js';\n\ntest('skips removed lines', () => {\n  assert.equal(total([{ price: 2 }, null]), 2);\n});\n";

const CASES: Case[] = [
  {
    name: 'pytest: a wrong mean (the test calls the bug)',
    files: { 'stats.py': MEAN, 'tests/test_stats.py': MEAN_TEST },
    command: ['pytest', 'tests'],
    answers: [
      diff('`mean` adds 1.', 'stats.py', [
        '@@ -1,2 +1,2 @@',
        ' def mean(values):',
        '-    return sum(values) / len(values) + 1',
        '+    return sum(values) / len(values)',
      ]),
    ],
  },
  {
    name: 'python script: division by zero (hunk header off by 10 lines)',
    files: {
      'calc.py': 'def ratio(a, b):\n    return a / b\n',
      'report.py': 'from calc import ratio\n\nprint(ratio(2, 0) or "none")\n',
    },
    command: ['python3', 'report.py'],
    answers: [
      diff('`ratio` divides by zero.', 'calc.py', [
        '@@ -11,2 +11,4 @@',
        ' def ratio(a, b):',
        '+    if b == 0:',
        '+        return None',
        '     return a / b',
      ]),
    ],
  },
  {
    name: 'node:test: null item (first fix wrong, repaired)',
    files: { 'package.json': '{"type":"module"}\n', 'cart.js': CART, 'cart.test.js': CART_TEST },
    command: ['node', '--test', 'cart.test.js'],
    answers: [
      diff('Null items.', 'cart.js', [
        '@@ -1,3 +1,3 @@',
        ' export function total(items) {',
        '-  return items.reduce((sum, item) => sum + item.price, 0);',
        '+  return items.reduce((sum, item) => sum + item?.price, 0);',
        ' }',
      ]),
      diff('Skip null items.', 'cart.js', [
        '@@ -1,3 +1,3 @@',
        ' export function total(items) {',
        '-  return items.reduce((sum, item) => sum + item.price, 0);',
        '+  return items.reduce((sum, item) => sum + (item ? item.price : 0), 0);',
        ' }',
      ]),
    ],
  },
  {
    name: 'mypy log only (checked by the gate, no re-run)',
    files: { 'typed.py': 'def twice(x: int) -> int:\n    return x * 2\n\n\nlabel: str = twice(2)\n' },
    log: 'typed.py:5: error: Incompatible types in assignment (expression has type "int", variable has type "str")  [assignment]\n',
    answers: [
      diff('`twice` returns an int.', 'typed.py', [
        '@@ -5 +5 @@',
        '-label: str = twice(2)',
        '+label: str = str(twice(2))',
      ]),
    ],
  },
  {
    name: 'stays broken (two wrong fixes)',
    files: { 'stats.py': MEAN, 'tests/test_stats.py': MEAN_TEST },
    command: ['pytest', 'tests'],
    answers: [1, 2, 3].map((n) =>
      diff('Off by one.', 'stats.py', [
        '@@ -1,2 +1,2 @@',
        ' def mean(values):',
        '-    return sum(values) / len(values) + 1',
        `+    return sum(values) / len(values) + ${n / 10}`,
      ]),
    ),
  },
];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const fake = await startFakeProviders();
const rows: (string | number)[][] = [];
const load = loadavg()[0]!.toFixed(1);
try {
  for (const entry of CASES) {
    const root = mkdtempSync(join(tmpdir(), 'vouch-bench-debug-'));
    for (const [path, text] of Object.entries(entry.files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    fake.reset();
    fake.script('/v1/chat/completions', ...entry.answers.map((text) => ({ text })));
    const spent = new Map<string, number>();
    const open = new Map<string, number>();
    const onEvent = (event: TaskEvent) => {
      if (event.type !== 'stage') return;
      if (event.status === 'start') open.set(event.stage, performance.now());
      else if (open.has(event.stage)) {
        const took = performance.now() - open.get(event.stage)!;
        spent.set(event.stage, (spent.get(event.stage) ?? 0) + took);
        // the re-runs happen inside a round's verification; the gate is the rest of it
        if (event.stage === 'run' && open.has('verify')) spent.set('rerun', (spent.get('rerun') ?? 0) + took);
        open.delete(event.stage);
      }
    };
    const started = performance.now();
    const result = await runTask({
      name: 'debug',
      input: {
        ...(entry.command ? { command: entry.command } : {}),
        ...(entry.log ? { log: entry.log } : {}),
      },
      host: fakeModelHost(root, fake.openAiUrl),
      options: { onEvent },
    });
    const total = performance.now() - started;
    const details = result.details as unknown as DebugDetails;
    const runs = spent.get('run') ?? 0;
    rows.push([
      entry.name,
      details.failure.frames.map((frame) => `${frame.path}:${frame.line}`).join(', '),
      result.verification.rounds.length,
      result.verification.rounds.map((round) => round.status).join(' → ') || '—',
      result.verification.status,
      details.fixed ? 'yes' : 'no',
      seconds(total),
      seconds(runs),
      seconds((spent.get('verify') ?? 0) - (spent.get('rerun') ?? 0)),
      seconds(spent.get('context') ?? 0),
    ]);
    rmSync(root, { recursive: true, force: true });
  }
} finally {
  await fake.close();
}
const markdown = `${table(
  [
    'case',
    'frames located',
    'repair rounds',
    'verdict per repair round',
    'verdict',
    'fixed',
    'total',
    'sandbox runs',
    'gate',
    'context',
  ],
  rows,
)}

The model is scripted (a loopback OpenAI-compatible server replaying the answers), so this shows the
pipeline, not how often a real model finds the fix. "sandbox runs": the failing command before and with
each fix (bubblewrap, the project read-only with the fix as an overlay); "gate": syntax, imports, types
and security on the changed files, before and after when the after has findings (only syntax beside a
re-run that still fails); "context": the frames' code, the definitions and the index's context (the
tokenizer loads on the first case). Each case runs once, in one process (warm after the first). Load
average at the start: ${load} on 2 cores shared with other sessions. Written after the code.`;
console.log(markdown);
recordResults('debug', 'vouch debug on scripted answers (issue 15)', markdown, {
  origin:
    'synthetic: failing projects and scripted answers written for bench/tasks/debug.ts, replayed by a loopback server',
});

/**
 * The repair loop on scripted model output (issue 15): answers that fail one of vouch's real checks —
 * a syntax error, an invented API, a type error, a failing test, a blocking security finding, no code at
 * all — followed by what a model might send back once told what failed. Every check is the real one
 * (the sandbox, the Python and TypeScript toolchains, the security gate); the model is a loopback
 * OpenAI-compatible server that replays the script, so what this measures is the loop, not a model:
 * that each kind of failure reaches the model as feedback it can act on (the did-you-mean, the rule,
 * the failing assertion), that a repaired answer is verified again and delivered, and that an answer
 * that stays broken is still reported as failing after the last round.
 *
 * The second table runs the same loop in the other tasks that repair (issue 42: one `repairLoop` in
 * tasks/): `complete --repair` (a fill-in-the-middle answer, then chat rounds), `fix` (the gate's
 * findings in a file, rewritten) and `debug` (a diff re-run in the sandbox), each on a small project
 * with real checks. "rounds digest" is a hash of every round's feedback, verdict and checks (names,
 * statuses, findings; timings and temporary paths taken out), so two runs of two builds can be compared
 * round for round.
 *
 *   npm run bench:repair
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from '../../src/core/index.js';
import { resolveModel } from '../../src/model/index.js';
import { type RepairRound, runTask, type TaskHost, verdictOf } from '../../src/tasks/index.js';
import { fakeModelHost } from '../../test/support/fake-model-host.js';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { scriptedModel } from '../../test/support/scripted-model.js';
import { writeFiles } from '../../test/support/temp-project.js';
import { recordResults, table } from '../results.js';

interface Case {
  name: string;
  language: 'python' | 'typescript';
  spec: string;
  /** the model's answers in order: the first one, then one per repair round */
  answers: string[];
}

const fence = (language: string, code: string, tests = '') =>
  `\`\`\`${language}\n${code}\n\`\`\`\nThe code.${tests ? `\n\n\`\`\`${language}\n${tests}\n\`\`\`` : ''}`;

const SLUG_TESTS =
  'from solution import slugify\n\n\ndef test_slugify():\n    assert slugify("Hello World") == "hello-world"';

const CASES: Case[] = [
  {
    name: 'syntax error (a missing colon)',
    language: 'python',
    spec: 'slugify a title',
    answers: [
      fence('python', 'def slugify(title: str) -> str\n    return "-".join(title.lower().split())'),
      fence('python', 'def slugify(title: str) -> str:\n    return "-".join(title.lower().split())'),
    ],
  },
  {
    name: 'invented API (os.path.joinpath)',
    language: 'python',
    spec: 'join a folder and a file name',
    answers: [
      fence(
        'python',
        'from os.path import joinpath\n\n\ndef where(folder: str, name: str) -> str:\n    return joinpath(folder, name)',
      ),
      fence(
        'python',
        'from os.path import join\n\n\ndef where(folder: str, name: str) -> str:\n    return join(folder, name)',
      ),
    ],
  },
  {
    name: 'type error (a string where a number goes)',
    language: 'typescript',
    spec: 'add the prices',
    answers: [
      fence(
        'typescript',
        'export function total(prices: number[]): number {\n  let sum: number = "0";\n  for (const price of prices) sum += price;\n  return sum;\n}',
      ),
      fence(
        'typescript',
        'export function total(prices: number[]): number {\n  let sum = 0;\n  for (const price of prices) sum += price;\n  return sum;\n}',
      ),
    ],
  },
  {
    name: 'failing test (the words joined with _)',
    language: 'python',
    spec: 'slugify a title',
    answers: [
      fence(
        'python',
        'def slugify(title: str) -> str:\n    return "_".join(title.lower().split())',
        SLUG_TESTS,
      ),
      fence(
        'python',
        'def slugify(title: str) -> str:\n    return "-".join(title.lower().split())',
        SLUG_TESTS,
      ),
    ],
  },
  {
    name: 'blocking security finding (SQL built with an f-string)',
    language: 'python',
    spec: 'find a user by name in sqlite',
    answers: [
      fence(
        'python',
        'import sqlite3\n\n\ndef find_user(db: sqlite3.Connection, name: str):\n    return db.execute(f"SELECT * FROM users WHERE name = \'{name}\'").fetchone()',
      ),
      fence(
        'python',
        'import sqlite3\n\n\ndef find_user(db: sqlite3.Connection, name: str):\n    return db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()',
      ),
    ],
  },
  {
    name: 'no code in the answer',
    language: 'python',
    spec: 'slugify a title',
    answers: [
      'You could lower-case the title and join its words with hyphens.',
      fence('python', 'def slugify(title: str) -> str:\n    return "-".join(title.lower().split())'),
    ],
  },
  {
    name: 'stays broken (the same invented API every round)',
    language: 'python',
    spec: 'join a folder and a file name',
    answers: Array.from({ length: 3 }, () =>
      fence(
        'python',
        'from os.path import joinpath\n\n\ndef where(folder: str, name: str) -> str:\n    return joinpath(folder, name)',
      ),
    ),
  },
];

await using server = await startFakeProviders();
const model = await resolveModel({
  spec: 'openai:scripted',
  task: 'generate',
  config: {},
  env: { OPENAI_BASE_URL: server.openAiUrl },
});
const load = loadavg()[0]!;
const rows: string[][] = [];
let failingFirst = 0;
let repaired = 0;
for (const testCase of CASES) {
  const workspace = mkdtempSync(join(tmpdir(), 'vouch-repair-bench-'));
  writeFileSync(join(workspace, 'vouch.toml'), '');
  if (testCase.language === 'typescript')
    writeFileSync(join(workspace, 'package.json'), '{"name":"bench","type":"module"}');
  server.reset();
  server.script('/v1/chat/completions', ...testCase.answers.map((text) => ({ text })));
  const host: TaskHost = { workspaceRoot: workspace, config: {}, model: async () => model };
  const started = performance.now();
  const firstChecks: CheckResult[] = [];
  const result = await runTask({
    name: 'generate',
    input: { spec: testCase.spec, language: testCase.language, useContext: false },
    host,
    options: {
      onEvent: (event) => {
        if (event.type === 'check' && event.round === 0) firstChecks.push(event.result);
      },
    },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const { rounds, status } = result.verification;
  const digest = roundsDigest(rounds, workspace);
  rmSync(workspace, { recursive: true, force: true });
  const first = firstChecks.length > 0 ? verdictOf(firstChecks).status : 'no code';
  if (rounds.length > 0) failingFirst++;
  if (rounds.length > 0 && status !== 'fail' && result.generated_code) repaired++;
  rows.push([
    testCase.name,
    rounds[0]?.feedback[0]?.slice(0, 110).replace(/\|/g, '\\|') ?? '—',
    first,
    String(rounds.length),
    rounds.map((round) => round.status).join(' → ') || '—',
    status,
    digest,
    `${seconds} s`,
  ]);
}

/**
 * A round as two builds can compare it: feedback, verdict, and each check's name, status and findings.
 * Timings (`0.03s`, `duration_ms 12`) and the temporary workspace's path are taken out: they change
 * from run to run.
 */
function roundsDigest(rounds: readonly RepairRound[], root: string): string {
  const steady = (text: string) =>
    text
      .split(root)
      .join('<root>')
      .replace(/vouch-[\w-]*?-[A-Za-z0-9]{6}/g, '<tmp>')
      .replace(/\d+(\.\d+)?\s*(ms|s|seconds)\b/g, '<time>')
      .replace(/duration_ms:? [\d.]+/g, 'duration_ms <time>');
  const shape = rounds.map((round) => ({
    round: round.round,
    feedback: round.feedback.map(steady),
    status: round.status,
    checks: round.checks.map((check) => [
      check.name,
      check.status,
      check.findings.map((finding) => [finding.ruleId, finding.line, steady(finding.message)]),
    ]),
  }));
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 12);
}

interface TaskCase {
  task: 'complete' | 'fix' | 'debug';
  name: string;
  files: Record<string, string>;
  input: Record<string, unknown>;
  /** the model's answers in order: the first one, then one per repair round */
  answers: string[];
}

const RUN_PY =
  'import json\nimport subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n\n\ndef load(text):\n    return json.loads(text)\n';
const MEAN = 'def mean(values):\n    return sum(values) / len(values) + 1\n';
const MEAN_TEST = 'from stats import mean\n\n\ndef test_mean():\n    assert mean([1, 2, 3]) == 2\n';
const CART =
  'export function total(items) {\n  return items.reduce((sum, item) => sum + item.price, 0);\n}\n';
const CART_TEST =
  "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { total } from './cart.js';\n\ntest('skips removed lines', () => {\n  assert.equal(total([{ price: 2 }, null]), 2);\n});\n";
const diff = (cause: string, path: string, hunk: string[]) =>
  [cause, '```diff', `--- a/${path}`, `+++ b/${path}`, ...hunk, '```'].join('\n');
const meanFix = (n: number) =>
  diff('Off by one.', 'stats.py', [
    '@@ -1,2 +1,2 @@',
    ' def mean(values):',
    '-    return sum(values) / len(values) + 1',
    `+    return sum(values) / len(values) + ${n / 10}`,
  ]);

const TASK_CASES: TaskCase[] = [
  {
    task: 'complete',
    name: 'a completion that does not parse (Python)',
    files: { 'calc.py': 'def add(a, b):\n    \n\n\ndef other():\n    return 1\n' },
    input: { file: 'calc.py', line: 2, column: 5, repair: 2, cache: false },
    answers: ['return (a +', 'Here:\n```python\nreturn a + b\n```\n'],
  },
  {
    task: 'complete',
    name: 'an invented import, fixed (TypeScript)',
    files: { 'src/read.ts': 'export const x = 1;\n\n', 'package.json': '{"name":"p","type":"module"}' },
    input: { file: 'src/read.ts', line: 3, column: 1, repair: 2, cache: false },
    answers: [
      "import { readFileSynk } from 'node:fs';\n",
      "```ts\nimport { readFileSync } from 'node:fs';\n```",
    ],
  },
  {
    task: 'complete',
    name: 'an invented import, stays broken (TypeScript)',
    files: { 'src/read.ts': 'export const x = 1;\n\n', 'package.json': '{"name":"p","type":"module"}' },
    input: { file: 'src/read.ts', line: 3, column: 1, repair: 2, cache: false },
    answers: [
      "import { readFileSynk } from 'node:fs';\n",
      "```ts\nimport { readFileSynC } from 'node:fs';\n```",
      "```ts\nimport { readFileSynC } from 'node:fs';\n```",
    ],
  },
  {
    task: 'fix',
    name: 'shell=True, first rewrite invents an API',
    files: { 'tools.py': RUN_PY },
    input: { file: 'tools.py', repair: 2 },
    answers: [
      '```python\ndef run(cmd):\n    return subprocess.cal(cmd.split())\n```\nSplit it.',
      '```python\ndef run(cmd):\n    return subprocess.call(cmd.split())\n```\nSplit it.',
    ],
  },
  {
    task: 'fix',
    name: 'shell=True, stays (the finding every round)',
    files: { 'tools.py': RUN_PY },
    input: { file: 'tools.py', repair: 2 },
    answers: Array.from(
      { length: 3 },
      () => '```python\ndef run(cmd):\n    # run it\n    return subprocess.call(cmd, shell=True)\n```\nDone.',
    ),
  },
  {
    task: 'debug',
    name: 'node:test null item (first fix wrong)',
    files: { 'package.json': '{"type":"module"}\n', 'cart.js': CART, 'cart.test.js': CART_TEST },
    input: { command: ['node', '--test', 'cart.test.js'] },
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
    task: 'debug',
    name: 'pytest wrong mean, stays broken',
    files: { 'stats.py': MEAN, 'tests/test_stats.py': MEAN_TEST },
    input: { command: ['pytest', 'tests'] },
    answers: [1, 2, 3].map(meanFix),
  },
];

const taskRows: string[][] = [];
for (const testCase of TASK_CASES) {
  const workspace = mkdtempSync(join(tmpdir(), 'vouch-repair-bench-'));
  writeFiles(workspace, testCase.files);
  server.reset();
  // complete's first answer is a fill-in-the-middle call: the scripted model answers both kinds in order
  const scripted = scriptedModel(testCase.answers);
  if (testCase.task !== 'complete')
    server.script('/v1/chat/completions', ...testCase.answers.map((text) => ({ text })));
  const host: TaskHost =
    testCase.task === 'complete'
      ? { workspaceRoot: workspace, config: {}, model: async () => scripted }
      : fakeModelHost(workspace, server.openAiUrl);
  const started = performance.now();
  const result = await runTask({ name: testCase.task, input: testCase.input, host });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const { rounds, status } = result.verification;
  taskRows.push([
    testCase.task,
    testCase.name,
    rounds[0]?.feedback[0]?.split('\n')[0]?.slice(0, 90).replace(/\|/g, '\\|') ?? '—',
    String(rounds.length),
    rounds.map((round) => round.status).join(' → ') || '—',
    status,
    roundsDigest(rounds, workspace),
    `${seconds} s`,
  ]);
  rmSync(workspace, { recursive: true, force: true });
}

const markdown = [
  table(
    [
      'answer',
      'first line of feedback sent back',
      'first verdict',
      'rounds',
      'verdict per round',
      'delivered',
      'rounds digest',
      'time',
    ],
    rows,
  ),
  '',
  `${repaired} of ${failingFirst} first answers that failed a check or had no code were repaired (delivered with a verdict that is not \`fail\`) within the default 2 rounds. The model is scripted (a loopback OpenAI-compatible server replaying the answers), so this shows the loop and the feedback, not how often a real model fixes its code: no real model can be reached here. \`unverified\` after a repair means nothing failed but a check that applies could not verify (e.g. no tests were given to run). Load average at the start: ${load.toFixed(1)} on 2 cores shared with other sessions.`,
  '',
  '### The same loop in complete, fix and debug',
  '',
  table(
    [
      'task',
      'answer',
      'first line of feedback sent back',
      'rounds',
      'verdict per round',
      'delivered',
      'rounds digest',
      'time',
    ],
    taskRows,
  ),
].join('\n');
console.log(markdown);
recordResults('repair', 'Repair loop on scripted answers (issue 15)', markdown, {
  origin:
    'synthetic: scripted answers (bench/tasks/repair.ts) replayed by a loopback OpenAI-compatible server',
});

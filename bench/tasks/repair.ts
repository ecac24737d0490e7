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
 *   npm run bench:repair
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveModel } from '../../src/model/resolve/resolve-model.js';
import { runTask, type TaskHost } from '../../src/tasks/index.js';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
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
  'from slug import slugify\n\n\ndef test_slugify():\n    assert slugify("Hello World") == "hello-world"';

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
  const result = await runTask(
    'generate',
    { spec: testCase.spec, language: testCase.language, useContext: false },
    host,
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  rmSync(workspace, { recursive: true, force: true });
  const { rounds, status } = result.verification;
  const first = rounds.length > 0 ? 'fail' : status;
  if (rounds.length > 0) failingFirst++;
  if (rounds.length > 0 && status !== 'fail' && result.generated_code) repaired++;
  rows.push([
    testCase.name,
    rounds[0]?.feedback[0]?.slice(0, 110).replace(/\|/g, '\\|') ?? '—',
    first,
    String(rounds.length),
    rounds.map((round) => round.status).join(' → ') || '—',
    status,
    `${seconds} s`,
  ]);
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
      'time',
    ],
    rows,
  ),
  '',
  `${repaired} of ${failingFirst} failing first answers were repaired (delivered with a verdict that is not \`fail\`) within the default 2 rounds. The model is scripted (a loopback OpenAI-compatible server replaying the answers), so this shows the loop and the feedback, not how often a real model fixes its code: no real model can be reached here. \`unverified\` after a repair means nothing failed but a check that applies could not verify (e.g. no tests were given to run). Load average at the start: ${load.toFixed(1)} on 2 cores shared with other sessions.`,
].join('\n');
console.log(markdown);
recordResults('repair', 'Repair loop on scripted answers (issue 15)', markdown);

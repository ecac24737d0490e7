/**
 * What measuring the model's own tests (`test-evidence`, issue 58) adds to a generate: the check runs
 * after every other one, so its own duration is the added latency. Each case is a whole `generate` task
 * (every real check, the sandbox, a loopback OpenAI-compatible model replaying one scripted answer, no
 * repair round), run RUNS times; the table gives the p50 of the check's duration and of the whole task.
 * The answers are written here (synthetic: they test the machinery, not a model).
 *
 *   npx tsx bench/tasks/test-evidence-latency.ts [--runs 5] [--out bench/results/test-evidence.jsonl]
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { resolveModel } from '../../src/model/index.js';
import { runTask, type TaskHost } from '../../src/tasks/index.js';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { percentile, table } from '../results.js';

interface Case {
  name: string;
  /** the figures' prefix in bench/results/test-evidence.jsonl */
  key: string;
  language: 'python' | 'typescript';
  vitest?: boolean;
  code: string;
  tests: string;
}

const CASES: Case[] = [
  {
    name: 'Python, pytest, real asserts (warm pool)',
    key: 'python_pytest',
    language: 'python',
    code: 'def clamp(x, lo, hi):\n    if x < lo:\n        return lo\n    if x > hi:\n        return hi\n    return x\n',
    tests:
      'from solution import clamp\n\n\ndef test_clamp():\n    assert clamp(5, 0, 10) == 5\n    assert clamp(-1, 0, 10) == 0\n    assert clamp(11, 0, 10) == 10\n',
  },
  {
    name: 'Python, swallowed asserts (static, no mutant)',
    key: 'python_swallowed',
    language: 'python',
    code: 'def clamp(x, lo, hi):\n    return x\n',
    tests:
      'from solution import clamp\n\n\ndef test_clamp():\n    try:\n        assert clamp(-1, 0, 10) == 0\n    except AssertionError:\n        pass\n',
  },
  {
    name: 'TypeScript, node:test (warm pool)',
    key: 'typescript_node_test',
    language: 'typescript',
    code: 'export function clamp(x: number, lo: number, hi: number): number {\n  if (x < lo) return lo;\n  if (x > hi) return hi;\n  return x;\n}\n',
    tests:
      "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { clamp } from './solution.js';\n\ntest('clamps', () => {\n  assert.equal(clamp(5, 0, 10), 5);\n  assert.equal(clamp(-1, 0, 10), 0);\n  assert.equal(clamp(11, 0, 10), 10);\n});\n",
  },
  {
    name: 'TypeScript, vitest (a sandbox per mutant)',
    key: 'typescript_vitest',
    language: 'typescript',
    vitest: true,
    code: 'export function clamp(x: number, lo: number, hi: number): number {\n  if (x < lo) return lo;\n  if (x > hi) return hi;\n  return x;\n}\n',
    tests:
      "import { expect, it } from 'vitest';\nimport { clamp } from './solution';\n\nit('clamps', () => {\n  expect(clamp(5, 0, 10)).toBe(5);\n  expect(clamp(-1, 0, 10)).toBe(0);\n  expect(clamp(11, 0, 10)).toBe(10);\n});\n",
  },
];

const argument = (name: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const RUNS = Number(argument('--runs') ?? 5);
const OUT = argument('--out');
const ROOT = join(import.meta.dirname, '..', '..');

await using server = await startFakeProviders();
const model = await resolveModel({
  spec: 'openai:scripted',
  task: 'generate',
  config: {},
  env: { OPENAI_BASE_URL: server.openAiUrl },
});
const loadBefore = loadavg()
  .map((value) => value.toFixed(2))
  .join(', ');
const rows: (string | number)[][] = [];
const figures: Record<string, number> = {};
for (const testCase of CASES) {
  const evidenceMs: number[] = [];
  const totalMs: number[] = [];
  let status = '';
  for (let run = 0; run < RUNS; run++) {
    const workspace = mkdtempSync(join(tmpdir(), 'vouch-evidence-bench-'));
    writeFileSync(join(workspace, 'vouch.toml'), '');
    if (testCase.language === 'typescript')
      writeFileSync(
        join(workspace, 'package.json'),
        JSON.stringify({
          name: 'bench',
          type: 'module',
          ...(testCase.vitest ? { devDependencies: { vitest: '^4.1.0' } } : {}),
        }),
      );
    if (testCase.vitest) {
      mkdirSync(join(workspace, 'node_modules'));
      symlinkSync(join(ROOT, 'node_modules/vitest'), join(workspace, 'node_modules/vitest'));
    }
    server.reset();
    const fence = (code: string) => `\`\`\`${testCase.language}\n${code}\`\`\``;
    server.script('/v1/chat/completions', { text: `${fence(testCase.code)}\n\n${fence(testCase.tests)}` });
    const host: TaskHost = { workspaceRoot: workspace, config: {}, model: async () => model };
    const started = performance.now();
    const result = await runTask({
      name: 'generate',
      input: { spec: 'clamp a number', language: testCase.language, useContext: false, repair: 0 },
      host,
    });
    totalMs.push(performance.now() - started);
    const evidence = result.verification.checks.find((check) => check.name === 'test-evidence');
    evidenceMs.push(evidence?.durationMs ?? Number.NaN);
    status = `${evidence?.status ?? 'absent'}${evidence?.details ? ` (${(evidence.details as { mutants: { killed: number; total: number } }).mutants.killed}/${(evidence.details as { mutants: { total: number } }).mutants.total} killed)` : ''}`;
    rmSync(workspace, { recursive: true, force: true });
  }
  const p50 = percentile(evidenceMs, 50);
  const total = percentile(totalMs, 50);
  rows.push([
    testCase.name,
    status,
    `${Math.round(p50)} ms`,
    `${Math.round(percentile(evidenceMs, 90))} ms`,
    `${(total / 1000).toFixed(1)} s`,
    `${Math.round((p50 / total) * 100)}%`,
  ]);
  figures[`${testCase.key}_test_evidence_p50_ms`] = Math.round(p50);
  figures[`${testCase.key}_generate_p50_ms`] = Math.round(total);
}
const loadAfter = loadavg()
  .map((value) => value.toFixed(2))
  .join(', ');
const markdown = table(['case', 'test-evidence', 'added p50', 'added p90', 'generate p50', 'share'], rows);
console.log(markdown);
console.log(`\n${RUNS} runs per case · load average before ${loadBefore}, after ${loadAfter}`);
if (OUT) {
  mkdirSync(dirname(OUT), { recursive: true });
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  appendFileSync(
    OUT,
    `${JSON.stringify({
      area: 'test-evidence',
      title:
        "Latency test-evidence adds to one generate (the model's own tests measured; loopback model, no repair)",
      date: new Date().toISOString(),
      commit,
      machine: `${cpus().length} cores, ${cpus()[0]?.model.trim() ?? 'unknown cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      load: `before ${loadBefore}; after ${loadAfter}`,
      origin:
        'synthetic: four scripted answers written in bench/tasks/test-evidence-latency.ts (clamp in Python and TypeScript); no dataset',
      figures: { runs: RUNS, ...figures },
      table: markdown,
    })}\n`,
  );
}

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/run-cli.js';
import type { EvalReport } from '../eval/run-eval.js';
import { openServerStore } from '../store/record/open-server-store.js';
import { sandboxAvailability } from '../verify/sandbox/index.js';
import { recordEvalRun } from './record-eval-run.js';

const made: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-eval-record-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const REPORT: EvalReport = {
  benchmark: 'humaneval',
  form: 'original',
  harness: 'python-exec',
  problems: 2,
  problemsWithoutSamples: 0,
  samples: 4,
  passed: 3,
  'pass@k': { '1': 0.75 },
  skippedK: [],
  failureKinds: { assertion: 1 },
  perProblem: [],
  resultsFile: 'samples.jsonl_results.jsonl',
  resumed: 0,
  interrupted: false,
  sandboxed: true,
  durationMs: 1234,
};

describe('recording an eval run for the dashboard', () => {
  it("records into the workspace's team store as the local user, and creates none where there is none", async () => {
    const workspace = tempDir();
    expect(
      await recordEvalRun({ workspaceRoot: workspace, report: REPORT, model: null, env: {} }),
    ).toMatchObject({ skipped: /no team store/ });
    expect(existsSync(join(workspace, '.vouch', 'server.db'))).toBe(false);

    const file = join(tempDir(), 'team.db');
    const recorded = await recordEvalRun({
      workspaceRoot: workspace,
      report: REPORT,
      model: 'openai:gpt-4o-mini',
      env: {
        VOUCH_DATABASE_URL: file,
      },
    });
    expect(recorded).toMatchObject({ id: expect.any(String) });
    expect(
      await recordEvalRun({
        workspaceRoot: workspace,
        report: { ...REPORT, interrupted: true },
        model: null,
        env: { VOUCH_DATABASE_URL: file },
      }),
    ).toEqual({
      skipped: 'the run was interrupted',
    });
    const store = await openServerStore(file);
    const runs = await store.listEvalRuns();
    await store.close();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ passAtK: { '1': 0.75 }, model: 'openai:gpt-4o-mini', source: 'cli' });
  });

  it('records no selected pass@1 when the selection could not rank any problem (a uniform pick is no ranking)', async () => {
    const file = join(tempDir(), 'team.db');
    const selected = (unranked: string[]) => ({
      ...REPORT,
      selected: {
        'pass@k': { '1': 0.75 } as { '1': number },
        selectionFile: 'samples.jsonl_selection.jsonl',
        method: 'vouch' as const,
        durationMs: 10,
        resumed: 0,
        unranked: unranked.map((taskId) => ({ taskId, reason: 'no candidate is usable (4 hanging)' })),
      },
    });
    const env = { VOUCH_DATABASE_URL: file };
    const none = await recordEvalRun({
      workspaceRoot: tempDir(),
      report: selected(['Toy/0', 'Toy/1']),
      model: null,
      env,
    });
    const some = await recordEvalRun({
      workspaceRoot: tempDir(),
      report: selected(['Toy/1']),
      model: null,
      env,
    });
    const store = await openServerStore(file);
    const runs = await store.listEvalRuns();
    await store.close();
    const byId = new Map(runs.map((run) => [run.id, run]));
    expect(byId.get((none as { id: string }).id)?.selectedPassAt1).toBeNull();
    expect(byId.get((some as { id: string }).id)?.selectedPassAt1).toBe(0.75);
  });
});

const sandbox = await sandboxAvailability();

describe.skipIf(!sandbox.available)(`vouch eval records its run (skipped: ${sandbox.reason})`, () => {
  it('says in --json which run it recorded, and --no-record records nothing', async () => {
    const dir = tempDir();
    const datasets = join(dir, 'datasets');
    mkdirSync(join(datasets, 'humaneval'), { recursive: true });
    // a hand-written problem in HumanEval's format (not dataset content)
    const problem = {
      task_id: 'Toy/0',
      prompt: 'def double(x):\n    """Twice x."""\n',
      canonical_solution: '    return 2 * x\n',
      test: 'def check(candidate):\n    assert candidate(3) == 6\n',
      entry_point: 'double',
    };
    writeFileSync(join(datasets, 'humaneval', 'HumanEval.jsonl.gz'), gzipSync(JSON.stringify(problem)));
    const samples = join(dir, 'samples.jsonl');
    writeFileSync(samples, `${JSON.stringify({ task_id: 'Toy/0', completion: '    return x + x\n' })}\n`);
    const file = join(dir, 'team.db');
    const args = ['eval', 'humaneval', '--datasets', datasets, '--samples', samples, '--k', '1', '--json'];
    const env = { VOUCH_DATABASE_URL: file };
    const first = await runCli(args, { cwd: dir, env, timeoutMs: 60_000 });
    expect(first.code, first.stderr).toBe(0);
    const id = first.json<{ recordedRun: string | null }>().recordedRun;
    expect(id).toEqual(expect.any(String));
    const skipped = await runCli([...args, '--no-record'], { cwd: dir, env, timeoutMs: 60_000 });
    expect(skipped.json<{ recordedRun: string | null }>().recordedRun).toBeNull();
    const store = await openServerStore(file);
    const runs = await store.listEvalRuns();
    await store.close();
    expect(runs.map((run) => run.id)).toEqual([id]);
    expect(runs[0]).toMatchObject({ benchmark: 'humaneval', passAtK: { '1': 1 }, samples: 1, passed: 1 });
  }, 120_000);
});

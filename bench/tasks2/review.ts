/**
 * `vouch review` on a real 500-line diff: a commit from vouch's own history (the `vouch model` command,
 * about 500 added lines of TypeScript, tests included), reviewed as BASE..HEAD in a clone, gate only and
 * with a loopback model answering instantly (so the time is vouch's own, not a model's). Build first
 * (`npm run build`); run with `nice -n 10 npx tsx bench/tasks2/review.ts [--runs 3]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { runCli } from '../../test/support/run-cli.js';
import { recordResults, table } from '../results.js';

const COMMIT = '5e24435';
const repository = join(import.meta.dirname, '..', '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const clone = mkdtempSync(join(tmpdir(), 'vouch-bench-review-'));
const fake = await startFakeProviders();
fake.handle('/v1/chat/completions', () => ({ text: '```json\n[]\n```' }));
try {
  execFileSync('git', ['clone', '-q', repository, clone]);
  execFileSync('git', ['checkout', '-q', COMMIT], { cwd: clone });
  symlinkSync(join(repository, 'node_modules'), join(clone, 'node_modules'));
  const stat = execFileSync('git', ['diff', '--shortstat', `${COMMIT}~1..${COMMIT}`], {
    cwd: clone,
    encoding: 'utf8',
  }).trim();
  const indexStarted = performance.now();
  await runCli(['index'], { cwd: clone, timeoutMs: 600_000 });
  const indexMs = performance.now() - indexStarted;
  const rows: (string | number)[][] = [];
  const gateOnly: number[] = [];
  const withModel: number[] = [];
  const load: number[] = [];
  let perCheck = '';
  let comments = 0;
  for (let run = 0; run < runs; run++) {
    for (const model of [false, true]) {
      load.push(loadavg()[0] ?? 0);
      const result = await runCli(
        [
          'review',
          `${COMMIT}~1..${COMMIT}`,
          '--json',
          '--fail-on',
          'none',
          ...(model ? ['--model', 'openai:gpt-4o-mini'] : ['--no-model-review']),
        ],
        { cwd: clone, env: { OPENAI_BASE_URL: fake.openAiUrl }, timeoutMs: 600_000 },
      );
      const output = result.json<{
        durationMs: number;
        details: { comments: unknown[] };
        verification: { checks: { name: string; status: string; durationMs: number }[] };
      }>();
      (model ? withModel : gateOnly).push(result.durationMs);
      comments = output.details.comments.length;
      perCheck = output.verification.checks
        .map((check) => `${check.name} ${check.durationMs} ms (${check.status})`)
        .join(', ');
      rows.push([
        run + 1,
        model ? 'gate + loopback model' : 'gate only',
        result.durationMs,
        output.durationMs,
        comments,
      ]);
    }
  }
  const markdown = `Diff: \`${COMMIT}~1..${COMMIT}\` of vouch's own history, ${stat}.

${table(['run', 'mode', 'process ms', 'task ms', 'comments'], rows)}

Median whole process: gate only ${(median(gateOnly) / 1000).toFixed(1)} s, with the model round trip ${(median(withModel) / 1000).toFixed(1)} s (the loopback model answers at once; a real model adds its own latency). Per check in the last run: ${perCheck}. Indexing the clone first (not counted): ${(indexMs / 1000).toFixed(1)} s. Load average (1 min) during the runs: ${load.map((value) => value.toFixed(1)).join(', ')} on a shared 2-core machine.`;
  console.log(markdown);
  recordResults('tasks2-review', 'vouch review: a real 500-line diff (issue 19)', markdown, {
    origin: "real diff: 5e24435~1..5e24435 of vouch's own history",
  });
} finally {
  await fake.close();
  rmSync(clone, { recursive: true, force: true });
}

import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import type { EvalRun } from '../types.js';
import { ChartFigure } from './chart.js';
import { type Column, DataTable } from './data-table.js';
import { DateTime, shortDateTime } from './date-time.js';

const COLOURS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#b91c1c', '#0e7490'];

const seriesOf = (run: EvalRun) => `${run.benchmark} · ${run.model ?? 'samples file'}`;
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/**
 * pass@1 of each eval run over time, one line per benchmark and model; the table lists every run with
 * all its pass@k.
 */
export function EvalFigures({ runs }: { runs: EvalRun[] }) {
  const oldestFirst = useMemo(() => [...runs].reverse(), [runs]);
  const ks = useMemo(
    () => [...new Set(runs.flatMap((run) => Object.keys(run.passAtK)))].sort((a, b) => Number(a) - Number(b)),
    [runs],
  );
  const columns = useMemo<Column<EvalRun>[]>(
    () => [
      { header: 'When (UTC)', cell: (run) => <DateTime at={run.createdAt} /> },
      {
        header: 'Benchmark',
        cell: (run) => (
          <>
            {run.benchmark}{' '}
            <span class="muted">
              ({run.form}, {run.harness})
            </span>
          </>
        ),
      },
      { header: 'Model', cell: (run) => run.model ?? 'samples file' },
      { header: 'Problems', cell: (run) => run.problems },
      { header: 'Samples', cell: (run) => run.samples },
      ...ks.map(
        (k): Column<EvalRun> => ({ header: `pass@${k}`, cell: (run) => percent(run.passAtK[k] ?? null) }),
      ),
      { header: 'Selected pass@1', cell: (run) => percent(run.selectedPassAt1) },
      { header: 'Pipeline pass@1', cell: (run) => percent(run.pipelinePassAt1) },
      { header: 'Sandboxed', cell: (run) => (run.sandboxed ? 'yes' : 'NO') },
      { header: 'From', cell: (run) => run.source },
    ],
    [ks],
  );
  const config = useMemo<ChartConfiguration>(() => {
    const series = [...new Set(oldestFirst.map(seriesOf))];
    return {
      type: 'line',
      data: {
        labels: oldestFirst.map((run) => shortDateTime(run.createdAt)),
        datasets: series.map((name, index) => ({
          label: `${name}: pass@1 (%)`,
          data: oldestFirst.map((run) =>
            seriesOf(run) === name && run.passAtK['1'] !== undefined
              ? Math.round(run.passAtK['1'] * 1000) / 10
              : null,
          ),
          borderColor: COLOURS[index % COLOURS.length]!,
          backgroundColor: COLOURS[index % COLOURS.length]!,
          spanGaps: true,
        })),
      },
      options: { scales: { y: { min: 0, max: 100, title: { display: true, text: 'pass@1 (%)' } } } },
    };
  }, [oldestFirst]);
  return (
    <section aria-labelledby="eval-heading">
      <h3 id="eval-heading">Eval runs (pass@k history)</h3>
      {runs.length === 0 ? (
        <p>
          No eval run recorded yet. <code>vouch eval</code> records each finished run in this workspace's team
          store; a run elsewhere can post its <code>vouch eval --json</code> output to{' '}
          <code>POST /v1/eval-runs</code>.
        </p>
      ) : (
        <ChartFigure title="pass@1 by eval run, per benchmark and model" config={config}>
          <div class="scroll">
            <DataTable
              caption="Eval runs, newest first"
              columns={columns}
              rows={runs}
              rowKey={(run) => run.id}
            />
          </div>
        </ChartFigure>
      )}
    </section>
  );
}

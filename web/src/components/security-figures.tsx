import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { cweLabel } from '../cwe.js';
import { percent } from '../days.js';
import type { SecurityDay, SecurityStats } from '../types.js';
import { ChartFigure } from './chart.js';
import { DataTable } from './data-table.js';

const PASSED = '#166534';
const FAILED = '#b91c1c';
const NOT_RUN = '#92400e';
const UNKNOWN = '#6b7280';
/** distinct on white and from each other; the seventh colour is "other CWEs" */
const CWE_COLOURS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#0e7490'];
const OTHER = '#6b7280';

/** passed ÷ (passed + failed + not run): a gate that could not run is not a pass; unknown is left out */
function passRate(day: Omit<SecurityDay, 'day' | 'suggestions' | 'unknown'>): number | null {
  const judged = day.passed + day.failed + day.notRun;
  return judged > 0 ? day.passed / judged : null;
}

function filled(stats: SecurityStats, days: string[]): SecurityDay[] {
  const byDay = new Map(stats.days.map((day) => [day.day, day]));
  return days.map(
    (day) => byDay.get(day) ?? { day, suggestions: 0, passed: 0, failed: 0, notRun: 0, unknown: 0 },
  );
}

function GateFigure({ days }: { days: SecurityDay[] }) {
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: days.map((day) => day.day.slice(5)),
        datasets: [
          {
            type: 'line',
            label: 'pass rate (%)',
            data: days.map((day) => {
              const rate = passRate(day);
              return rate === null ? null : Math.round(rate * 100);
            }),
            borderColor: '#1d4ed8',
            backgroundColor: '#1d4ed8',
            yAxisID: 'rate',
            spanGaps: true,
            order: 0,
          },
          ...(
            [
              ['passed', 'passed', PASSED],
              ['failed', 'failed', FAILED],
              ['notRun', 'not run (skipped or errored)', NOT_RUN],
              ['unknown', 'outcome not recorded', UNKNOWN],
            ] as const
          ).map(([field, label, colour]) => ({
            type: 'bar' as const,
            label,
            data: days.map((day) => day[field]),
            backgroundColor: colour,
            yAxisID: 'count',
            stack: 'gate',
            order: 1,
            maxBarThickness: 32,
          })),
        ],
      },
      options: {
        scales: {
          x: { stacked: true },
          rate: {
            type: 'linear',
            position: 'left',
            min: 0,
            max: 100,
            title: { display: true, text: '% passed' },
          },
          count: {
            type: 'linear',
            position: 'right',
            stacked: true,
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            ticks: { precision: 0 },
            title: { display: true, text: 'suggestions' },
          },
        },
      },
    }),
    [days],
  );
  return (
    <ChartFigure title="Security gate by day (suggestions made that day, UTC)" config={config}>
      <DataTable
        caption="Security gate by day"
        rows={days}
        rowKey={(day) => day.day}
        columns={[
          { header: 'Day', cell: (day) => day.day },
          { header: 'Suggestions', cell: (day) => day.suggestions },
          { header: 'Passed', cell: (day) => day.passed },
          { header: 'Failed', cell: (day) => day.failed },
          { header: 'Not run', cell: (day) => day.notRun },
          { header: 'Not recorded', cell: (day) => day.unknown },
          { header: 'Pass rate', cell: (day) => percent(passRate(day)) },
        ]}
      />
    </ChartFigure>
  );
}

function CweFigure({ stats, days }: { stats: SecurityStats; days: string[] }) {
  const shown = stats.byCwe.slice(0, CWE_COLOURS.length);
  const others = stats.byCwe.slice(CWE_COLOURS.length);
  const config = useMemo<ChartConfiguration>(() => {
    const series = (entries: typeof stats.byCwe) =>
      days.map((day) =>
        entries.reduce((sum, entry) => sum + (entry.days.find((d) => d.day === day)?.findings ?? 0), 0),
      );
    return {
      type: 'bar',
      data: {
        labels: days.map((day) => day.slice(5)),
        datasets: [
          ...shown.map((entry, index) => ({
            label: cweLabel(entry.cwe),
            data: series([entry]),
            backgroundColor: CWE_COLOURS[index]!,
            stack: 'cwe',
            maxBarThickness: 32,
          })),
          ...(others.length
            ? [
                {
                  label: 'other CWEs',
                  data: series(others),
                  backgroundColor: OTHER,
                  stack: 'cwe',
                  maxBarThickness: 32,
                },
              ]
            : []),
        ],
      },
      options: {
        scales: {
          x: { stacked: true },
          y: {
            stacked: true,
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: true, text: 'findings' },
          },
        },
      },
    };
  }, [stats, days]);
  return (
    <ChartFigure title="Security findings by CWE per day" config={config}>
      <DataTable
        caption="Findings by CWE"
        rows={stats.byCwe}
        rowKey={(entry) => entry.cwe}
        columns={[
          { header: 'CWE', cell: (entry) => cweLabel(entry.cwe) },
          { header: 'Suggestions with it', cell: (entry) => entry.suggestions },
          { header: 'Findings', cell: (entry) => entry.findings },
          {
            header: 'Days (findings)',
            cell: (entry) => entry.days.map((day) => `${day.day}: ${day.findings}`).join(', '),
          },
        ]}
      />
    </ChartFigure>
  );
}

/** The security gate's pass rate and its findings by CWE over the dashboard's days. */
export function SecurityFigures({ stats, days }: { stats: SecurityStats; days: string[] }) {
  const perDay = useMemo(() => filled(stats, days), [stats, days]);
  const total = perDay.reduce(
    (sum, day) => ({
      passed: sum.passed + day.passed,
      failed: sum.failed + day.failed,
      notRun: sum.notRun + day.notRun,
    }),
    { passed: 0, failed: 0, notRun: 0 },
  );
  return (
    <section aria-labelledby="security-heading">
      <h3 id="security-heading">Security gate</h3>
      <p>
        Pass rate over these days:{' '}
        <strong data-testid="security-pass-rate">{percent(passRate(total))}</strong> ({total.passed} passed,{' '}
        {total.failed} failed, {total.notRun} not run). A gate that was skipped or errored counts as not
        passed; suggestions recorded without the gate's outcome (by older versions or faces that do not report
        it) are left out of the rate.
      </p>
      <div class="charts">
        <GateFigure days={perDay} />
        {stats.byCwe.length > 0 ? (
          <CweFigure stats={stats} days={days} />
        ) : (
          <p>No security finding with a CWE id in these days.</p>
        )}
      </div>
    </section>
  );
}

import type { ChartConfiguration } from 'chart.js';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getJson } from '../api.js';
import { AcceptanceTotals } from '../components/acceptance-totals.js';
import { ChartFigure } from '../components/chart.js';
import { DataTable } from '../components/data-table.js';
import { EvalFigures } from '../components/eval-figures.js';
import { SecurityFigures } from '../components/security-figures.js';
import { lastDays } from '../days.js';
import type { EvalRun, SecurityStats, Stats, StatsBucket } from '../types.js';

const DAYS = 14;
const ACCENT = '#1d4ed8';
const SECOND = '#b45309';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/** accepted (as is or modified: the server's `accepted` counts both) ÷ shown, as the server computes it */
const rateOf = (bucket: Pick<StatsBucket, 'shown' | 'accepted'>) =>
  bucket.shown > 0 ? bucket.accepted / bucket.shown : null;

interface Day {
  day: string;
  suggestions: number;
  shown: number;
  accepted: number;
  modified: number;
  rate: number | null;
}

function startOfDay(daysAgo: number): Date {
  const date = new Date();
  date.setUTCHours(0, 0, 0, 0);
  date.setUTCDate(date.getUTCDate() - daysAgo);
  return date;
}

/**
 * Acceptance by day, from `GET /v1/stats?since=`: the server counts suggestions made since a time, so one
 * day's numbers are the difference of two cumulative answers.
 */
async function loadDays(all: boolean): Promise<Day[]> {
  const scope = all ? '&all=true' : '';
  const cumulative = await Promise.all(
    Array.from({ length: DAYS }, (_, index) =>
      getJson<Stats>(
        `/v1/stats?since=${encodeURIComponent(startOfDay(DAYS - 1 - index).toISOString())}${scope}`,
      ),
    ),
  );
  // cumulative[i]: every suggestion since the start of the day (DAYS - 1 - i) days ago
  const days: Day[] = [];
  for (let index = 0; index < DAYS; index++) {
    const from = cumulative[index]!.total;
    const next = index + 1 < DAYS ? cumulative[index + 1]!.total : undefined;
    const minus = (field: 'suggestions' | 'shown' | 'accepted' | 'modified') =>
      from[field] - (next?.[field] ?? 0);
    const counts = {
      suggestions: minus('suggestions'),
      shown: minus('shown'),
      accepted: minus('accepted'),
      modified: minus('modified'),
    };
    days.push({
      day: startOfDay(DAYS - 1 - index)
        .toISOString()
        .slice(0, 10),
      ...counts,
      rate: rateOf(counts),
    });
  }
  return days;
}

function BucketTable({ caption, buckets }: { caption: string; buckets: StatsBucket[] }) {
  return (
    <DataTable
      caption={caption}
      rows={buckets}
      rowKey={(bucket) => bucket.key}
      columns={[
        { header: 'Key', cell: (bucket) => bucket.key },
        { header: 'Suggestions', cell: (bucket) => bucket.suggestions },
        { header: 'Shown', cell: (bucket) => bucket.shown },
        { header: 'Accepted as is', cell: (bucket) => bucket.accepted - bucket.modified },
        { header: 'Modified', cell: (bucket) => bucket.modified },
        { header: 'Rejected', cell: (bucket) => bucket.rejected },
        { header: 'Copied', cell: (bucket) => bucket.copied },
        { header: 'Acceptance', cell: (bucket) => percent(bucket.acceptanceRate) },
      ]}
    />
  );
}

function rateChart(buckets: StatsBucket[]): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: buckets.map((bucket) => bucket.key),
      datasets: [
        {
          label: 'acceptance rate (%)',
          data: buckets.map((bucket) =>
            bucket.acceptanceRate === null ? 0 : Math.round(bucket.acceptanceRate * 100),
          ),
          backgroundColor: ACCENT,
          maxBarThickness: 64,
        },
      ],
    },
    options: { scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } } },
  };
}

function ByFigure({ title, buckets }: { title: string; buckets: StatsBucket[] }) {
  const config = useMemo(() => rateChart(buckets), [buckets]);
  if (buckets.length === 0) return null;
  return (
    <ChartFigure title={title} config={config}>
      <BucketTable caption={title} buckets={buckets} />
    </ChartFigure>
  );
}

function DaysFigure({ days }: { days: Day[] }) {
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: days.map((day) => day.day.slice(5)),
        datasets: [
          {
            type: 'line',
            label: 'acceptance rate (%)',
            data: days.map((day) => (day.rate === null ? null : Math.round(day.rate * 100))),
            borderColor: ACCENT,
            backgroundColor: ACCENT,
            yAxisID: 'rate',
            spanGaps: true,
            // a day alone has no line to draw: its point must be seen on its own
            pointRadius: 4,
            order: 0,
          },
          {
            type: 'bar',
            label: 'suggestions',
            data: days.map((day) => day.suggestions),
            backgroundColor: SECOND,
            yAxisID: 'count',
            order: 1,
            maxBarThickness: 32,
          },
        ],
      },
      options: {
        scales: {
          rate: {
            type: 'linear',
            position: 'left',
            min: 0,
            max: 100,
            title: { display: true, text: '% accepted' },
          },
          count: {
            type: 'linear',
            position: 'right',
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            ticks: { precision: 0 },
          },
        },
      },
    }),
    [days],
  );
  return (
    <ChartFigure
      title={`Acceptance over the last ${DAYS} days (by the day a suggestion was made, UTC)`}
      config={config}
    >
      <DataTable
        caption="Acceptance by day"
        rows={days}
        rowKey={(day) => day.day}
        columns={[
          { header: 'Day', cell: (day) => day.day },
          { header: 'Suggestions', cell: (day) => day.suggestions },
          { header: 'Shown', cell: (day) => day.shown },
          { header: 'Accepted as is', cell: (day) => day.accepted - day.modified },
          { header: 'Modified', cell: (day) => day.modified },
          { header: 'Acceptance', cell: (day) => percent(day.rate) },
        ]}
      />
    </ChartFigure>
  );
}

/** The team dashboard: acceptance overall, by day, and by task, language, model, confidence and verdict. */
export function DashboardPage({ admin }: { admin: boolean }) {
  const [all, setAll] = useState(false);
  const [stats, setStats] = useState<Stats>();
  const [days, setDays] = useState<Day[]>();
  const [security, setSecurity] = useState<SecurityStats>();
  const [runs, setRuns] = useState<EvalRun[]>();
  const [reload, setReload] = useState(0);
  // one window per load, so the charts keep their data between renders
  const span = useMemo(() => lastDays(DAYS), [reload]);
  const [error, setError] = useState('');
  useEffect(() => {
    setError('');
    const scope = all ? '?all=true' : '';
    const since = encodeURIComponent(span.since);
    Promise.all([
      getJson<Stats>(`/v1/stats${scope}`),
      loadDays(all),
      getJson<SecurityStats>(`/v1/stats/security?since=${since}${all ? '&all=true' : ''}`),
      getJson<{ runs: EvalRun[] }>(`/v1/eval-runs${scope}`),
    ]).then(
      ([loaded, loadedDays, loadedSecurity, loadedRuns]) => {
        setStats(loaded);
        setDays(loadedDays);
        setSecurity(loadedSecurity);
        setRuns(loadedRuns.runs);
      },
      (failure: Error) => setError(failure.message),
    );
  }, [all, span]);
  return (
    <div class="dashboard">
      <div class="row">
        <h2>Dashboard</h2>
        {admin && (
          <label>
            <input
              type="checkbox"
              checked={all}
              onChange={(event) => setAll((event.target as HTMLInputElement).checked)}
            />{' '}
            Everyone (admin)
          </label>
        )}
        <button type="button" onClick={() => setReload(reload + 1)}>
          Refresh
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {stats && (
        <>
          <AcceptanceTotals stats={stats} />
          {days && <DaysFigure days={days} />}
          <div class="charts">
            <ByFigure title="Acceptance by task" buckets={stats.byTask} />
            <ByFigure title="Acceptance by language" buckets={stats.byLanguage} />
            <ByFigure title="Acceptance by model" buckets={stats.byModel} />
            <ByFigure title="Acceptance by confidence" buckets={stats.byConfidence} />
            <ByFigure title="Acceptance by verification verdict" buckets={stats.byVerification} />
          </div>
          {security && <SecurityFigures stats={security} days={span.days} />}
          {runs && <EvalFigures runs={runs} />}
        </>
      )}
    </div>
  );
}

import type { ResultRecord, Supersession } from './results-records.js';

/**
 * The benchmarks the records are runs of, and the supersessions checked against them: which benchmark is
 * current, which one a later benchmark of its area replaces on the front page, and which claims do not hold.
 */

/**
 * A run's label in a title, which names the run and not the benchmark: `(first run)`, `(final-2 run)` at
 * the end, `, alternating run 1 of 2`. Runs whose titles differ only there are runs of one benchmark, the
 * latest its current figure. A before/after pair (`first run (before this branch)`, `final run (this
 * branch)`) stays two benchmarks: the "before" may be recorded last and is not the current figure.
 */
const RUN_LABEL = /\s*\((?:first|second|third|final|final-\d+) run\)$|,\s*(?:alternating )?run \d+ of \d+/;

/** Which benchmark a record is a run of: its `benchmark` when it names one, else its title less a run's label. */
export function benchmarkOf(record: ResultRecord): string {
  return record.benchmark ?? (record.title.replace(RUN_LABEL, '').trim() || record.title);
}

/** Every benchmark's runs (area and benchmark), oldest first, the benchmarks by area, then by name. */
export function benchmarkRuns(records: ResultRecord[]): ResultRecord[][] {
  const runs = new Map<string, ResultRecord[]>();
  for (const record of records) {
    const key = `${record.area}\n${benchmarkOf(record)}`;
    runs.set(key, [...(runs.get(key) ?? []), record]);
  }
  // a stable sort: runs of the same date keep the order of their file
  return [...runs.values()]
    .map((each) => [...each].sort((a, b) => Date.parse(a.date) - Date.parse(b.date)))
    .sort((a, b) => {
      const [x, y] = [a[0]!, b[0]!];
      return x.area === y.area ? benchmarkOf(x).localeCompare(benchmarkOf(y)) : x.area.localeCompare(y.area);
    });
}

/**
 * The benchmarks another benchmark of the same area supersedes, by area and name, with the supersession
 * that says so: what the front page leaves out. Only a claim `supersessionProblems` finds nothing wrong
 * with counts (both benchmarks there, sharing a figure); a benchmark never supersedes itself.
 */
export function supersededBenchmarks(
  benchmarks: ResultRecord[][],
  supersessions: Supersession[] = [],
): Map<string, Supersession> {
  const latest = latestByName(benchmarks);
  const superseded = new Map<string, Supersession>();
  for (const claim of supersessions)
    for (const name of claim.supersedes)
      if (claimProblem(claim, name, latest) === undefined) superseded.set(`${claim.area}\n${name}`, claim);
  return superseded;
}

/** Each benchmark's latest run, by area and name. */
function latestByName(benchmarks: ResultRecord[][]): Map<string, ResultRecord> {
  return new Map(benchmarks.map((runs) => [`${runs[0]!.area}\n${benchmarkOf(runs[0]!)}`, runs.at(-1)!]));
}

/**
 * What is wrong with a claim that `claim.benchmark` supersedes `name`: either names no benchmark of the
 * area, they are the same, or their latest runs share no figure's name (then they measure different things,
 * and hiding the old one would hide a result, not an earlier run of the same measurement).
 */
function claimProblem(
  claim: Supersession,
  name: string,
  latest: Map<string, ResultRecord>,
): string | undefined {
  const file = `bench/results/${claim.area}.supersedes.json`;
  const by = latest.get(`${claim.area}\n${claim.benchmark}`);
  if (by === undefined)
    return `${file}: "${claim.benchmark}" is no benchmark of ${claim.area}: name one whose records are in ${claim.area}.jsonl`;
  if (name === claim.benchmark) return `${file}: "${name}" supersedes itself: name another benchmark`;
  const old = latest.get(`${claim.area}\n${name}`);
  if (old === undefined)
    return `${file}: "${claim.benchmark}" supersedes "${name}", which is no benchmark of ${claim.area}: name one whose records are in ${claim.area}.jsonl`;
  if (!Object.keys(old.figures).some((figure) => figure in by.figures))
    return `${file}: "${name}" shares no figure with "${claim.benchmark}", so it is not an earlier run of the same measurement: leave it on the front page (drop the claim), or put its table in a note`;
  return undefined;
}

/** What is wrong with the supersessions against the benchmarks: each claim that does not hold, why. */
export function supersessionProblems(benchmarks: ResultRecord[][], supersessions: Supersession[]): string[] {
  const latest = latestByName(benchmarks);
  const problems = supersessions.flatMap((claim) =>
    claim.supersedes.flatMap((name) => claimProblem(claim, name, latest) ?? []),
  );
  return [...new Set(problems)];
}

/** The latest record of each benchmark (area and benchmark), by area, then by benchmark. */
export function currentRecords(records: ResultRecord[]): ResultRecord[] {
  return benchmarkRuns(records).map((runs) => runs.at(-1)!);
}

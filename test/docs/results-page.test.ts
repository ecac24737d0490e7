import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  benchmarkOf,
  benchmarkRuns,
  currentRecords,
  figuresFromMarkdown,
  PAGE_LIMIT,
  type ResultRecord,
  readRecords,
  resultsPage,
  resultsPageProblems,
} from '../../bench/results.js';

/**
 * bench/RESULTS.md is generated from the benchmarks' records (bench/results/*.jsonl): it shows the latest
 * figures of every benchmark with its data's origin, date, commit, machine and load, and stays short.
 * A record added without `npm run results`, or a page edited by hand, fails here.
 */
const scratch = mkdtempSync(join(tmpdir(), 'vouch-results-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function record(overrides: Partial<ResultRecord>): ResultRecord {
  return {
    area: 'sandbox',
    title: 'Sandbox: cost per trivial program',
    date: '2026-11-25T11:37:00Z',
    commit: 'abc1234',
    machine: '2 cores (AMD EPYC), 24 GiB, Node v20.20.2, linux',
    load: '0.9',
    origin: 'synthetic: trivial programs',
    figures: { 'median (ms)': 12.8 },
    ...overrides,
  };
}

function areaFolder(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('bench/RESULTS.md', () => {
  it('is generated from the records, current and at most 40 KB (run `npm run results` when this fails)', () => {
    expect(resultsPageProblems()).toEqual([]);
  });

  it('shows every benchmark that has a record, with its origin', () => {
    const records = readRecords();
    expect(records.length).toBeGreaterThan(30);
    const page = resultsPage(records);
    expect(Buffer.byteLength(page)).toBeLessThanOrEqual(PAGE_LIMIT);
    for (const current of currentRecords(records)) {
      expect(page).toContain(`### ${benchmarkOf(current)}`);
      // the current run's origin, whole
      expect(page).toContain(`Data: ${current.origin.replaceAll('\n', ' ')}\n`);
    }
  });
});

describe('the result records', () => {
  it('take any area file, and the page shows the latest record of each benchmark', () => {
    const older = record({ date: '2026-11-20T10:00:00Z', figures: { 'median (ms)': 30 } });
    const newer = record({
      date: '2026-11-25T11:37:00Z',
      commit: 'def5678',
      figures: { 'median (ms)': 12.8 },
    });
    const other = record({
      area: 'confidence',
      title: 'Confidence on real output',
      origin: 'real model output',
    });
    const dir = areaFolder('areas', {
      'sandbox.jsonl': `${JSON.stringify(newer)}\n${JSON.stringify(older)}\n`,
      'confidence.jsonl': `${JSON.stringify(other)}\n`,
    });
    const records = readRecords(dir);
    expect(records).toHaveLength(3);
    expect(currentRecords(records).map((each) => [each.area, each.commit])).toEqual([
      ['confidence', 'abc1234'],
      ['sandbox', 'def5678'],
    ]);
    const page = resultsPage(records);
    expect(page).toContain('- median (ms): **12.8**');
    expect(page).not.toContain('- median (ms): **30**');
    // the machine most records ran on is named once, at the top
    expect(page).toContain(
      'Machine, unless a record names another: 2 cores (AMD EPYC), 24 GiB, Node v20.20.2, linux.',
    );
    expect(page).toContain('2026-11-25T11:37:00Z · def5678 · load 0.9');
    const elsewhere = resultsPage([
      ...records,
      record({ area: 'lsp', title: 'Elsewhere', machine: '8 cores' }),
    ]);
    expect(elsewhere).toContain('· 8 cores · load 0.9');
    expect(page).toContain('Data: real model output');
  });

  it("group a benchmark's runs: the latest whole, the earlier ones in brief, nothing cut to fit", () => {
    const long = `real model output, ${'a long account of where it came from, '.repeat(8)}the end`;
    const runs = [
      record({ date: '2026-11-20T10:00:00Z', title: 'Gate (first run)', figures: { recall: 0.5, cpu: 9 } }),
      record({ date: '2026-11-22T10:00:00Z', title: 'Gate (final run)', figures: { recall: 0.6, cpu: 8 } }),
      record({
        date: '2026-11-24T10:00:00Z',
        title: 'Gate (final-2 run)',
        origin: long,
        load: `${'19.2 '.repeat(20)}during the run`,
        figures: { recall: 0.7, cpu: 7 },
      }),
      // a before/after pair stays two benchmarks; an explicit `benchmark` groups what titles do not
      record({ title: 'Verdict, first run (before this branch)' }),
      record({ title: 'VS Code, alternating run 1 of 2, niced', date: '2026-11-21T10:00:00Z' }),
      record({ title: 'VS Code, alternating run 2 of 2, niced', date: '2026-11-22T10:00:00Z' }),
      record({ title: 'suite at 1234', benchmark: 'the suite', figures: { wall_s: 400 } }),
      record({
        title: 'suite at 5678',
        benchmark: 'the suite',
        date: '2026-11-26T10:00:00Z',
        figures: { wall_s: 300 },
      }),
    ];
    expect(benchmarkRuns(runs).map((each) => [benchmarkOf(each.at(-1)!), each.length])).toEqual([
      ['Gate', 3],
      ['the suite', 2],
      ['Verdict, first run (before this branch)', 1],
      ['VS Code, niced', 2],
    ]);
    const page = resultsPage(runs);
    expect(page).toContain('### Gate\n');
    expect(page).toContain('Latest run: Gate (final-2 run)');
    expect(page).toContain('· 3 runs since 2026-11-20_');
    expect(page).toContain(`Data: ${long}\n`);
    expect(page).toContain(`load ${'19.2 '.repeat(20)}during the run`);
    expect(page).toContain('- recall: **0.7** (was 0.5 on 2026-11-20, 0.6 on 2026-11-22)');
    expect(page).toContain('- wall_s: **300** (was 400 on 2026-11-25)');
    expect(page).toContain('## sandbox · [records](results/sandbox.jsonl)');
    expect(page).not.toContain('…');
  });

  it('name the benchmarks run longest ago in brief when the page would be over its size, never a field cut', () => {
    const origin = `real data, ${'described at length '.repeat(20)}`;
    const runs = [
      record({ title: 'Oldest', date: '2026-11-20T10:00:00Z', origin }),
      record({ title: 'Middle', date: '2026-11-22T10:00:00Z', origin }),
      record({ title: 'Newest', date: '2026-11-24T10:00:00Z', origin }),
    ];
    const whole = resultsPage(runs);
    expect(whole).not.toContain('in brief: the record');
    const size = Buffer.byteLength(whole);
    // room for all but about one entry: the oldest goes to brief, the others stay whole
    const page = resultsPage(runs, size - 200);
    expect(Buffer.byteLength(page)).toBeLessThanOrEqual(size - 200);
    expect(page).toContain('### Oldest\n_2026-11-20T10:00:00Z · in brief: the record is whole in its file_');
    expect(page).toContain(`### Middle\n_2026-11-22T10:00:00Z · abc1234 · load 0.9_\n\nData: ${origin}\n`);
    expect(page).toContain(`### Newest\n_2026-11-24T10:00:00Z · abc1234 · load 0.9_\n\nData: ${origin}\n`);
    expect(page).toContain('_1 benchmark run longest ago is named in brief');
    // less room: the next oldest too
    const smaller = resultsPage(runs, Buffer.byteLength(page) - 200);
    expect(smaller).toContain('### Middle\n_2026-11-22T10:00:00Z · in brief');
    expect(smaller).toContain(`Data: ${origin}`);
  });

  it('show the figures a record names as its headline, else its first three', () => {
    const figures = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 };
    const plain = resultsPage([record({ figures })]);
    expect(plain).toContain('- c: **3**\n- …and 3 more in the record');
    expect(plain).not.toContain('- d: **4**');
    const named = resultsPage([record({ figures, headline: ['f', 'e', 'nowhere'] })]);
    expect(named).toContain('- f: **6**\n- e: **5**\n- …and 4 more in the record');
    expect(named).not.toContain('- a: **1**');
  });

  it("show a record's table on the page only when the record asks for it", () => {
    const table = '| level | problems | passing |\n| --- | --- | --- |\n| high | 31 | 29 |';
    expect(resultsPage([record({ table, tableOnPage: true })])).toContain(`${table}\n`);
    expect(resultsPage([record({ table })])).not.toContain('| high | 31 | 29 |');
  });

  it('are validated: a bad line is an error naming the file, the line and what is missing', () => {
    const { origin: _dropped, ...withoutOrigin } = record({});
    const dir = areaFolder('bad', {
      'sandbox.jsonl': `${JSON.stringify(record({}))}\n${JSON.stringify(withoutOrigin)}\n`,
    });
    expect(() => readRecords(dir)).toThrow(
      /bench\/results\/sandbox\.jsonl:2 is not a result record \(origin: /,
    );
    const notJson = areaFolder('not-json', { 'sandbox.jsonl': '{"area": \n' });
    expect(() => readRecords(notJson)).toThrow(/sandbox\.jsonl:1 is not JSON/);
    const misplaced = areaFolder('misplaced', { 'lsp.jsonl': `${JSON.stringify(record({}))}\n` });
    expect(() => readRecords(misplaced)).toThrow(/records of that area go in sandbox\.jsonl/);
  });

  it("name a table's numbers by row and column when a benchmark names no figures", () => {
    const markdown = [
      '| runtime | path | median | p90 | throughput |',
      '| --- | --- | --- | --- | --- |',
      '| python | warm pool | 2.8 ms | 3.1 ms | 699 programs/s |',
      '| node | fresh sandbox | **35.4 ms** | 37.8 ms | — |',
    ].join('\n');
    expect(figuresFromMarkdown(markdown)).toEqual({
      'python · warm pool · median (ms)': 2.8,
      'python · warm pool · p90 (ms)': 3.1,
      'python · warm pool · throughput (programs/s)': 699,
      'node · fresh sandbox · median (ms)': 35.4,
      'node · fresh sandbox · p90 (ms)': 37.8,
    });
  });
});

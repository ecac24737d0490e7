import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
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
      expect(page).toContain(`### ${current.title}`);
      // a long origin is cut on the page (ending in …) and kept whole in its record
      expect(page).toContain(`Data: ${current.origin.slice(0, 150)}`);
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

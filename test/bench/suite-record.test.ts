import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  readReport,
  type SuiteReport,
  slowestTable,
  summarise,
  tierOfFile,
} from '../../bench/suite/record.js';

/**
 * bench/suite/record.ts turns Vitest's JSON report of a run into a record of the suite's time
 * (bench/results/suite.jsonl): the tier that ran, files, tests, the wall time and the slowest files.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'vouch-suite-record-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const START = Date.parse('2026-11-26T14:00:00Z');

function file(name: string, startS: number, endS: number, statuses: string[]) {
  return {
    name: join(ROOT, name),
    status: statuses.includes('failed') ? 'failed' : 'passed',
    message: '',
    startTime: START + startS * 1000,
    endTime: START + endS * 1000,
    assertionResults: statuses.map((status) => ({ status })),
  };
}

function report(testResults: ReturnType<typeof file>[]): SuiteReport {
  const statuses = testResults.flatMap((result) => result.assertionResults.map((each) => each.status));
  return {
    numTotalTests: statuses.length,
    numPassedTests: statuses.filter((status) => status === 'passed').length,
    numFailedTests: statuses.filter((status) => status === 'failed').length,
    numPendingTests: statuses.filter((status) => status === 'skipped').length,
    numTodoTests: 0,
    startTime: START,
    success: !statuses.includes('failed'),
    testResults,
  };
}

describe('the suite timing record', () => {
  it('gives each file the tier vitest.config.ts gives it', () => {
    expect(tierOfFile('test/cli/json-errors.test.ts')).toBe('e2e');
    expect(tierOfFile(join(ROOT, 'test/docs/results-page.test.ts'))).toBe('unit');
    // a file that says it runs a real program
    expect(tierOfFile('test/architecture/readme-map.test.ts')).toBe('e2e');
  });

  it('of a whole-suite run: the wall time to the last file, counts and file time by tier, the slowest files', () => {
    const run = report([
      file('test/docs/results-page.test.ts', 2, 3.5, ['passed', 'passed']),
      file('test/cli/json-errors.test.ts', 2.2, 61.2, ['passed', 'failed', 'skipped']),
      file('src/config/load.test.ts', 3.5, 4, ['passed']),
      file('test/lsp/lsp.test.ts', 4, 100.04, ['passed']),
    ]);
    const summary = summarise(run);
    expect(summary.tier).toBe('both');
    expect(summary.wall).toBe(100);
    expect([summary.files, summary.tests]).toEqual([4, 7]);
    expect(summary.figures).toEqual({
      wall_s: 100,
      files: 4,
      tests: 7,
      failed_tests: 1,
      skipped_tests: 1,
      failed_files: 1,
      unit_files: 2,
      unit_tests: 3,
      unit_file_time_s: 2,
      e2e_files: 2,
      e2e_tests: 4,
      e2e_file_time_s: 155,
      slowest_file_s: 96,
    });
    expect(summary.slowest.map((slow) => [slow.file, slow.tier, slow.seconds])).toEqual([
      ['test/lsp/lsp.test.ts', 'e2e', 96],
      ['test/cli/json-errors.test.ts', 'e2e', 59],
      ['test/docs/results-page.test.ts', 'unit', 1.5],
      ['src/config/load.test.ts', 'unit', 0.5],
    ]);
    expect(slowestTable(summary).split('\n')[2]).toBe('| `test/lsp/lsp.test.ts` | e2e | 96 |');
  });

  it('of one tier: that tier, its file time, and at most ten slowest files', () => {
    const files = Array.from({ length: 12 }, (_, index) =>
      file(`src/x/f${index}.test.ts`, 0, index + 1, ['passed']),
    );
    const summary = summarise(report(files), () => 'unit');
    expect(summary.tier).toBe('unit');
    expect(summary.figures.file_time_s).toBe(78);
    expect(summary.figures.unit_files).toBeUndefined();
    expect(summary.slowest).toHaveLength(10);
    expect(summary.slowest[0]).toEqual({ file: 'src/x/f11.test.ts', tier: 'unit', seconds: 12 });
  });

  it('refuses what is not a Vitest JSON report, saying what to run', () => {
    expect(() => readReport(join(scratch, 'none.json'))).toThrow(
      /no report at .*none\.json: run `npx vitest run/,
    );
    writeFileSync(join(scratch, 'text.json'), 'not json');
    expect(() => readReport(join(scratch, 'text.json'))).toThrow(/is not JSON/);
    writeFileSync(join(scratch, 'other.json'), JSON.stringify({ numTotalTests: 3 }));
    expect(() => readReport(join(scratch, 'other.json'))).toThrow(
      /is not a Vitest JSON report \(numPassedTests: /,
    );
    const good = join(scratch, 'good.json');
    writeFileSync(good, JSON.stringify(report([file('src/config/load.test.ts', 0, 1, ['passed'])])));
    expect(readReport(good).numTotalTests).toBe(1);
  });
});

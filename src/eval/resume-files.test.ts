import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readScored } from './results-file.js';
import type { Sample } from './samples.js';
import { readSelection } from './select-samples.js';

/**
 * A rerun of `vouch eval` resumes from the files an earlier run wrote. What it reuses is read through a
 * schema: a line that is not a whole record (cut off, hand-edited, another tool's) is scored or ranked
 * again, never trusted as it stands nor a crash later on.
 */
const folder = mkdtempSync(join(tmpdir(), 'vouch-resume-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, lines: unknown[]): string {
  const path = join(folder, name);
  writeFileSync(
    path,
    `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`,
  );
  return path;
}

const samples: Sample[] = [0, 1, 2, 3].map((index) => ({
  index,
  taskId: `HumanEval/${index}`,
  completion: `    return ${index}\n`,
  record: { task_id: `HumanEval/${index}`, completion: `    return ${index}\n` },
}));
const verdictLine = (index: number, fields: Record<string, unknown> = {}) => ({
  task_id: `HumanEval/${index}`,
  completion: `    return ${index}\n`,
  result: 'passed',
  passed: true,
  sample_index: index,
  kind: null,
  duration_ms: 12.5,
  ...fields,
});

describe('readScored', () => {
  it('reuses whole verdicts and scores again what is not one', () => {
    const path = file('samples.jsonl_results.jsonl', [
      verdictLine(0),
      verdictLine(1, { passed: false, result: 'failed: boom', kind: 'exception:ValueError' }),
      verdictLine(2, { kind: 'made-up-kind', passed: false, result: 'failed: x' }),
      verdictLine(3, { sample_index: '3' }),
      '{"task_id": "HumanEval/0", "compl',
    ]);
    const scored = readScored(path, samples);
    expect([...scored.keys()]).toEqual([0, 1]);
    expect(scored.get(1)).toEqual({
      passed: false,
      result: 'failed: boom',
      kind: 'exception:ValueError',
      durationMs: 12.5,
    });
  });
});

describe('readSelection', () => {
  const record = (taskId: string, fields: Record<string, unknown> = {}) => ({
    task_id: taskId,
    method: 'vouch',
    assertions: 4,
    dropped_assertions: 0,
    invalid_assertions: 0,
    hanging_assertions: 0,
    runs: 3,
    candidates: { ok: 3 },
    groups: [
      { samples: [0, 2], passed_assertions: 4, score: 1.5 },
      { samples: [1], passed_assertions: 0, score: null },
    ],
    top: [0, 2],
    expected_pass: 0.5,
    ms: 40,
    key: 'abc',
    ...fields,
  });

  it('reuses whole records and ranks again what is not one', () => {
    const path = file('samples.jsonl_selection.jsonl', [
      record('HumanEval/0'),
      record('HumanEval/1', { top: 'all of them' }),
      record('HumanEval/2', { method: 'guesswork' }),
      { task_id: 'HumanEval/3', key: 'abc' },
      '{"task_id": "HumanEval/4", "key": "ab',
    ]);
    const records = readSelection(path);
    expect([...records.keys()]).toEqual(['HumanEval/0']);
    const { groups, ...rest } = record('HumanEval/0');
    expect(records.get('HumanEval/0')).toMatchObject(rest);
    // a score of −∞, which JSON wrote as null, reads back as −∞
    expect(records.get('HumanEval/0')?.groups.map((group) => group.score)).toEqual([
      groups[0]!.score,
      Number.NEGATIVE_INFINITY,
    ]);
  });
});

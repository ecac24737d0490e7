import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../core/check.js';
import {
  type LineLabel,
  lineFalsePositiveRate,
  lineRecall,
  readLabels,
  scoreLines,
} from './evaluate-lines.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const label = (
  file: string,
  line: number,
  kind: 'vuln' | 'safe',
  cwe: number,
  also: number[] = [],
): LineLabel => ({
  file,
  line,
  label: kind,
  cwe,
  also,
});

const finding = (file: string, line: number, cwe: number, extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'r',
  file,
  line,
  column: 1,
  severity: 'high',
  message: 'm',
  cwe,
  ...extra,
});

describe('scoreLines', () => {
  it("matches a finding on the labelled line, or spanning it, with the label's CWE or one of its also", () => {
    const labels = [
      label('python/a.py', 3, 'vuln', 89),
      label('python/a.py', 9, 'vuln', 22, [23, 73]),
      label('python/a.py', 12, 'vuln', 78),
      label('jsx/B.jsx', 5, 'safe', 79),
      label('jsx/B.jsx', 8, 'safe', 79),
    ];
    const findings = [
      finding('python/a.py', 3, 89),
      finding('python/a.py', 7, 73, { endLine: 10 }), // a range covering line 9, an `also` CWE
      finding('python/a.py', 12, 89), // right line, wrong CWE
      finding('jsx/B.jsx', 5, 79, { suppressed: { reason: 'ok' } }), // suppressed: no claim
      finding('jsx/B.jsx', 8, 79),
      finding('jsx/C.jsx', 8, 79), // another file
    ];
    const score = scoreLines(labels, findings);
    expect(score.languages.map((one) => one.language)).toEqual(['python', 'jsx']);
    const [python, jsx] = score.languages;
    expect([python!.found, python!.vulnerable]).toEqual([2, 3]);
    expect([jsx!.falseAlarms, jsx!.safe]).toEqual([1, 2]);
    expect(lineRecall(score.total)).toBeCloseTo(2 / 3);
    expect(lineFalsePositiveRate(score.total)).toBe(0.5);
    expect(score.missed.map((one) => one.line)).toEqual([12]);
    expect(score.falseAlarms.map(({ label: one }) => one.line)).toEqual([8]);
  });
});

describe('readLabels', () => {
  it('reads labels.jsonl and names the line that is not a label', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-labels-'));
    made.push(dir);
    writeFileSync(
      join(dir, 'labels.jsonl'),
      '{"file": "python/a.py", "line": 3, "label": "vuln", "cwe": 89, "note": "x"}\n\n',
    );
    expect(readLabels(dir)).toEqual([
      { file: 'python/a.py', line: 3, label: 'vuln', cwe: 89, also: [], note: 'x' },
    ]);
    writeFileSync(join(dir, 'labels.jsonl'), '{"file": "a.py", "line": 3, "label": "bad", "cwe": 89}\n');
    expect(() => readLabels(dir)).toThrow(/labels\.jsonl:1 is not a label/);
  });
});

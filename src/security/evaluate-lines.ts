import { z } from 'zod';
import type { Finding } from '../core/check.js';
import { readLabelLines } from './read-labels.js';

/**
 * Scores findings against a line-labelled corpus (bench/security/corpus-fresh): each labelled line says
 * `vuln` (attacker-influenced data reaches a dangerous operation here) or `safe` (a dangerous-looking use
 * that is safe), with a primary CWE and the others a reasonable scanner might report. A finding matches a
 * label when it is on the labelled line (or its range covers it) in the same file and its CWE is the
 * label's or one of its `also`. Recall counts vuln lines matched; the false-positive rate counts safe
 * lines matched. Lines without a label count for nothing.
 */
const labelSchema = z.object({
  file: z.string().min(1),
  line: z.number().int().positive(),
  label: z.enum(['vuln', 'safe']),
  cwe: z.number().int().positive(),
  also: z.array(z.number().int().positive()).default([]),
  note: z.string().optional(),
});
export type LineLabel = z.infer<typeof labelSchema>;

/** The labels of one split (`<split>/labels.jsonl`), validated: an error names the line that is wrong. */
export function readLabels(splitDirectory: string): LineLabel[] {
  return readLabelLines({
    splitDirectory,
    schema: labelSchema,
    what: 'a label',
    hint: 'each line needs file, line, label (vuln|safe) and cwe; also is a list of CWE ids',
  });
}

/** The corpus's language of a labelled file: its first folder (`python`, `javascript`, `typescript`, `jsx`, `tsx`). */
export function labelLanguage(file: string): string {
  return file.split('/')[0] ?? '';
}

export interface LineScore {
  language: string;
  vulnerable: number;
  /** vulnerable lines with a matching finding */
  found: number;
  safe: number;
  /** safe lines with a matching finding */
  falseAlarms: number;
}

export interface LineScoring {
  languages: LineScore[];
  total: LineScore;
  missed: LineLabel[];
  falseAlarms: { label: LineLabel; findings: Finding[] }[];
}

/** Whether `finding` matches `label`: same file, on or spanning its line, one of its CWEs. */
export function matchesLabel(finding: Finding, label: LineLabel): boolean {
  if (finding.file !== label.file || finding.suppressed || finding.cwe === undefined) return false;
  const last = finding.endLine ?? finding.line;
  if (label.line < finding.line || label.line > last) return false;
  return finding.cwe === label.cwe || label.also.includes(finding.cwe);
}

export function scoreLines(labels: readonly LineLabel[], findings: readonly Finding[]): LineScoring {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const scores = new Map<string, LineScore>();
  const total: LineScore = { language: 'all', vulnerable: 0, found: 0, safe: 0, falseAlarms: 0 };
  const missed: LineLabel[] = [];
  const falseAlarms: LineScoring['falseAlarms'] = [];
  for (const label of labels) {
    const language = labelLanguage(label.file);
    let score = scores.get(language);
    if (!score) {
      score = { language, vulnerable: 0, found: 0, safe: 0, falseAlarms: 0 };
      scores.set(language, score);
    }
    const matching = (byFile.get(label.file) ?? []).filter((finding) => matchesLabel(finding, label));
    if (label.label === 'vuln') {
      score.vulnerable++;
      total.vulnerable++;
      if (matching.length > 0) {
        score.found++;
        total.found++;
      } else missed.push(label);
    } else {
      score.safe++;
      total.safe++;
      if (matching.length > 0) {
        score.falseAlarms++;
        total.falseAlarms++;
        falseAlarms.push({ label, findings: matching });
      }
    }
  }
  const order = ['python', 'javascript', 'typescript', 'jsx', 'tsx'];
  const languages = [...scores.values()].sort(
    (a, b) => rank(order, a.language) - rank(order, b.language) || a.language.localeCompare(b.language),
  );
  return { languages, total, missed, falseAlarms };
}

function rank(order: string[], language: string): number {
  const index = order.indexOf(language);
  return index < 0 ? order.length : index;
}

export const lineRecall = (score: LineScore) => (score.vulnerable === 0 ? 1 : score.found / score.vulnerable);
export const lineFalsePositiveRate = (score: LineScore) =>
  score.safe === 0 ? 0 : score.falseAlarms / score.safe;

import { z } from 'zod';
import { type Finding, SEVERITY_ORDER } from '../core/check.js';
import { readLabelLines } from './read-labels.js';

/**
 * Scores findings against a program-labelled corpus (bench/security/corpus-model): each small program is
 * `vuln` or `safe` for one category of weakness. A vulnerable program is caught when some finding in it
 * carries a CWE of its category (the weakness of the labelled kind, wherever in the file); a safe program
 * is a false alarm when some finding does. Findings of other kinds say nothing about the label; they are
 * counted separately as "the gate would block" (a finding at high or above on a safe program).
 */

/** The CWEs that count as a report of each category's weakness. */
export const CATEGORY_CWES: Record<string, readonly number[]> = {
  'missing-auth': [306, 862, 285, 284, 287],
  upload: [434],
  'info-exposure': [200, 209, 215, 497],
  permissions: [732, 276, 277, 279],
  'log-injection': [117, 113, 93, 644],
  tls: [295, 297],
  'weak-key': [326],
  unbounded: [400, 770, 789, 834],
  'password-storage': [256, 257, 261, 328, 522, 759, 760, 916],
  'hardcoded-credentials': [798, 259, 321],
  sql: [89, 564],
  'open-redirect': [601],
};

const labelSchema = z.object({
  file: z.string().min(1),
  category: z.string().refine((name) => name in CATEGORY_CWES, 'an unknown category'),
  label: z.enum(['vuln', 'safe']),
  cwe: z.number().int().positive(),
  framework: z.string().optional(),
  note: z.string().optional(),
});
export type ProgramLabel = z.infer<typeof labelSchema>;

/** The labels of one split (`<split>/labels.jsonl`), validated: an error names the line that is wrong. */
export function readProgramLabels(splitDirectory: string): ProgramLabel[] {
  return readLabelLines({
    splitDirectory,
    schema: labelSchema,
    what: 'a program label',
    hint: `each line needs file, category (${Object.keys(CATEGORY_CWES).join(', ')}), label (vuln|safe) and cwe`,
  });
}

/** One cell of the report: a category in a language (or `all`). */
export interface ProgramScore {
  category: string;
  language: string;
  vulnerable: number;
  /** vulnerable programs with a finding of the category's kind */
  caught: number;
  safe: number;
  /** safe programs with a finding of the category's kind */
  falseAlarms: number;
  /** safe programs with any finding at high or above (the gate's default blocks them) */
  blocked: number;
}

export interface ProgramScoring {
  scores: ProgramScore[];
  missed: ProgramLabel[];
  falseAlarms: { label: ProgramLabel; findings: Finding[] }[];
}

/** The corpus's language of a labelled file: its first folder (`python`, `javascript`). */
export const programLanguage = (file: string) => file.split('/')[0] ?? '';

export function scorePrograms(labels: readonly ProgramLabel[], findings: readonly Finding[]): ProgramScoring {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const cells = new Map<string, ProgramScore>();
  const cell = (category: string, language: string) => {
    const key = `${category}\u0000${language}`;
    let score = cells.get(key);
    if (!score) {
      score = { category, language, vulnerable: 0, caught: 0, safe: 0, falseAlarms: 0, blocked: 0 };
      cells.set(key, score);
    }
    return score;
  };
  const missed: ProgramLabel[] = [];
  const falseAlarms: ProgramScoring['falseAlarms'] = [];
  for (const label of labels) {
    const found = byFile.get(label.file) ?? [];
    const kinds = CATEGORY_CWES[label.category]!;
    const ofKind = found.filter((finding) => finding.cwe !== undefined && kinds.includes(finding.cwe));
    const targets = [
      cell(label.category, programLanguage(label.file)),
      cell(label.category, 'all'),
      cell('all', programLanguage(label.file)),
      cell('all', 'all'),
    ];
    for (const score of targets) {
      if (label.label === 'vuln') {
        score.vulnerable++;
        if (ofKind.length > 0) score.caught++;
      } else {
        score.safe++;
        if (ofKind.length > 0) score.falseAlarms++;
        if (found.some((finding) => SEVERITY_ORDER[finding.severity] >= SEVERITY_ORDER.high)) score.blocked++;
      }
    }
    if (label.label === 'vuln' && ofKind.length === 0) missed.push(label);
    if (label.label === 'safe' && ofKind.length > 0) falseAlarms.push({ label, findings: ofKind });
  }
  const order = [...Object.keys(CATEGORY_CWES), 'all'];
  const scores = [...cells.values()].sort(
    (a, b) =>
      order.indexOf(a.category) - order.indexOf(b.category) ||
      (a.language === 'all' ? 1 : 0) - (b.language === 'all' ? 1 : 0) ||
      a.language.localeCompare(b.language),
  );
  return { scores, missed, falseAlarms };
}

export const catchRate = (score: Pick<ProgramScore, 'vulnerable' | 'caught'>) =>
  score.vulnerable === 0 ? 0 : score.caught / score.vulnerable;

export const falseAlarmRate = (score: Pick<ProgramScore, 'safe' | 'falseAlarms'>) =>
  score.safe === 0 ? 0 : score.falseAlarms / score.safe;

import { z } from 'zod';
import { type Finding, SEVERITY_ORDER, type Severity } from '../../core/check.js';
import { findCodeBlocks } from '../extract.js';
import type { DiffFile } from './parse-diff.js';

/** One review comment, anchored to a line the change added, from the gate or the model. */
export interface ReviewComment {
  file: string;
  line: number;
  severity: Severity;
  /** `gate` (a check: security, secrets, syntax, imports, licence…) or `model` */
  source: 'gate' | 'model';
  /** the gate's rule id (`py.sql-injection`, `secret.generic-api-key`) or `review.<kind>` for the model's */
  ruleId: string;
  title: string;
  body: string;
  /** replacement for the anchored line(s), when there is one */
  suggestion?: string;
  /** code elsewhere in the repository that does the same thing the usual way: `path:line` */
  pattern?: string;
  cwe?: number;
  /** other comments on the same line about the same thing, merged into this one */
  alsoFrom?: string[];
}

const severity = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(['info', 'low', 'medium', 'high', 'critical']))
  .catch('medium');

const modelComment = z.object({
  file: z.string().min(1),
  line: z.coerce.number().int().positive(),
  severity: severity.optional(),
  kind: z.string().optional(),
  title: z.string().optional(),
  comment: z.string().min(1),
  suggestion: z.string().optional().nullable(),
  pattern: z.string().optional().nullable(),
});

/** The comments in a model's answer: a JSON array (fenced or bare); each one checked against the schema. */
export function parseModelComments(text: string): {
  comments: z.output<typeof modelComment>[];
  invalid: number;
} {
  const candidates = [
    ...findCodeBlocks(text).map((block) => block.body),
    text.slice(text.indexOf('['), text.lastIndexOf(']') + 1),
  ];
  for (const candidate of candidates) {
    let data: unknown;
    try {
      data = JSON.parse(candidate);
    } catch {
      continue;
    }
    const list = Array.isArray(data) ? data : (data as { comments?: unknown })?.comments;
    if (!Array.isArray(list)) continue;
    const comments: z.output<typeof modelComment>[] = [];
    let invalid = 0;
    for (const entry of list) {
      const parsed = modelComment.safeParse(entry);
      if (parsed.success) comments.push(parsed.data);
      else invalid++;
    }
    return { comments, invalid };
  }
  return { comments: [], invalid: 0 };
}

/**
 * The changed line a comment belongs on: the line itself, only when the change added it. A comment on a
 * line the change did not touch is about code the change did not write; moved onto a nearby added line it
 * would say something about that line it never meant (issue 41). Undefined: the comment is dropped, and
 * the review's notes say how many were.
 */
export function anchor(file: DiffFile | undefined, line: number): number | undefined {
  if (!file) return undefined;
  return file.addedLines.includes(line) ? line : undefined;
}

export function gateComment(finding: Finding, check: string): ReviewComment {
  return {
    file: finding.file,
    line: finding.line,
    severity: finding.severity,
    source: 'gate',
    ruleId: finding.ruleId,
    title: `${check}: ${finding.ruleId}`,
    body: finding.message,
    ...(finding.hint ? { suggestion: finding.hint } : {}),
    ...(finding.cwe ? { cwe: finding.cwe } : {}),
  };
}

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]{4,}/g) ?? []);

/** Two comments on one line say the same thing when their words overlap enough (or one names the other's rule). */
function sameConcern(a: ReviewComment, b: ReviewComment): boolean {
  if (a.file !== b.file || Math.abs(a.line - b.line) > 1) return false;
  // two of the gate's findings are two flaws unless one rule found both on one line: shared words
  // (`log-injection`, `command-injection`) would hide one behind the other (review r39)
  if (a.source === 'gate' && b.source === 'gate') return a.ruleId === b.ruleId && a.line === b.line;
  if (a.ruleId === b.ruleId) return true;
  const topics = [
    /sql|inject|query/i,
    /secret|key|token|password|credential|hard.?coded/i,
    /shell|command|subprocess|exec/i,
    /path|travers/i,
    /xss|html|escap/i,
    /deserial|pickle|yaml\.load/i,
  ];
  const textA = `${a.ruleId} ${a.title} ${a.body}`;
  const textB = `${b.ruleId} ${b.title} ${b.body}`;
  if (topics.some((topic) => topic.test(textA) && topic.test(textB))) return true;
  const wa = words(textA);
  const wb = words(textB);
  const shared = [...wa].filter((word) => wb.has(word)).length;
  return shared / Math.max(1, Math.min(wa.size, wb.size)) >= 0.6;
}

/**
 * One comment per concern per line, ranked: severity first, then the gate before the model (a check's
 * finding is evidence; a model's remark is an opinion), then file and line. A model comment that repeats
 * a gate finding adds its suggestion to it rather than standing twice.
 */
export function dedupeAndRank(comments: ReviewComment[]): ReviewComment[] {
  const kept: ReviewComment[] = [];
  const ordered = [...comments].sort((a, b) => (a.source === b.source ? 0 : a.source === 'gate' ? -1 : 1));
  for (const comment of ordered) {
    const twin = kept.find((other) => sameConcern(other, comment));
    if (!twin) {
      kept.push({ ...comment });
      continue;
    }
    if (SEVERITY_ORDER[comment.severity] > SEVERITY_ORDER[twin.severity]) twin.severity = comment.severity;
    if (comment.suggestion && (twin.source === 'gate' || !twin.suggestion))
      twin.suggestion = comment.suggestion;
    if (comment.pattern && !twin.pattern) twin.pattern = comment.pattern;
    twin.alsoFrom = [...(twin.alsoFrom ?? []), comment.source === 'gate' ? comment.ruleId : 'model'];
  }
  return kept.sort(
    (a, b) =>
      SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] ||
      (a.source === b.source ? 0 : a.source === 'gate' ? -1 : 1) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line,
  );
}

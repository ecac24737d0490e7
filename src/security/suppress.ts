import type { Finding } from '../core/check.js';
import type { LanguageId } from '../core/languages.js';
import { parse } from '../syntax/parser.js';
import { ruleLanguage } from './engine/analyze.js';

/**
 * Inline suppression: `# vouch-ignore CWE-89: parameterised by the ORM` (or a rule id) on the finding's
 * line or the line above. A suppressed finding is kept and marked, never dropped; a suppression without
 * a reason does not suppress and is itself reported.
 */
const COMMENT =
  /vouch-ignore\s+((?:CWE-\d+|[a-z][\w.-]*)(?:\s*,\s*(?:CWE-\d+|[a-z][\w.-]*))*)\s*(?::\s*(.*?))?\s*(?:\*\/|-->)?\s*$/i;

interface Suppression {
  line: number;
  column: number;
  targets: string[];
  reason: string | undefined;
}

/** `[start, end)` offsets of a comment in the text */
export type CommentSpan = readonly [number, number];

/**
 * The comments of `text` as its language's grammar reads them, for the languages the engine reads (Python,
 * JavaScript, TypeScript), where `# vouch-ignore …` in a string literal is data, not a comment (r23).
 * Undefined for other languages: there a suppression is recognised by the comment marker before its words
 * alone. `text` is the line-ended text (line-ended-text.ts), the one the suppressions are read from.
 */
export async function commentSpans(
  text: string,
  language: LanguageId | undefined,
): Promise<CommentSpan[] | undefined> {
  if (!language || !ruleLanguage(language) || !text.includes('vouch-ignore')) return undefined;
  const tree = await parse(language, text);
  try {
    return tree.rootNode
      .descendantsOfType(['comment', 'html_comment'])
      .map((node) => [node.startIndex, node.endIndex] as const);
  } finally {
    tree.delete();
  }
}

const MARKER = /(?:#|\/\/|\/\*|<!--|\*)\s*vouch-ignore\b/g;

/**
 * The suppressions of `source` by line: the first `vouch-ignore` of a line with a comment marker before it
 * and, when the comments are known, inside one of them.
 */
export function parseSuppressions(
  source: string,
  comments?: readonly CommentSpan[],
): Map<number, Suppression> {
  const found = new Map<number, Suppression>();
  if (!source.includes('vouch-ignore')) return found;
  const inComment = (offset: number) =>
    !comments || comments.some(([start, end]) => start <= offset && offset < end);
  let lineStart = 0;
  source.split('\n').forEach((text, index) => {
    const from = lineStart;
    lineStart += text.length + 1;
    let at = -1;
    for (const marker of text.matchAll(MARKER)) {
      const words = text.indexOf('vouch-ignore', marker.index);
      if (inComment(from + words)) {
        at = words;
        break;
      }
    }
    if (at < 0) return; // the words in a string or in prose are not a suppression
    const match = COMMENT.exec(text.slice(at));
    const reason = match?.[2]?.trim() || undefined;
    found.set(index + 1, {
      line: index + 1,
      column: at + 1,
      targets: match ? match[1]!.split(',').map((target) => target.trim().toLowerCase()) : [],
      reason,
    });
  });
  return found;
}

function covers(suppression: Suppression, finding: Finding): boolean {
  return suppression.targets.some(
    (target) => target === `cwe-${finding.cwe}` || target === finding.ruleId.toLowerCase(),
  );
}

/**
 * `findings` of one file with the suppressions of its `text` applied; `comments` are the text's comments
 * where the language's grammar gave them (`commentSpans`).
 */
export function applySuppressions(
  findings: Finding[],
  { text, file, comments }: { text: string; file: string; comments?: readonly CommentSpan[] },
): Finding[] {
  const suppressions = parseSuppressions(text, comments);
  if (suppressions.size === 0) return findings;
  const result: Finding[] = [];
  const reportedBare = new Set<number>();
  for (const finding of findings) {
    const suppression = [suppressions.get(finding.line), suppressions.get(finding.line - 1)].find(
      (candidate) => candidate && covers(candidate, finding),
    );
    if (suppression?.reason) {
      result.push({ ...finding, suppressed: { reason: suppression.reason } });
      continue;
    }
    result.push(finding);
    if (suppression && !reportedBare.has(suppression.line)) {
      reportedBare.add(suppression.line);
      result.push({
        ruleId: 'suppression-without-reason',
        file,
        line: suppression.line,
        column: suppression.column,
        severity: 'low',
        message: `vouch-ignore without a reason does not suppress ${suppression.targets.join(', ').toUpperCase()}`,
        hint: 'say why the finding is safe: `vouch-ignore CWE-89: parameterised by the ORM`',
      });
    }
  }
  for (const suppression of suppressions.values()) {
    if (suppression.targets.length === 0) {
      result.push({
        ruleId: 'suppression-without-reason',
        file,
        line: suppression.line,
        column: suppression.column,
        severity: 'low',
        message: 'vouch-ignore names no CWE or rule id, so it suppresses nothing',
        hint: 'write `vouch-ignore CWE-<n>: reason`',
      });
    }
  }
  return result;
}

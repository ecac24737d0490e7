import type { ChatMessage } from '../../model/types.js';
import type { ReviewComment } from './comments.js';
import type { DiffFile } from './parse-diff.js';
import type { SimilarCode } from './patterns.js';

const SYSTEM = `You are vouch, reviewing a change as a careful tech lead. Comment only on lines the change adds (marked with their new line number). Look for bugs, security flaws, missing error handling, missing tests, and places where the change departs from how the rest of this codebase does the same thing (you are shown similar code from the repository: cite it as path:line). Automated checks have already run; do not repeat their findings unless you have a better fix.

Answer with one fenced json block holding an array; each comment:
{"file": "path", "line": <new line number>, "severity": "critical|high|medium|low|info", "kind": "bug|security|tests|consistency|style", "title": "…", "comment": "why it matters", "suggestion": "the replacement code for that line, or null", "pattern": "path:line of the similar code it departs from, or null"}
An empty array is a fine answer for a good change.`;

/** The hunks with each added or kept line's number in the new file, so comments can name lines. */
export function renderHunks(file: DiffFile): string {
  const out = [`--- ${file.oldPath ?? '/dev/null'}`, `+++ ${file.path}`];
  for (const hunk of file.hunks) {
    out.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    let line = hunk.newStart;
    for (const text of hunk.lines) {
      if (text[0] === '-') out.push(`      ${text}`);
      else out.push(`${String(line++).padStart(5)} ${text}`);
    }
  }
  return out.join('\n');
}

export function reviewMessages({
  files,
  gate,
  similar,
  budgetChars = 60_000,
}: {
  files: DiffFile[];
  gate: ReviewComment[];
  similar: SimilarCode[];
  budgetChars?: number;
}): ChatMessage[] {
  let diff = files.map(renderHunks).join('\n\n');
  if (diff.length > budgetChars) diff = `${diff.slice(0, budgetChars)}\n… (the rest of the diff is left out)`;
  const patterns = similar
    .map(
      (entry) =>
        `${entry.path}:${entry.startLine}-${entry.endLine} (like ${entry.changed}):\n${entry.text
          .split('\n')
          .map((text, index) => `${String(entry.startLine + index).padStart(5)} ${text}`)
          .join('\n')}`,
    )
    .join('\n\n');
  return [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: `The change:
\`\`\`diff
${diff}
\`\`\`

${gate.length ? `The automated checks found:\n${gate.map((comment) => `- ${comment.file}:${comment.line} ${comment.severity} ${comment.ruleId}: ${comment.body}`).join('\n')}\n\n` : ''}${patterns ? `Similar code elsewhere in the repository:\n${patterns}\n` : ''}`,
    },
  ];
}

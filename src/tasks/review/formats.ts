import type { Finding } from '../../core/check.js';
import { SEVERITY_ORDER, type Severity } from '../../core/check.js';
import { toSarif } from '../../security/sarif.js';
import type { ReviewComment } from './comments.js';

/** Review comments in the formats CI reads: SARIF 2.1.0, and a GitHub pull-request review. */

function message(comment: ReviewComment): string {
  return [
    comment.body,
    comment.pattern ? `Elsewhere in this repository: ${comment.pattern}.` : '',
    comment.suggestion ? `Suggested change: ${comment.suggestion.trim()}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * `notVerified`: why the review is not verified (nothing checked, a check that could not run); the SARIF
 * run then did not succeed, as a scan's that checked nothing.
 */
export function reviewSarif(
  comments: ReviewComment[],
  version: string,
  notVerified: readonly string[] = [],
): unknown {
  const findings: Finding[] = comments.map((comment) => ({
    ruleId: comment.ruleId,
    file: comment.file,
    line: comment.line,
    column: 1,
    severity: comment.severity,
    message: message(comment),
    ...(comment.suggestion ? { hint: comment.suggestion } : {}),
    ...(comment.cwe ? { cwe: comment.cwe } : {}),
    ...(comment.source === 'model' ? { tool: 'vouch-review' } : {}),
  }));
  return toSarif(findings, {
    version,
    rules: new Map(),
    tools: notVerified.map((reason) => ({
      tool: 'vouch-review',
      ran: true,
      findings: 0,
      nothingChecked: true,
      reason: `not verified: ${reason}`,
    })),
  });
}

const ICON: Record<Severity, string> = { critical: '🛑', high: '🔴', medium: '🟠', low: '🟡', info: 'ℹ️' };

/**
 * The body of `POST /repos/{owner}/{repo}/pulls/{n}/reviews`: one comment per finding on the RIGHT side
 * at its line, the suggestion as a GitHub ```suggestion block (which the author can commit with a
 * click), and REQUEST_CHANGES when anything reaches `failOn` or `notVerified` has reasons (the body then
 * says NOT VERIFIED and why).
 */
export function githubReview(
  comments: ReviewComment[],
  {
    failOn,
    summary,
    notVerified = [],
  }: { failOn: Severity | 'none'; summary: string; notVerified?: readonly string[] },
): unknown {
  const failing =
    failOn !== 'none' &&
    comments.some((comment) => SEVERITY_ORDER[comment.severity] >= SEVERITY_ORDER[failOn]);
  return {
    // a review that could not verify the change does not let the pull request through either (w162)
    event: failing || notVerified.length > 0 ? 'REQUEST_CHANGES' : 'COMMENT',
    // a review that verified nothing, or not all, says so where the author reads it
    body: `vouch review: ${summary}${notVerified.length ? `\n\n**NOT VERIFIED**: ${notVerified.join('; ')}` : ''}`,
    comments: comments.map((comment) => ({
      path: comment.file,
      line: comment.line,
      side: 'RIGHT',
      body: [
        `${ICON[comment.severity]} **${comment.severity}** · ${comment.title}${comment.cwe ? ` (CWE-${comment.cwe})` : ''}`,
        '',
        comment.body,
        ...(comment.pattern ? ['', `This codebase does it differently at \`${comment.pattern}\`.`] : []),
        ...(comment.suggestion && /\n|[=(){};]/.test(comment.suggestion)
          ? ['', '```suggestion', comment.suggestion.replace(/\n$/, ''), '```']
          : comment.suggestion
            ? ['', `Suggestion: ${comment.suggestion}`]
            : []),
      ].join('\n'),
    })),
  };
}

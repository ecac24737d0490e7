import type { Finding } from '../core/check.js';

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

export function parseSuppressions(source: string): Map<number, Suppression> {
  const found = new Map<number, Suppression>();
  if (!source.includes('vouch-ignore')) return found;
  source.split('\n').forEach((text, index) => {
    const marker = /(?:#|\/\/|\/\*|<!--|\*)\s*vouch-ignore\b/.exec(text);
    if (!marker) return; // the words in a string or in prose are not a suppression
    const at = text.indexOf('vouch-ignore', marker.index);
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

export function applySuppressions(findings: Finding[], source: string, file: string): Finding[] {
  const suppressions = parseSuppressions(source);
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

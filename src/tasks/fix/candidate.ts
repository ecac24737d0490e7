import type { CheckResult } from '../../core/check.js';
import type { Attribution, CheckedFinding, LineSpan } from './region.js';

/**
 * What the fix task judges a model's answer by, beyond the gate's findings: an answer cut short, a
 * definition the rewrite dropped, and checks that could not look again as they did before the fix.
 */

export interface Candidate {
  answer: string;
  /** the lines of the file the fix replaces: the region, grown to every line the answer changed */
  range: LineSpan;
  /** the new lines, joined with the file's line ending */
  region: string;
  fixedText: string;
  checks: CheckResult[];
  attribution: Attribution;
  /** problems the comparison of findings cannot see: definitions the rewrite dropped */
  dropped: string[];
  /** checks that found targets before and did not run as fully after (skipped, failed to run, fewer tools) */
  notAsBefore: string[];
}

/** The tools a check ran (its `details.tools`: names, or the security scan's `{tool, ran}`). */
function toolsOf(check: CheckResult | undefined): string[] {
  const tools = check?.details?.tools;
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool) =>
    typeof tool === 'string'
      ? [tool]
      : tool && typeof tool === 'object' && (tool as { ran?: boolean }).ran
        ? [String((tool as { tool?: unknown }).tool)]
        : [],
  );
}

/**
 * Checks that reported a target before the fix and could not look again as they did (skipped, failed to
 * run, or ran fewer tools — a linter that timed out on the new text): their targets' absence proves
 * nothing, so the fix is not verified.
 */
export function checksNotAsBefore(
  before: readonly CheckResult[],
  after: readonly CheckResult[],
  targets: readonly CheckedFinding[],
): string[] {
  const why: string[] = [];
  for (const name of new Set(targets.map((item) => item.check))) {
    const was = before.find((check) => check.name === name);
    const now = after.find((check) => check.name === name);
    if (!now || now.status === 'skip' || now.status === 'error') {
      why.push(
        `${name} found the targets before the fix and did not run after it${now?.reason ? ` (${now.reason})` : ''}`,
      );
      continue;
    }
    const missing = toolsOf(was).filter((tool) => !toolsOf(now).includes(tool));
    if (missing.length > 0) why.push(`${name} ran ${missing.join(', ')} before the fix and not after it`);
  }
  return why;
}

/** Names a block of code defines at its top level (functions, classes, top-level bindings). */
export function definedNames(code: string, language: string): Set<string> {
  const pattern =
    language === 'python'
      ? /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)|^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)/gm
      : /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|const|let|var|abstract\s+class)\s+([A-Za-z_$][\w$]*)/gm;
  return new Set([...code.matchAll(pattern)].map((match) => (match[1] ?? match[2])!));
}

/** A fenced block that was never closed: the answer was cut off, or the code in it may be. */
export function unclosed(answer: string, block: { start: number; end: number }): boolean {
  return !/(?:^|\n)[ \t]*(?:`{3,}|~{3,})[ \t]*\n?$/.test(answer.slice(block.start, block.end));
}

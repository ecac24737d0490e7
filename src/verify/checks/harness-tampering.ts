import type { Finding } from '../../core/check.js';
import type { LanguageId } from '../../core/language-ids.js';
import { parse } from '../../syntax/parser.js';
import { derivedRules, HARNESS_RULES, type HarnessRule } from './harness-rules.js';

/**
 * Model-written code that reaches for the test harness (`harness-rules.ts`), found statically: nothing of
 * it runs. The rules read the source with its comments blanked (tree-sitter finds them; offsets and lines
 * are kept), so a comment that mentions `os._exit` is no finding, while the strings that carry module
 * names (`"pytest" in sys.modules`) are read.
 */

export const TAMPERING_RULE = 'tampers-with-test-harness';

export interface TamperingSource {
  code: string;
  language: LanguageId;
  /** the path findings name */
  file: string;
  /** the candidate, or a test file (tests may import their framework and patch the code under test) */
  role: 'code' | 'tests';
}

function family(language: LanguageId): HarnessRule['languages'] | undefined {
  if (language === 'python') return 'python';
  if (language === 'javascript' || language === 'typescript' || language === 'tsx') return 'javascript';
  return undefined;
}

/** The source with every comment replaced by spaces (newlines kept), so positions stay where they were. */
async function withoutComments(code: string, language: LanguageId): Promise<string> {
  let tree: Awaited<ReturnType<typeof parse>> | undefined;
  try {
    tree = await parse(language, code);
  } catch {
    // without a grammar the comments stay: a finding too many, never one too few
    return code;
  }
  try {
    const comments = tree.rootNode.descendantsOfType('comment');
    if (comments.length === 0) return code;
    let blanked = '';
    let at = 0;
    for (const comment of comments) {
      blanked += code.slice(at, comment.startIndex);
      blanked += code.slice(comment.startIndex, comment.endIndex).replace(/[^\n]/g, ' ');
      at = comment.endIndex;
    }
    return blanked + code.slice(at);
  } finally {
    tree.delete();
  }
}

/** Line and column of an offset, by a search over the line starts (one pass over the text, not one per match). */
function positions(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  };
}

/** Where a rule matches: a plain search, or anchor then `after` with each span read once (linear). */
export function* ruleMatches(text: string, rule: HarnessRule): Generator<{ index: number; text: string }> {
  if (rule.at) {
    for (const index of rule.at) {
      const stop = text.indexOf('\n', index);
      yield {
        index,
        text: text.slice(
          index,
          stop === -1 ? Math.min(text.length, index + 200) : Math.min(stop, index + 200),
        ),
      };
    }
    return;
  }
  const flags = rule.pattern.flags.replace(/[gy]/g, '');
  const anchor = new RegExp(rule.pattern.source, `${flags}g`);
  if (!rule.after) {
    for (const match of text.matchAll(anchor)) yield { index: match.index ?? 0, text: match[0] };
    return;
  }
  const after = new RegExp(rule.after.pattern.source, `${rule.after.pattern.flags.replace(/[gy]/g, '')}y`);
  const until = new RegExp(rule.after.until.source, `${rule.after.until.flags.replace(/[gy]/g, '')}g`);
  for (let match = anchor.exec(text); match; match = anchor.exec(text)) {
    const end = match.index + match[0].length;
    after.lastIndex = end;
    const rest = after.exec(text);
    if (rest) yield { index: match.index, text: match[0] + rest[0] };
    until.lastIndex = end;
    const stop = until.exec(text);
    anchor.lastIndex = Math.max(stop ? stop.index : text.length, match.index + 1);
  }
}

/** Each place the source reaches for the harness, one finding per rule and line. */
export async function harnessTampering(source: TamperingSource): Promise<Finding[]> {
  const languages = family(source.language);
  if (!languages) return [];
  const text = await withoutComments(source.code, source.language);
  const rules = [...HARNESS_RULES, ...derivedRules(text, languages)].filter(
    (rule) => rule.languages === languages && (rule.where === 'both' || rule.where === source.role),
  );
  const position = positions(text);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const match of ruleMatches(text, rule)) {
      const where = position(match.index);
      const key = `${rule.id}\0${where.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        ruleId: TAMPERING_RULE,
        file: source.file,
        ...where,
        severity: 'high',
        message: `tampers with the test harness: ${rule.what} (\`${match.text.trim().slice(0, 80)}\`); a test run proves nothing about such code`,
        hint:
          source.role === 'code'
            ? 'code under test must not look for, patch or end the test runner; write the plain implementation'
            : 'tests must not patch the runner, its plugins or its assertions, nor end the process',
      });
    }
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

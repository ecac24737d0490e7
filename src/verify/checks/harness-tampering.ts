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

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Each place the source reaches for the harness, one finding per rule and line. */
export async function harnessTampering(source: TamperingSource): Promise<Finding[]> {
  const languages = family(source.language);
  if (!languages) return [];
  const text = await withoutComments(source.code, source.language);
  const rules = [...HARNESS_RULES, ...derivedRules(text, languages)].filter(
    (rule) => rule.languages === languages && (rule.where === 'both' || rule.where === source.role),
  );
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const global = new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('g', '')}g`);
    for (const match of text.matchAll(global)) {
      const where = position(text, match.index ?? 0);
      const key = `${rule.id}\0${where.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        ruleId: TAMPERING_RULE,
        file: source.file,
        ...where,
        severity: 'high',
        message: `tampers with the test harness: ${rule.what} (\`${match[0].trim().slice(0, 80)}\`); a test run proves nothing about such code`,
        hint:
          source.role === 'code'
            ? 'code under test must not look for, patch or end the test runner; write the plain implementation'
            : 'tests must not patch the runner, its plugins or its assertions, nor end the process',
      });
    }
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

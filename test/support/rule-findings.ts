import { analyzeSource } from '../../src/security/engine/analyze.js';
import { defaultRuleSet } from '../../src/security/rules.js';

/**
 * The taint engine's findings of one rule in a snippet, as `rule@line` (the engine's path-ending tests:
 * terminating calls, `with`/`next`, path endings, held checks). Python snippets are read as
 * `app/views.py`, JavaScript ones as `app/server.js`.
 */
const ruleSet = defaultRuleSet();
export async function ruleFindings(
  code: string,
  language: 'python' | 'javascript',
  rule: string,
): Promise<string[]> {
  return (
    await analyzeSource({
      source: code,
      language,
      file: language === 'python' ? 'app/views.py' : 'app/server.js',
      ruleSet,
    })
  )
    .filter((finding) => finding.ruleId === rule)
    .map((finding) => `${rule}@${finding.line}`);
}

/** The line (from 1) of the first line of `code` that holds `text`. */
export const lineOf = (code: string, text: string): number =>
  code.split('\n').findIndex((line) => line.includes(text)) + 1;

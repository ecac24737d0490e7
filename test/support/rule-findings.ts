import type { LanguageId } from '../../src/core/languages.js';
import { analyzeSource } from '../../src/security/engine/analyze.js';
import { defaultRuleSet } from '../../src/security/rules.js';

/**
 * The engine tests' one way to read what the taint engine reports on a snippet: each finding as
 * `rule@line` (with `severity`, `rule@line:severity`). Python snippets are read as `app/views.py`, the
 * others as `app/server.js`, unless `file` says otherwise.
 */
export interface FindingIdsOptions {
  language?: LanguageId;
  file?: string;
  /** keep only the findings whose `rule@line` this accepts (a RegExp is tested on it) */
  keep?: RegExp | ((id: string) => boolean);
  /** `rule@line:severity` */
  severity?: boolean;
  /** sorted as strings; otherwise in the engine's order */
  sort?: boolean;
}

const ruleSet = defaultRuleSet();

export async function findingIds(code: string, options: FindingIdsOptions = {}): Promise<string[]> {
  const language = options.language ?? 'python';
  const findings = await analyzeSource({
    source: code,
    language,
    file: options.file ?? (language === 'python' ? 'app/views.py' : 'app/server.js'),
    ruleSet,
  });
  const keep = options.keep;
  const ids = findings
    .map((finding) => `${finding.ruleId}@${finding.line}${options.severity ? `:${finding.severity}` : ''}`)
    .filter((id) => !keep || (typeof keep === 'function' ? keep(id) : keep.test(id)));
  return options.sort ? ids.sort() : ids;
}

/** The findings of one rule in a snippet, as `rule@line` (the engine's path-ending tests). */
export function ruleFindings(
  code: string,
  language: 'python' | 'javascript',
  rule: string,
): Promise<string[]> {
  return findingIds(code, { language, keep: ofRule(rule) });
}

/** The lines of `rule`'s findings in a snippet, in the engine's order (`options` as `findingIds` takes them). */
export async function ruleLines(
  code: string,
  rule: string,
  options: Pick<FindingIdsOptions, 'language' | 'file'> = {},
): Promise<number[]> {
  return (await findingIds(code, { ...options, keep: ofRule(rule) })).map((id) =>
    Number(id.slice(rule.length + 1)),
  );
}

/** `rule`'s findings in a Python snippet as `line:severity`, in the engine's order. */
export async function ruleLineSeverities(code: string, rule: string): Promise<string[]> {
  return (await findingIds(code, { keep: ofRule(rule), severity: true })).map((id) =>
    id.slice(rule.length + 1),
  );
}

/** Accepts the ids of `rule`'s findings. */
export const ofRule =
  (rule: string) =>
  (id: string): boolean =>
    id.startsWith(`${rule}@`);

/** The ids of `rule`'s findings among `found`. */
export const only = (found: string[], rule: string): string[] => found.filter(ofRule(rule));

/** The line (from 1) of the first line of `code` that holds `text`. */
export const lineOf = (code: string, text: string): number =>
  code.split('\n').findIndex((line) => line.includes(text)) + 1;

/**
 * A Flask module: `head` (its imports, the app and what else stands before the route, each line ended),
 * then the route `/r` with `body` and `tail` after it.
 */
export const flaskRoute = (head: string, body: string, tail = ''): string =>
  `${head}@app.route("/r")\ndef r():\n${body}\n${tail}`;

/** An Express module: `head`, then the handler of `/r` with `body`, ended by `tail` (its last lines). */
export const expressRoute = (head: string, body: string, tail = ''): string =>
  `${head}app.get("/r", (req, res) => {\n${body}\n${tail}});\n`;

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { type LanguageId, languageForPath } from '../../core/languages.js';
import { lineEndedText } from '../line-ended-text.js';
import { type LoadedRules, loadRuleFile, type RuleNotRun } from './rule-file.js';
import { semgrepFindings } from './semgrep-rules.js';

/**
 * Semgrep's rule tests: `X.yaml` with test files `X.<ext>` beside it, where a comment `ruleid: <id>`
 * marks the next line (or, at the end of a line of code, that line) as one the rule must report and
 * `ok: <id>` one it must not. `todoruleid:`/`todook:` mark known misses and false alarms: counted apart,
 * never as agreement.
 */
export interface ExpectedLine {
  line: number;
  rule: string;
  expect: 'ruleid' | 'ok' | 'todoruleid' | 'todook';
}

export interface LineResult extends ExpectedLine {
  file: string;
  language: LanguageId;
  reported: boolean;
  agrees: boolean;
}

export interface RuleTestResult {
  ruleFile: string;
  testFiles: string[];
  lines: LineResult[];
  /** lines reported that no annotation mentions */
  unexpected: { file: string; line: number; rule: string }[];
  notRun: RuleNotRun[];
}

const ANNOTATION =
  /(?:#|\/\/|\/\*|\{\/\*)\s*(todoruleid|todook|ruleid|ok)\s*:\s*([\w.\-, ]+?)\s*(?:\*\/\s*\}?|\*\/)?\s*$/;

/**
 * The annotations of one test file, each pointing at the line it is about (1-based). `text` has its
 * language's line ends as `\n` (line-ended-text.ts): lines are cut at `\n` only.
 */
export function annotations(text: string): ExpectedLine[] {
  const lines = text.split('\n');
  const found: ExpectedLine[] = [];
  for (const [index, line] of lines.entries()) {
    const match = ANNOTATION.exec(line);
    if (!match) continue;
    const alone = line.slice(0, match.index).trim() === '';
    let target = index + 1;
    if (alone) {
      // the next line that is not itself an annotation
      target = index + 2;
      while (
        target <= lines.length &&
        ANNOTATION.test(lines[target - 1]!) &&
        lines[target - 1]!.trim().match(/^(#|\/\/|\{?\/\*)/)
      )
        target++;
    }
    for (const rule of match[2]!
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean))
      found.push({ line: target, rule, expect: match[1] as ExpectedLine['expect'] });
  }
  return found;
}

const TEST_EXTENSIONS = ['.py', '.js', '.jsx', '.ts', '.tsx'];

/** Every `X.yaml`/`X.yml` under `directory` with its test files. */
export function ruleTestFiles(directory: string): { ruleFile: string; testFiles: string[] }[] {
  const found: { ruleFile: string; testFiles: string[] }[] = [];
  const visit = (folder: string): void => {
    const names = readdirSync(folder).sort();
    for (const name of names) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        visit(path);
        continue;
      }
      const extension = extname(name);
      if (extension !== '.yaml' && extension !== '.yml') continue;
      const stem = basename(name, extension);
      const testFiles = names
        .filter(
          (other) => TEST_EXTENSIONS.includes(extname(other)) && basename(other, extname(other)) === stem,
        )
        .map((other) => join(folder, other));
      found.push({ ruleFile: path, testFiles });
    }
  };
  visit(directory);
  return found;
}

/** Runs one rule file on its test files and compares the findings with the annotations. */
export async function runRuleTest(
  ruleFile: string,
  testFiles: string[],
  root: string,
): Promise<RuleTestResult> {
  const loaded: LoadedRules = await loadRuleFile(readFileSync(ruleFile, 'utf8'), relative(root, ruleFile));
  const result: RuleTestResult = {
    ruleFile: relative(root, ruleFile),
    testFiles: testFiles.map((file) => relative(root, file)),
    lines: [],
    unexpected: [],
    notRun: loaded.notRun,
  };
  const notRunIds = new Set(loaded.notRun.map((entry) => entry.id));
  for (const testFile of testFiles) {
    const language = languageForPath(testFile);
    if (!language) continue;
    const text = readFileSync(testFile, 'utf8');
    const path = relative(root, testFile);
    // the lines the findings are counted on: each line end the language reads (a lone `\r`, JavaScript's
    // U+2028/U+2029 outside strings) is one here too, so an annotation points where the finding is
    const lineEnded = await lineEndedText(text, language);
    const findings = await semgrepFindings({ rules: loaded.rules, source: text, language, path, lineEnded });
    const reported = new Set(findings.map((finding) => `${finding.ruleId}:${finding.line}`));
    const expected = annotations(lineEnded);
    const mentioned = new Set(expected.map((entry) => `${entry.rule}:${entry.line}`));
    for (const entry of expected) {
      const wasReported = reported.has(`${entry.rule}:${entry.line}`);
      const agrees =
        !notRunIds.has(entry.rule) &&
        (entry.expect === 'ruleid' ? wasReported : entry.expect === 'ok' ? !wasReported : false);
      result.lines.push({ ...entry, file: path, language, reported: wasReported, agrees });
    }
    for (const finding of findings)
      if (!mentioned.has(`${finding.ruleId}:${finding.line}`))
        result.unexpected.push({ file: path, line: finding.line, rule: finding.ruleId });
  }
  return result;
}

export interface Agreement {
  agree: number;
  total: number;
}

/** `vouch rules test DIR`: every rule file of a folder against its annotated test files. */
export interface RuleTestReport {
  directory: string;
  agreement: Agreement;
  byLanguage: Record<string, Agreement>;
  rules: {
    id: string;
    file: string;
    agreement: Agreement;
    byLanguage: Record<string, Agreement>;
    /** why vouch's matcher does not run the rule (every annotated line of it then disagrees) */
    notRun?: string;
  }[];
  /** each annotated line the findings disagree with, and each finding no annotation mentions */
  disagreements: { file: string; line: number; rule: string; expected: string; reported: boolean }[];
  /** rule files with no test file beside them */
  untested: string[];
}

function tally(map: Record<string, Agreement>, key: string, agrees: boolean): void {
  map[key] ??= { agree: 0, total: 0 };
  map[key].total++;
  if (agrees) map[key].agree++;
}

export async function ruleTestReport(
  directory: string,
  onFile?: (done: number, total: number, file: string) => void,
): Promise<RuleTestReport> {
  const cases = ruleTestFiles(directory);
  const report: RuleTestReport = {
    directory,
    agreement: { agree: 0, total: 0 },
    byLanguage: {},
    rules: [],
    disagreements: [],
    untested: [],
  };
  for (const [index, { ruleFile, testFiles }] of cases.entries()) {
    if (testFiles.length === 0) report.untested.push(relative(directory, ruleFile));
    const result = await runRuleTest(ruleFile, testFiles, directory);
    const byRule = new Map<string, RuleTestReport['rules'][number]>();
    const entry = (id: string) => {
      let found = byRule.get(id);
      if (!found) {
        found = { id, file: result.ruleFile, agreement: { agree: 0, total: 0 }, byLanguage: {} };
        byRule.set(id, found);
      }
      return found;
    };
    for (const notRun of result.notRun) entry(notRun.id).notRun = notRun.reason;
    for (const line of result.lines) {
      const rule = entry(line.rule);
      rule.agreement.total++;
      if (line.agrees) rule.agreement.agree++;
      tally(rule.byLanguage, line.language, line.agrees);
      tally(report.byLanguage, line.language, line.agrees);
      report.agreement.total++;
      if (line.agrees) report.agreement.agree++;
      if (!line.agrees)
        report.disagreements.push({
          file: line.file,
          line: line.line,
          rule: line.rule,
          expected: line.expect,
          reported: line.reported,
        });
    }
    for (const extra of result.unexpected) {
      report.agreement.total++;
      report.disagreements.push({
        file: extra.file,
        line: extra.line,
        rule: extra.rule,
        expected: 'nothing',
        reported: true,
      });
    }
    report.rules.push(...byRule.values());
    onFile?.(index + 1, cases.length, result.ruleFile);
  }
  return report;
}

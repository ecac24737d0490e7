import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleFile } from './rule-file.js';
import { ruleTestFiles, runRuleTest } from './rule-test.js';
import { semgrepFindings } from './semgrep-rules.js';

const TUNE = join(import.meta.dirname, '../../../bench/semgrep/corpus/tune');

describe('Semgrep rules on the annotated tests (bench/semgrep/corpus/tune)', async () => {
  const cases = ruleTestFiles(TUNE);
  it('finds the rule files and their test files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(13);
    expect(cases.every((entry) => entry.testFiles.length > 0)).toBe(true);
  });
  for (const { ruleFile, testFiles } of cases) {
    it(`agrees with ${ruleFile.slice(TUNE.length + 1)}`, async () => {
      const result = await runRuleTest(ruleFile, testFiles, TUNE);
      const notRun = new Set(result.notRun.map((entry) => entry.id));
      expect(result.lines.length).toBeGreaterThan(0);
      // Rules that are not run disagree with every line; the rest must agree line by line.
      const wrong = result.lines.filter((line) => !notRun.has(line.rule) && !line.agrees);
      expect(wrong).toEqual([]);
      expect(result.unexpected).toEqual([]);
      for (const line of result.lines.filter((each) => notRun.has(each.rule)))
        expect(line.agrees).toBe(false);
    });
  }
});

describe('loading Semgrep rule files', () => {
  it('says why a rule is not run, and runs the others of the file', async () => {
    const loaded = await loadRuleFile(
      `rules:
  - id: fine
    languages: [python]
    severity: ERROR
    message: eval
    pattern: eval(...)
  - id: taint
    mode: taint
    languages: [python]
    severity: ERROR
    message: t
    pattern-sources: [{pattern: input()}]
    pattern-sinks: [{pattern: eval(...)}]
  - id: unknown-key
    languages: [python]
    severity: ERROR
    message: x
    patterns:
      - pattern: eval(...)
      - metavariable-type: {metavariable: $X, type: int}
  - id: bad-regex
    languages: [python]
    severity: INFO
    message: x
    pattern-regex: (?>abc)
  - id: go-only
    languages: [go]
    severity: INFO
    message: x
    pattern: foo()
  - id: bad-pattern
    languages: [python]
    severity: INFO
    message: x
    pattern: "def ("
`,
      'rules.yaml',
    );
    expect(loaded.rules.map((rule) => rule.id)).toEqual(['fine']);
    const reasons = Object.fromEntries(loaded.notRun.map((entry) => [entry.id, entry.reason]));
    expect(reasons.taint).toMatch(/mode: taint/);
    expect(reasons['unknown-key']).toMatch(/metavariable-type/);
    expect(reasons['bad-regex']).toMatch(/atomic groups/);
    expect(reasons['go-only']).toMatch(/go/);
    expect(reasons['bad-pattern']).toMatch(/does not parse as python/);
  });

  it('reports a file that is not YAML or has no rules list, instead of nothing', async () => {
    expect((await loadRuleFile('rules: [', 'a.yaml')).notRun[0]!.reason).toMatch(/not valid YAML/);
    expect((await loadRuleFile('checks: []', 'b.yaml')).notRun[0]!.reason).toMatch(/rules:/);
  });

  it('maps severity, CWE, message metavariables and fix into the finding', async () => {
    const { rules } = await loadRuleFile(
      `rules:
  - id: team.no-eval
    languages: [javascript]
    severity: WARNING
    message: eval of $X
    fix: JSON.parse($X)
    metadata:
      cwe: ["CWE-95: Eval Injection"]
    pattern: eval($X)
`,
      'r.yaml',
    );
    const findings = await semgrepFindings(
      rules,
      'const a = 1;\nconst v = eval(text);\n',
      'javascript',
      'a.js',
    );
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'team.no-eval',
        line: 2,
        column: 11,
        severity: 'medium',
        message: 'eval of text',
        hint: 'fix: JSON.parse(text)',
        cwe: 95,
      }),
    ]);
  });

  it('applies paths.include and paths.exclude', async () => {
    const { rules } = await loadRuleFile(
      `rules:
  - id: p
    languages: [python]
    severity: INFO
    message: print
    pattern: print(...)
    paths:
      include: [src/]
      exclude: ["*_test.py"]
`,
      'r.yaml',
    );
    const source = 'print(1)\n';
    expect(await semgrepFindings(rules, source, 'python', 'src/app.py')).toHaveLength(1);
    expect(await semgrepFindings(rules, source, 'python', 'src/app_test.py')).toHaveLength(0);
    expect(await semgrepFindings(rules, source, 'python', 'tools/app.py')).toHaveLength(0);
  });
});

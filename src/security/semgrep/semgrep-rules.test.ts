import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
      // Only the rule written to be unsupported is not run: taint rules run (their lines would not count).
      expect([...notRun]).toEqual(ruleFile.endsWith('unsupported.yaml') ? ['needs-project-depends-on'] : []);
      // Rules that are not run disagree with every line; the rest must agree line by line.
      const wrong = result.lines.filter((line) => !notRun.has(line.rule) && !line.agrees);
      expect(wrong).toEqual([]);
      expect(result.unexpected).toEqual([]);
      for (const line of result.lines.filter((each) => notRun.has(each.rule)))
        expect(line.agrees).toBe(false);
    });
  }
});

describe('a rule test reads its annotations on the lines the language counts', () => {
  it('a line end of the language inside a comment moves the annotated line, one in a string does not', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vouch-rule-test-'));
    try {
      writeFileSync(
        join(folder, 'no-eval.yaml'),
        'rules:\n  - id: no-eval\n    languages: [javascript, python]\n    severity: ERROR\n    message: eval\n    pattern: eval(...)\n',
      );
      // JavaScript ends a line (and the comment) at U+2028 outside a string, Python at a lone \r: the
      // annotation stands alone on its line there, and points at the eval after it
      writeFileSync(
        join(folder, 'no-eval.js'),
        'const s = "a\u2028b";\nlet a = 1; /* x */\u2028// ruleid: no-eval\neval(s);\n// ok: no-eval\nconsole.log(s);\n',
      );
      writeFileSync(join(folder, 'no-eval.py'), 'x = 1\r# ruleid: no-eval\neval(x)\n');
      const result = await runRuleTest(
        join(folder, 'no-eval.yaml'),
        [join(folder, 'no-eval.js'), join(folder, 'no-eval.py')],
        folder,
      );
      expect(result.unexpected).toEqual([]);
      expect(
        result.lines.map(({ file, line, expect: kind, agrees }) => ({ file, line, kind, agrees })),
      ).toEqual([
        { file: 'no-eval.js', line: 4, kind: 'ruleid', agrees: true },
        { file: 'no-eval.js', line: 6, kind: 'ok', agrees: true },
        { file: 'no-eval.py', line: 3, kind: 'ruleid', agrees: true },
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
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
  - id: taint-labels
    mode: taint
    languages: [python]
    severity: ERROR
    message: t
    pattern-sources: [{pattern: input(), label: USER}]
    pattern-sinks: [{pattern: eval(...), requires: USER}]
  - id: taint-side-effect
    mode: taint
    languages: [python]
    severity: ERROR
    message: t
    pattern-sources: [{pattern: input()}]
    pattern-sanitizers: [{pattern: check($X), by-side-effect: true}]
    pattern-sinks: [{pattern: eval(...)}]
  - id: taint-options
    mode: taint
    languages: [python]
    severity: ERROR
    message: t
    options: {taint_assume_safe_functions: true}
    pattern-sources: [{pattern: input()}]
    pattern-sinks: [{pattern: eval(...)}]
  - id: taint-regex-sink
    mode: taint
    languages: [python]
    severity: ERROR
    message: t
    pattern-sources: [{pattern: input()}]
    pattern-sinks: [{pattern-regex: 'eval\\(.*\\)'}]
  - id: taint-no-sink
    mode: taint
    languages: [python]
    severity: ERROR
    message: t
    pattern-sources: [{pattern: input()}]
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
    expect(loaded.rules.map((rule) => rule.id)).toEqual(['fine', 'taint']);
    const reasons = Object.fromEntries(loaded.notRun.map((entry) => [entry.id, entry.reason]));
    // What the taint engine cannot follow as Semgrep does is not run at all, never in part.
    expect(reasons['taint-labels']).toMatch(/taint labels \(`label`\) in pattern-sources/);
    expect(reasons['taint-side-effect']).toMatch(/by side effect/);
    expect(reasons['taint-options']).toMatch(/taint_assume_safe_functions/);
    expect(reasons['taint-no-sink']).toMatch(/without pattern-sources or pattern-sinks/);
    expect(reasons['taint-regex-sink']).toMatch(/a sink that is a regex or several statements/);
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
    const findings = await semgrepFindings({
      rules,
      source: 'const a = 1;\nconst v = eval(text);\n',
      language: 'javascript',
      path: 'a.js',
    });
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

  it('reports the lines the language counts: a lone \\r and U+2028 outside strings end one in JavaScript', async () => {
    const { rules } = await loadRuleFile(
      'rules:\n  - id: team.no-eval\n    languages: [javascript]\n    severity: WARNING\n    message: eval\n    pattern: eval($X)\n',
      'r.yaml',
    );
    const lines = async (source: string) =>
      (await semgrepFindings({ rules, source, language: 'javascript', path: 'a.js' })).map((finding) => [
        finding.line,
        finding.endLine,
      ]);
    expect(await lines('const a = 1;\rconst b = "\u2028";\u2028const v = eval(text);\n')).toEqual([[3, 3]]);
  });

  it('runs a taint rule on its own sources, sanitisers and sinks, through the helpers of the file', async () => {
    const { rules, notRun } = await loadRuleFile(
      `rules:
  - id: team.eval-input
    mode: taint
    languages: [python]
    severity: ERROR
    message: input reaches eval
    metadata:
      cwe: "CWE-95: Eval Injection"
    pattern-sources: [{pattern: input(...)}]
    pattern-sanitizers: [{pattern: ast.literal_eval(...)}]
    pattern-sinks:
      - patterns:
          - pattern: eval($X)
          - focus-metavariable: $X
`,
      'r.yaml',
    );
    expect(notRun).toEqual([]);
    const source = [
      'from flask import request',
      'def helper(x):',
      '    return eval(x)',
      'def view():',
      '    eval(request.args["q"])',
      '    helper(input())',
      '    eval(ast.literal_eval(input()))',
      '    eval(input().strip())',
      '',
    ].join('\n');
    // The sink inside the helper is where the finding is; vouch's own sources (Flask's request) are not
    // this rule's, and the sanitiser clears what passes through it.
    expect(await semgrepFindings({ rules, source, language: 'python', path: 'a.py' })).toEqual([
      expect.objectContaining({ ruleId: 'team.eval-input', line: 3, severity: 'high', cwe: 95 }),
      expect.objectContaining({ ruleId: 'team.eval-input', line: 8, message: 'input reaches eval' }),
    ]);
  });

  it('clears taint only where the rule says: a check vouch trusts is no sanitiser of a team rule', async () => {
    const rule = (sanitizers: string) => `rules:
  - id: redirect-input
    mode: taint
    languages: [python]
    severity: ERROR
    message: m
    pattern-sources: [{pattern: input()}]
    pattern-sinks: [{pattern: redirect(...)}]
${sanitizers}`;
    const source = [
      'ALLOWED = {"/a", "/b"}',
      'def f():',
      '    x = input()',
      '    if x in ALLOWED:',
      '        redirect(x)',
      '    if x not in ALLOWED:',
      '        abort(400)',
      '    redirect(x)',
      '',
    ].join('\n');
    // Semgrep's taint mode reports both: it knows neither the allow-list check nor that abort() ends.
    const bare = await loadRuleFile(rule(''), 'r.yaml');
    expect(
      (await semgrepFindings({ rules: bare.rules, source, language: 'python', path: 'a.py' })).map(
        (f) => f.line,
      ),
    ).toEqual([5, 8]);
    const checked = await loadRuleFile(
      rule(`    pattern-sanitizers:
      - patterns:
          - pattern-inside: |
              if $X in ALLOWED:
                ...
          - pattern: $X
`),
      'r.yaml',
    );
    expect(
      (await semgrepFindings({ rules: checked.rules, source, language: 'python', path: 'a.py' })).map(
        (f) => f.line,
      ),
    ).toEqual([8]);
  });

  it('reports data reaching a sink that is a statement (return, raise, throw)', async () => {
    const rule = (language: string, sink: string) => `rules:
  - id: leak
    mode: taint
    languages: [${language}]
    severity: WARNING
    message: m
    pattern-sources: [{pattern: secret()}]
    pattern-sinks: [{pattern: "${sink}"}]
`;
    const python = await loadRuleFile(rule('python', 'return $X'), 'r.yaml');
    const source = 'def f():\n    v = secret()\n    return v\n\n\ndef g():\n    return 1\n';
    expect(
      (await semgrepFindings({ rules: python.rules, source, language: 'python', path: 'a.py' })).map(
        (f) => f.line,
      ),
    ).toEqual([3]);
    const script = await loadRuleFile(rule('javascript', 'throw $X'), 'r.yaml');
    const thrown = 'function f() {\n  const v = secret();\n  throw v;\n}\nfunction g() {\n  throw 1;\n}\n';
    expect(
      (
        await semgrepFindings({ rules: script.rules, source: thrown, language: 'javascript', path: 'a.js' })
      ).map((f) => f.line),
    ).toEqual([3]);
  });

  it('reads the code the language reads: a call after a lone \\r that ends a comment (r23)', async () => {
    const { rules } = await loadRuleFile(
      'rules:\n  - id: e\n    languages: [python]\n    severity: ERROR\n    message: eval\n    pattern: eval($X)\n',
      'r.yaml',
    );
    const found = async (source: string) =>
      (await semgrepFindings({ rules, source, language: 'python', path: 'a.py' })).map((f) => f.line);
    // Python ends the comment at the \r: eval runs on line 2, as with \n and \r\n
    for (const end of ['\r', '\n', '\r\n'])
      expect(await found(`x = 1  # note${end}eval(input())\n`)).toEqual([2]);
    // the call inside the comment is still no call
    expect(await found('x = 1  # note eval(input())\r\n')).toEqual([]);
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
    expect(await semgrepFindings({ rules, source, language: 'python', path: 'src/app.py' })).toHaveLength(1);
    expect(
      await semgrepFindings({ rules, source, language: 'python', path: 'src/app_test.py' }),
    ).toHaveLength(0);
    expect(await semgrepFindings({ rules, source, language: 'python', path: 'tools/app.py' })).toHaveLength(
      0,
    );
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * A syntax error is reported once, by the syntax check: the type checker's copy of the same diagnostic
 * (TypeScript's TS1xxx from the compiler, flake8's E999, mypy's [syntax]) is not printed again under
 * `types` or `lint`, and a check left with nothing else to say is a skip that says why, not a pass.
 */
interface Report {
  checks: { name: string; status: string; reason?: string; findings: { ruleId: string; line: number }[] }[];
}

function workspaceWith(name: string, text: string): string {
  const workspace = testFolder('vouch-syntax-once-');
  writeFileSync(join(workspace, 'vouch.toml'), '');
  writeFileSync(join(workspace, name), text);
  return workspace;
}

describe('syntax errors are reported once', () => {
  it('in TypeScript: the compiler’s syntactic diagnostics only under syntax, in --json and in text', async () => {
    const workspace = workspaceWith('bad.ts', 'export function f(a: number {\n  return a + 1;\n}\n');
    const json = await runMain(['check', 'bad.ts', '--json'], { cwd: workspace });
    expect(json.code, json.stderr).toBe(1);
    const report = json.json() as Report;
    const syntactic = report.checks.flatMap((check) =>
      check.findings.filter((finding) => /^TS1\d{3}$/.test(finding.ruleId)).map(() => check.name),
    );
    expect(syntactic.length).toBeGreaterThan(0);
    expect(new Set(syntactic)).toEqual(new Set(['syntax']));

    const text = await runMain(['check', 'bad.ts'], { cwd: workspace });
    expect(text.stdout.match(/',' expected/g)?.length).toBe(2);
  });

  it('in Python: flake8’s E999 and mypy’s syntax error are not repeated; such a check is skipped, not passed', async () => {
    const workspace = workspaceWith('bad.py', 'def f(:\n    return 1\n');
    const json = await runMain(['check', 'bad.py', '--json'], { cwd: workspace });
    expect(json.code, json.stderr).toBe(1);
    const report = json.json() as Report;
    const syntax = report.checks.find((check) => check.name === 'syntax')!;
    expect(syntax.status).toBe('fail');
    for (const check of report.checks.filter((check) => check.name !== 'syntax')) {
      expect(
        check.findings.filter((finding) => finding.line === 1 && /E999|syntax/.test(finding.ruleId)),
      ).toEqual([]);
      if (check.name === 'types' || check.name === 'lint') expect(check.status).not.toBe('pass');
    }
    const text = await runMain(['check', 'bad.py'], { cwd: workspace });
    expect(text.stdout.match(/invalid syntax/g)?.length).toBe(1);
  });
});

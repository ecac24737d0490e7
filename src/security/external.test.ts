import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/check.js';
import {
  banditFamily,
  banditReport,
  banditStringTestsSkipped,
  keepConfirmed,
  mergeFindings,
} from './external.js';

const finding = (ruleId: string, line: number, cwe: number): Finding => ({
  ruleId,
  file: 'app.py',
  line,
  column: 1,
  severity: 'high',
  message: ruleId,
  cwe,
});

describe('mergeFindings', () => {
  it("drops a Bandit finding that vouch already has, even under Bandit's broader CWE", () => {
    const own = [
      finding('unsafe-deserialization', 7, 502),
      finding('xxe', 8, 611),
      finding('code-injection', 9, 94),
    ];
    const bandit = [
      finding('bandit.B506', 7, 20), // yaml.load
      finding('bandit.B314', 8, 20), // xml.etree
      finding('bandit.B307', 9, 78), // eval
      finding('bandit.B405', 2, 20), // import xml: nothing of vouch's on that line
      finding('bandit.B602', 9, 78), // a shell call on the eval line is another issue
    ];
    const merged = mergeFindings(own, bandit);
    expect(merged.duplicates).toBe(3);
    expect(merged.findings.map((one) => one.ruleId)).toEqual([
      'unsafe-deserialization',
      'xxe',
      'code-injection',
      'bandit.B405',
      'bandit.B602',
    ]);
  });

  it('knows which vouch family a Bandit test belongs to, and none for tests no rule covers', () => {
    expect(banditFamily('B506')).toBe(502);
    expect(banditFamily('B324')).toBe(328);
    expect(banditFamily('B405')).toBeUndefined();
  });

  it("keeps Bandit's precise tests, and its other findings only where vouch reports the same line and family", () => {
    const own = [finding('command-injection', 4, 78)];
    const bandit = [
      { ...finding('bandit.B602', 4, 78), tool: 'bandit' }, // shell=True, confirmed by vouch's taint finding
      { ...finding('bandit.B603', 9, 78), tool: 'bandit' }, // subprocess without a shell: imprecise, alone
      { ...finding('bandit.B404', 1, 78), tool: 'bandit' }, // import subprocess
      { ...finding('bandit.B301', 12, 502), tool: 'bandit' }, // pickle.loads: precise
    ];
    const { kept, unconfirmed } = keepConfirmed(own, bandit);
    expect(kept.map((one) => one.ruleId)).toEqual(['bandit.B602', 'bandit.B301']);
    expect(unconfirmed).toBe(2);
  });
});

describe('banditStringTestsSkipped', () => {
  const text = (bandit: string, python: string) =>
    `bandit ${bandit}\n  python version = ${python} (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]\n`;

  it("says so for Debian's Bandit 1.6.2 on Python 3.11, and names the fix", () => {
    expect(banditStringTestsSkipped(text('1.6.2', '3.11.2'))).toMatch(
      /never runs its string tests.*B105.*B608.*Bandit 1\.7/,
    );
  });

  it('is silent for Bandit 1.6.3 or later, for Python before 3.8, and when it cannot tell', () => {
    expect(banditStringTestsSkipped(text('1.7.5', '3.11.2'))).toBeUndefined();
    expect(banditStringTestsSkipped(text('1.6.3', '3.12.1'))).toBeUndefined();
    expect(banditStringTestsSkipped(text('1.6.2', '3.7.9'))).toBeUndefined();
    expect(banditStringTestsSkipped('bandit 1.6.2\n')).toBeUndefined();
  });
});

describe("Bandit's report: 0 no issue, 1 issues reported, anything else failed", () => {
  const issue = {
    test_id: 'B307',
    test_name: 'blacklist',
    filename: '/tmp/scan/app.py',
    line_number: 3,
    issue_severity: 'MEDIUM',
    issue_confidence: 'HIGH',
    issue_text: 'Use of possibly insecure function - consider using safer ast.literal_eval.',
  };
  const report = (results: unknown[]) => JSON.stringify({ errors: [], results });
  const read = (code: number, stdout: string, stderr = '') =>
    banditReport({ stdout, code, stderr }, (absolute) => absolute.replace('/tmp/scan/', ''));

  it('exit 0 with no issue ran clean; exit 1 with issues ran with them', () => {
    expect(read(0, report([]))).toEqual({ tool: 'bandit', ran: true, findings: [] });
    expect(read(1, report([issue]))).toMatchObject({
      ran: true,
      findings: [{ ruleId: 'bandit.B307', file: 'app.py', line: 3, severity: 'medium' }],
    });
  });

  it('exit 1 whose report holds no issue did not run: never a clean result', () => {
    expect(read(1, report([]), 'Traceback (most recent call last):\nKeyError: x\n')).toEqual({
      tool: 'bandit',
      ran: false,
      reason: 'exited 1 without reporting any issue: KeyError: x',
      findings: [],
    });
  });

  it('another exit code beside a report did not run', () => {
    expect(read(2, report([issue]))).toEqual({
      tool: 'bandit',
      ran: false,
      reason: 'failed (exit 2) after printing a report',
      findings: [],
    });
  });

  it('a file listed in `errors` was not parsed: not checked by Bandit, whatever the exit code', () => {
    // real Bandit 1.6.2 on `type Alias = int` plus a shell injection: exit 0, no results, one error
    const stdout = JSON.stringify({
      errors: [{ filename: '/tmp/scan/alias.py', reason: 'syntax error while parsing AST from file' }],
      results: [],
    });
    expect(read(0, stdout)).toEqual({
      tool: 'bandit',
      ran: true,
      reason: 'Bandit could not parse alias.py: syntax error while parsing AST from file',
      findings: [],
      unparsed: [{ file: 'alias.py', reason: 'syntax error while parsing AST from file' }],
    });
    // the other files of the run keep their findings
    const both = JSON.stringify({
      errors: [{ filename: '/tmp/scan/alias.py', reason: 'syntax error while parsing AST from file' }],
      results: [issue],
    });
    expect(read(1, both)).toMatchObject({
      ran: true,
      findings: [{ ruleId: 'bandit.B307', file: 'app.py' }],
      unparsed: [{ file: 'alias.py' }],
    });
  });

  it('no JSON report did not run, naming its last line', () => {
    expect(read(2, '', 'usage: bandit [-h]\nbandit: error: unrecognized arguments\n')).toMatchObject({
      ran: false,
      reason: 'failed (exit 2): bandit: error: unrecognized arguments',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../core/check.js';
import { diagnosticsOf, findingRange } from './gate.js';
import { parseDidYouMean } from './quick-fixes.js';

const buffer = { path: 'app.py', language: 'python' as const, text: 'import os\nos.sytem("ls")\n' };

describe('the gate as diagnostics', () => {
  it('says a check that could not run left the buffer unverified (silence would read as a pass)', () => {
    const results: CheckResult[] = [
      { name: 'syntax', status: 'pass', findings: [], durationMs: 1 },
      {
        name: 'imports',
        status: 'error',
        reason: 'the sandbox is not available',
        findings: [],
        durationMs: 1,
      },
    ];
    const [diagnostic, ...rest] = diagnosticsOf(results, buffer);
    expect(rest).toEqual([]);
    expect(diagnostic!.message).toBe(
      'not verified: the imports check could not run — the sandbox is not available',
    );
    expect(diagnostic!.code).toBe('not-verified');
  });

  it('says not verified beside the findings of a check that could not read the whole buffer (r18)', () => {
    const results: CheckResult[] = [
      {
        name: 'security',
        status: 'fail',
        unverified: 'vouch could not run: could not parse them whole (app.py line 2)',
        durationMs: 1,
        findings: [{ ruleId: 'py.x', file: 'app.py', line: 1, column: 1, severity: 'high', message: 'bad' }],
      },
    ];
    const diagnostics = diagnosticsOf(results, buffer);
    expect(diagnostics.map((d) => d.code)).toEqual(['not-verified', 'py.x']);
    expect(diagnostics[0]!.message).toMatch(/^not verified: .*app\.py line 2/);
  });

  it('keeps findings of this buffer only, and marks suppressed ones as hints', () => {
    const results: CheckResult[] = [
      {
        name: 'security',
        status: 'fail',
        durationMs: 1,
        findings: [
          { ruleId: 'py.x', file: 'app.py', line: 2, column: 1, severity: 'high', message: 'bad', cwe: 78 },
          { ruleId: 'py.x', file: 'other.py', line: 2, column: 1, severity: 'high', message: 'elsewhere' },
          {
            ruleId: 'py.y',
            file: 'app.py',
            line: 1,
            column: 1,
            severity: 'critical',
            message: 'ok here',
            suppressed: { reason: 'reviewed' },
          },
        ],
      },
    ];
    const diagnostics = diagnosticsOf(results, buffer);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['py.x CWE-78', 1],
      ['py.y', 4],
    ]);
    expect(diagnostics[1]!.message).toBe('ok here (suppressed: reviewed)');
  });

  it('gives a finding without an end the word it starts on', () => {
    const lines = buffer.text.split('\n');
    const range = findingRange(
      { ruleId: 'r', file: 'app.py', line: 2, column: 1, severity: 'low', message: 'm' },
      lines,
    );
    expect(range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 8 } });
  });

  it('reads the did-you-mean of the imports check', () => {
    expect(parseDidYouMean('numpy 1.24.2 has no `arrange`; did you mean `arange`?')).toEqual({
      missing: 'arrange',
      suggestions: ['arange'],
    });
    expect(
      parseDidYouMean(
        'tinycalc 1.0 has no `Calculator.totl`; did you mean `Calculator.total` or `Calculator.tot`?',
      ),
    ).toEqual({ missing: 'Calculator.totl', suggestions: ['Calculator.total', 'Calculator.tot'] });
    expect(parseDidYouMean('numpy has no `zzz`')).toBeUndefined();
  });
});

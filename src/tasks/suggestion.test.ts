import { describe, expect, it } from 'vitest';
import type { CheckResult, Finding } from '../core/check.js';
import { newSuggestion } from '../store/record/suggestion-fixture.js';
import { buildFinetuneExport } from '../telemetry/finetune-export.js';
import { exportGatesFailed } from './suggestion.js';

const unmarshal: Finding = {
  ruleId: 'unsafe-unmarshal',
  file: '<generated>',
  line: 3,
  column: 5,
  severity: 'medium',
  message: '`marshal` loads data that may come from outside',
  cwe: 502,
};
const check = (name: string, status: CheckResult['status'], findings: Finding[] = []): CheckResult => ({
  name,
  status,
  findings,
  durationMs: 1,
});

describe('what keeps a suggestion out of the fine-tuning export (issue 59, review of round 7)', () => {
  it('a security check that passed with a finding attached keeps it out, as a failed gate does', () => {
    expect(exportGatesFailed([check('security', 'pass', [unmarshal]), check('syntax', 'pass')])).toEqual([
      'security',
    ]);
    expect(exportGatesFailed([check('security', 'fail'), check('licence', 'fail')])).toEqual([
      'security',
      'licence',
    ]);
    // clean checks, and findings of checks that are no export gate, keep nothing out
    expect(exportGatesFailed([check('security', 'pass'), check('lint', 'pass', [unmarshal])])).toEqual([]);
  });

  it('the export leaves out the completion whose security check passed at medium', () => {
    const record = (gatesFailed: string[], code: string) => {
      const suggestion = newSuggestion('u1', { gatesFailed, code, input: { spec: code } });
      return {
        suggestion: { ...suggestion, id: code, createdAt: '2026-11-27T00:00:00.000Z' },
        outcome: 'accepted' as const,
        finalCode: code,
        acceptedAt: '2026-11-27T00:00:01.000Z',
        userName: 'alice',
      };
    };
    const { lines, excluded } = buildFinetuneExport(
      [
        record(exportGatesFailed([check('security', 'pass', [unmarshal])]), 'marshal.loads(request.data)\n'),
        record(exportGatesFailed([check('security', 'pass')]), 'json.loads(request.data)\n'),
      ],
      'jsonl',
    );
    expect(excluded.gate).toBe(1);
    expect(lines).toHaveLength(1);
  });
});

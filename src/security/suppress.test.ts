import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/check.js';
import { applySuppressions } from './suppress.js';

const finding = (line: number, cwe = 89, ruleId = 'sql-injection'): Finding => ({
  ruleId,
  file: 'a.py',
  line,
  column: 1,
  severity: 'high',
  message: 'm',
  cwe,
});

describe('applySuppressions', () => {
  it('marks findings covered by a reasoned comment on the line or the line above, keeping them', () => {
    const source =
      'x\ncur.execute(q)  # vouch-ignore CWE-89: parameterised by the ORM\n# vouch-ignore sql-injection: fixed table name\ncur.execute(q)\n';
    const result = applySuppressions([finding(2), finding(4)], { text: source, file: 'a.py' });
    expect(result.map((item) => item.suppressed?.reason)).toEqual([
      'parameterised by the ORM',
      'fixed table name',
    ]);
  });

  it('does not suppress other CWEs, and reports a suppression without a reason', () => {
    const source = 'os.system(x)  # vouch-ignore CWE-89: wrong id\ncur.execute(q)  # vouch-ignore CWE-89\n';
    const result = applySuppressions([finding(1, 78, 'command-injection'), finding(2)], {
      text: source,
      file: 'a.py',
    });
    expect(result.filter((item) => item.suppressed)).toEqual([]);
    expect(result.map((item) => item.ruleId)).toEqual([
      'command-injection',
      'sql-injection',
      'suppression-without-reason',
    ]);
    expect(result[2]).toMatchObject({ line: 2, severity: 'low' });
  });

  it('ignores the words inside strings and prose', () => {
    const source = "hint = 'write `vouch-ignore CWE-<n>: reason`'\nmessage = 'vouch-ignore names nothing'\n";
    expect(applySuppressions([], { text: source, file: 'a.py' })).toEqual([]);
  });

  it('reports a comment naming nothing', () => {
    const result = applySuppressions([], { text: 'x = 1  # vouch-ignore\n', file: 'a.py' });
    expect(result).toHaveLength(1);
    expect(result[0]?.ruleId).toBe('suppression-without-reason');
  });
});

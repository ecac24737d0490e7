import { describe, expect, it } from 'vitest';
import { dedupeAndRank, type ReviewComment } from './comments.js';

const comment = (ruleId: string, line: number, source: ReviewComment['source'] = 'gate'): ReviewComment => ({
  file: 'app.py',
  line,
  severity: 'high',
  source,
  ruleId,
  title: `security: ${ruleId}`,
  body: `user input reaches a ${ruleId.replace('-', ' ')} sink (query)`,
});

describe('dedupeAndRank', () => {
  it('never merges two gate findings of different rules on one line (a log-injection hid a command-injection)', () => {
    const kept = dedupeAndRank([comment('log-injection', 7), comment('command-injection', 7)]);
    expect(kept.map((entry) => entry.ruleId).sort()).toEqual(['command-injection', 'log-injection']);
  });

  it('keeps one rule’s findings on two neighbouring lines apart, and merges one rule’s twice on one line', () => {
    expect(dedupeAndRank([comment('command-injection', 7), comment('command-injection', 8)])).toHaveLength(2);
    expect(dedupeAndRank([comment('command-injection', 7), comment('command-injection', 7)])).toHaveLength(1);
  });

  it('still merges a model remark about the same concern into the gate finding beside it', () => {
    const kept = dedupeAndRank([comment('sql-injection', 7), comment('review.security', 7, 'model')]);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ ruleId: 'sql-injection', alsoFrom: ['model'] });
  });
});

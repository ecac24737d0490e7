import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../core/package-root.js';
import { evaluateCorpus, falsePositiveRate, recall } from './evaluate-corpus.js';

describe('labelled corpus (every third file) and the hold-out samples', () => {
  it('keeps recall and false-positive rate on target for every family', async () => {
    let index = 0;
    const score = await evaluateCorpus(join(packageRoot(), 'bench', 'security', 'corpus'), {
      filter: () => index++ % 3 === 0,
    });
    expect(score.files).toBeGreaterThan(50);
    expect(score.mistakes).toEqual([]);
    for (const family of score.families) {
      expect(recall(family), family.ruleId).toBeGreaterThanOrEqual(0.9);
      expect(falsePositiveRate(family), family.ruleId).toBeLessThanOrEqual(0.1);
    }
  });

  it('classifies every hold-out sample', async () => {
    const score = await evaluateCorpus(join(packageRoot(), 'bench', 'security', 'corpus-holdout'));
    expect(score.files).toBeGreaterThanOrEqual(14);
    expect(score.mistakes).toEqual([]);
  });
});

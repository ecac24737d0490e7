import { describe, expect, it } from 'vitest';
import {
  FIXED_WEIGHTS,
  nameWords,
  RANKING_FEATURES,
  type RankingWeights,
  rankingScore,
  sharesWord,
} from './definition-ranking.js';
import { RANKING_WEIGHTS } from './ranking-weights.js';

const zero = Object.fromEntries(RANKING_FEATURES.map((name) => [name, 0])) as RankingWeights;
const featuresWith = (values: Partial<Record<(typeof RANKING_FEATURES)[number], number>>) =>
  RANKING_FEATURES.map((name) => (name === 'bias' ? 1 : (values[name] ?? 0)));
const odds = (score: number) => score / (30 - score);

describe('definition ranking', () => {
  it('splits a name into its words, snake case and camel case alike, leaving out short and common ones', () => {
    expect(nameWords('add_deferred_loading')).toEqual(['deferred', 'loading']);
    expect(nameWords('getFullPath')).toEqual(['full', 'path']);
    expect(nameWords('_get_fields')).toEqual(['fields']);
    expect(sharesWord(new Set(nameWords('clear_ordering')), 'clearOrdering')).toBe(true);
    expect(sharesWord(new Set(nameWords('get_value')), 'set_name')).toBe(false);
  });

  it('weighs each feature by its weight, as a logistic model', () => {
    const weights = { ...zero, bias: -2, siblings: 3 };
    const none = rankingScore(featuresWith({}), weights);
    const half = rankingScore(featuresWith({ siblings: 0.5 }), weights);
    // the odds of a candidate grow by e^(weight × value)
    expect(odds(half) / odds(none)).toBeCloseTo(Math.exp(1.5), 6);
    expect(none).toBeCloseTo(30 / (1 + Math.exp(2)), 6);
  });

  it('keeps the fixed weights whatever weights it is given: one n-th of a name’s chance to each of its n definitions', () => {
    const weights = { ...zero, 'definitions of the name': 5, 'same file': 5 };
    const one = rankingScore(featuresWith({}), weights);
    const four = rankingScore(featuresWith({ 'definitions of the name': Math.log(4) }), weights);
    const ownFile = rankingScore(featuresWith({ 'same file': 1 }), weights);
    expect(odds(four) / odds(one)).toBeCloseTo(1 / 4, 6);
    expect(odds(ownFile) / odds(one)).toBeCloseTo(0.8, 6);
    expect(FIXED_WEIGHTS['definitions of the name']).toBe(-1);
  });

  it('has a fitted weight for every feature, the fixed ones as fixed', () => {
    expect(Object.keys(RANKING_WEIGHTS).sort()).toEqual([...RANKING_FEATURES].sort());
    for (const [name, value] of Object.entries(FIXED_WEIGHTS))
      expect(RANKING_WEIGHTS[name as keyof RankingWeights]).toBeCloseTo(value!, 3);
    // What the fit says, and what a reader would expect of it: a name imported and not used yet, and one the
    // function's siblings use, are likely; a constant less than a function.
    expect(RANKING_WEIGHTS['imported, not used yet']).toBeGreaterThan(1);
    expect(RANKING_WEIGHTS.siblings).toBeGreaterThan(1);
    expect(RANKING_WEIGHTS.constant).toBeLessThan(RANKING_WEIGHTS.function);
  });
});

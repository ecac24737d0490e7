import { describe, expect, it } from 'vitest';
import { analyzeSource } from './analyze.js';
import { defaultRuleSet } from './rules.js';

const ruleSet = defaultRuleSet();

describe('shipped rule files', () => {
  it('load, validate and cover the families of the issue with their CWEs', () => {
    const cwes = new Set(ruleSet.rules.map((rule) => rule.cwe));
    for (const cwe of [
      89, 78, 94, 22, 502, 611, 918, 79, 601, 90, 643, 328, 338, 327, 329, 326, 295, 377, 614, 501, 798, 1321,
      1333, 489, 1327, 703,
    ]) {
      expect(cwes, `CWE-${cwe}`).toContain(cwe);
    }
  });

  it('every rule has a vulnerable and a safe example for each language family it matches', () => {
    for (const rule of ruleSet.rules) {
      const families = new Set(
        [...rule.sinks, ...rule.patterns].flatMap((spec) => spec.languages ?? ['python', 'javascript']),
      );
      for (const family of families) {
        const examples = rule.examples.filter((example) =>
          family === 'python' ? example.language === 'python' : example.language !== 'python',
        );
        expect(
          examples.some((example) => example.vulnerable),
          `${rule.id} ${family} vulnerable example`,
        ).toBe(true);
        expect(
          examples.some((example) => !example.vulnerable),
          `${rule.id} ${family} safe example`,
        ).toBe(true);
      }
    }
  });
});

const cases = ruleSet.rules.flatMap((rule) =>
  rule.examples.map((example, index) => ({
    rule,
    example,
    name: `${rule.id} #${index + 1} ${example.language} ${example.vulnerable ? 'vulnerable' : 'safe'}`,
  })),
);

describe('rule examples', () => {
  it.each(cases)('$name', async ({ rule, example }) => {
    const findings = await analyzeSource(example.code, example.language, 'app/example', ruleSet);
    const matching = findings.filter((finding) => finding.ruleId === rule.id);
    if (example.vulnerable) expect(matching.length, example.code).toBeGreaterThan(0);
    else expect(matching, example.code).toEqual([]);
  });
});

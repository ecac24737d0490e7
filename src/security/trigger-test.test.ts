import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageForPath } from '../core/languages.js';
import { packageRoot } from '../core/package-root.js';
import { loadRuleSet } from './rules.js';
import { requiredLiterals, triggerTest } from './trigger-test.js';

describe('requiredLiterals', () => {
  it('finds the literal text every match contains', () => {
    expect(requiredLiterals('\\brandom\\b')).toEqual(['random']);
    expect(requiredLiterals('\\.bind\\(')).toEqual(['.bind(']);
    expect(requiredLiterals('password\\s*=')).toEqual(['password']);
    expect(requiredLiterals('\\b(?:iv|IV)\\b')?.sort()).toEqual(['IV', 'iv']);
    // a run of small classes and an optional part expand into their strings
    expect(requiredLiterals('[Pp]ass')?.sort()).toEqual(['Pass', 'pass']);
    expect(requiredLiterals('[\'"](?:node:)?fs[\'"]')).toHaveLength(4 * 2);
    // the best mandatory part of a sequence: the longest shortest anchor
    expect(requiredLiterals('(?:^\\uFEFF?|[:;])[ \\t]*assert\\b')).toEqual(['assert']);
    expect(requiredLiterals('\\bDES(?:3|ede)?\\b')).toEqual(['DES']);
  });

  it('gives up rather than guess: optional, open-ended or too short text has no anchor', () => {
    expect(requiredLiterals('(?:foo)?bar|\\w+')).toBeUndefined();
    expect(requiredLiterals('\\d+\\.\\d+')).toBeUndefined();
    expect(requiredLiterals('\\]\\s*=')).toBeUndefined();
    expect(requiredLiterals('a|bc')).toBeUndefined();
    expect(requiredLiterals('(unclosed')).toBeUndefined();
  });
});

describe('triggerTest', () => {
  it('answers what the alternation of its words answers', () => {
    const words = ['\\brandom\\b', '(?:^|;)\\s*assert\\b', '\\]\\s*=', 'exec', 'execute', 'DES\\b', 'ESC'];
    const alternation = new RegExp(words.join('|'), 'm');
    const test = triggerTest(words);
    for (const text of [
      'import random\n',
      'randomize()',
      'x = 1; assert ok',
      '  assert ok',
      'self.assertEqual(a, b)',
      'obj[key] = value',
      'cursor.executemany(q)',
      // overlapping anchors: `DES` and `ESC` share letters; the scan must not skip past `ESC`
      'ORDER BY name DESC',
      'DESC',
      'nothing here',
      '',
    ]) {
      expect(test.test(text), JSON.stringify(text)).toBe(alternation.test(text));
    }
  });

  it('agrees with the plain alternation for every trigger group on the examples and corpora', () => {
    const ruleSet = loadRuleSet();
    const corpora = ['corpus', 'corpus-holdout'].map((name) =>
      join(packageRoot(), 'bench', 'security', name),
    );
    const texts = [
      ...ruleSet.rules.flatMap((rule) => rule.examples.map((example) => example.code)),
      ...corpora.flatMap((corpus) =>
        readdirSync(corpus, { recursive: true, encoding: 'utf8' })
          .filter((name) => languageForPath(name))
          .map((name) => readFileSync(join(corpus, name), 'utf8')),
      ),
    ];
    expect(texts.length).toBeGreaterThan(300);
    const groups = new Map<string, Set<string>>();
    for (const rule of ruleSet.rules) {
      const triggers = Array.isArray(rule.triggers) ? { all: rule.triggers } : rule.triggers;
      for (const [language, words] of Object.entries(triggers)) {
        const group = groups.get(language) ?? new Set();
        for (const word of [...words, ...(rule.patternTriggers ?? [])]) group.add(word);
        groups.set(language, group);
      }
    }
    let anchored = 0;
    const wrong: string[] = [];
    for (const words of groups.values()) {
      // Each word alone, and the group as one test, against every text.
      for (const word of [...words].map((one) => [one]).concat([[...words]])) {
        const alternation = new RegExp(word.join('|'), 'm');
        const test = triggerTest(word);
        if (word.length === 1 && requiredLiterals(word[0]!)) anchored++;
        for (const text of texts)
          if (test.test(text) !== alternation.test(text)) wrong.push(`${word.join('|').slice(0, 60)}`);
      }
    }
    // Almost every trigger has anchors; otherwise the test is no faster than the alternation.
    expect(anchored).toBeGreaterThan(150);
    expect([...new Set(wrong)]).toEqual([]);
  });
});

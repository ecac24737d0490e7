import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance.js';

describe('editDistance', () => {
  it('counts the characters inserted, deleted and substituted', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('return a + b', 'return a - b')).toBe(1);
  });

  it('falls back to lines for long texts, never below the true distance', () => {
    const base = Array.from({ length: 3000 }, (_, i) => `line ${i} of the file`).join('\n');
    const changed = base.replace('line 10 of the file', 'line 10 of a file');
    const distance = editDistance(base, changed, 1000);
    expect(distance).toBeGreaterThanOrEqual(editDistance('line 10 of the file', 'line 10 of a file'));
    expect(distance).toBeLessThan(50);
  });
});

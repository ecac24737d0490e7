import { expect, it } from 'vitest';
import { buildTokenTable, countWithTable, openTokenTable } from './token-table.js';

// the unit tier's files share a worker (vitest.config.ts): a count kept for one table must not answer
// for another, as it did when a test's small table ran before a file that counts o200k_base
it('keeps the counts of each vocabulary apart', () => {
  const joined = openTokenTable(buildTokenTable(['a', 'b', 'ab']));
  const apart = openTokenTable(buildTokenTable(['a', 'b']));
  expect(countWithTable(joined, 'ab')).toBe(1);
  expect(countWithTable(apart, 'ab')).toBe(2);
  expect(countWithTable(joined, 'ab')).toBe(1);
});

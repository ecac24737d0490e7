import { describe, expect, it, vi } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

const callers = vi.hoisted(() => ({ statements: 0 }));

vi.mock('./deadline.js', async (original) => {
  const actual = await original<typeof import('./deadline.js')>();
  return {
    ...actual,
    tick: () => {
      // the frame below this one is the tick's caller
      if (/^\s*at (?:\S+\.)?runStatement /m.test(new Error().stack?.split('\n')[2] ?? ''))
        callers.statements++;
      actual.tick();
    },
  };
});

/**
 * Review r28: a function of thousands of `if`/`else` blocks with no call in them ran for minutes past its file's
 * budget: a compound's blocks run through `runCompound`, which never ticked. Every statement ticks now.
 */
describe('the deadline is read as statements run', () => {
  it('each statement of an if/else chain with no call ticks', async () => {
    const arms = Array.from(
      { length: 40 },
      (_, at) => `    if q == "${at}":\n        m = "v${at}"\n    else:\n        m = "w"\n`,
    ).join('');
    callers.statements = 0;
    const found = await findingIds(`import os\n\ndef handler(q):\n${arms}    os.system(m)\n`);
    expect(found).toEqual([]);
    expect(callers.statements).toBeGreaterThanOrEqual(80);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

/**
 * Review r28: a function of thousands of `if`/`else` blocks with no call in them ran for minutes past its file's
 * budget: a compound's blocks run through `runCompound`, which never ticked. Every statement ticks now.
 *
 * Seen from outside: the run's signal is read at each clock reading (one tick in `STRIDE`), so a signal that
 * notes who ticked shows whether statements do (frames: the getter, `checkDeadline`, `tick`, its caller).
 */
describe('the deadline is read as statements run', () => {
  it('statements of an if/else chain with no call tick', async () => {
    const callers: string[] = [];
    const signal = {
      get aborted() {
        callers.push(/^\s*at (?:\S+\.)?(\S+)/.exec(new Error().stack?.split('\n')[4] ?? '')?.[1] ?? '?');
        return false;
      },
    } as AbortSignal;
    const arms = Array.from(
      { length: 1500 },
      (_, at) => `    if q == "${at}":\n        m = "v${at}"\n    else:\n        m = "w"\n`,
    ).join('');
    const found = await analyzeSource({
      source: `import os\n\ndef handler(q):\n${arms}    os.system(m)\n`,
      language: 'python',
      file: 'app/views.py',
      ruleSet: defaultRuleSet(),
      signal,
    });
    expect(found).toEqual([]);
    expect(callers).toContain('runStatement');
  });
});

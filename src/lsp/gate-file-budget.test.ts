import { afterAll, describe, expect, it } from 'vitest';
import { nestedParser } from '../../test/support/nested-parser.js';
import { gateFileBudgetMs } from '../security/check.js';
import { closeScanPool, idleScanWorkers } from '../security/scan-pool.js';
import { fileBudgetUnderWholeGate, runGate } from './gate.js';

afterAll(closeScanPool);

/**
 * Issue 59: the gate while the engineer types keeps a budget per file (`[security] file_budget`, else
 * TYPING_FILE_BUDGET_S: check.ts's `gateFileBudgetMs`, tested in security/scan-deadline.test.ts) in this
 * thread: a buffer vouch's engine cannot finish in it is "not verified" for security, never a silent pass
 * and never minutes of waiting. No real buffer under the 2 MB a check takes is slower than the 5 s default
 * on a quiet core (a 1.9 MB bundled parser: ~2.8 s CPU), so the budget here is the config's.
 */
describe('the language server gate on a buffer the engine cannot finish while typing', () => {
  it('says the buffer is not verified for security, the engine stopped in this thread', async () => {
    await closeScanPool();
    // ~90 KB: a tenth of a second of analysis or more, far past the budget here; the other quick checks
    // (syntax, imports) take seconds on a buffer much larger
    const text = nestedParser({ depth: 80, filler: 20 });
    const controller = new AbortController();
    const run = await runGate({ path: 'bundle.js', language: 'javascript', text }, 'typing', {
      workspaceRoot: process.cwd(),
      config: { security: { external: false, file_budget: 0.01 } },
      signal: controller.signal,
    });
    const security = run.results.find((result) => result.name === 'security')!;
    expect(security.status).toBe('error');
    expect(security.reason).toContain('analysis stopped after 10 ms');
    const notVerified = run.diagnostics.filter((diagnostic) => diagnostic.code === 'not-verified');
    expect(notVerified.map((diagnostic) => diagnostic.source)).toEqual(['vouch security']);
    // the engine stopped itself: no worker was started for the buffer (before, a budget meant a worker)
    expect(idleScanWorkers()).toBe(0);
  }, 120_000);
});

describe("the language server's budget per file on save", () => {
  it('ends inside its whole gate budget, whatever the config asks, and keeps a lower one', () => {
    // review r14 F3: 60 s a file (the default, or more from the config) could not fire inside the whole
    // gate's 50 s: the run abandoned, the gate's thread stayed busy on the file past it
    const whole = 50_000;
    for (const config of [
      {},
      { security: { file_budget: 60 } },
      { security: { external: false, file_budget: 600 } },
    ]) {
      const checked = fileBudgetUnderWholeGate(config, whole);
      const fileBudget = (checked.security as { file_budget?: number } | undefined)?.file_budget;
      expect(gateFileBudgetMs(fileBudget, {})).toBeLessThan(whole);
    }
    expect(fileBudgetUnderWholeGate({ security: { external: false, file_budget: 600 } }, whole)).toEqual({
      security: { external: false, file_budget: 40 },
    });
    const lower = { security: { file_budget: 10 } };
    expect(fileBudgetUnderWholeGate(lower, whole)).toBe(lower);
    // a table the check must refuse is left for it to refuse
    const bad = { security: { file_budget: 'soon' } };
    expect(fileBudgetUnderWholeGate(bad, whole)).toBe(bad);
  });
});

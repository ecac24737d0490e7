import { describe, expect, it } from 'vitest';
import { loadDefaultChecks } from '../run-checks.js';
import { GATE_PROFILES, profileChecks } from './profiles.js';

/**
 * Issue 60: a profile of a few checks (`typing`, the language server's quick checks) loads those alone,
 * not every check's modules (the TypeScript compiler, the licence engine). What runs must not change:
 * the same check objects, in the gate's order, as the whole list filtered by the profile.
 */
describe('gate profiles: the checks a profile loads', () => {
  it('are the same checks, in the same order, whether loaded alone or from the whole list', async () => {
    const all = await loadDefaultChecks();
    for (const profile of GATE_PROFILES) {
      const alone = await profileChecks(profile);
      const fromAll = await profileChecks(profile, all);
      expect(
        alone.map((check) => check.name),
        profile,
      ).toEqual(fromAll.map((check) => check.name));
      for (const [index, check] of alone.entries())
        expect(check, `${profile}: ${check.name}`).toBe(fromAll[index]);
    }
    expect((await profileChecks('typing')).map((check) => check.name)).toEqual([
      'syntax',
      'imports',
      'security',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { judgeExpression } from './judge-licence.js';
import { DEFAULT_POLICY, type LicencePolicy, loadLicencePolicy } from './policy.js';

const policy = (section: Record<string, unknown> = {}): LicencePolicy =>
  loadLicencePolicy({ licence: section });

describe('judgeExpression with the default policy', () => {
  it('allows permissive, reviews weak copyleft and unknown, denies strong and network copyleft', () => {
    expect(judgeExpression('MIT', DEFAULT_POLICY).verdict).toBe('allow');
    expect(judgeExpression('Apache-2.0', DEFAULT_POLICY).category).toBe('permissive');
    expect(judgeExpression('MPL-2.0', DEFAULT_POLICY)).toMatchObject({
      verdict: 'review',
      category: 'weak-copyleft',
    });
    expect(judgeExpression('LGPL-3.0-only', DEFAULT_POLICY).verdict).toBe('review');
    expect(judgeExpression('GPL-3.0-only', DEFAULT_POLICY)).toMatchObject({
      verdict: 'deny',
      category: 'strong-copyleft',
    });
    expect(judgeExpression('AGPL-3.0-or-later', DEFAULT_POLICY)).toMatchObject({
      verdict: 'deny',
      category: 'network-copyleft',
    });
    expect(judgeExpression('SSPL-1.0', DEFAULT_POLICY).verdict).toBe('deny');
    expect(judgeExpression('LicenseRef-Custom', DEFAULT_POLICY)).toMatchObject({
      verdict: 'review',
      category: 'unknown',
    });
    expect(judgeExpression('BUSL-1.1', DEFAULT_POLICY)).toMatchObject({
      verdict: 'review',
      category: 'proprietary',
    });
  });

  it('takes the best branch of OR and the worst of AND', () => {
    expect(judgeExpression('GPL-3.0-only OR MIT', DEFAULT_POLICY).verdict).toBe('allow');
    expect(judgeExpression('GPL-3.0-only AND MIT', DEFAULT_POLICY).verdict).toBe('deny');
    expect(judgeExpression('MIT AND MPL-2.0', DEFAULT_POLICY).verdict).toBe('review');
    expect(
      judgeExpression('(GPL-2.0-only AND MIT) OR (Apache-2.0 AND BSD-3-Clause)', DEFAULT_POLICY).verdict,
    ).toBe('allow');
    expect(judgeExpression('(GPL-2.0-only OR AGPL-3.0-only) AND MIT', DEFAULT_POLICY).verdict).toBe('deny');
  });

  it('lets a linking exception soften GPL to weak copyleft', () => {
    expect(judgeExpression('GPL-2.0-only WITH Classpath-exception-2.0', DEFAULT_POLICY)).toMatchObject({
      verdict: 'review',
      category: 'weak-copyleft',
    });
    expect(judgeExpression('Apache-2.0 WITH LLVM-exception', DEFAULT_POLICY).verdict).toBe('allow');
  });

  it('treats an expression that does not parse as unknown', () => {
    expect(judgeExpression('MIT OR', DEFAULT_POLICY)).toMatchObject({
      verdict: 'review',
      category: 'unknown',
    });
  });
});

describe("the project's own licence", () => {
  it('lets a GPL project use compatible GPL dependencies, but not AGPL or GPL-2.0-only', () => {
    const gpl3 = { ...DEFAULT_POLICY, project: 'GPL-3.0-or-later' };
    expect(judgeExpression('GPL-3.0-only', gpl3).verdict).toBe('allow');
    expect(judgeExpression('GPL-2.0-or-later', gpl3).verdict).toBe('allow');
    expect(judgeExpression('GPL-2.0-only', gpl3).verdict).toBe('deny');
    expect(judgeExpression('AGPL-3.0-only', gpl3).verdict).toBe('deny');
    expect(judgeExpression('LGPL-2.1-only', gpl3).verdict).toBe('allow');
    expect(judgeExpression('GPL-3.0-only', gpl3).reason).toMatch(/compatible with the project/);
  });

  it('lets an AGPL project use AGPL and GPL-3.0', () => {
    const agpl = { ...DEFAULT_POLICY, project: 'AGPL-3.0-only' };
    expect(judgeExpression('AGPL-3.0-or-later', agpl).verdict).toBe('allow');
    expect(judgeExpression('GPL-3.0-only', agpl).verdict).toBe('allow');
  });

  it('changes nothing for a permissive project', () => {
    expect(judgeExpression('GPL-3.0-only', { ...DEFAULT_POLICY, project: 'MIT' }).verdict).toBe('deny');
  });
});

describe('loadLicencePolicy', () => {
  it('lays user lists over the defaults, an id beating its category', () => {
    const custom = policy({ allow: ['weak-copyleft', 'GPL-2.0-or-later'], deny: ['MIT'] });
    expect(custom.review).not.toContain('weak-copyleft');
    expect(judgeExpression('MPL-2.0', custom).verdict).toBe('allow');
    expect(judgeExpression('GPL-3.0-only', custom).verdict).toBe('allow'); // covered by GPL-2.0-or-later
    // spdx-satisfies reads GPL-2.0-or-later as the range from 2.0 up, which includes GPL-2.0-only
    expect(judgeExpression('GPL-2.0-only', custom).verdict).toBe('allow');
    expect(judgeExpression('AGPL-3.0-only', custom).verdict).toBe('deny');
    expect(judgeExpression('MIT', custom).verdict).toBe('deny');
    expect(judgeExpression('ISC', custom).verdict).toBe('allow');
  });

  it('accepts categories written with spaces and reads the project and match size', () => {
    const custom = policy({ review: ['strong copyleft'], project: 'GPL-3.0', min_match_chars: 300 });
    expect(custom.review).toContain('strong-copyleft');
    expect(custom.project).toBe('GPL-3.0-only');
    expect(custom.minMatchChars).toBe(300);
  });

  it('rejects bad entries with a message naming them', () => {
    expect(() => policy({ deny: ['GPL-9'] })).toThrow(/GPL-9/);
    expect(() => policy({ deny: ['GPL-9'] })).toThrow(UsageError);
    expect(() => policy({ allow: 'MIT' })).toThrow(/allow/);
    expect(() => policy({ unknown_key: 1 })).toThrow(/invalid/);
    expect(() => policy({ project: 'not a licence' })).toThrow(/project/);
    expect(() => loadLicencePolicy({ licence: 'MIT' })).toThrow(/must be a table/);
  });
});

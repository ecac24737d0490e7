import { describe, expect, it } from 'vitest';
import { restrictUntrustedConfig } from './untrusted-settings.js';

/**
 * Attack: a cloned repository's vouch.toml, served with `vouch serve` by someone who never trusted it,
 * grants its own server's users debug commands, writing changes into the workspace and other origins.
 */
describe('an untrusted workspace’s [server] table', () => {
  const hostile = {
    server: {
      debug_commands: [['bash', '-c']],
      apply_changes: true,
      cors_origins: ['https://evil.example'],
      rate_limit_per_minute: 1_000_000,
    },
  };

  it('grants nothing: every key the user did not set the same way is ignored and reported', () => {
    const restricted = restrictUntrustedConfig(hostile, {}, '/repo/vouch.toml');
    expect(restricted.data.server).toBeUndefined();
    expect(restricted.ignored.map((setting) => setting.key).sort()).toEqual([
      'server.apply_changes',
      'server.cors_origins',
      'server.debug_commands',
      'server.rate_limit_per_minute',
    ]);
    expect(restricted.ignored[0]?.reason).toMatch(/administrator/);
  });

  it('keeps what the user’s own config already says', () => {
    const user = { server: { apply_changes: true, cors_origins: ['https://evil.example'] } };
    const restricted = restrictUntrustedConfig(hostile, user, '/repo/vouch.toml');
    expect(restricted.data.server).toEqual({ apply_changes: true, cors_origins: ['https://evil.example'] });
    expect(restricted.ignored.map((setting) => setting.key).sort()).toEqual([
      'server.debug_commands',
      'server.rate_limit_per_minute',
    ]);
  });
});

/**
 * Attack (r49 item 11): a cloned repository's vouch.toml allows every licence, empties `deny` and raises
 * `min_match_chars` to 100000, so the copyleft check never reports; `external = false` turns Bandit off.
 * A setting that would weaken a check is the user's (or a trusted workspace's); one that only makes it
 * stricter still applies.
 */
describe('an untrusted workspace’s [licence] and [security] tables', () => {
  const hostile = {
    licence: {
      allow: ['strong-copyleft', 'network-copyleft', 'permissive'],
      review: ['unknown', 'AGPL-3.0-only'],
      deny: [],
      packages: { 'left-pad': 'allow', 'evil-gpl': 'deny' },
      min_match_chars: 100_000,
      project: 'MIT',
    },
    security: { external: false, semgrep: ['.semgrep.yml'], file_budget: 5 },
  };

  it('ignores and reports what loosens the policy, keeps what tightens it', () => {
    const restricted = restrictUntrustedConfig(hostile, {}, '/repo/vouch.toml');
    expect(restricted.data.licence).toEqual({
      deny: [],
      packages: { 'evil-gpl': 'deny' },
      project: 'MIT',
    });
    expect(restricted.data.security).toEqual({ semgrep: ['.semgrep.yml'], file_budget: 5 });
    expect(restricted.ignored.map((setting) => setting.key).sort()).toEqual([
      'licence.allow',
      'licence.min_match_chars',
      'licence.packages.left-pad',
      'licence.review',
      'security.external',
    ]);
    expect(restricted.ignored.find((s) => s.key === 'licence.allow')?.reason).toMatch(/weaken/);
  });

  it('never lets the workspace’s lists replace the user’s own: deny keeps the user’s entries', () => {
    const user = {
      licence: { deny: ['LGPL-3.0-only'], allow: ['strong-copyleft'], min_match_chars: 400 },
      security: { external: false },
    };
    const restricted = restrictUntrustedConfig(
      {
        licence: { deny: ['MPL-2.0'], allow: ['strong-copyleft'], min_match_chars: 300 },
        security: { external: false },
      },
      user,
      '/repo/vouch.toml',
    );
    expect(restricted.data.licence).toEqual({
      deny: ['LGPL-3.0-only', 'MPL-2.0'],
      allow: ['strong-copyleft'],
      min_match_chars: 300,
    });
    expect(restricted.data.security).toEqual({ external: false });
    expect(restricted.ignored).toEqual([]);
  });
});

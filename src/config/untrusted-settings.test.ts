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

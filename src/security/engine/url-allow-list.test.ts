import { describe, expect, it } from 'vitest';
import { fixesHost, fixesHostName } from './url-allow-list.js';

describe('regular expressions that fix where a URL goes', () => {
  it('accept an anchored scheme and host ended by a path, the end, a port or a group starting with /', () => {
    for (const pattern of [
      '^https?://([a-zA-Z0-9-]+\\.)*example\\.com(/.*)?$',
      '^https:\\/\\/(?:www\\.)?example\\.com(?:\\/|$)',
      '^(?:https?:)?//(?:www\\.)?example\\.com(?::\\d+)?/',
      '^https://(?:example\\.com|example\\.org)/',
      '^https://docs\\.example\\.com$',
    ])
      expect(fixesHost(pattern, false), pattern).toBe(true);
    // re.match anchors at the start by itself; fullmatch at both ends
    expect(fixesHost('https?://example\\.com/', true)).toBe(true);
    expect(fixesHost('https://example\\.com', true, true)).toBe(true);
  });

  it('refuse unanchored patterns, hosts left open, unescaped dots and wildcard subdomains', () => {
    for (const pattern of [
      'example\\.com',
      '^https://example\\.com',
      '^https://example.com/',
      '^https://(.*\\.)?example\\.com/',
      '^https://example\\.com\\b',
      '^/[^/]',
    ])
      expect(fixesHost(pattern, false), pattern).toBe(false);
    expect(fixesHost('https://example\\.com', true)).toBe(false);
  });

  it('host names alone: a whole match of labels under a fixed domain', () => {
    expect(fixesHostName('(?:[\\w-]+\\.)*example\\.org', true)).toBe(true);
    expect(fixesHostName('^example\\.org$', false)).toBe(true);
    expect(fixesHostName('(?:[\\w-]+\\.)*example.org', true)).toBe(false);
    expect(fixesHostName('example\\.org', false)).toBe(false);
    expect(fixesHostName('.*\\.example\\.org', true)).toBe(false);
  });
});

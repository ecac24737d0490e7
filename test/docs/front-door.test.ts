import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README is the front door (issue 56): short enough to read before trying vouch, with the two commands
 * and a way to point vouch at one's own model on its first screen. Everything else lives in docs/.
 */
const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('the README', () => {
  it('stays at most 12 KB', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12 * 1024);
  });

  it('gives the two commands and your own model on its first screen (50 lines)', () => {
    const first = readme.split('\n').slice(0, 50).join('\n');
    for (const wanted of [
      'npm run setup',
      'npm test',
      'OPENAI_BASE_URL',
      'OPENAI_API_KEY',
      'ollama:',
      'anthropic:',
      'local:',
    ])
      expect(first, wanted).toContain(wanted);
  });
});

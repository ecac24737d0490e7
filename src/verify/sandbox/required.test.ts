import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from './availability.js';

/**
 * Every test that runs code needs the sandbox and skips without it. On a developer's machine that is a
 * skip with a reason; in CI (`CI=true`) it is this failure, so a CI run cannot go green with the sandbox
 * missing or broken.
 */
const availability = await sandboxAvailability();

describe('the sandbox of this machine', () => {
  it('works (required when CI=true)', (context) => {
    if (!process.env.CI) {
      context.skip(!availability.available, `no sandbox here: ${availability.reason}; ${availability.hint}`);
    }
    expect(availability.available, `${availability.reason}\nhint: ${availability.hint}`).toBe(true);
  });
});

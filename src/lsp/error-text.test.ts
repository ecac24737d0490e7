import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { errorText } from './error-text.js';

describe('errorText', () => {
  it('adds the prefix once, with what was being done and the hint (w235: callers stripped it again)', () => {
    const error = new UsageError('vouch.toml is invalid', { hint: 'run vouch config check' });
    expect(errorText(error)).toBe('vouch: vouch.toml is invalid (run vouch config check)');
    expect(errorText(error, 'completions are failing')).toBe(
      'vouch: completions are failing: vouch.toml is invalid (run vouch config check)',
    );
    expect(errorText('plain', 'completion failed')).toBe('vouch: completion failed: plain');
  });
});

import { describe, expect, it } from 'vitest';
import { locationOf } from './location.js';
import { isModelError, isRetryableError, ModelError, registerSecret, safeUrl } from './model-error.js';

describe('ModelError', () => {
  it('scrubs registered keys and key-shaped strings from everything it carries', () => {
    registerSecret('my-very-private-key-123');
    const error = new ModelError('authentication', 'rejected my-very-private-key-123', {
      hint: 'key sk-proj-abcdefghijklmnopqrstuvwx is wrong',
      responseBody: `{"error": "Bearer abcdefghijklmnopqrstuvwxyz012345"}${'x'.repeat(5_000)}`,
      url: 'https://user:pass@api.example.com/v1/chat?key=my-very-private-key-123',
    });
    const everything = `${error.message} ${error.hint} ${error.responseBody} ${error.url}`;
    expect(everything).not.toContain('my-very-private-key-123');
    expect(everything).not.toContain('sk-proj-abcdefghijklmnopqrstuvwx');
    expect(everything).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(everything).not.toContain('pass@');
    expect(error.responseBody!.length).toBeLessThanOrEqual(2_000);
    expect(error.url).toBe('https://api.example.com/v1/chat');
  });

  it('says by kind whether a retry can help; type guards match kinds', () => {
    expect(isRetryableError(new ModelError('server', 'x', { hint: 'h' }))).toBe(true);
    expect(isRetryableError(new ModelError('bad-request', 'x', { hint: 'h' }))).toBe(false);
    expect(isRetryableError(new ModelError('server', 'x', { hint: 'h', isRetryable: false }))).toBe(false);
    expect(isModelError(new ModelError('timeout', 'x', { hint: 'h' }), 'timeout')).toBe(true);
    expect(isModelError(new Error('timeout'), 'timeout')).toBe(false);
    expect(safeUrl('not a url sk-abcdefghijklmnopqrstuv')).not.toContain('sk-abcdefghijklmnopqrstuv');
  });
});

describe('locationOf', () => {
  it('calls loopback endpoints local and everything else remote', () => {
    for (const url of [
      'http://localhost:11434',
      'http://127.0.0.1:8080/v1',
      'http://127.8.9.10',
      'http://[::1]:8000',
      'http://0.0.0.0:11434',
      'unix:/run/ollama.sock',
    ])
      expect(locationOf(url)).toBe('local');
    for (const url of [
      'https://api.openai.com/v1',
      'http://10.0.0.5:8000',
      'http://gpu-box:11434',
      'http://127.0.0.1.evil.com',
    ])
      expect(locationOf(url)).toBe('remote');
  });
});

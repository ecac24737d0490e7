import { describe, expect, it } from 'vitest';
import { findCitations, splitReply } from '../../web/src/reply.js';

describe('splitReply', () => {
  it('splits prose and fenced code in order', () => {
    expect(splitReply('Look:\n```python\nx = 1\n```\nDone.')).toEqual([
      { kind: 'text', text: 'Look:\n' },
      { kind: 'code', language: 'python', code: 'x = 1' },
      { kind: 'text', text: '\nDone.' },
    ]);
  });

  it('shows a fence still being streamed as code', () => {
    expect(splitReply('Here:\n```ts\nconst a')).toEqual([
      { kind: 'text', text: 'Here:\n' },
      { kind: 'code', language: 'ts', code: 'const a' },
    ]);
  });
});

describe('findCitations', () => {
  it('finds path:line and path:line-line references', () => {
    const pieces = findCitations('see src/app.ts:12 and [lib/db.py:3–9].');
    expect(pieces.filter((piece) => piece.kind === 'cite')).toEqual([
      { kind: 'cite', path: 'src/app.ts', start: 12, end: 12 },
      { kind: 'cite', path: 'lib/db.py', start: 3, end: 9 },
    ]);
  });

  it('leaves out paths that climb out of the workspace, times and plain words', () => {
    const pieces = findCitations('not ../etc/passwd.txt:1, not at 10:30, not version:2');
    expect(pieces.some((piece) => piece.kind === 'cite')).toBe(false);
  });
});

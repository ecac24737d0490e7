import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// What bin/vouch.js and dist/cli/start.cjs compare before `vouch context` runs from its bundle.
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli');
const modified = (file: string) => statSync(join(CLI, file), { throwIfNoEntry: false })?.mtimeMs;

describe('the suite’s build of vouch context', () => {
  it('runs from its bundle, as an install’s does, also after the setup compiled src/ again', () => {
    // Else every cold `vouch context` the suite (or a benchmark after it) starts loads dist/ unbundled: a
    // slower path no user runs, which the previous round measured as a regression of the stale check.
    expect(modified('start.cjs')).toBeGreaterThanOrEqual(modified('start.js')!);
    expect(modified('context-bundle.cjs')).toBeGreaterThanOrEqual(modified('main.js')!);
    // and `vouch scan` from its own (issue 59)
    expect(modified('scan-bundle.cjs')).toBeGreaterThanOrEqual(modified('main.js')!);
  });
});

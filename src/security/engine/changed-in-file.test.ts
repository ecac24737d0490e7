import { describe, expect, it } from 'vitest';
import { changedInFile } from './response-headers.js';

// changedInFile keeps its answers for the file it was last asked about (w164): a guard that a second file,
// or a second name, is never answered from the first's.
describe('changedInFile', () => {
  it('answers for the file and the name asked about, not the last ones asked', () => {
    const writes = 'H = {}\ndef f(t):\n    H["Content-Type"] = t\n';
    const reads = 'H = {}\ndef f():\n    return H["Content-Type"]\n';
    expect(changedInFile(writes, 'H')).toBe(true);
    expect(changedInFile(reads, 'H')).toBe(false);
    expect(changedInFile(writes, 'H')).toBe(true);
    expect(changedInFile(writes, 'G')).toBe(false);
    expect(changedInFile(`${reads}H.update(x)\n`, 'H')).toBe(true);
  });
});

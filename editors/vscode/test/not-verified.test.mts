import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notVerifiedOf } from '../src/not-verified.js';

/** The status bar's "not verified: …" comes from the diagnostics vouch lsp publishes on the file. */
describe('notVerifiedOf', () => {
  const finding = { source: 'vouch security', code: 'B602 CWE-78', message: 'shell=True' };

  it('says the gate did not complete when vouch lsp said so', () => {
    const note = {
      source: 'vouch',
      code: 'gate-incomplete',
      message: 'not verified: the gate did not complete — it did not finish within 50 s',
    };
    assert.deepEqual(notVerifiedOf([finding, note]), {
      short: 'the gate did not complete',
      message: note.message,
    });
  });

  it('names a check that could not run', () => {
    const note = {
      source: 'vouch types',
      code: { value: 'not-verified' },
      message: 'not verified: the types check could not run',
    };
    assert.equal(notVerifiedOf([note])?.short, 'types could not run');
  });

  it('is silent on findings alone, and on another tool’s diagnostics', () => {
    assert.equal(notVerifiedOf([finding]), undefined);
    assert.equal(notVerifiedOf([{ source: 'pylint', code: 'gate-incomplete', message: 'x' }]), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeArgument } from '../src/change-argument.js';

/** "vouch: Change across files…": what it sends to the language server's `vouch.change`. */
describe('changeArgument', () => {
  it('sends the request with the open file, workspace-relative', () => {
    assert.deepEqual(changeArgument('  add a discount code  ', '/work/shop/cart/pricing.py', '/work/shop'), {
      request: 'add a discount code',
      files: ['cart/pricing.py'],
    });
  });

  it('names no file when none is open or it is outside the workspace', () => {
    assert.deepEqual(changeArgument('add a discount', undefined, '/work/shop'), {
      request: 'add a discount',
      files: [],
    });
    assert.deepEqual(changeArgument('add a discount', '/work/other/x.py', '/work/shop'), {
      request: 'add a discount',
      files: [],
    });
    assert.deepEqual(changeArgument('add a discount', '/work/shop/x.py', undefined), {
      request: 'add a discount',
      files: [],
    });
  });

  it('runs nothing for an empty or cancelled request', () => {
    assert.equal(changeArgument(undefined, '/work/shop/x.py', '/work/shop'), undefined);
    assert.equal(changeArgument('   ', '/work/shop/x.py', '/work/shop'), undefined);
  });
});

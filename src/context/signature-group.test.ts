import { describe, expect, it } from 'vitest';
import { signatureGroup } from './signature-group.js';
import { countTokens } from './tokens.js';

describe('signatureGroup', () => {
  it('lists one file’s definitions by line, methods under their class, with the range they span', () => {
    const group = signatureGroup('shop/cart.py', [
      { line: 40, signature: 'def total(items):' },
      { line: 12, parent: 'Cart', signature: 'def add(self, item):' },
      { line: 3, signature: 'class Cart(Base):' },
      { line: 20, parent: 'Cart', signature: 'def remove(self, item):' },
      { line: 30, parent: 'Order', signature: 'def pay(self):' },
    ]);
    expect(group.source).toBe(
      [
        'class Cart(Base): …',
        '    def add(self, item): …',
        '    def remove(self, item): …',
        'class Order: …',
        '    def pay(self): …',
        'def total(items): …',
      ].join('\n'),
    );
    expect([group.path, group.startLine, group.endLine]).toEqual(['shop/cart.py', 3, 40]);
    expect(group.kind).toBe('definition');
    expect(group.tokens).toBe(countTokens(group.source));
  });

  it('shows a class with its own constructor, once', () => {
    const init = { line: 5, parent: 'Field', signature: 'def __init__(self, name, null=False):' };
    const group = signatureGroup('db/fields.py', [
      { line: 2, signature: 'class Field(Base):', classConstructor: init },
      { line: 30, signature: 'def make(kind):' },
    ]);
    expect(group.source).toBe(
      ['class Field(Base): …', '    def __init__(self, name, null=False): …', 'def make(kind): …'].join('\n'),
    );
    // the constructor asked for on its own as well is not shown twice
    expect(
      signatureGroup('db/fields.py', [
        { line: 2, signature: 'class Field(Base):', classConstructor: init },
        init,
      ]).source,
    ).toBe(['class Field(Base): …', '    def __init__(self, name, null=False): …'].join('\n'));
  });
});

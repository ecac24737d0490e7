// end-to-end: python3 (Python's own == on the same literals, to hold vouch's comparison to it)
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parsePythonLiteral } from './python-literal.js';
import { type PythonValue, pythonEquals, pythonRepr, readHandedOut, sameAsExample } from './python-values.js';

const value = (text: string): PythonValue => {
  const parsed = parsePythonLiteral(text);
  if (!parsed) throw new Error(`not a literal: ${text}`);
  return parsed;
};

describe('Python values compared outside the interpreter (r48)', () => {
  it('reads literals as Python does, and refuses what Python would not read as that value', () => {
    expect(value('(1)')).toEqual({ kind: 'int', value: 1n });
    expect(value('(1,)')).toEqual({ kind: 'tuple', items: [{ kind: 'int', value: 1n }] });
    expect(value("'a\\x41\\u00e9\\101\\n'")).toEqual({ kind: 'str', value: 'aAéA\n' });
    expect(value("r'\\n'")).toEqual({ kind: 'str', value: '\\n' });
    expect(value("b'\\xff\\u'")).toEqual({ kind: 'bytes', hex: 'ff5c75' });
    expect(value('{1: "a", 1.0: "b"}')).toEqual({
      kind: 'dict',
      entries: [
        [
          { kind: 'int', value: 1n },
          { kind: 'str', value: 'b' },
        ],
      ],
    });
    expect(value('{1, 1.0, True}')).toEqual({ kind: 'set', items: [{ kind: 'int', value: 1n }] });
    for (const bad of [
      '012',
      '1__0',
      '1_',
      '{1: 2, 3}',
      '{[1]: 2}',
      '{[1]}',
      "'\\N{DASH}'",
      "'\\ud800'",
      "b'é'",
      '[1',
      '1 2',
    ])
      expect(parsePythonLiteral(bad), bad).toBeUndefined();
  });

  it("agrees with Python's == on builtin values of every kind", () => {
    const pairs: [string, string][] = [
      ['1', '1.0'],
      ['True', '1'],
      ['0.1', '0.1000000001'],
      ['1j', '(1j)'],
      ['-0.0', '0'],
      ['[1, 2]', '(1, 2)'],
      ['[1, [2.0]]', '[1, [2]]'],
      ['{1, 2}', '{2.0, 1}'],
      ['{(1, 2): [3]}', '{(1.0, 2): [3.0]}'],
      ["{'a': 1}", "{'a': 1, 'b': 2}"],
      ["'a'", "b'a'"],
      ['None', '0'],
      ['()', '[]'],
      ['{}', '{}'],
      ['1e400', '1e401'],
      ['10000000000000000000000001', '1e25'],
      ['0.5', '(1, 2)'],
    ];
    const python = execFileSync(
      'python3',
      ['-c', 'import sys, json\nprint(json.dumps([eval(a) == eval(b) for a, b in json.load(sys.stdin)]))'],
      { input: JSON.stringify(pairs) },
    ).toString();
    expect(pairs.map(([a, b]) => pythonEquals(value(a), value(b)))).toEqual(JSON.parse(python));
  });

  it('compares an expected float within a relative 1e-6, through lists and tuples, and exactly elsewhere', () => {
    expect(sameAsExample(value('1.4999999'), value('1.5'))).toBe(true);
    expect(sameAsExample(value('1'), value('1.5'))).toBe(false);
    expect(sameAsExample(value('[1.0000001, (2,)]'), value('[1.0, (2,)]'))).toBe(true);
    expect(sameAsExample(value('{1.0000001}'), value('{1.0}'))).toBe(false);
    expect(sameAsExample(value('(1.5,)'), value('[1.5]'))).toBe(false);
    // Decimal and Fraction by exact value, or by their float against an expected float
    const fraction = readHandedOut(['fraction', '1/3', '0.3333333333333333'])!;
    expect(sameAsExample(fraction, value('0.333333'))).toBe(true);
    expect(sameAsExample(fraction, value('0'))).toBe(false);
    expect(sameAsExample(readHandedOut(['fraction', '4/2', '2.0'])!, value('2'))).toBe(true);
    expect(sameAsExample(readHandedOut(['decimal', '1.50', '1.5'])!, value('1.5'))).toBe(true);
    expect(sameAsExample(readHandedOut(['decimal', '1.50E+1', '15.0'])!, value('15'))).toBe(true);
    expect(sameAsExample(readHandedOut(['decimal', '0.1', '0.1'])!, value('{0.1}'))).toBe(false);
    // a number too large to hand out whole equals no literal; NaN equals nothing
    expect(sameAsExample(readHandedOut(['int', null, null])!, value('1'))).toBe(false);
    expect(sameAsExample(readHandedOut(['float', 'nan'])!, value('[1]'))).toBe(false);
    expect(sameAsExample({ kind: 'large' }, value('[1, 2]'))).toBe(false);
    // a string holding lone surrogates is not the pair a JavaScript string would make of them
    expect(sameAsExample(readHandedOut(['str', '\ud83d\ude00', true])!, value("'\u{1f600}'"))).toBe(false);
  });

  it('reads only well-formed handed-out values, and names them as Python would print them', () => {
    for (const bad of [
      ['int', '0x1'],
      ['float', '1.5.2'],
      ['fraction', '1/2/3', null],
      ['list', [['bogus']]],
      'x',
      ['dict', [[['int', '1']]]],
    ])
      expect(readHandedOut(bad), JSON.stringify(bad)).toBeUndefined();
    expect(
      pythonRepr(readHandedOut(['list', [['int', '-ff'], ['tuple', [['str', "it's"]]], ['none']]])!),
    ).toBe("[-255, ('it's',), None]");
  });
});

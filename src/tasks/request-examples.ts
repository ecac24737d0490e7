/**
 * The request's own examples, read as the user's tests (issue 58): `>>> f(1, 2)` followed by `3` (a
 * doctest), or `f(1, 2) == 3`, `f(1, 2) ➞ 3`, `f(1, 2) -> 3`, `f(1, 2) => 3`, `f(1, 2) should return 3`.
 * They are the user's words, independent of the model that wrote the code, so code that fails them is
 * wrong whatever its own tests say, and code that passes them has a witness the model did not write.
 *
 * Only examples that are sure to mean what they say are taken: a call of a function the code defines, with
 * literal arguments (numbers, strings, True/False/None, lists, tuples, dicts, sets), and a literal result.
 * Anything else (`f(x)` in prose, printed output, an exception) is left alone: a misread example would
 * call right code wrong.
 */

import { escapeRegExp } from '../core/regexp.js';
import { parsePythonLiteral } from './python-literal.js';

/** The check that runs the request's own examples against the code: the user's words, not the model's. */
export const EXAMPLES = 'examples';

export interface RequestExample {
  /** the function called */
  name: string;
  /** the call's argument list as written, without the parentheses: `[1, 2], 3` */
  args: string;
  /** the result as written: a Python literal */
  expected: string;
}

/** Where a Python literal that starts at `start` ends, or -1 when there is none there. */
function literalEnd(text: string, start: number): number {
  let at = start;
  const space = () => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };
  const value = (): boolean => {
    space();
    const rest = text.slice(at);
    // `15.` ending a sentence is the number 15 and a full stop
    const number = /^[+-]?(?:\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)j?/.exec(rest);
    if (number) {
      at += number[0].length;
      return !/^(?:\w|\.\w)/.test(text.slice(at));
    }
    const word = /^(?:True|False|None)\b/.exec(rest);
    if (word) {
      at += word[0].length;
      return true;
    }
    const quote = /^[bBrRuU]?(['"])/.exec(rest);
    if (quote) {
      const mark = quote[1]!;
      at += quote[0].length;
      while (at < text.length && text[at] !== mark) {
        if (text[at] === '\n') return false;
        at += text[at] === '\\' ? 2 : 1;
      }
      if (at >= text.length) return false;
      at++;
      return true;
    }
    const open = rest[0];
    const close = open === '[' ? ']' : open === '(' ? ')' : open === '{' ? '}' : undefined;
    if (!close) return false;
    at++;
    for (;;) {
      space();
      if (text[at] === close) {
        at++;
        return true;
      }
      if (!value()) return false;
      space();
      if (open === '{' && text[at] === ':') {
        at++;
        if (!value()) return false;
        space();
      }
      if (text[at] === ',') at++;
      else if (text[at] !== close) return false;
    }
  };
  return value() ? at : -1;
}

/** Where an argument list `(…)` of literals (and `name=literal`) that opens at `open` closes, or -1. */
function argumentsEnd(text: string, open: number): number {
  let at = open + 1;
  for (;;) {
    while (at < text.length && /[ \t]/.test(text[at]!)) at++;
    if (text[at] === ')') return at + 1;
    const keyword = /^[A-Za-z_]\w*\s*=(?!=)/.exec(text.slice(at));
    if (keyword) at += keyword[0].length;
    const end = literalEnd(text, at);
    if (end < 0) return -1;
    at = end;
    while (at < text.length && /[ \t]/.test(text[at]!)) at++;
    if (text[at] === ',') at++;
    else if (text[at] !== ')') return -1;
  }
}

const ARROW = /^\s*(?:==|➞|→|->|=>|⇒|returns?|should\s+(?:return|be)|gives?|is)\s*/;

/**
 * The examples in a request (a HumanEval prompt, a docstring, a user's request) for the functions named.
 * Each distinct (call, result) once.
 */
export function requestExamples(text: string, names: readonly string[]): RequestExample[] {
  if (names.length === 0) return [];
  const found = new Map<string, RequestExample>();
  const add = (name: string, args: string, expected: string) => {
    const example = { name, args: args.trim(), expected: expected.trim() };
    // a literal Python would not read as a value (`012`, `{[1]: 2}`) is no example: it is compared here
    if (!parsePythonLiteral(example.expected)) return;
    found.set(`${example.name}(${example.args}) == ${example.expected}`, example);
  };
  const callPattern = new RegExp(`(?<![\\w.])(${names.map(escapeRegExp).join('|')})\\s*\\(`, 'g');
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const doctest = /^\s*>>>\s?(.*)$/.exec(line);
    if (doctest) {
      // `>>> f(args)` alone on its line, its output on the next lines up to a blank line or the next `>>>`
      const call = doctest[1]!.trim();
      const head = new RegExp(`^(${names.map(escapeRegExp).join('|')})\\s*\\(`).exec(call);
      if (head) {
        const open = head[0].length - 1;
        const close = argumentsEnd(call, open);
        if (close === call.length) {
          const output: string[] = [];
          for (let next = index + 1; next < lines.length; next++) {
            const text = lines[next]!.trim();
            if (!text || text.startsWith('>>>') || /^("""|''')/.test(text)) break;
            output.push(text);
          }
          const expected = output.join(' ');
          if (expected && literalEnd(expected, 0) === expected.length)
            add(head[1]!, call.slice(open + 1, close - 1), expected);
          continue;
        }
      }
    }
    for (const match of line.matchAll(callPattern)) {
      const open = match.index + match[0].length - 1;
      const close = argumentsEnd(line, open);
      if (close < 0) continue;
      const arrow = ARROW.exec(line.slice(close));
      if (!arrow) continue;
      const start = close + arrow[0].length;
      const end = literalEnd(line, start);
      // the result ends the sentence or the clause: `f(2) == 4.`, `f(2) == 4, and …`; not `f(2) == 4 + x`
      if (end < 0 || !/^\s*(?:$|[.,;:)]|and\b|or\b|#|\(|$)/.test(line.slice(end))) continue;
      add(match[1]!, line.slice(open + 1, close - 1), line.slice(start, end));
    }
  }
  return [...found.values()];
}

/** Top-level functions a Python module defines. */
export function pythonFunctionNames(code: string): string[] {
  return [...code.matchAll(/^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/gm)].map((match) => match[1]!);
}

/**
 * The Python that reads a result into plain tagged data and hands it out (r45, r48): the genuine classes and
 * the C functions that read them are bound before the candidate's module is imported, every test is by
 * identity (`is`), never `==`, `in` or a hash on a class the candidate could have written, and nothing here
 * compares: the request's value never enters the candidate's process (`sameAsExample` judges outside it).
 * Tags: `['none']`, `['bool', b]`, `['int', hex]`, `['float', repr]`, `['complex', repr, repr]`,
 * `['str', s(, lone)]`, `['bytes', hex]`, `['decimal', str, float]`, `['fraction', 'hex/hex', float]`,
 * `[kind, [items]]`, `['dict', [[key, value]]]`, `['large']`. A number past the budget goes as its float
 * alone (its text null); anything else past it is `large`: the request's literal, `nodes` values and `chars`
 * characters at most, could equal none of it.
 */
const PYTHON_HAND_OUT = [
  'import collections as _collections',
  'import decimal as _decimal',
  'import enum as _enum',
  'import fractions as _fractions',
  'import pytest as _pytest',
  '',
  '_type = type',
  '_hasattr = hasattr',
  '_len = len',
  '_all = all',
  '_any = any',
  '_tuple = tuple',
  '_dict = dict',
  '_object_getattribute = object.__getattribute__',
  "_BASES = type.__dict__['__bases__'].__get__",
  "_MRO = type.__dict__['__mro__'].__get__",
  "_CLASS_DICT = type.__dict__['__dict__'].__get__",
  '_NONE = type(None)',
  '_INT_TEXT = int.__format__',
  '_INT_FLOAT = int.__float__',
  '_INT_DIVIDE = int.__truediv__',
  '_FLOAT_REPR = float.__repr__',
  "_REAL = complex.__dict__['real'].__get__",
  "_IMAG = complex.__dict__['imag'].__get__",
  '_STR_ENCODE = str.encode',
  '_BYTES_HEX = bytes.hex',
  '_DECIMAL = _decimal.Decimal',
  '_DECIMAL_TEXT = _decimal.Decimal.__str__',
  '_DECIMAL_FLOAT = _decimal.Decimal.__float__',
  '_FRACTION = _fractions.Fraction',
  // the slots' own descriptors: a property the candidate sets on Fraction later is never asked
  "_NUMERATOR = _fractions.Fraction.__dict__['_numerator'].__get__",
  "_DENOMINATOR = _fractions.Fraction.__dict__['_denominator'].__get__",
  '_NO_FLOAT = (ArithmeticError, ValueError)',
  '_LONE = UnicodeEncodeError',
  '_ASSERTION = AssertionError',
  '_skip = _pytest.skip',
  '_DICTS = (dict, _collections.Counter, _collections.OrderedDict, _collections.defaultdict)',
  '_SEQUENCES = (list, tuple, set, frozenset)',
  // w191: the enum module's own classes, whose Python `__hash__`, `__bool__`, `__iter__` are not the
  // candidate's; and how a builtin base reads a subclass's value (its own C code, never an override)
  "_ENUMS = _tuple(getattr(_enum, name) for name in ('Enum', 'IntEnum', 'Flag', 'IntFlag', 'StrEnum', 'ReprEnum') if _hasattr(_enum, name))",
  '_ENUM_TYPE = _type(_enum.Enum)',
  '_READERS = ((int, int.__int__), (float, float.__float__), (complex, complex.__complex__), (str, str.__str__), (bytes, bytes.__bytes__))',
  "_TUPLEGETTER = _type(_collections.namedtuple('_Probe', 'x').x)",
  "_NAMEDTUPLE = ('__doc__', '__slots__', '_fields', '_field_defaults', '__new__', '_make', '_replace', '__repr__', '_asdict', '__getnewargs__', '__match_args__', '__module__', '__qualname__')",
  "_OWN = ('__eq__', '__ne__', '__bool__', '__len__', '__float__', '__int__', '__index__', '__iter__', '__getitem__', '__abs__', '__sub__', '__rsub__', '__lt__', '__le__', '__gt__', '__ge__', '__class__', '__hash__', '__instancecheck__')",
  '',
  '',
  'class _Large(Exception):',
  '    pass',
  '',
  '',
  'def _one_of(kind, kinds):',
  '    for known in kinds:',
  '        if kind is known:',
  '            return True',
  '    return False',
  '',
  '',
  'def _namedtuple(kind):',
  '    bases = _BASES(kind)',
  '    if _len(bases) != 1 or bases[0] is not tuple:',
  '        return False',
  '    members = _CLASS_DICT(kind)',
  "    fields = members.get('_fields')",
  '    if _type(fields) is not tuple or not _all(_type(name) is str for name in fields):',
  '        return False',
  '    for name in members:',
  '        if _type(name) is not str:',
  '            return False',
  '        if _any(name == field for field in fields):',
  '            if _type(members[name]) is not _TUPLEGETTER:',
  '                return False',
  '        elif not _any(name == known for known in _NAMEDTUPLE):',
  '            return False',
  '    return True',
  '',
  '',
  'def _genuine_enum(kind):',
  '    return _type(kind) is _ENUM_TYPE and _any(cls is _enum.Enum for cls in _MRO(kind))',
  '',
  '',
  'def _written_in_python(kind):',
  '    enum = _genuine_enum(kind)',
  '    for cls in _MRO(kind):',
  '        if cls is object:',
  '            break',
  '        if enum and _one_of(cls, _ENUMS):',
  '            continue',
  '        for name in _OWN:',
  '            member = _CLASS_DICT(cls).get(name)',
  "            if member is not None and (_hasattr(member, '__code__') or _hasattr(member, '__func__') or _hasattr(member, 'func')):",
  '                return True',
  '    return False',
  '',
  '',
  'def _builtin_base(kind):',
  '    for cls in _MRO(kind):',
  '        if _one_of(cls, _SEQUENCES) or cls is dict:',
  '            return cls',
  '        for base, _read in _READERS:',
  '            if cls is base:',
  '                return cls',
  '    return None',
  '',
  '',
  'def _spend(budget, nodes, chars):',
  '    budget[0] -= nodes',
  '    budget[1] -= chars',
  '    if budget[0] < 0 or budget[1] < 0:',
  '        raise _Large',
  '',
  '',
  'def _float_of(convert, *values):',
  '    try:',
  '        return _FLOAT_REPR(convert(*values))',
  '    except _NO_FLOAT:',
  '        return None',
  '',
  '',
  'def _number(budget, tag, text, near):',
  '    # the exact text while the budget lasts, else the float alone: a longer number equals no literal',
  '    if budget[1] < _len(text):',
  '        return [tag, None, near()]',
  '    budget[1] -= _len(text)',
  '    return [tag, text, near()] if tag != "int" else [tag, text]',
  '',
  '',
  'def _items(tag, kind, value, budget):',
  '    return [tag, [_out(item, budget) for item in kind.__iter__(value)]]',
  '',
  '',
  'def _entries(value, budget):',
  "    return ['dict', [[_out(key, budget), _out(item, budget)] for key, item in _dict.items(value)]]",
  '',
  '',
  'def _sequence(kind, value, budget):',
  "    tag = 'list' if kind is list else 'tuple' if kind is tuple else 'set' if kind is set else 'frozenset'",
  '    return _items(tag, kind, value, budget)',
  '',
  '',
  'def _out(value, budget):',
  '    kind = _type(value)',
  '    _spend(budget, 1, 0)',
  '    if kind is _NONE:',
  "        return ['none']",
  '    if kind is bool:',
  "        return ['bool', value is True]",
  '    if kind is int:',
  "        return _number(budget, 'int', _INT_TEXT(value, 'x'), lambda: _float_of(_INT_FLOAT, value))",
  '    if kind is float:',
  "        return ['float', _FLOAT_REPR(value)]",
  '    if kind is complex:',
  "        return ['complex', _FLOAT_REPR(_REAL(value)), _FLOAT_REPR(_IMAG(value))]",
  '    if kind is str:',
  '        _spend(budget, 0, _len(value))',
  '        try:',
  "            _STR_ENCODE(value, 'utf-8')",
  '        except _LONE:',
  "            return ['str', value, True]",
  "        return ['str', value]",
  '    if kind is bytes:',
  '        _spend(budget, 0, 2 * _len(value))',
  "        return ['bytes', _BYTES_HEX(value)]",
  '    if kind is _DECIMAL:',
  "        return _number(budget, 'decimal', _DECIMAL_TEXT(value), lambda: _float_of(_DECIMAL_FLOAT, value))",
  '    if kind is _FRACTION:',
  '        numerator, denominator = _NUMERATOR(value), _DENOMINATOR(value)',
  '        if _type(numerator) is not int or _type(denominator) is not int:',
  "            raise _ASSERTION('the result is a Fraction of something other than integers: not a value the request names')",
  "        text = _INT_TEXT(numerator, 'x') + '/' + _INT_TEXT(denominator, 'x')",
  "        return _number(budget, 'fraction', text, lambda: _float_of(_INT_DIVIDE, numerator, denominator))",
  '    if _one_of(kind, _SEQUENCES):',
  '        return _sequence(kind, value, budget)',
  '    if _one_of(kind, _DICTS):',
  '        return _entries(value, budget)',
  '    if _namedtuple(kind):',
  "        return _items('tuple', _tuple, value, budget)",
  '    if _written_in_python(kind):',
  "        raise _ASSERTION('the result compares or converts itself (its class defines how): not a value the request names')",
  // w191: a subclass with no comparison or conversion of its own (an IntEnum, a str-mixin Enum, a dict
  // subclass) is read by its builtin base's own code; a plain Enum member by its value. A class made by a
  // metaclass of the candidate's is not read
  '    enum = _genuine_enum(kind)',
  '    if enum or _type(kind) is type:',
  '        base = _builtin_base(kind)',
  '        if base is dict:',
  '            return _entries(value, budget)',
  '        if base is not None and _one_of(base, _SEQUENCES):',
  '            return _sequence(base, value, budget)',
  '        for known, read in _READERS:',
  '            if base is known:',
  '                return _out(read(value), budget)',
  '        if enum:',
  "            return _out(_object_getattribute(value, '_value_'), budget)",
  "    _skip('not checked: the result is not a value vouch reads as builtin values')",
  '',
  '',
  'def _hand_out(value, nodes, chars):',
  '    try:',
  '        return _out(value, [nodes, chars])',
  '    except _Large:',
  "        return ['large']",
];

/** The name an example test records its handed-out result under (python/vouch_pytest_report.py sends it). */
export const EXAMPLE_PROPERTY = 'vouch_example';

/**
 * What an example's result may hold and still equal its literal of `length` characters: a value per
 * character, and for the digits of a number exactly equal to a float, room to spare (5e-324 is 751 digits).
 */
export function exampleBudget(length: number): { nodes: number; chars: number } {
  return { nodes: length + 64, chars: 1024 * length + 4096 };
}

/**
 * The examples as a pytest module against `module`: one test each, which calls the function and hands its
 * result out (`_hand_out`, recorded as the test's `vouch_example` property, sent on the report channel).
 * The module holds no expected value: vouch compares outside the run (`sameAsExample`).
 */
export function pythonExampleTests(examples: readonly RequestExample[], module: string): string {
  const lines = [
    "# The request's own examples, run as the user's tests (vouch, issue 58).",
    // r41, r45: the result is never judged by its own comparison, nor by anything its class can set
    // (`__module__`, `__qualname__`, a metaclass's `==`): it is read into plain data with the genuine types,
    // held before the candidate is imported. A value whose class defines comparison or conversion in Python
    // fails the example; anything else is not checked (a skip: the examples check is then no evidence).
    // r48: nor by anything in this process — `math.isclose`, `Fraction.__eq__`, this module's globals or
    // the tests' defaults can all be rewritten by the candidate. The request's values are not here: the
    // result goes out on the report channel and vouch compares it in TypeScript
    'def _reading():',
    ...PYTHON_HAND_OUT.map((line) => (line ? `    ${line}` : line)),
    '',
    '    return _hand_out',
    '',
    '',
    '_hand_out = _reading()',
    'del _reading',
  ];
  examples.forEach((example, index) => {
    const budget = exampleBudget(example.expected.length);
    lines.push(
      '',
      '',
      `def test_example_${index + 1}(request, _hand_out=_hand_out):`,
      `    actual = _subject.${example.name}(${example.args})`,
      `    request.node.user_properties.append(('${EXAMPLE_PROPERTY}', _hand_out(actual, ${budget.nodes}, ${budget.chars})))`,
    );
  });
  lines.push('', '', `import ${module} as _subject  # noqa: E402`);
  return `${lines.join('\n')}\n`;
}

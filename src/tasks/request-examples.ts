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
 * The Python that reads a result into builtin values and compares it with the example (r45): the genuine
 * classes are bound before the candidate's module is imported, and every test is by identity (`is`), never
 * `==` or `in` on a class the candidate could have written.
 */
const PYTHON_COMPARISON = [
  'import collections as _collections',
  'import decimal as _decimal',
  'import fractions as _fractions',
  '',
  '_type = type',
  '_hasattr = hasattr',
  "_BASES = type.__dict__['__bases__'].__get__",
  "_MRO = type.__dict__['__mro__'].__get__",
  "_CLASS_DICT = type.__dict__['__dict__'].__get__",
  '_SCALARS = (bool, int, float, complex, str, bytes, type(None))',
  '_NUMBERS = (_decimal.Decimal, _fractions.Fraction)',
  '_DICTS = (dict, _collections.Counter, _collections.OrderedDict, _collections.defaultdict)',
  '_SEQUENCES = (list, tuple, set, frozenset)',
  "_TUPLEGETTER = _type(_collections.namedtuple('_Probe', 'x').x)",
  "_NAMEDTUPLE = ('__doc__', '__slots__', '_fields', '_field_defaults', '__new__', '_make', '_replace', '__repr__', '_asdict', '__getnewargs__', '__match_args__', '__module__', '__qualname__')",
  "_OWN = ('__eq__', '__ne__', '__bool__', '__len__', '__float__', '__int__', '__index__', '__iter__', '__getitem__', '__abs__', '__sub__', '__rsub__', '__lt__', '__le__', '__gt__', '__ge__', '__class__', '__hash__', '__instancecheck__')",
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
  '    if len(bases) != 1 or bases[0] is not tuple:',
  '        return False',
  '    members = _CLASS_DICT(kind)',
  "    fields = members.get('_fields')",
  '    if _type(fields) is not tuple or not all(_type(name) is str for name in fields):',
  '        return False',
  '    for name in members:',
  '        if _type(name) is not str:',
  '            return False',
  '        if any(name == field for field in fields):',
  '            if _type(members[name]) is not _TUPLEGETTER:',
  '                return False',
  '        elif not any(name == known for known in _NAMEDTUPLE):',
  '            return False',
  '    return True',
  '',
  '',
  'def _written_in_python(kind):',
  '    for cls in _MRO(kind):',
  '        if cls is object:',
  '            break',
  '        for name in _OWN:',
  '            member = _CLASS_DICT(cls).get(name)',
  "            if member is not None and (_hasattr(member, '__code__') or _hasattr(member, '__func__') or _hasattr(member, 'func')):",
  '                return True',
  '    return False',
  '',
  '',
  'def _plain(value):',
  '    kind = _type(value)',
  '    if _one_of(kind, _SCALARS) or _one_of(kind, _NUMBERS):',
  '        return value',
  '    if _one_of(kind, _SEQUENCES):',
  '        return kind(_plain(item) for item in kind.__iter__(value))',
  '    if _one_of(kind, _DICTS):',
  '        return {_plain(key): _plain(item) for key, item in dict.items(value)}',
  '    if _namedtuple(kind):',
  '        return tuple(_plain(item) for item in tuple.__iter__(value))',
  '    if _written_in_python(kind):',
  "        raise AssertionError('the result compares or converts itself (its class defines how): not a value the request names')",
  "    pytest.skip('not checked: the result is not a value vouch reads as builtin values')",
  '',
  '',
  'def _same(actual, expected):',
  '    if isinstance(expected, float) and _one_of(_type(actual), (int, float) + _NUMBERS):',
  '        return math.isclose(float(actual), expected, rel_tol=1e-6, abs_tol=1e-9)',
  '    if isinstance(expected, (list, tuple)) and _type(actual) is _type(expected):',
  '        return len(actual) == len(expected) and all(_same(a, e) for a, e in zip(actual, expected))',
  '    return expected == actual',
  '',
];

/**
 * The examples as a pytest module against `module`: one test each, the result compared with `==` (floats
 * within a relative 1e-6, as the printed value is rounded).
 */
export function pythonExampleTests(examples: readonly RequestExample[], module: string): string {
  const lines = [
    "# The request's own examples, run as the user's tests (vouch, issue 58).",
    'import math',
    'import pytest',
    // r41, r45: the comparison is never the returned value's own, nor decided by anything its class can set
    // (`__module__`, `__qualname__`, a metaclass's `==`). The result is read into builtin values with the
    // genuine types, held before the candidate is imported: builtin scalars and containers by `type(x) is`,
    // Counter, OrderedDict, defaultdict, Decimal, Fraction by the identity of the stdlib's class object, a
    // namedtuple by the members the factory writes; then builtin `==` compares builtin values. A value whose
    // class defines comparison or conversion in Python fails the example; anything else is not checked (a
    // skip: the examples check is then no evidence, never a pass)
    ...PYTHON_COMPARISON,
    `import ${module} as _subject`,
    '',
  ];
  examples.forEach((example, index) => {
    lines.push(
      '',
      `def test_example_${index + 1}():`,
      `    actual = _subject.${example.name}(${example.args})`,
      `    assert _same(_plain(actual), ${example.expected}), f"${example.name}(${escapeBraces(example.args)}) returned {actual!r}, the request says ${escapeBraces(example.expected)}"`,
    );
  });
  return `${lines.join('\n')}\n`;
}

function escapeBraces(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\{/g, '{{').replace(/\}/g, '}}');
}

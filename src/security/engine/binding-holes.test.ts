import { describe, expect, it } from 'vitest';
import { lineOf, ruleLines } from '../../../test/support/rule-findings.js';
import { parse } from '../../syntax/parser.js';
import { fileBindings } from './file-bindings.js';
import { type LiteNode, liteTree, preorder } from './lite-tree.js';
import { reachingBindings } from './reaching-bindings.js';

/**
 * Review r19's holes in the binding table left after w96 (w101): each a program where a cleaner's name may
 * hold something else where it is called, so the command injection must be reported; beside each, the same
 * program with the binding sound, where the cleaner still clears.
 */
const injections = (code: string) => ruleLines(code, 'command-injection');
const sinkLine = (code: string) => lineOf(code, 'os.system(');

/** A route that runs `ls` with a request parameter passed through `q`, after `top`; `body` before the sink. */
const quoted = (top: string[], body: string[] = []) =>
  [
    'import os, shlex',
    'from flask import Flask, request',
    'app = Flask(__name__)',
    ...top,
    '@app.route("/r")',
    'def r():',
    ...body.map((line) => `    ${line}`),
    '    os.system("ls " + q(request.args["c"]))',
    '    return "ok"',
    '',
  ].join('\n');

const reported = async (code: string) => expect(await injections(code)).toEqual([sinkLine(code)]);
const clean = async (code: string) => expect(await injections(code)).toEqual([]);

describe('a global writer’s parameter named like an import is the parameter (t2)', () => {
  const raw = ['if request.args.get("raw"):', '    set_q(str)'];
  it('q = shlex.quote, and set_q(quote) writing global q = quote: command injection', async () => {
    await reported(
      quoted(
        ['from shlex import quote', 'q = shlex.quote', 'def set_q(quote):', '    global q', '    q = quote'],
        raw,
      ),
    );
  });

  it('control: set_q() writing the imported quote still clears', async () => {
    await clean(
      quoted(
        ['from shlex import quote', 'q = shlex.quote', 'def set_q():', '    global q', '    q = quote'],
        raw,
      ),
    );
  });
});

describe('two bindings of equal text are one meaning only if their names resolve alike (t1)', () => {
  it('q = quote at module level and in set_q(quote): command injection', async () => {
    await reported(
      quoted(
        ['from shlex import quote', 'q = quote', 'def set_q(quote):', '    global q', '    q = quote'],
        ['if request.args.get("raw"):', '    set_q(str)'],
      ),
    );
  });

  it('q = quote twice, quote rebound between them on a branch: command injection', async () => {
    await reported(
      quoted([
        'from shlex import quote',
        'q = quote',
        'if os.environ.get("X"):',
        '    quote = str',
        '    q = quote',
      ]),
    );
  });

  it('control: q = quote on both branches, quote only imported, still clears', async () => {
    await clean(
      quoted([
        'from shlex import quote',
        'if os.environ.get("X"):',
        '    q = quote',
        'else:',
        '    q = quote',
      ]),
    );
  });
});

describe('a nested function’s nonlocal write reaches the enclosing function’s reads (s2)', () => {
  const loosening = (inner: string[]) => [
    'q = shlex.quote',
    'def loosen():',
    ...inner.map((line) => `    ${line}`),
    'if request.args.get("raw"):',
    '    loosen()',
  ];

  it('loosen() writing nonlocal q = str: command injection', async () => {
    await reported(quoted([], loosening(['nonlocal q', 'q = str'])));
  });

  it('the table: the nested write is among the bindings read in the enclosing function and in the nested one', async () => {
    const code = [
      'def r():',
      '    q = shlex.quote',
      '    def loosen():',
      '        nonlocal q',
      '        q = str',
      '        q(1)',
      '        def deeper():',
      '            nonlocal q',
      '            q = repr',
      '    q(2)',
      '',
    ].join('\n');
    const root = liteTree(await parse('python', code), code);
    const callees: LiteNode[] = [];
    preorder(root, (node) => {
      if (node.type === 'call') callees.push(node.childForFieldName('function')!);
    });
    const values = (at: LiteNode) =>
      reachingBindings(fileBindings(root), at, 'q')
        .map((binding) => binding.value?.text)
        .sort();
    expect(values(callees[0]!)).toEqual(['repr', 'shlex.quote', 'str']);
    expect(values(callees[1]!)).toEqual(['repr', 'shlex.quote', 'str']);
  });

  it('control: loosen()’s own local q = str (no nonlocal) leaves the route’s q clean', async () => {
    await clean(quoted([], loosening(['q = str', 'return q'])));
  });
});

describe('a class of the name is a binding, whatever the text says (s3)', () => {
  const shadowed = (comment: string) => [
    `def q(s):${comment}`,
    '    return shlex.quote(s)',
    'if os.environ.get("X"):',
    '    class q(str):',
    '        pass',
  ];

  it('def q, then class q(str) on a branch: command injection, with or without the word global in a comment', async () => {
    await reported(quoted(shadowed('')));
    await reported(quoted(shadowed('  # global')));
  });

  it('a comment or string saying global changes nothing where the binding is sound', async () => {
    await clean(
      quoted(['def q(s):  # global nonlocal del', '    return shlex.quote(s)', 'DOC = "global q"']),
    );
  });
});

describe('a walrus in a default value binds in the enclosing scope (t3)', () => {
  it('from shlex import quote as q, and def helper(x=(q := str)): command injection', async () => {
    await reported(quoted(['from shlex import quote as q', 'def helper(x=(q := str)):', '    return x']));
  });

  it('the table: the walrus is the module’s, a lambda default’s too', async () => {
    const code = 'def helper(x=(q := str)):\n    return x\nf = lambda y=(p := repr): y\n';
    const file = fileBindings(liteTree(await parse('python', code), code));
    expect(file.names.get('q')?.map((binding) => binding.scope)).toEqual([null]);
    expect(file.names.get('p')?.map((binding) => binding.scope)).toEqual([null]);
  });

  it('control: a walrus inside the body is the function’s own, the import still clears', async () => {
    await clean(
      quoted(['from shlex import quote as q', 'def helper(x):', '    y = (q := str)', '    return y']),
    );
  });
});

describe('a def under a decorator not known to return it has an unknown meaning', () => {
  it('@passthrough def q (the decorator returns lambda s: s): command injection', async () => {
    await reported(
      quoted([
        'def passthrough(f):',
        '    return lambda s: s',
        '@passthrough',
        'def q(s):',
        '    return shlex.quote(s)',
      ]),
    );
  });

  it('control: under functools.lru_cache, q is its def and clears', async () => {
    await clean(
      quoted(['import functools', '@functools.lru_cache', 'def q(s):', '    return shlex.quote(s)']),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { lineOf, ruleLines } from '../../../test/support/rule-findings.js';
import { parse } from '../../syntax/parser.js';
import { fileBindings } from './file-bindings.js';
import { liteTree } from './lite-tree.js';
import { resolvedName } from './reaching-bindings.js';

/**
 * Review r22's findings in the binding table (w107): what a name resolves to costs work linear in the
 * bindings, a decorator is transparent only by what it resolves to, and a function's own binding of a name
 * hides the module's `def` of it. Each hole has a program where the command injection (or XSS) must be
 * reported, and beside it a control where the cleaner still clears.
 */
const findings = (code: string, ruleId = 'command-injection') => ruleLines(code, ruleId);

/** A Flask file: `top` at module level, then a route whose body is `body`. */
const flask = (top: string[], body: string[]) =>
  [
    'import os, shlex',
    'from flask import Flask, request',
    'app = Flask(__name__)',
    ...top,
    '@app.route("/r")',
    'def r():',
    ...body.map((line) => `    ${line}`),
    '    return "ok"',
    '',
  ].join('\n');
const sink = 'os.system("ls " + q(request.args["c"]))';
const reported = async (code: string) => expect(await findings(code)).toEqual([lineOf(code, 'os.system(')]);
const clean = async (code: string) => expect(await findings(code)).toEqual([]);

describe('review r22 (1): a chain of names each bound many ways resolves in work linear in the bindings', () => {
  /** a → b → c → d → e → `last`, each name bound `n` times under a condition; the route calls `a`. */
  const chain = (n: number, last: string) => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const top = names.flatMap((name, index) =>
      Array.from({ length: n }, (_, k) => [
        `if os.environ.get("X${name}${k}"):`,
        `    ${name} = ${names[index + 1] ?? last}`,
      ]).flat(),
    );
    return flask(top, ['os.system("ls " + a(request.args["c"]))']);
  };

  it('the elements filtered grow about as the square of n, not as its fifth power (t/blowb<n>)', async () => {
    // Work counted, not timed: the elements every Array.prototype.filter walked over (the table's reads of a
    // name's bindings). Each binding of `a` followed every binding of `b`, and so on to depth 4, at every
    // call: n=20 took 4 s, n=40 221 s.
    const original = Array.prototype.filter;
    let walked = 0;
    Array.prototype.filter = function (this: unknown[], ...args: Parameters<typeof original>) {
      walked += this.length;
      return original.apply(this, args);
    } as typeof original;
    const counted: number[] = [];
    // a first run of another program, uncounted: what the engine builds once per process is not the work
    await findings(chain(2, 'shlex.quote'));
    try {
      for (const n of [4, 8]) {
        walked = 0;
        const code = chain(n, 'shlex.quote');
        // a bound n times under conditions and never otherwise: it may be unbound, the data reaches the sink
        await findings(code);
        counted.push(walked);
      }
    } finally {
      Array.prototype.filter = original;
    }
    expect(counted[1]! / counted[0]!).toBeLessThan(8);
  });
});

describe('review r22 (1): a name read in a value and bound more than 16 ways has no known meaning', () => {
  /** What `q = p` resolves to, `p` bound `n` times to `shlex.quote`. */
  const resolvedQ = async (n: number) => {
    const code = [
      'import shlex',
      ...Array.from({ length: n }, (_, k) => `if X${k}:\n    p = shlex.quote`),
      'q = p',
      '',
    ].join('\n');
    const table = fileBindings(liteTree(await parse('python', code), code));
    return resolvedName(table, table.names.get('q')![0]!);
  };

  it('17 bindings of p: q = p resolves to nothing (clears nothing)', async () => {
    expect(await resolvedQ(17)).toBeUndefined();
  });

  it('control: 16 bindings of p, all shlex.quote: q = p is shlex.quote', async () => {
    expect(await resolvedQ(16)).toBe('shlex.quote');
  });
});

describe('review r22 (3): a function’s own binding of a name hides the module’s def of it', () => {
  const def = ['def q(s):', '    return shlex.quote(s)'];

  it('q = str in the route (t/c5): command injection', async () => {
    await reported(flask(def, ['q = str', sink]));
  });

  it('with … as q in the route (t/c7): command injection', async () => {
    await reported(
      flask(['import contextlib', ...def], ['with contextlib.nullcontext(str) as q:', `    ${sink}`]),
    );
  });

  it('a parameter q of the function that calls it, given str (t/c6): command injection', async () => {
    const code = flask(
      [...def, 'def run(q, c):', '    os.system("ls " + q(c))'],
      ['run(str, request.args["c"])'],
    );
    expect(await findings(code)).toEqual([lineOf(code, 'q(c)')]);
  });

  it('escape = str in the route, a def escape of the file (t/c9): XSS', async () => {
    const code = [
      'import html',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      'def escape(s):',
      '    return html.escape(s)',
      '@app.route("/r")',
      'def r():',
      '    escape = str',
      '    return "<p>" + escape(request.args["c"]) + "</p>"',
      '',
    ].join('\n');
    expect(await findings(code, 'xss')).toEqual([lineOf(code, 'escape(request')]);
  });

  it('for q in [str] in the route (t/c4): command injection', async () => {
    await reported(flask(def, ['for q in [str]:', '    pass', sink]));
  });

  it('control: the route calling the module’s def q still clears', async () => {
    await clean(flask(def, [sink]));
  });

  it('control: a def q of the route’s own, quoting, still clears', async () => {
    await clean(flask([], [...def, sink]));
  });

  it('control: global q in the route, then q = shlex.quote there, still clears', async () => {
    await clean(flask(def, ['global q', 'q = shlex.quote', sink]));
  });
});

describe('review r22 (2): a decorator is transparent by what it resolves to, not by its text', () => {
  const quoting = ['def q(s):', '    return shlex.quote(s)'];
  const decorated = (top: string[], decorator: string) => flask([...top, decorator, ...quoting], [sink]);

  it('def cache(f) of the file returning another function, @cache (t/b1): command injection', async () => {
    await reported(decorated(['def cache(f):', '    return lambda s: s'], '@cache'));
  });

  it('lru_cache imported from another library (t/b2): command injection', async () => {
    await reported(decorated(['from mylib import lru_cache'], '@lru_cache'));
  });

  it('staticmethod bound by the file (t/b7): command injection', async () => {
    await reported(decorated(['staticmethod = lambda f: (lambda s: s)'], '@staticmethod'));
  });

  it('@reg.get with reg an instance of the file’s class, named like a route decorator (t/b3): command injection', async () => {
    await reported(
      decorated(
        ['class Reg:', '    def get(self, f):', '        return lambda s: s', 'reg = Reg()'],
        '@reg.get',
      ),
    );
  });

  it('control: from functools import lru_cache, @lru_cache: still clears', async () => {
    await clean(decorated(['from functools import lru_cache'], '@lru_cache'));
  });

  it('control: import functools, @functools.lru_cache(maxsize=8): still clears', async () => {
    await clean(decorated(['import functools'], '@functools.lru_cache(maxsize=8)'));
  });

  it('control: the built-in staticmethod, unbound in the file: still clears', async () => {
    await clean(decorated([], '@staticmethod'));
  });

  it('control: @app.get on the Flask app: still clears', async () => {
    await clean(decorated([], '@app.get("/q")'));
  });
});

describe('review r22 (4): a module’s function patched in place is not the library’s', () => {
  it('q = shlex.quote, then shlex.quote = str on a branch (t/c2): command injection', async () => {
    await reported(flask(['q = shlex.quote', 'if os.environ.get("RAW"):', '    shlex.quote = str'], [sink]));
  });

  it('the module imported under another name and patched (s.quote = str): command injection', async () => {
    await reported(
      flask(['import shlex as s', 'q = s.quote', 'if os.environ.get("RAW"):', '    s.quote = str'], [sink]),
    );
  });

  it('control: another object’s attribute of that name assigned (self.quote = str): still clears', async () => {
    await clean(
      flask(['q = shlex.quote', 'class Box:', '    def __init__(self):', '        self.quote = str'], [sink]),
    );
  });
});

describe("review r25: a name the function does not really rebind leaves the module's def running", () => {
  /** the module's `def q` is the sink itself */
  const runs = ['def q(x):', '    os.system(x)'];
  const reportedInDef = async (code: string) =>
    expect(await findings(code)).toEqual([lineOf(code, 'os.system(x)')]);

  it('a comprehension binds its own q (Python 3), the call after it runs the def (b2)', async () => {
    await reportedInDef(flask(runs, ['names = [q for q in request.args]', 'q(request.args["c"])']));
  });

  it('a parameter whose default is the def, the route called with nothing (b6)', async () => {
    const code = [
      'import os',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      ...runs,
      '@app.route("/r")',
      'def r(q=q):',
      '    q(request.args["c"])',
      '    return "ok"',
      '',
    ].join('\n');
    await reportedInDef(code);
  });

  it('a nested function whose default is the def, called with nothing (b5)', async () => {
    await reportedInDef(flask(runs, ['def inner(q=q):', '    q(request.args["c"])', 'inner()']));
  });

  it('control: a plain for loop in the function does rebind q, and str runs', async () => {
    await clean(flask(runs, ['for q in [str]:', '    pass', 'q(request.args["c"])']));
  });
});

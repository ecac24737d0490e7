import { describe, expect, it } from 'vitest';
import { findingIds, ofRule } from '../../../test/support/rule-findings.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

/**
 * Issue 59 (w70): a sanitiser is trusted for what its name resolves to — an import, or a name bound to a resolved
 * sanitiser — never for the name itself. `escape = str.strip` is no escaper because it is called `escape`; a
 * `def escape` in the `except ImportError` handler of `from html import escape` never runs (html is in every
 * Python 3), so the name is html's escape.
 */
const ruleSet = defaultRuleSet();
const ids = (code: string) => findingIds(code, { keep: ofRule('xss'), sort: true });
const FLASK = 'from flask import Flask, request\napp = Flask(__name__)\n';
const page = (call = 'escape') => `    return "<p>" + ${call}(request.args["x"]) + "</p>"`;
/** `preamble` at the top of the file, `body` the route's: the route's return is on the last line */
const file = (preamble: string, body = page()) => {
  const text = `${preamble}\n${FLASK}@app.route("/r")\ndef r():\n${body}\n`;
  return { text, last: text.trimEnd().split('\n').length };
};

describe('a name bound to something else is no sanitiser because of its name', () => {
  it.each([
    ['escape = str.strip at module level', file('escape = str.strip')],
    ['escape = str.strip in the route', file('', `    escape = str.strip\n${page()}`)],
    ['escape bound to a call', file('import functools\nescape = functools.partial(str.replace, "a")')],
    ['quote = os.path.basename', file('import os\nquote = os.path.basename', page('quote'))],
    [
      'a def escape beside an import of a module that may be missing',
      file(
        'try:\n    from markupsafe import escape\nexcept ImportError:\n    def escape(s):\n        return s',
      ),
    ],
    ['a def escape after the import', file('from html import escape\ndef escape(s):\n    return s')],
    // w77 (r11's F1): the fallback is trusted away only when the `try` cannot fail
    [
      'a fallback def when the try also imports a module that may be missing',
      file(
        'try:\n    import ujson\n    from html import escape\nexcept ImportError:\n    def escape(s):\n        return s',
      ),
    ],
    [
      'a fallback def when the try imports a name its module does not have',
      file('try:\n    from string import escape\nexcept ImportError:\n    def escape(s):\n        return s'),
    ],
    [
      "a fallback def when one of the names imported is not the module's",
      file(
        'try:\n    from html import escape, escape_all\nexcept ImportError:\n    def escape(s):\n        return s',
      ),
    ],
    [
      'a fallback def under a bare except, after a statement that can fail',
      file(
        'try:\n    from html import escape\n    CONFIG = open("/etc/app.conf").read()\nexcept:\n    def escape(s):\n        return s',
      ),
    ],
    [
      'a fallback def under a bare except',
      file('try:\n    from html import escape\nexcept:\n    def escape(s):\n        return s'),
    ],
  ])('reported: %s', async (_what, { text, last }) => {
    expect(await ids(text)).toEqual([`xss@${last}`]);
  });

  it.each([
    ['escape = html.escape', file('import html\nescape = html.escape')],
    ['escape = html.escape in the route', file('import html', `    escape = html.escape\n${page()}`)],
    ['an alias of an alias', file('import html\nesc = html.escape\nescape = esc')],
    ['from html import escape', file('from html import escape')],
    [
      'a fallback def in the ImportError handler of html',
      file('try:\n    from html import escape\nexcept ImportError:\n    def escape(s):\n        return s'),
    ],
    [
      'a fallback import',
      file('try:\n    from markupsafe import escape\nexcept ImportError:\n    from html import escape'),
    ],
    [
      'a fallback def that escapes by hand',
      file(
        'try:\n    from markupsafe import escape\nexcept ImportError:\n    def escape(s):\n        return s.replace("&", "&amp;").replace("<", "&lt;")',
      ),
    ],
  ])('quiet: %s', async (_what, { text }) => {
    expect(await ids(text)).toEqual([]);
  });
});

/** What a fallback `def` does itself always counts: the handler is trusted away only to decide what cleans. */
describe('a fallback def in an ImportError handler', () => {
  const codeInjection = async (code: string) =>
    (await analyzeSource({ source: code, language: 'python', file: 'app/views.py', ruleSet }))
      .map((finding) => `${finding.ruleId}@${finding.line}`)
      .filter((id) => id.startsWith('code-injection@'));
  const route = (preamble: string) =>
    file(
      `${preamble}\n    def loads(s):\n        return eval(s)`,
      '    return str(loads(request.args["x"]))',
    );
  it.each([
    [
      'beside an import of a module that may be missing',
      route('try:\n    import yaml\n    from json import loads\nexcept ImportError:'),
    ],
    ['beside an import that cannot fail', route('try:\n    from json import loads\nexcept ImportError:')],
  ])('its sink counts: %s', async (_what, { text }) => {
    expect(await codeInjection(text)).toEqual([
      `code-injection@${text.split('\n').findIndex((line) => line.includes('eval(')) + 1}`,
    ]);
  });
});

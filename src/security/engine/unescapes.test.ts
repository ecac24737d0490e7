import { describe, expect, it } from 'vitest';
import { findingIds, ruleLines } from '../../../test/support/rule-findings.js';
import { assignmentWork } from './unescapes.js';

/**
 * Review r25 (w111): an escape followed by an unescape is no escape. Text escaped for HTML and then given to a call
 * that turns entities back (`html.unescape`, `Markup.unescape`, `he.decode`), a replacement that puts an entity
 * back (`re.sub("&lt;", "<", …)`, a compiled pattern's `sub`, a loop over a table of entities, `str.translate`),
 * was reported clean. Each such shape is XSS again; an escape applied last keeps it clean.
 */
/** the lines of the XSS findings */
const xss = (source: string, language: 'python' | 'javascript') => ruleLines(source, 'xss', { language });

const flask = (imports: string, body: string) =>
  `${imports}\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    q = request.args.get("q")\n${body}\n`;
const express = (imports: string, body: string) =>
  `${imports}\nconst app = require("express")();\napp.get("/r", (req, res) => {\n  const q = req.query.q;\n${body}\n});\n`;
const lastLine = (code: string) => code.trimEnd().split('\n').length - (code.includes('app.get(') ? 1 : 0);

describe('escaping undone in Python', () => {
  it.each([
    ['html.unescape', 'import html', '    return html.unescape(html.escape(q))'],
    [
      'a second unescape after escaping again',
      'import html',
      '    return html.unescape(html.escape(html.unescape(html.escape(q))))',
    ],
    ['Markup.unescape of an escape', 'import markupsafe', '    return markupsafe.escape(q).unescape()'],
    [
      'Markup.unescape called on the class',
      'from markupsafe import Markup, escape',
      '    return Markup.unescape(escape(q))',
    ],
    ['Markup.striptags', 'from markupsafe import escape', '    return escape(q).striptags()'],
    [
      'xml.sax.saxutils.unescape',
      'from xml.sax.saxutils import escape, unescape',
      '    return unescape(escape(q))',
    ],
    [
      'HTMLParser().unescape',
      'import html\nfrom html.parser import HTMLParser',
      '    return HTMLParser().unescape(html.escape(q))',
    ],
    [
      'urllib.parse.unquote',
      'import html\nfrom urllib.parse import unquote',
      '    return unquote(html.escape(q))',
    ],
    ['re.sub of an entity', 'import html, re', '    return re.sub("&lt;", "<", html.escape(q))'],
    [
      're.sub of entities by a group',
      'import html, re',
      '    return re.sub(r"&(lt|gt);", lambda m: "<" if m.group(1) == "lt" else ">", html.escape(q))',
    ],
    ['re.subn', 'import html, re', '    return re.subn("&#60;", "<", html.escape(q))[0]'],
    [
      'sub imported from re',
      'import html\nfrom re import sub',
      '    return sub("&lt;", "<", html.escape(q))',
    ],
    [
      'a compiled pattern of an entity',
      'import html, re\nLT = re.compile("&lt;")',
      '    return LT.sub("<", html.escape(q))',
    ],
    [
      'a lone character put in place of other text',
      'import html',
      '    return html.escape(q).replace("[", "<")',
    ],
    [
      'translate with a table that writes <',
      'import html',
      '    return html.escape(q).translate(str.maketrans("[]", "<>"))',
    ],
    [
      'translate with a dict bound earlier',
      'import html',
      '    table = {ord("["): "<"}\n    return html.escape(q).translate(table)',
    ],
    [
      'a loop over pairs of entities',
      'import html',
      '    s = html.escape(q)\n    for a, b in [("&lt;", "<"), ("&gt;", ">")]:\n        s = s.replace(a, b)\n    return s',
    ],
    [
      "a loop over a module dict's items",
      'import html\nPAIRS = {"&lt;": "<", "&gt;": ">"}',
      '    s = html.escape(q)\n    for a, b in PAIRS.items():\n        s = s.replace(a, b)\n    return s',
    ],
  ])('%s after an escape is XSS again', async (_what, imports, body) => {
    const code = flask(imports, body);
    expect(await xss(code, 'python')).toEqual([lastLine(code)]);
  });

  it.each([
    ['an escape applied last', 'import html', '    return html.escape(html.unescape(q))'],
    [
      'markupsafe.escape after unescape',
      'import html, markupsafe',
      '    return markupsafe.escape(html.unescape(q))',
    ],
    [
      're.sub writing markup of its own',
      'import html, re',
      '    return re.sub("\\n", "<br>", html.escape(q))',
    ],
    ['a replace that escapes once more', 'import html', '    return html.escape(q).replace("\'", "&#39;")'],
    ['a replace of another entity', 'import html', '    return html.escape(q).replace("&nbsp;", " ")'],
    [
      'translate with a table that writes entities',
      'import html',
      '    return html.escape(q).translate({ord("\\n"): "<br>", ord("\\t"): "&#9;"})',
    ],
    [
      'a loop over pairs that escape',
      'import html',
      '    s = html.escape(q)\n    for a, b in [("\\n", "<br>"), ("\\t", "&nbsp;")]:\n        s = s.replace(a, b)\n    return s',
    ],
    [
      'a compiled pattern of other text',
      'import html, re\nNL = re.compile("\\n")',
      '    return NL.sub("<br>", html.escape(q))',
    ],
  ])('%s stays clean', async (_what, imports, body) => {
    expect(await xss(flask(imports, body), 'python')).toEqual([]);
  });
});

describe('escaping undone in JavaScript', () => {
  it.each([
    [
      'he.decode',
      'const he = require("he");\nconst escapeHtml = require("escape-html");',
      '  res.send(he.decode(escapeHtml(q)));',
    ],
    ['lodash unescape', 'const _ = require("lodash");', '  res.send(_.unescape(_.escape(q)));'],
    [
      'a replace of an entity by a regular expression',
      'const escapeHtml = require("escape-html");',
      '  res.send(escapeHtml(q).replace(/&lt;/g, "<"));',
    ],
    [
      'decodeURIComponent',
      'const escapeHtml = require("escape-html");',
      '  res.send(decodeURIComponent(escapeHtml(q)));',
    ],
    [
      'a loop over pairs of entities',
      'const escapeHtml = require("escape-html");',
      '  let s = escapeHtml(q);\n  for (const [a, b] of [["&lt;", "<"], ["&gt;", ">"]]) s = s.replaceAll(a, b);\n  res.send(s);',
    ],
  ])('%s after an escape is XSS again', async (_what, imports, body) => {
    const code = express(imports, body);
    expect(await xss(code, 'javascript')).toEqual([lastLine(code)]);
  });

  it.each([
    [
      'an escape applied last',
      'const he = require("he");\nconst escapeHtml = require("escape-html");',
      '  res.send(escapeHtml(he.decode(q)));',
    ],
    [
      'a replace writing markup of its own',
      'const escapeHtml = require("escape-html");',
      '  res.send(escapeHtml(q).replace(/\\n/g, "<br>"));',
    ],
  ])('%s stays clean', async (_what, imports, body) => {
    expect(await xss(express(imports, body), 'javascript')).toEqual([]);
  });
});

describe("a helper of the file that undoes its caller's escape", () => {
  const helper = (helpers: string, body: string) =>
    `import html\nfrom flask import Flask, request, Response\napp = Flask(__name__)\n\n${helpers}\n\n@app.route("/r")\ndef r():\n    q = request.args.get("q")\n${body}\n`;
  it.each([
    [
      'returns html.unescape of its parameter',
      'def show(s):\n    return html.unescape(s)',
      '    return show(html.escape(q))',
    ],
    [
      'returns its parameter with an entity put back',
      'def show(s):\n    return s.replace("&lt;", "<")',
      '    return show(html.escape(q))',
    ],
    [
      'hands its parameter to another that unescapes',
      'def show(s):\n    return html.unescape(s)\n\ndef wrap(s):\n    return show(s)',
      '    return wrap(html.escape(q))',
    ],
  ])('%s: XSS at the route', async (_what, helpers, body) => {
    const code = helper(helpers, body);
    expect(await xss(code, 'python')).toEqual([lastLine(code)]);
  });

  // Review r26: the mark of an unescape once made hid every later one (`Taint.undone` was never reset).
  it.each([
    [
      'a helper that unescapes and escapes again, then an entity put back',
      'def normalise(s):\n    return html.escape(html.unescape(s))',
      '    t = normalise(q)\n    return t.replace("&lt;", "<")',
    ],
    [
      'a helper that unescapes and escapes again, then html.unescape',
      'def normalise(s):\n    return html.escape(html.unescape(s))',
      '    return html.unescape(normalise(q))',
    ],
    [
      'data unescaped once, merged with fresh data, escaped and unescaped',
      '',
      '    a = html.unescape(html.escape(request.args["a"]))\n    b = html.escape(a + q)\n    return html.unescape(b)',
    ],
  ])('%s: XSS, however often it was unescaped before', async (_what, helpers, body) => {
    const code = helper(helpers, body);
    expect(await xss(code, 'python')).toEqual([lastLine(code)]);
  });

  // Review r26: a helper with several parameters undoes the escape of the one it unescapes, not of the others.
  it('unescapes one parameter and escaped text comes in another: clean', async () => {
    const code = helper(
      'TEMPLATE = "&lt;hr&gt;"\n\ndef card(body, name):\n    return html.unescape(body) + "<b>" + name + "</b>"',
      '    return card(TEMPLATE, html.escape(q))',
    );
    expect(await xss(code, 'python')).toEqual([]);
  });
  it('unescapes one parameter and escaped text comes in it: XSS', async () => {
    const code = helper(
      'def card(body, name):\n    return html.unescape(body) + "<b>" + name + "</b>"',
      '    return card(html.escape(q), "x")',
    );
    expect(await xss(code, 'python')).toEqual([lastLine(code)]);
  });

  it('a JavaScript helper that decodes and escapes again, then he.decode: XSS', async () => {
    const code = express(
      'const he = require("he");\nconst escapeHtml = require("escape-html");\nfunction normalise(s) { return escapeHtml(he.decode(s)); }',
      '  res.send(he.decode(normalise(q)));',
    );
    expect(await xss(code, 'javascript')).toEqual([lastLine(code)]);
  });

  it('builds a response of its parameter unescaped: XSS where the route returns it', async () => {
    const code = helper(
      'def page(s):\n    return Response(html.unescape(s))',
      '    return page(html.escape(q))',
    );
    expect(await xss(code, 'python')).toEqual([lastLine(code)]);
  });

  it.each([
    ['escapes again what it unescaped', 'def show(s):\n    return html.escape(html.unescape(s))'],
    ['puts its parameter into markup of its own', 'def show(s):\n    return "<p>" + s + "</p>"'],
  ])('%s: clean', async (_what, helpers) => {
    expect(await xss(helper(helpers, '    return show(html.escape(q))'), 'python')).toEqual([]);
  });
});

describe('the cost of reading translate tables', () => {
  // Review r26: each `.translate(T)` read every statement of its function and module again (16,000 calls: 1.2 →
  // 12.9 s). The assignments of a scope are indexed once; the work grows with the file, not with its square.
  const translations = (count: number) =>
    flask(
      'import html\nT = {ord("a"): "b"}',
      `    s = html.escape(q)\n${Array.from({ length: count }, (_, i) => `    t${i} = s.translate(T)`).join('\n')}\n    return t0`,
    );
  it('reads each statement of the function and the module about once, however many calls translate', async () => {
    const count = 400;
    assignmentWork.statements = 0;
    expect(await xss(translations(count), 'python')).toEqual([]);
    // the route's statements (count + 3) and the module's (6), with room for a second pass of the interpreter
    expect(assignmentWork.statements).toBeLessThanOrEqual(2 * (count + 3 + 6));
    expect(assignmentWork.statements).toBeGreaterThan(0);
  });
  it('still reads a table that writes markup: XSS', async () => {
    const code = flask(
      'import html\nT = {ord("["): "<"}',
      '    s = html.escape(q)\n    t = s.translate(T)\n    return t',
    );
    expect(await xss(code, 'python')).toEqual([lastLine(code)]);
  });
});

describe('a URL decoder undoes what any encoding or quoting cleared', () => {
  // Review r26: `unquote(quote(q))` is q again; a decoder turns `%0d%0a`, `%27`, `%2f` back whatever cleared them.
  const rules = async (source: string, language: 'python' | 'javascript') =>
    (await findingIds(source, { language })).map((id) => id.replace('@', ':'));
  it.each([
    [
      'header-injection',
      'from urllib.parse import quote, unquote\nfrom flask import make_response',
      '    resp = make_response("ok")\n    resp.headers["X-Name"] = unquote(quote(q))\n    return resp',
      1,
    ],
    [
      'log-injection',
      'import logging\nfrom urllib.parse import quote, unquote\nlog = logging.getLogger(__name__)',
      '    log.info("user " + unquote(quote(q)))\n    return "ok"',
      1,
    ],
    [
      'command-injection',
      'import os, shlex\nfrom urllib.parse import unquote',
      '    os.system("ls " + unquote(shlex.quote(q)))\n    return "ok"',
      1,
    ],
    [
      'partial-ssrf',
      'import requests\nfrom urllib.parse import quote, unquote',
      '    return requests.get("https://api.example.com/users/" + unquote(quote(q, safe=""))).text',
      0,
    ],
  ])('%s, Python', async (rule, imports, body, fromEnd) => {
    const code = flask(imports, body);
    expect(await rules(code, 'python')).toContain(`${rule}:${lastLine(code) - fromEnd}`);
  });
  it.each([
    [
      'header-injection',
      '  res.setHeader("X-Name", decodeURIComponent(encodeURIComponent(q)));\n  res.send("ok");',
    ],
    [
      'log-injection',
      '  console.log("user " + decodeURIComponent(encodeURIComponent(q)));\n  res.send("ok");',
    ],
  ])('%s, JavaScript', async (rule, body) => {
    const code = express('', body);
    expect(await rules(code, 'javascript')).toContain(`${rule}:${lastLine(code) - 1}`);
  });
  it.each([
    [
      'the encoder applied last',
      'from urllib.parse import quote, unquote\nfrom flask import make_response',
      '    resp = make_response("ok")\n    resp.headers["X-Name"] = quote(unquote(q))\n    return resp',
    ],
    [
      'shlex.quote applied last',
      'import os, shlex\nfrom urllib.parse import unquote',
      '    os.system("ls " + shlex.quote(unquote(q)))\n    return "ok"',
    ],
  ])('%s stays clean', async (_what, imports, body) => {
    expect(await rules(flask(imports, body), 'python')).toEqual([]);
  });
});

describe('a pattern of any entity with a replacement that is not a constant', () => {
  // Review r26: `re.sub(r"&(\w+);", lookup, s)` undoes the escape as `html.unescape` does.
  it.each([
    [
      're.sub of &(\\w+); with a function',
      're.sub(r"&(\\w+);", lambda m: ENT.get(m.group(1), m.group(0)), s)',
    ],
    ['re.sub of &([a-z]+); with a function', 're.sub(r"&([a-z]+);", lambda m: ENT.get(m.group(1), ""), s)'],
    ['re.sub of &([^;]+); with a function', 're.sub(r"&([^;]+);", lambda m: ENT.get(m.group(1), ""), s)'],
    ['a named group', 're.sub(r"&(?P<name>\\w+);", lambda m: ENT.get(m.group("name"), ""), s)'],
  ])('%s: XSS', async (_what, call) => {
    const code = flask(
      'import html, re\nENT = {"lt": "<", "gt": ">"}',
      `    s = html.escape(q)\n    return ${call}`,
    );
    expect(await xss(code, 'python')).toEqual([lastLine(code)]);
  });
  it('JavaScript /&\\w+;/g with a function: XSS', async () => {
    const code = express(
      'const escapeHtml = require("escape-html");\nconst ENT = { "&lt;": "<" };',
      '  res.send(escapeHtml(q).replace(/&\\w+;/g, (m) => ENT[m] || m));',
    );
    expect(await xss(code, 'javascript')).toEqual([lastLine(code)]);
  });
  it.each([
    ['entities removed', 're.sub(r"&(\\w+);", "", s)'],
    ['entities replaced by one constant', 're.sub(r"&\\w+;", "?", s)'],
  ])('%s: clean', async (_what, call) => {
    const code = flask('import html, re', `    s = html.escape(q)\n    return ${call}`);
    expect(await xss(code, 'python')).toEqual([]);
  });
});

describe('a replace written as a split and a join', () => {
  // Review r26. JavaScript's `s.split("&lt;").join("<")` is not reported yet (not found why in time).
  it('Python "<".join(s.split("&lt;")): XSS', async () => {
    const code = flask('import html', '    s = html.escape(q)\n    return "<".join(s.split("&lt;"))');
    expect(await xss(code, 'python')).toEqual([lastLine(code)]);
  });
  it('a join of lines by a line break: clean', async () => {
    const code = flask('import html', '    s = html.escape(q)\n    return "<br>".join(s.split("\\n"))');
    expect(await xss(code, 'python')).toEqual([]);
  });
});

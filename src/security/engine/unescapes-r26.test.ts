import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * Review r26's shapes left by w118 (w122): an escape undone by a split and a join in JavaScript, a replace called
 * through its class, `map` of an unescaper, a loop over a table built by `zip`, `enumerate`, a comprehension,
 * `dict(…)` or looked up by index, a library's decoder (entities, w3lib, BeautifulSoup, lxml), and a helper of the
 * file that URL-decodes its parameter. Each is the rule's finding again; an escape applied last keeps it clean.
 */
/** each finding as `rule:line` */
const findings = async (source: string, language: 'python' | 'javascript') =>
  (await findingIds(source, { language })).map((id) => id.replace('@', ':'));

const flask = (imports: string, body: string) =>
  `${imports}\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    q = request.args.get("q")\n${body}\n`;
const express = (imports: string, body: string) =>
  `${imports}\nconst app = require("express")();\napp.get("/r", (req, res) => {\n  const q = req.query.q;\n${body}\n});\n`;
const lines = (code: string) => code.trimEnd().split('\n').length;

describe('escaping undone in Python, the shapes r26 left', () => {
  it.each([
    ['str.replace called unbound', 'import html', '    return str.replace(html.escape(q), "&lt;", "<")'],
    ['map of html.unescape', 'import html', '    return "".join(map(html.unescape, [html.escape(q)]))'],
    [
      'a loop over zip of two lists',
      'import html\nENT = ["&lt;", "&gt;"]\nCH = ["<", ">"]',
      '    s = html.escape(q)\n    for a, b in zip(ENT, CH):\n        s = s.replace(a, b)\n    return s',
    ],
    [
      'a loop over enumerate, the replacement looked up by index',
      'import html\nENT = ["&lt;", "&gt;"]\nCH = ["<", ">"]',
      '    s = html.escape(q)\n    for i, a in enumerate(ENT):\n        s = s.replace(a, CH[i])\n    return s',
    ],
    [
      'a loop over a dict comprehension',
      'import html\nPAIRS = {"&" + k + ";": v for k, v in [("lt", "<"), ("gt", ">")]}',
      '    s = html.escape(q)\n    for a, b in PAIRS.items():\n        s = s.replace(a, b)\n    return s',
    ],
    [
      'a loop over a list comprehension of f-strings',
      'import html\nPAIRS = [(f"&{k};", v) for k, v in [("lt", "<"), ("gt", ">")]]',
      '    s = html.escape(q)\n    for a, b in PAIRS:\n        s = s.replace(a, b)\n    return s',
    ],
    [
      'a loop over dict() of pairs',
      'import html\nPAIRS = dict([("&lt;", "<"), ("&gt;", ">")])',
      '    s = html.escape(q)\n    for a, b in PAIRS.items():\n        s = s.replace(a, b)\n    return s',
    ],
    [
      'a loop whose pairs are indexed',
      'import html\nPAIRS = [("&lt;", "<"), ("&gt;", ">")]',
      '    s = html.escape(q)\n    for p in PAIRS:\n        s = s.replace(p[0], p[1])\n    return s',
    ],
    [
      'a loop whose pairs are spread into replace',
      'import html\nPAIRS = [("&lt;", "<"), ("&gt;", ">")]',
      '    s = html.escape(q)\n    for p in PAIRS:\n        s = s.replace(*p)\n    return s',
    ],
    [
      'w3lib replace_entities',
      'import html\nfrom w3lib.html import replace_entities',
      '    return replace_entities(html.escape(q))',
    ],
    [
      'BeautifulSoup get_text',
      'import html\nfrom bs4 import BeautifulSoup',
      '    return BeautifulSoup(html.escape(q), "html.parser").get_text()',
    ],
    [
      'BeautifulSoup .text',
      'import html\nfrom bs4 import BeautifulSoup',
      '    return BeautifulSoup(html.escape(q), "html.parser").text',
    ],
    [
      'BeautifulSoup .string of a soup held by a name',
      'import html\nfrom bs4 import BeautifulSoup',
      '    soup = BeautifulSoup(html.escape(q), "html.parser")\n    return soup.string',
    ],
    [
      'lxml text_content',
      'import html as h\nfrom lxml import html',
      '    return html.fromstring("<p>" + h.escape(q) + "</p>").text_content()',
    ],
    [
      're.sub of a named group of entities',
      'import html, re',
      '    return re.sub(r"&(?P<n>lt|gt);", lambda m: {"lt": "<", "gt": ">"}[m.group("n")], html.escape(q))',
    ],
    [
      're.sub of &(l|g)t;',
      'import html, re',
      '    return re.sub(r"&(l|g)t;", lambda m: "<" if m.group(1) == "l" else ">", html.escape(q))',
    ],
    [
      'xml.sax.saxutils.unescape by its full name',
      'import html\nimport xml.sax.saxutils',
      '    return xml.sax.saxutils.unescape(html.escape(q))',
    ],
  ])('%s after an escape is XSS again', async (_what, imports, body) => {
    const code = flask(imports, body);
    expect(await findings(code, 'python')).toEqual([`xss:${lines(code)}`]);
  });

  it.each([
    [
      'str.replace unbound, escaping again',
      'import html',
      '    return str.replace(html.escape(q), "\'", "&#39;")',
    ],
    [
      'map of another function over escaped text',
      'import html',
      '    return "".join(map(str.strip, [html.escape(q)]))',
    ],
    [
      'a loop over zip of escaping pairs',
      'import html\nFROM = ["\\n", "\\t"]\nTO = ["<br>", "&nbsp;"]',
      '    s = html.escape(q)\n    for a, b in zip(FROM, TO):\n        s = s.replace(a, b)\n    return s',
    ],
    [
      'a loop of escaping pairs spread into replace',
      'import html\nPAIRS = [("\\n", "<br>"), ("\\t", "&nbsp;")]',
      '    s = html.escape(q)\n    for p in PAIRS:\n        s = s.replace(*p)\n    return s',
    ],
    [
      'a comprehension table of other text',
      'import html\nPAIRS = {k: k.upper() for k in ["a", "b"]}',
      '    s = html.escape(q)\n    for a, b in PAIRS.items():\n        s = s.replace(a, b)\n    return s',
    ],
    [
      're.sub of a named group of another entity',
      'import html, re',
      '    return re.sub(r"&(?P<n>nbsp);", " ", html.escape(q))',
    ],
    [
      'BeautifulSoup text escaped last',
      'import html\nfrom bs4 import BeautifulSoup',
      '    return html.escape(BeautifulSoup(q, "html.parser").get_text())',
    ],
  ])('%s stays clean', async (_what, imports, body) => {
    expect(await findings(flask(imports, body), 'python')).toEqual([]);
  });
});

describe('escaping undone in JavaScript, the shapes r26 left', () => {
  const escapeHtml = 'const escapeHtml = require("escape-html");';
  it.each([
    ['a split and a join', escapeHtml, '  res.send(escapeHtml(q).split("&lt;").join("<"));'],
    [
      'a split and a join over a table',
      `${escapeHtml}\nconst MAP = { "&lt;": "<", "&gt;": ">" };`,
      '  let s = escapeHtml(q);\n  for (const k in MAP) s = s.split(k).join(MAP[k]);\n  res.send(s);',
    ],
    [
      'a named group of entities with a function',
      escapeHtml,
      '  res.send(escapeHtml(q).replace(/&(?<n>lt|gt);/g, (m, n) => (n === "lt" ? "<" : ">")));',
    ],
    [
      'String.prototype.replace.call',
      escapeHtml,
      '  res.send(String.prototype.replace.call(escapeHtml(q), /&lt;/g, "<"));',
    ],
    [
      'entities decodeHTML5',
      `${escapeHtml}\nconst { decodeHTML5 } = require("entities");`,
      '  res.send(decodeHTML5(escapeHtml(q)));',
    ],
    [
      'entities decode',
      `${escapeHtml}\nconst entities = require("entities");`,
      '  res.send(entities.decode(escapeHtml(q)));',
    ],
    [
      'he.decode by map',
      `${escapeHtml}\nconst he = require("he");`,
      '  res.send([escapeHtml(q)].map(he.decode).join(""));',
    ],
  ])('%s after an escape is XSS again', async (_what, imports, body) => {
    const code = express(imports, body);
    expect(await findings(code, 'javascript')).toEqual([`xss:${lines(code) - 1}`]);
  });

  it.each([
    [
      'a split and a join by a line break',
      escapeHtml,
      '  res.send(escapeHtml(q).split("\\n").join("<br>"));',
    ],
    [
      'entities decode then escaped',
      `${escapeHtml}\nconst { decodeHTML5 } = require("entities");`,
      '  res.send(escapeHtml(decodeHTML5(q)));',
    ],
  ])('%s stays clean', async (_what, imports, body) => {
    expect(await findings(express(imports, body), 'javascript')).toEqual([]);
  });
});

describe("a helper of the file that URL-decodes undoes every rule's clearing for its callers", () => {
  // Review r26: the direct `unquote(quote(q))` was mended for every rule; a `def dec(p): return unquote(p)` undid
  // only XSS and XML clearing (the summary's mark was for escapes).
  it.each([
    [
      'command-injection',
      'import os, shlex\nfrom urllib.parse import unquote\n\ndef dec(p):\n    return unquote(p)',
      '    os.system("ls " + dec(shlex.quote(q)))\n    return "ok"',
    ],
    [
      'header-injection',
      'from urllib.parse import quote, unquote\nfrom flask import make_response\n\ndef dec(p):\n    return unquote(p)',
      '    resp = make_response("ok")\n    resp.headers["X-Name"] = dec(quote(q))\n    return resp',
    ],
  ])('%s through the helper', async (rule, imports, body) => {
    const code = flask(imports, body);
    expect(await findings(code, 'python')).toContain(`${rule}:${lines(code) - 1}`);
  });
  it('command-injection in a helper that decodes its parameter, at its sink', async () => {
    const code = flask(
      'import os, shlex\nfrom urllib.parse import unquote\n\ndef run(p):\n    os.system("ls " + unquote(p))',
      '    run(shlex.quote(q))\n    return "ok"',
    );
    expect(await findings(code, 'python')).toEqual(['command-injection:5']);
  });

  it.each([
    [
      'the helper quotes again after decoding',
      'import os, shlex\nfrom urllib.parse import unquote\n\ndef dec(p):\n    return shlex.quote(unquote(p))',
      '    os.system("ls " + dec(shlex.quote(q)))\n    return "ok"',
    ],
    [
      'the caller quotes after the helper decoded',
      'import os, shlex\nfrom urllib.parse import unquote\n\ndef dec(p):\n    return unquote(p)',
      '    os.system("ls " + shlex.quote(dec(q)))\n    return "ok"',
    ],
  ])('%s: clean', async (_what, imports, body) => {
    expect(await findings(flask(imports, body), 'python')).toEqual([]);
  });
});

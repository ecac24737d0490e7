import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * w136: a query string's parsers decode what a URL encoder or quoting cleared, and text folded from a literal
 * not as it reads (`"\x41".lower()`) or by a case change decides a condition only by its true value.
 */
const flask = (body: string) =>
  `import os\nfrom urllib.parse import quote, parse_qs, parse_qsl\nfrom flask import Flask, request, make_response\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n${body}\n`;

describe('query-string parsers decode', () => {
  it('parse_qs and parse_qsl undo quote in a header', async () => {
    const header = (value: string) =>
      flask(`    resp = make_response("ok")\n    resp.headers["X-A"] = ${value}\n    return resp`);
    expect(await findingIds(header('parse_qs("v=" + quote(request.args.get("q")))["v"][0]'))).toEqual([
      'header-injection@9',
    ]);
    expect(await findingIds(header('parse_qsl("v=" + quote(request.args.get("q")))[0][1]'))).toEqual([
      'header-injection@9',
    ]);
    expect(await findingIds(header('quote(request.args.get("q"))'))).toEqual([]);
  });

  it('URLSearchParams undoes encodeURIComponent in a header', async () => {
    const code =
      'const app = require("express")();\napp.get("/r", (req, res) => {\n' +
      '  const v = new URLSearchParams("v=" + encodeURIComponent(req.query.q)).get("v");\n  res.setHeader("X-A", v);\n  res.send("ok");\n});\n';
    expect(await findingIds(code, { language: 'javascript' })).toEqual(['header-injection@4']);
  });
});

describe('folded text decides a condition only by its value', () => {
  const guarded = (condition: string) =>
    flask(`    if ${condition}:\n        os.system(request.args.get("q"))\n    return "ok"`);

  it('text folded from an escaped literal decides nothing', async () => {
    expect(await findingIds(guarded('"\\x41".lower() == "a"'))).toEqual(['command-injection@9']);
    expect(await findingIds(guarded('"%s" % "\\x41" == "A"'))).toEqual(['command-injection@9']);
    expect(await findingIds(guarded('"\\x41B".replace("B", "") == "A"'))).toEqual(['command-injection@9']);
  });

  it('a case change of plain text is folded to what it gives', async () => {
    expect(await findingIds(guarded('"ABC".lower() == "abc"'))).toEqual(['command-injection@9']);
    expect(await findingIds(guarded('"ab".upper() == "xy"'))).toEqual([]);
  });

  it('another known call decides nothing', async () => {
    expect(await findingIds(guarded('"ab".encode() == "ab"'))).toEqual(['command-injection@9']);
  });
});

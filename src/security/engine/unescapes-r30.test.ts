import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * Review r30 of w122's unescapes (w129): a variable named `str` is no class (its own `.replace` is the method's),
 * and a comprehension whose pairs are constants keeps each pair's direction, so a table that escapes is no
 * unescaping one.
 */
/** each finding as `rule:line` */
const findings = async (source: string, language: 'python' | 'javascript') =>
  (await findingIds(source, { language })).map((id) => id.replace('@', ':'));

describe('a variable named str', () => {
  it('Python: str.replace of a local str undoes the escape it holds', async () => {
    const code =
      'import html\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n' +
      '    str = html.escape(request.args.get("q"))\n    return str.replace("&lt;", "<")\n';
    expect(await findings(code, 'python')).toEqual(['xss:8']);
  });

  it('JavaScript: str.replace of a const str undoes the escape it holds', async () => {
    const code =
      'const escapeHtml = require("escape-html");\nconst app = require("express")();\n' +
      'app.get("/r", (req, res) => {\n  const str = escapeHtml(req.query.q);\n  res.send(str.replace(/&lt;/g, "<"));\n});\n';
    expect(await findings(code, 'javascript')).toEqual(['xss:5']);
  });

  it('the built-in str.replace given the text first still undoes it', async () => {
    const code =
      'import html\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n' +
      '    return str.replace(html.escape(request.args.get("q")), "&lt;", "<")\n';
    expect(await findings(code, 'python')).toEqual(['xss:7']);
  });
});

describe('a comprehension table of constant pairs keeps their direction', () => {
  const flask = (table: string) =>
    `import html\nfrom flask import Flask, request\napp = Flask(__name__)\n${table}\n\n@app.route("/r")\ndef r():\n` +
    '    s = html.escape(request.args.get("q"))\n    for a, b in T.items():\n        s = s.replace(a, b)\n    return s\n';

  it('a table that escapes stays clean', async () => {
    expect(await findings(flask('T = {c: e for c, e in [("<", "&lt;"), (">", "&gt;")]}'), 'python')).toEqual(
      [],
    );
  });

  it('the same table the other way round undoes the escape', async () => {
    expect(await findings(flask('T = {e: c for c, e in [("<", "&lt;"), (">", "&gt;")]}'), 'python')).toEqual([
      'xss:11',
    ]);
  });

  it('an unescaping table whose keys are built from the pairs is still read', async () => {
    expect(
      await findings(flask('T = {"&" + k + ";": v for k, v in [("lt", "<"), ("gt", ">")]}'), 'python'),
    ).toEqual(['xss:11']);
  });
});

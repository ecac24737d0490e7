import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

/**
 * Issue 59, round 9 (w103): what a framework or the DB-API does by default, read from the safe programs of
 * SALLM's tuning part that the gate flagged for another rule than their prompt's (each such flag blocks the gate
 * for a user). Flask's `render_template_string` escapes every variable it is given; a dict a Flask route returns
 * is sent as JSON; the rows of a parameterised query are the database's, not the parameters'. Each case has the
 * safe program's shape and its vulnerable twin, which stays reported.
 */
const ruleSet = defaultRuleSet();
const ids = async (code: string) =>
  (await analyzeSource({ source: code, language: 'python', file: 'app/views.py', ruleSet }))
    .map((finding) => `${finding.ruleId}@${finding.line}`)
    .sort();
const only = (found: string[], rule: string) => found.filter((id) => id.startsWith(`${rule}@`));

const route = (imports: string, body: string) =>
  `${imports}\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n${body}\n`;
/** The line of the route's last statement (where each case's finding, if any, is reported). */
const lastLine = (code: string) => code.trimEnd().split('\n').length;

describe("Flask's render_template_string escapes the variables it is given", () => {
  const imports = 'from flask import render_template_string';
  // [what, route body, reported]
  it.each([
    [
      'a constant template, the request data as a variable (SALLM SS_cwe094_0)',
      '    username = request.args.get("username")\n    return render_template_string("<p>Hello {{ username }}</p>", username=username)',
      false,
    ],
    [
      'the template bound to a name first',
      '    t = "<p>Hello {{user}}</p>"\n    return render_template_string(t, user=request.args.get("user"))',
      false,
    ],
    [
      'a template that extends a page of the application',
      '    t = """{% extends "base.html" %}{% block content %}<p>{{ v }}</p>{% endblock %}"""\n    return render_template_string(t, v=request.args["v"])',
      false,
    ],
    [
      'the variable marked safe in the template',
      '    return render_template_string("<p>{{ name|safe }}</p>", name=request.args["name"])',
      true,
    ],
    [
      'escaping turned off in the template',
      '    return render_template_string("{% autoescape false %}<p>{{ name }}</p>{% endautoescape %}", name=request.args["name"])',
      true,
    ],
    [
      'the variable inside a script block',
      '    return render_template_string("<script>var n = {{ name }};</script>", name=request.args["name"])',
      true,
    ],
    [
      'the variable in a link (a javascript: URL passes escaping)',
      '    return render_template_string(\'<a href="{{ url }}">go</a>\', url=request.args["url"])',
      true,
    ],
    [
      'the variable in an unquoted attribute',
      '    return render_template_string("<p class={{ c }}>x</p>", c=request.args["c"])',
      true,
    ],
    [
      'the template built from the request (the vulnerable twin)',
      '    username = request.args.get("username")\n    return render_template_string(f"<p>Hello {username}</p>")',
      true,
    ],
    [
      'a template that is not a constant',
      '    t = request.args.get("t")\n    return render_template_string(t, name=request.args["name"])',
      true,
    ],
  ])('%s', async (_what, body, reported) => {
    const code = route(imports, body);
    expect(only(await ids(code), 'xss').includes(`xss@${lastLine(code)}`)).toBe(reported);
  });

  it('the application turns escaping off: the variable is reported', async () => {
    const code = route(
      imports,
      '    return render_template_string("<p>Hello {{ username }}</p>", username=request.args["username"])',
    ).replace('app = Flask(__name__)\n', 'app = Flask(__name__)\napp.jinja_env.autoescape = False\n');
    expect(only(await ids(code), 'xss')).toEqual([`xss@${lastLine(code)}`]);
  });

  it("jinja2's own Template does not escape by default: still reported", async () => {
    const code = route(
      'from jinja2 import Template',
      '    return Template("<p>{{ n }}</p>").render(n=request.args["n"])',
    );
    expect(only(await ids(code), 'xss')).toEqual([`xss@${lastLine(code)}`]);
  });
});

describe('a dict a Flask route returns is sent as JSON', () => {
  // [what, route body, reported]
  it.each([
    [
      'a dict literal (SALLM cwe089_0)',
      '    title = request.args.get("title")\n    return {"title": title}',
      false,
    ],
    ['a dict literal with a status', '    return {"q": request.args["q"]}, 400', false],
    ['a dict bound to a name first', '    out = {"q": request.args["q"], "n": 1}\n    return out', false],
    [
      'a dict with headers that may set the Content-Type',
      '    return {"q": request.args["q"]}, 200, {"Content-Type": "text/html"}',
      true,
    ],
    ['the same data as text (the vulnerable twin)', '    return "<p>" + request.args["q"] + "</p>"', true],
    ['a list (Bottle joins it into the page)', '    return ["<p>", request.args["q"], "</p>"]', true],
    [
      'a dict on one path, text on the other',
      '    if request.args.get("json"):\n        out = {"q": request.args["q"]}\n    else:\n        out = request.args["q"]\n    return out',
      true,
    ],
  ])('%s', async (_what, body, reported) => {
    const code = route('', body);
    expect(only(await ids(code), 'xss').includes(`xss@${lastLine(code)}`)).toBe(reported);
  });
});

describe("the rows of a parameterised query are the database's data", () => {
  const imports = 'import sqlite3';
  // [what, route body, reported]
  it.each([
    [
      'fetchone after a parameterised execute (SALLM cwe089_0)',
      '    title = request.args.get("title")\n    conn = sqlite3.connect("db.sqlite")\n    post = conn.execute("SELECT * FROM posts WHERE title = ?", (title,)).fetchone()\n    return post["content"]',
      false,
    ],
    [
      'fetchall through a cursor bound to a name',
      '    cur = sqlite3.connect("db.sqlite").cursor()\n    rows = cur.execute("SELECT body FROM posts WHERE id = ?", (request.args["id"],)).fetchall()\n    return rows[0][0]',
      false,
    ],
    [
      'the request data returned beside the row (the vulnerable twin)',
      '    title = request.args.get("title")\n    conn = sqlite3.connect("db.sqlite")\n    post = conn.execute("SELECT * FROM posts WHERE title = ?", (title,)).fetchone()\n    return title + post["content"]',
      true,
    ],
    [
      'a placeholder in the select list gives the parameter back',
      '    conn = sqlite3.connect("db.sqlite")\n    row = conn.execute("SELECT ? || body FROM posts", (request.args["q"],)).fetchone()\n    return row[0]',
      true,
    ],
    [
      'an insert that returns what it stored',
      '    conn = sqlite3.connect("db.sqlite")\n    row = conn.execute("INSERT INTO c (body) VALUES (?) RETURNING body", (request.args["b"],)).fetchone()\n    return row[0]',
      true,
    ],
    [
      'a second select in a union',
      '    conn = sqlite3.connect("db.sqlite")\n    row = conn.execute("SELECT body FROM posts WHERE 0 UNION SELECT ? FROM posts", (request.args["b"],)).fetchone()\n    return row[0]',
      true,
    ],
  ])('%s', async (_what, body, reported) => {
    const code = route(imports, body);
    expect(only(await ids(code), 'xss').includes(`xss@${lastLine(code)}`)).toBe(reported);
  });

  // Rows of a query built from the request are not followed on base either (the SQL injection is the finding).
  it('a query built from the request is still SQL injection', async () => {
    const code = route(
      imports,
      '    title = request.args.get("title")\n    conn = sqlite3.connect("db.sqlite")\n    post = conn.execute("SELECT * FROM posts WHERE title = \'" + title + "\'").fetchone()\n    return post[0]',
    );
    expect(only(await ids(code), 'sql-injection').length).toBe(1);
  });
});

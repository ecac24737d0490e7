import { describe, expect, it } from 'vitest';
import { findingIds, only } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, round 9 (w103): what a framework or the DB-API does by default, read from the safe programs of
 * SALLM's tuning part that the gate flagged for another rule than their prompt's (each such flag blocks the gate
 * for a user). Flask's `render_template_string` escapes every variable it is given; a dict a Flask route returns
 * is sent as JSON; the rows of a parameterised query are the database's, not the parameters'. Each case has the
 * safe program's shape and its vulnerable twin, which stays reported.
 */
const ids = (code: string) => findingIds(code, { sort: true });

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
    ['a list', '    return ["<p>", request.args["q"], "</p>"]', true],
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

/**
 * Review r22: each exemption above hid real findings. The reviewer's programs (one route each), reported as
 * before round 9 (936f00b4), with the safe shapes above still cleared. Across files: `scan-project-settings.test.ts`.
 */
describe('review r22: what the exemptions must not clear', () => {
  const sqlite = 'import os\nimport sqlite3';
  const connected = (query: string, params: string) =>
    `    conn = sqlite3.connect("db.sqlite")\n    row = conn.execute(${query}, ${params}).fetchone()\n    return row[0]`;
  // [what, imports, route body, rule reported at the route's last line]
  it.each([
    [
      'a named parameter in the select list (@n)',
      sqlite,
      connected('"SELECT @n AS v FROM posts"', '{"n": request.args["n"]}'),
      'xss',
    ],
    [
      'a named parameter in the select list ($n)',
      sqlite,
      connected('"SELECT $n AS v FROM posts"', '{"n": request.args["n"]}'),
      'xss',
    ],
    [
      'a VALUES table of the parameter',
      sqlite,
      connected('"SELECT column1 FROM (VALUES (?))"', '(request.args["n"],)'),
      'xss',
    ],
    [
      'a table function of the parameter',
      sqlite,
      connected('"SELECT value FROM json_each(?)"', '(request.args["n"],)'),
      'xss',
    ],
    [
      'a union with VALUES',
      sqlite,
      connected('"SELECT body FROM posts WHERE 0 UNION ALL VALUES (?)"', '(request.args["n"],)'),
      'xss',
    ],
    [
      'a string literal joined to the parameter',
      sqlite,
      connected('"SELECT \'sent from \' || ? FROM posts"', '(request.args["n"],)'),
      'xss',
    ],
    [
      'a comment that says from',
      sqlite,
      connected('"SELECT /* from */ ? FROM posts"', '(request.args["n"],)'),
      'xss',
    ],
    [
      "psycopg's %s inside a function with FROM",
      sqlite,
      connected('"SELECT substring(%s from 1 for 80) FROM posts"', '(request.args["n"],)'),
      'xss',
    ],
    [
      "psycopg 3's %t in the select list",
      sqlite,
      connected('"SELECT %t FROM posts"', '(request.args["n"],)'),
      'xss',
    ],
    [
      'the row of a VALUES query run as a command (every rule, not XSS only)',
      sqlite,
      '    conn = sqlite3.connect("db.sqlite")\n    row = conn.execute("SELECT column1 FROM (VALUES (?))", (request.args["n"],)).fetchone()\n    os.system(row[0])',
      'command-injection',
    ],
  ])('%s', async (_what, imports, body, rule) => {
    const code = route(imports, body);
    expect(only(await ids(code), rule)).toEqual([`${rule}@${lastLine(code)}`]);
  });

  it('an execute method of a class of the file is no DB-API query', async () => {
    const code = `import os\nfrom flask import Flask, request\napp = Flask(__name__)\n\nclass Echo:\n    def execute(self, q, params):\n        return params\n\n@app.route("/b")\ndef b():\n    out = Echo().execute("SELECT a FROM t", (request.args["x"],))\n    os.system(out[0])\n`;
    expect(only(await ids(code), 'command-injection')).toEqual([`command-injection@${lastLine(code)}`]);
  });

  it('a row the route itself inserted from the request, read back (stored in the same request)', async () => {
    const code = route(
      sqlite,
      '    conn = sqlite3.connect("db.sqlite")\n    conn.execute("INSERT INTO posts (title, body) VALUES (?, ?)", (request.form["title"], request.form["body"]))\n    row = conn.execute("SELECT body FROM posts WHERE title = ?", (request.form["title"],)).fetchone()\n    return "<div>" + row[0] + "</div>"',
    );
    expect(only(await ids(code), 'xss')).toEqual([`xss@${lastLine(code)}`]);
  });

  it('the strict SELECT still clears the rows of WHERE, ORDER BY and LIMIT with placeholders', async () => {
    const code = route(
      sqlite,
      connected(
        '"SELECT title, body FROM posts WHERE author = :a AND id > :i ORDER BY id DESC LIMIT ?"',
        '(request.args["a"], 1, 5)',
      ),
    );
    expect(only(await ids(code), 'xss')).toEqual([]);
  });

  const rts = 'from flask import render_template_string';
  const markup = 'from flask import render_template_string\nfrom markupsafe import Markup';
  // [what, imports, route body]: XSS at the route's last line
  it.each([
    [
      'a > in an earlier quoted attribute, the variable in href',
      rts,
      `    return render_template_string('<a title=">" href="{{ u }}">go</a>', u=request.args["u"])`,
    ],
    [
      'a > in an earlier quoted attribute, the variable in onerror',
      rts,
      `    return render_template_string('<img alt="a>b" src="x" onerror="{{ v }}">', v=request.args["v"])`,
    ],
    [
      'a > in srcdoc, the variable in src',
      rts,
      `    return render_template_string('<iframe srcdoc="a>b" src="{{ u }}"></iframe>', u=request.args.get("u"))`,
    ],
    [
      'an included template Flask does not escape (.txt)',
      rts,
      `    return render_template_string('{% include "snippet.txt" %}', v=request.args["v"])`,
    ],
    [
      'an imported macro file Flask does not escape (.txt)',
      rts,
      `    return render_template_string("{% import 'm.txt' as m %}{{ m.show(u) }}", u=request.args.get("u"))`,
    ],
    [
      'a filter the application registers that marks its input safe',
      markup,
      `    return render_template_string("<p>{{ n|raw }}</p>", n=request.args["n"])\n\ndef raw(s):\n    return Markup(s)\n\napp.add_template_filter(raw, "raw")`,
    ],
    [
      'a filter registered by decorator',
      markup,
      `    return render_template_string("<p>{{ n|md }}</p>", n=request.args["n"])\n\n@app.template_filter("md")\ndef md(s):\n    return Markup(s.replace("\\n", "<br>"))`,
    ],
    [
      'Markup registered as a global',
      markup,
      `    return render_template_string("<p>{{ raw(n) }}</p>", n=request.args["n"])\n\napp.add_template_global(Markup, "raw")`,
    ],
  ])('%s', async (_what, imports, body) => {
    const code = route(imports, body);
    const line = code.split('\n').findIndex((text) => text.includes('return render_template_string')) + 1;
    expect(only(await ids(code), 'xss')).toContain(`xss@${line}`);
  });

  it.each([
    [
      'render_template_string',
      rts,
      '    return render_template_string("<p>{{ u }}</p>", u=request.args.get("u")).replace("&lt;", "<")',
    ],
    [
      'html.escape',
      'import html',
      '    return "<p>" + html.escape(request.args["u"]).replace("&lt;", "<") + "</p>"',
    ],
  ])('an entity turned back into its character after %s is XSS again', async (_what, imports, body) => {
    const code = route(imports, body);
    expect(only(await ids(code), 'xss')).toEqual([`xss@${lastLine(code)}`]);
  });

  it('a replace of other text after escaping keeps it escaped', async () => {
    const code = route(
      rts,
      '    return render_template_string("<p>{{ u }}</p>", u=request.args.get("u")).replace("\\n", "<br>")',
    );
    expect(only(await ids(code), 'xss')).toEqual([]);
  });

  it('an included .html template is escaped: still cleared', async () => {
    const code = route(
      rts,
      `    return render_template_string('{% include "row.html" %}<p>{{ v }}</p>', v=request.args["v"])`,
    );
    expect(only(await ids(code), 'xss')).toEqual([]);
  });

  // [what, module lines after `app = Flask(__name__)`]
  it.each([
    ['JSON sent as text/html (app.json.mimetype)', 'app.json.mimetype = "text/html"'],
    [
      'an after_request hook that retypes every response',
      '@app.after_request\ndef retype(resp):\n    resp.headers["Content-Type"] = "text/html"\n    return resp',
    ],
  ])('a returned dict is a page when the application retypes it: %s', async (_what, setting) => {
    const code = route('', '    return {"q": request.args["q"]}').replace(
      'app = Flask(__name__)\n',
      `app = Flask(__name__)\n${setting}\n`,
    );
    expect(only(await ids(code), 'xss')).toEqual([`xss@${lastLine(code)}`]);
  });
});

describe('review r25: what still makes render_template_string print the data raw', () => {
  const imports = 'from flask import render_template_string';
  it('a Jinja comment inside a tag hides where the variable lands (the comment is gone from the page)', async () => {
    const code = route(
      imports,
      '    return render_template_string("<a {# > #} href={{ u }}>link</a>", u=request.args["u"])',
    );
    expect(only(await ids(code), 'xss')).toEqual([`xss@${lastLine(code)}`]);
  });

  it('an object with __html__ given as the variable (Jinja trusts it and escapes nothing)', async () => {
    const code = route(
      `${imports}\nclass Html:\n    def __init__(self, s):\n        self.s = s\n    def __html__(self):\n        return self.s`,
      '    return render_template_string("<p>{{ u }}</p>", u=Html(request.args["u"]))',
    );
    expect(only(await ids(code), 'xss')).toEqual([`xss@${lastLine(code)}`]);
  });

  it('control: a Jinja comment outside any tag leaves the template escaping', async () => {
    const code = route(
      imports,
      '    return render_template_string("{# greeting #}<p>{{ u }}</p>", u=request.args["u"])',
    );
    expect(only(await ids(code), 'xss')).toEqual([]);
  });
});

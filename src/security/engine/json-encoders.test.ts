import { describe, expect, it } from 'vitest';
import { findingIds, flaskRoute } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, w91: JSON encoding (`json.dumps`, `simplejson`/`ujson`/`orjson.dumps`, `JSON.stringify`) escapes `"`,
 * `\` and control characters and nothing else. It clears what needs a line break (a forged log line, a split
 * header) and nothing more: `$(…)` and backticks run inside a shell's double quotes, `'` ends an SQL string.
 */
const RULES =
  /^(?:xss|command-injection|sql-injection|code-injection|path-traversal|log-injection|header-injection)@/;
const ids = (code: string, language: 'python' | 'javascript' = 'python') =>
  findingIds(code, { language, keep: RULES, sort: true });

const FLASK =
  'import json, os, sqlite3, logging, simplejson, ujson, orjson\nfrom flask import Flask, request\napp = Flask(__name__)\n';
const route = (body: string) => flaskRoute(FLASK, body, '    return "ok"\n');

describe('JSON text of request data is still the data for a command, a query, a path or code', () => {
  it.each([
    [
      'a shell command (`$(…)` runs inside double quotes)',
      '    os.system("echo " + json.dumps(request.args["x"]))',
      'command-injection@6',
    ],
    [
      "an SQL string (`'` is not escaped)",
      '    cur = sqlite3.connect("db").cursor()\n    cur.execute("SELECT * FROM t WHERE a = \'%s\'" % json.dumps(request.args["x"]))',
      'sql-injection@7',
    ],
    ['simplejson', '    os.system("echo " + simplejson.dumps(request.args["x"]))', 'command-injection@6'],
    ['ujson', '    os.system("echo " + ujson.dumps(request.args["x"]))', 'command-injection@6'],
    ['orjson', '    os.system("echo " + orjson.dumps(request.args["x"]).decode())', 'command-injection@6'],
    [
      "code around the text (`'` ends the literal)",
      '    eval("f(\'" + json.dumps(request.args["x"]) + "\')")',
      'code-injection@6',
    ],
    [
      'a path (`/` and `..` are not escaped)',
      '    open("/srv/" + json.dumps(request.args["x"]))',
      'path-traversal@6',
    ],
  ])('%s', async (_what, body, expected) => {
    expect(await ids(route(body))).toContain(expected);
  });

  it('JavaScript: JSON.stringify into a shell command', async () => {
    const code =
      'const express = require("express");\nconst cp = require("child_process");\nconst app = express();\napp.get("/r", (req, res) => {\n  cp.exec("echo " + JSON.stringify(req.query.x));\n  res.json({ ok: true });\n});\n';
    expect(await ids(code, 'javascript')).toContain('command-injection@5');
  });
});

describe('JSON text is still clean where only a line break did harm', () => {
  it.each([
    ['a log line (json.dumps)', '    logging.info("q=" + json.dumps(request.args["x"]))'],
    ['a log line (ujson)', '    logging.info("q=" + ujson.dumps(request.args["x"]))'],
    ['a command given a constant', '    os.system("echo " + json.dumps("hello"))'],
    [
      'a log line (ensure_ascii=True)',
      '    logging.info("q=" + json.dumps(request.args["x"], ensure_ascii=True))',
    ],
    ['a log line (a constant indent)', '    logging.info("q=" + json.dumps(request.args["x"], indent=2))'],
    [
      'a header (orjson escapes line breaks)',
      '    return "ok", 200, {"X-Q": orjson.dumps(request.args["x"]).decode()}',
    ],
  ])('quiet: %s', async (_what, body) => {
    expect(await ids(route(body))).toEqual([]);
  });

  // w95: U+2028 and U+0085 break lines in some log viewers; only an encoder that escapes non-ASCII clears a log line.
  it.each([
    ['orjson (non-ASCII raw)', '    logging.info("q=" + orjson.dumps(request.args["x"]).decode())'],
    [
      'json.dumps with ensure_ascii=False',
      '    logging.info("q=" + json.dumps(request.args["x"], ensure_ascii=False))',
    ],
    ['json.dumps with **options', '    logging.info("q=" + json.dumps(request.args["x"], **OPTIONS))'],
    [
      'an indent the request chooses ("\\n" is an indent)',
      '    logging.info(json.dumps({"a": 1}, indent=request.args["i"]))',
    ],
    [
      'separators the request chooses',
      '    logging.info(json.dumps({"a": 1}, separators=(",", request.args["s"])))',
    ],
  ])('reported: %s', async (_what, body) => {
    expect(await ids(route(body))).toEqual(['log-injection@6']);
  });

  it.each([
    ['JSON.stringify (non-ASCII raw)', '  console.log("q=" + JSON.stringify(req.query.q));'],
    ['an indent the request chooses', '  console.log(JSON.stringify({ a: 1 }, null, req.query.s));'],
  ])('JavaScript, reported: %s', async (_what, body) => {
    expect(await ids(express(`${body}\n  res.json({});`), 'javascript')).toEqual(['log-injection@4']);
  });

  it('the same data unencoded is still reported in the log line', async () => {
    expect(await ids(route('    logging.info("q=" + request.args["x"])'))).toEqual(['log-injection@6']);
  });
});

const EXPRESS =
  'const express = require("express");\nconst app = express();\napp.get("/r", (req, res) => {\n';
const express = (body: string) => `${EXPRESS}${body}\n});\n`;
const KOA = 'const Koa = require("koa");\nconst app = new Koa();\napp.use(async (ctx) => {\n';
const koa = (body: string) => `${KOA}${body}\n});\n`;

describe('JSON.stringify is no XSS sanitiser: the media type the response is sent as decides', () => {
  it.each([
    [
      "Express's res.send of a string (text/html)",
      express('  res.send(JSON.stringify(req.query));'),
      'xss@4',
    ],
    [
      'JSON.stringify inside <script> (`</script>` is not escaped)',
      express('  res.send(`<script>var d = ${JSON.stringify(req.query)};</script>`);'),
      'xss@4',
    ],
    ['a type of html', express('  res.type("html").send(JSON.stringify(req.query));'), 'xss@4'],
    [
      'a JSON type set inside a branch only',
      express(
        '  if (req.query.api) {\n    res.setHeader("Content-Type", "application/json");\n  }\n  res.send(JSON.stringify(req.query));',
      ),
      'xss@7',
    ],
    [
      'a JSON type set on another response',
      express(
        '  other.setHeader("Content-Type", "application/json");\n  res.send(JSON.stringify(req.query));',
      ),
      'xss@5',
    ],
    [
      'an HTML type set first',
      express('  res.setHeader("Content-Type", "text/html");\n  res.send(JSON.stringify(req.query));'),
      'xss@5',
    ],
    [
      'Koa: markup around the JSON text',
      koa('  ctx.body = "<p>" + JSON.stringify(ctx.query) + "</p>";'),
      'xss@4',
    ],
    ['Koa: the data itself', koa('  ctx.body = ctx.query.q;'), 'xss@4'],
    ['Koa: text/html set first', koa('  ctx.type = "text/html";\n  ctx.body = ctx.query.q;'), 'xss@5'],
    ['Node: the data itself, no type', express('  res.end(req.query.q);'), 'xss@4'],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code, 'javascript')).toEqual([expected]);
  });

  it.each([
    ['res.json', express('  res.json(req.query);')],
    [
      "res.type('text/plain; charset=utf-8').send",
      express('  res.type("text/plain; charset=utf-8").send(req.query.q);'),
    ],
    ["res.type('json').send", express('  res.type("json").send(JSON.stringify(req.query));')],
    ["res.type('json').send of the raw data", express('  res.type("json").send(req.query.q);')],
    [
      "res.set('Content-Type', 'application/json').status(200).send",
      express('  res.set("Content-Type", "application/json").status(200).send(req.query.q);'),
    ],
    ["res.type('image/png') on a new line", express('  res.type("image/png")\n    .send(req.query.q);')],
  ])('quiet: %s', async (_what, code) => {
    expect(await ids(code, 'javascript')).toEqual([]);
  });
});

/**
 * Review r21 (w95): a type declared in an earlier statement, and JSON text at `res.end` or Koa's `ctx.body`, were
 * taken as "not a page"; a later statement, a branch, a helper or text around the JSON undid it unseen. Those
 * exemptions are gone: only a type chained onto the sink call itself, constant and of no page, still counts.
 */
describe('review r21: a media type declared apart from the sink call, or JSON text at the sink, is no exemption', () => {
  it.each([
    [
      'a JSON type set first, then HTML set later',
      express('  res.type("json");\n  res.type("html");\n  res.send(req.query.q);'),
      'xss@6',
    ],
    [
      'a JSON type set first, then HTML inside an if',
      express('  res.type("json");\n  if (req.query.h) res.type("html");\n  res.send(req.query.q);'),
      'xss@6',
    ],
    [
      'a JSON type set only on one side of a conditional',
      express('  req.query.a ? res.type("json") : res.type("html");\n  res.send(req.query.q);'),
      'xss@5',
    ],
    [
      'a JSON type by setHeader first, then writeHead with HTML',
      express(
        '  res.setHeader("Content-Type", "application/json");\n  res.writeHead(200, { "Content-Type": "text/html" });\n  res.end(req.query.q);',
      ),
      'xss@6',
    ],
    [
      'res.end of JSON text after an HTML type',
      express('  res.setHeader("Content-Type", "text/html");\n  res.end(JSON.stringify(req.query));'),
      'xss@5',
    ],
    [
      'res.end of JSON text with the data after it',
      express(
        '  res.setHeader("Content-Type", "text/html");\n  res.end(JSON.stringify({ ok: 1 }) + req.query.q);',
      ),
      'xss@5',
    ],
    ['res.end of sliced JSON text', express('  res.end(JSON.stringify(req.query.q).slice(1, -1));'), 'xss@4'],
    ['Koa: sliced JSON text', koa('  ctx.body = JSON.stringify(ctx.query.q).slice(1, -1);'), 'xss@4'],
    [
      'Koa: JSON text, then an HTML type',
      koa('  ctx.body = JSON.stringify(ctx.query);\n  ctx.type = "html";'),
      'xss@4',
    ],
    [
      'Koa: a JSON type set first, then HTML',
      koa('  ctx.type = "json";\n  ctx.type = "html";\n  ctx.body = ctx.query.q;'),
      'xss@6',
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code, 'javascript')).toEqual([expected]);
  });

  it.each([
    ['a chained type the request chooses', express('  res.type(req.query.t).send(req.query.q);')],
    ['a chained SVG type in capitals', express('  res.type("image/SVG+xml").send(req.query.q);')],
    ['a chained xhtml type', express('  res.type("xhtml").send(req.query.q);')],
    [
      "res.set's bare 'text' (the literal header: sniffed as HTML)",
      express('  res.set("Content-Type", "text").send(req.query.q);'),
    ],
    [
      'a chained JSON type, then HTML',
      express('  res.type("json").status(200).type("html").send(req.query.q);'),
    ],
    [
      'a chained JSON type inside the argument, not on the sink',
      express('  res.send(req.query.q + res.type("json").send(1));'),
    ],
    ["Fastify's bare 'json' (the literal header)", express('  reply.type("json").send(req.query.q);')],
  ])('reported: %s', async (_what, code) => {
    expect(await ids(code, 'javascript')).toContain('xss@4');
  });
});

const fastapi = (decorator: string, body: string) =>
  `from fastapi import FastAPI\nfrom fastapi.responses import HTMLResponse, JSONResponse\nimport fastapi\napp = FastAPI()\n\n${decorator}\ndef x(q: str):\n${body}\n`;

describe("FastAPI: a route's return is a page only with an HTML response class", () => {
  it.each([
    [
      'response_class=HTMLResponse',
      fastapi('@app.get("/x", response_class=HTMLResponse)', '    return "<p>" + q'),
    ],
    [
      'response_class by its module path',
      fastapi('@app.get("/x", response_class=fastapi.responses.HTMLResponse)', '    return "<p>" + q'),
    ],
    ['HTMLResponse(content=…)', fastapi('@app.get("/x")', '    return HTMLResponse(content=q)')],
  ])('%s', async (_what, code) => {
    expect(await ids(code)).toEqual(['xss@8']);
  });

  it.each([
    ['a plain route returning text (sent as JSON)', fastapi('@app.get("/x")', '    return "<p>" + q')],
    ['a plain route returning a dict', fastapi('@app.get("/x")', '    return {"q": q}')],
    [
      'response_class=JSONResponse',
      fastapi('@app.get("/x", response_class=JSONResponse)', '    return "<p>" + q'),
    ],
    [
      'an HTML route returning a constant',
      fastapi('@app.get("/x", response_class=HTMLResponse)', '    return "<p>hi</p>"'),
    ],
  ])('quiet: %s', async (_what, code) => {
    expect(await ids(code)).toEqual([]);
  });

  // Review r21 (w95): Starlette's Jinja2Templates autoescapes, as Flask's render_template does.
  it('an HTML route returning a template response is quiet; one returning raw data beside it is not', async () => {
    const code = `from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
app = FastAPI()
templates = Jinja2Templates(directory="templates")

@app.get("/items/{id}", response_class=HTMLResponse)
async def item(request: Request, id: str):
    return templates.TemplateResponse(request=request, name="item.html", context={"id": id})

@app.get("/x", response_class=HTMLResponse)
async def x(request: Request, q: str):
    return templates.TemplateResponse("item.html", {"request": request, "q": q})

@app.get("/y", response_class=HTMLResponse)
async def y(q: str):
    return "<p>" + q
`;
    expect(await ids(code)).toEqual(['xss@17']);
  });
});

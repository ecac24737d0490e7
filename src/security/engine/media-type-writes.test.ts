import { describe, expect, it } from 'vitest';
import { findingIds, flaskRoute } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, w92: review r17 of w84. A response that declares a media type that is no page clears its body of XSS
 * only while nothing changes that declaration: a dict of headers written after its literal (F2), a media type
 * written on the response after it is built (F1), which of several settings Werkzeug obeys (F3), a media type
 * read back into the page (F4), a request-chosen media type on a redirect (F5) and Flask's `response_class` (F6).
 */
const ids = (code: string, file = 'app/views.py') =>
  findingIds(code, { file, keep: /^(?:xss|header-injection)@/, sort: true });

const FLASK =
  'import json\nfrom flask import Flask, request, make_response, Response, redirect\napp = Flask(__name__)\n';
const route = (body: string) => flaskRoute(FLASK, body);
const DJANGO = 'from django.http import HttpResponse\n\ndef view(request):\n';

describe('a dict of headers written after its literal declares what was written (F2)', () => {
  it.each([
    [
      'a constant Content-Type written by key',
      '    h = {"Content-Type": "application/json"}\n    h["Content-Type"] = "text/html"\n    return Response(request.args["q"], headers=h)',
      ['xss@8'],
    ],
    [
      'written on one branch only',
      '    h = {"Content-Type": "application/json"}\n    if request.args.get("v"):\n        h["Content-Type"] = "text/html"\n    return request.args["q"], 200, h',
      ['xss@9'],
    ],
    [
      'an entry deleted',
      '    h = {"Content-Type": "application/json"}\n    del h["Content-Type"]\n    return Response(request.args["q"], headers=h)',
      ['xss@8'],
    ],
    [
      'an entry popped',
      '    h = {"Content-Type": "application/json"}\n    h.pop("Content-Type")\n    return make_response(request.args["q"], 200, h)',
      ['xss@8'],
    ],
    [
      'updated with a constant dict',
      '    h = {"Content-Type": "application/json"}\n    h.update({"Content-Type": "text/html"})\n    return Response(request.args["q"], headers=h)',
      ['xss@8'],
    ],
    [
      'a key the engine cannot read',
      '    h = {"Content-Type": "application/json"}\n    for k in request.args:\n        h[k] = "text/html"\n    return make_response(request.args["q"], h)',
      ['xss@9'],
    ],
    [
      'a Content-Type on one path only (the join of a dict with and without it)',
      '    h = {}\n    if request.args.get("j"):\n        h = {"Content-Type": "application/json"}\n    return make_response(request.args["q"], h)',
      ['xss@9'],
    ],
    [
      'a pair appended to a list of pairs',
      '    h = [("Content-Type", "application/json")]\n    h.append(("Content-Type", "text/html"))\n    return Response(request.args["q"], headers=h)',
      ['xss@8'],
    ],
  ])('%s', async (_what, body, expected) => {
    expect(await ids(route(body))).toEqual(expected);
  });

  it('a module-level dict a handler changes declares nothing to another handler', async () => {
    const code = `${FLASK}H = {"Content-Type": "application/json"}\n\n@app.route("/cfg")\ndef cfg():\n    H["Content-Type"] = request.args["t"]\n    return "ok"\n\n@app.route("/r")\ndef r():\n    return Response(request.args["q"], headers=H)\n`;
    expect(await ids(code)).toContain('xss@13');
  });

  it('writes that keep the JSON Content-Type keep the body no page', async () => {
    for (const body of [
      '    h = {"Content-Type": "application/json"}\n    h["X-Request"] = "1"\n    return request.args["q"], 200, h',
      '    h = {"Content-Type": "application/json"}\n    h["Content-Type"] = "application/json"\n    return request.args["q"], 200, h',
      '    h = {"Content-Type": "application/json"}\n    h.update({"Cache-Control": "no-store"})\n    return Response(request.args["q"], headers=h)',
    ])
      expect(await ids(route(body))).toEqual([]);
  });
});

describe('a media type written on a response after it is built undoes what the build declared (F1)', () => {
  it.each([
    [
      'a constant HTML type by key',
      '    resp = make_response(request.args["q"], {"Content-Type": "application/json"})\n    resp.headers["Content-Type"] = "text/html"\n    return resp',
      ['xss@6', 'xss@8'],
    ],
    [
      'a type the request chooses',
      '    resp = make_response(request.args["q"], {"Content-Type": "application/json"})\n    resp.headers["Content-Type"] = request.args["t"]\n    return resp',
      ['header-injection@7', 'xss@6', 'xss@8'],
    ],
    [
      'resp.mimetype',
      '    resp = make_response(request.args["q"], {"Content-Type": "application/json"})\n    resp.mimetype = "text/html"\n    return resp',
      ['xss@6', 'xss@8'],
    ],
    [
      'a headers method, on a positional media type',
      '    resp = Response(request.args["q"], 200, None, "application/json")\n    resp.headers.set("Content-Type", "text/html")\n    return resp',
      ['xss@8'],
    ],
    [
      'the mimetype keyword, through another name',
      '    resp = Response(request.args["q"], mimetype="application/json")\n    r2 = resp\n    r2.headers["Content-Type"] = "text/html"\n    return resp',
      ['xss@9'],
    ],
  ])('%s', async (_what, body, expected) => {
    expect(await ids(route(body))).toEqual(expected);
  });

  it("Django's HttpResponse given another type by key", async () => {
    const code = `${DJANGO}    r = HttpResponse(request.GET["q"], headers={"Content-Type": "application/json"})\n    r["Content-Type"] = "text/html"\n    return r\n`;
    expect(await ids(code)).toEqual(['xss@4']);
    const chosen = `${DJANGO}    r = HttpResponse(request.GET["q"], "application/json")\n    r.headers["Content-Type"] = request.GET["t"]\n    return r\n`;
    expect(await ids(chosen)).toEqual(['header-injection@5', 'xss@4']);
  });

  it('a header of another name written after keeps the JSON type: no page', async () => {
    const body = `    resp = Response(json.dumps({"q": request.args["q"]}), mimetype="application/json")\n    resp.headers["Access-Control-Allow-Origin"] = "*"\n    resp.headers.update({"Cache-Control": "no-store"})\n    return resp`;
    expect(await ids(route(body))).toEqual([]);
  });
});

describe('which media type Werkzeug sends when several are given (F3)', () => {
  it.each([
    [
      'mimetype= over headers',
      'return Response(request.args["q"], headers={"Content-Type": "application/json"}, mimetype="text/html")',
    ],
    [
      'content_type= over headers',
      'return Response(request.args["q"], headers={"Content-Type": "application/json"}, content_type="text/html")',
    ],
    [
      'the mimetype position over headers',
      'return Response(request.args["q"], 200, {"Content-Type": "application/json"}, "text/html")',
    ],
    [
      'content_type= over mimetype=',
      'return Response(request.args["q"], mimetype="application/json", content_type="text/html")',
    ],
  ])('%s', async (_what, line) => {
    expect(await ids(route(`    ${line}`))).toEqual(['xss@6']);
  });

  it('a JSON type given both ways, or None beside it, is still no page', async () => {
    for (const line of [
      'return Response(request.args["q"], headers={"Content-Type": "application/json"}, mimetype=None)',
      'return Response(request.args["q"], mimetype="text/html", content_type="application/json")',
    ])
      expect(await ids(route(`    ${line}`))).toEqual([]);
  });
});

describe('a media type written on a response is the request data every header reads back (F4)', () => {
  it.each([
    ['as resp.content_type', '    return resp.content_type', 'xss@8'],
    ['as resp.headers["Content-Type"]', '    return resp.headers["Content-Type"]', 'xss@8'],
    ['through another name', '    r2 = resp\n    return r2.mimetype', 'xss@9'],
  ])('%s', async (_what, tail, xss) => {
    const body = `    resp = Response("ok")\n    resp.mimetype = request.args["q"]\n${tail}`;
    expect(await ids(route(body))).toEqual(['header-injection@7', xss]);
  });

  it('the response returned whole is still no page of its media type', async () => {
    const body = '    resp = Response("ok")\n    resp.mimetype = request.args["q"]\n    return resp';
    expect(await ids(route(body))).toEqual(['header-injection@7']);
  });
});

describe("a redirect's media type chosen by the request is header injection (F5)", () => {
  it('redirect().mimetype', async () => {
    const body = '    r = redirect("/")\n    r.mimetype = request.args["t"]\n    return r';
    expect(await ids(route(body))).toEqual(['header-injection@7']);
  });
});

describe("Flask's response_class and +json media types are builders and JSON (F6)", () => {
  it.each([
    [
      'app.response_class with a JSON mimetype',
      `    return app.response_class(response=json.dumps({"q": request.args["q"]}), status=200, mimetype="application/json")`,
    ],
    [
      'a +json media type',
      `    return Response(json.dumps({"q": request.args["q"]}), mimetype="application/vnd.api+json")`,
    ],
  ])('%s', async (_what, body) => {
    expect(await ids(route(body))).toEqual([]);
  });

  it('the same JSON text served with an HTML type is still XSS', async () => {
    const body = `    return app.response_class(response=json.dumps({"q": request.args["q"]}), mimetype="text/html+json")`;
    expect(await ids(route(body))).toEqual(['xss@6']);
  });
});

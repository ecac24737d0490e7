import { describe, expect, it } from 'vitest';
import { findingIds, flaskRoute } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, w84: what the split of a response into its page and its headers (w70, w77) lost of the page. JSON text
 * is a page unless the response declares a media type that is none (review r16), headers given where a response
 * is built are still data when read back into the page, and a body passed by keyword is still the body.
 */
const ids = (code: string, file = 'app/views.py') =>
  findingIds(code, { file, keep: /^(?:xss|header-injection|open-redirect|log-injection)@/, sort: true });

const FLASK =
  'import json, logging\nfrom flask import Flask, request, make_response, Response, jsonify\napp = Flask(__name__)\n';
const route = (body: string) => flaskRoute(FLASK, body);
const Q = '{"q": request.args["q"]}';
const DJANGO = 'import json\nfrom django.http import HttpResponse\n\ndef view(request):\n';
const FASTAPI =
  'from fastapi import FastAPI\nfrom starlette.responses import HTMLResponse, Response\napp = FastAPI()\n\n@app.get("/x")\ndef x(q: str, t: str):\n';

describe('JSON text is a page unless the response declares a media type that is none (review r16)', () => {
  it.each([
    [
      'the media type chosen by the request (r16)',
      route(`    return Response(json.dumps(${Q}), mimetype=request.args["t"])`),
      ['header-injection@6', 'xss@6'],
    ],
    [
      "Flask's Response with no media type (text/html)",
      route(`    return Response(json.dumps(${Q}))`),
      ['xss@6'],
    ],
    [
      'a media type of text/html',
      route(`    return Response(json.dumps(${Q}), mimetype="text/html")`),
      ['xss@6'],
    ],
    ['a string a Flask route returns (text/html)', route(`    return json.dumps(${Q})`), ['xss@6']],
    ['make_response with no media type', route(`    return make_response(json.dumps(${Q}))`), ['xss@6']],
    [
      'a returned tuple with HTML headers',
      route(`    return json.dumps(${Q}), 200, {"Content-Type": "text/html"}`),
      ['xss@6'],
    ],
    [
      "Django's HttpResponse with no content type",
      `${DJANGO}    return HttpResponse(json.dumps(${Q.replace('args', 'GET')}))\n`,
      ['xss@5'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code)).toEqual(expected);
  });

  it.each([
    [
      'mimetype="application/json"',
      route(`    return Response(json.dumps(${Q}), mimetype="application/json")`),
    ],
    [
      'content_type="application/json; charset=utf-8"',
      route(`    return Response(json.dumps(${Q}), content_type="application/json; charset=utf-8")`),
    ],
    [
      "Flask's Response(body, status, headers, mimetype) by position",
      route(`    return Response(json.dumps(${Q}), 200, None, "application/json")`),
    ],
    ['jsonify', route(`    return jsonify(${Q})`)],
    [
      'headers={"Content-Type": "application/json"}',
      route(`    return Response(json.dumps(${Q}), headers={"Content-Type": "application/json"})`),
    ],
    [
      'make_response(body, status, {"Content-Type": …})',
      route(`    return make_response(json.dumps(${Q}), 200, {"Content-Type": "application/json"})`),
    ],
    [
      'make_response(body, {"Content-Type": …})',
      route(`    return make_response(json.dumps(${Q}), {"content-type": "application/json"})`),
    ],
    [
      'a returned (body, status, {"Content-Type": …})',
      route(`    return json.dumps(${Q}), 200, {"Content-Type": "application/json"}`),
    ],
    [
      "Django's HttpResponse(content, content_type=…)",
      `${DJANGO}    return HttpResponse(json.dumps(${Q.replace('args', 'GET')}), content_type="application/json")\n`,
    ],
    [
      "Django's HttpResponse(content, content_type) by position",
      `${DJANGO}    return HttpResponse(json.dumps(${Q.replace('args', 'GET')}), "application/json")\n`,
    ],
    [
      "Starlette's Response(content, media_type=…)",
      `import json\n${FASTAPI}    return Response(json.dumps({"q": q}), media_type="application/json")\n`,
    ],
  ])('quiet: %s', async (_what, code) => {
    expect(await ids(code)).toEqual([]);
  });

  it('headers that are not all seen declare nothing: the JSON text stays a page', async () => {
    expect(
      await ids(
        route(
          `    h = {"Content-Type": "application/json"}\n    h[request.args["k"]] = request.args["v"]\n    return json.dumps(${Q}), 200, h`,
        ),
      ),
    ).toEqual(['header-injection@8', 'open-redirect@8', 'xss@8']);
  });

  it('JSON text still clears what JSON escapes: line breaks in a log line or a header', async () => {
    expect(await ids(route(`    logging.info(json.dumps(${Q}))\n    return "ok"`))).toEqual([]);
    expect(
      await ids(route(`    return Response("ok", headers={"X-Q": json.dumps(${Q})}, mimetype="text/plain")`)),
    ).toEqual([]);
    // the same data unencoded is still both
    expect(await ids(route('    logging.info(request.args["q"])\n    return "ok"'))).toEqual([
      'log-injection@6',
    ]);
  });
});

describe('headers given to a response, where it is built or by a method, read back into the page are XSS', () => {
  it.each([
    [
      'Response(…, headers={…}).headers[…] as a new body',
      route(
        '    r = Response("ok", headers={"X-Name": request.args["v"]})\n    return Response(r.headers["X-Name"])',
      ),
      ['header-injection@6', 'xss@7'],
    ],
    [
      'returned as the page',
      route('    r = Response("ok", headers={"X-Name": request.args["v"]})\n    return r.headers["X-Name"]'),
      ['header-injection@6', 'xss@7'],
    ],
    [
      'make_response(body, status, headers), then set_data',
      route(
        '    r = make_response("ok", 200, {"X-Name": request.args["v"]})\n    r.set_data(r.headers.get("X-Name"))\n    return r',
      ),
      ['header-injection@6', 'xss@7'],
    ],
    [
      'another header written first (a number: no page, no header injection)',
      route(
        '    r = Response("ok", headers={"X-A": request.args["a"]})\n    r.headers["X-B"] = int(request.args["b"])\n    r.set_data(r.headers["X-A"])\n    return r',
      ),
      ['header-injection@6', 'xss@8'],
    ],
    [
      'built on one branch only',
      route(
        '    if request.args.get("a"):\n        r = Response("ok", headers={"X-A": request.args["a"]})\n    else:\n        r = Response("ok")\n    return r.headers["X-A"]',
      ),
      ['header-injection@7', 'xss@10'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code)).toEqual(expected);
  });

  it.each([
    ['headers.set', 'r.headers.set("X-Name", request.args["v"])'],
    ['headers.add', 'r.headers.add("X-Name", request.args["v"])'],
    ['headers.update({…})', 'r.headers.update({"X-Name": request.args["v"]})'],
    ['headers.update(X_Name=…)', 'r.headers.update(X_Name=request.args["v"])'],
  ])('a header written by %s, read back into the page', async (_what, write) => {
    expect(
      await ids(
        route(`    r = make_response("ok")\n    ${write}\n    return Response(r.headers.get("X-Name"))`),
      ),
    ).toEqual(['header-injection@7', 'xss@8']);
    // returned whole, the response's page is still not the header
    expect(await ids(route(`    r = make_response("ok")\n    ${write}\n    return r`))).toEqual([
      'header-injection@7',
    ]);
  });

  it('a response returned whole, its headers not read back, is no page of theirs', async () => {
    expect(
      await ids(route('    r = Response("ok", headers={"X-Name": request.args["v"]})\n    return r')),
    ).toEqual(['header-injection@6']);
  });
});

describe('a body passed by keyword is the body', () => {
  it.each([
    [
      "Django's HttpResponse(content=…)",
      `${DJANGO}    return HttpResponse(content=request.GET["q"])\n`,
      ['xss@5'],
    ],
    ["Starlette's HTMLResponse(content=…)", `${FASTAPI}    return HTMLResponse(content=q)\n`, ['xss@7']],
    [
      "Starlette's Response(content=…, media_type=text/html)",
      `${FASTAPI}    return Response(content=q, media_type="text/html")\n`,
      ['xss@7'],
    ],
    [
      "Starlette's Response with the media type from the request",
      `${FASTAPI}    return Response(q, media_type=t)\n`,
      ['header-injection@7', 'xss@7'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code)).toEqual(expected);
  });

  it.each([
    [
      "Django's HttpResponse(content=…, content_type=text/plain)",
      `${DJANGO}    return HttpResponse(content=request.GET["q"], content_type="text/plain")\n`,
    ],
    [
      "Starlette's Response(content=…, media_type=text/plain)",
      `${FASTAPI}    return Response(content=q, media_type="text/plain")\n`,
    ],
    // no media type: Starlette sends no Content-Type (not HTML by default, unlike Flask and Django)
    ["Starlette's Response(content=…) with no media type", `${FASTAPI}    return Response(content=q)\n`],
  ])('quiet: %s', async (_what, code) => {
    expect(await ids(code)).toEqual([]);
  });
});

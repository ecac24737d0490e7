import { describe, expect, it } from 'vitest';
import { findingIds, flaskRoute } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, what the reviews of round 7 left (w70): every form in which Flask (and Werkzeug, Starlette, Django)
 * takes response headers is judged by header — `Location` as an open redirect, `Access-Control-Allow-Origin` as
 * permissive CORS, any other header as header injection — and never as XSS; request data in the body given in
 * the same call stays XSS.
 */
const ids = (code: string) =>
  findingIds(code, { keep: /^(?:xss|header-injection|open-redirect|permissive-cors)@/, sort: true });

const FLASK =
  'import flask\nfrom flask import Flask, request, make_response, Response\napp = Flask(__name__)\n';
const route = (body: string) => flaskRoute(FLASK, body);
const X = 'request.args["x"]';
const ORIGIN = 'request.headers.get("Origin")';

describe('headers given to make_response, Response and a returned tuple are judged by header, not as XSS', () => {
  it.each([
    [
      'make_response(body, {header})',
      route(`    return make_response("ok", {"X-Header": ${X}})`),
      ['header-injection@6'],
    ],
    [
      // Flask's make_response takes positional arguments only: a `headers=` keyword raises TypeError and sends
      // nothing (w194, refused-keywords.test.ts), so the headers come by position
      'make_response(body, status, {header})',
      route(`    return make_response("ok", 200, {"X-Header": ${X}})`),
      ['header-injection@6'],
    ],
    [
      'make_response(body, status, {Location})',
      route(`    return make_response("", 302, {"Location": ${X}})`),
      ['open-redirect@6'],
    ],
    [
      'make_response(body, {CORS})',
      route(`    return make_response("ok", {"Access-Control-Allow-Origin": ${ORIGIN}})`),
      ['permissive-cors@6'],
    ],
    [
      'flask.Response(body, headers={…})',
      route(`    return flask.Response("ok", headers={"X-Header": ${X}})`),
      ['header-injection@6'],
    ],
    [
      'Response(body, status, {Location})',
      route(`    return Response("", 302, {"Location": ${X}})`),
      ['open-redirect@6'],
    ],
    [
      'Response(body, headers=[(name, value)])',
      route(`    return Response("ok", headers=[("X-Header", ${X})])`),
      ['header-injection@6'],
    ],
    [
      'Response(body, status=302, headers=[("Location", …)])',
      route(`    return Response("", status=302, headers=[("Location", ${X})])`),
      ['open-redirect@6'],
    ],
    [
      'a returned (body, status, headers)',
      route(`    return "ok", 200, {"X-Header": ${X}}`),
      ['header-injection@6'],
    ],
    [
      'a returned (body, status, {Location})',
      route(`    return "", 302, {"Location": ${X}}`),
      ['open-redirect@6'],
    ],
    ['a returned (body, headers)', route(`    return "ok", {"X-Header": ${X}}`), ['header-injection@6']],
    [
      'a returned (body, [(Location, …)]) in parentheses',
      route(`    return ("", [("Location", ${X})])`),
      ['open-redirect@6'],
    ],
    [
      'a returned (body, {CORS})',
      route(`    return "ok", {"Access-Control-Allow-Origin": ${ORIGIN}}`),
      ['permissive-cors@6'],
    ],
    [
      'resp.location = …',
      route(`    resp = make_response("", 302)\n    resp.location = ${X}\n    return resp`),
      ['open-redirect@7'],
    ],
    [
      'resp.headers.update(X_Foo=…)',
      route(`    resp = make_response("ok")\n    resp.headers.update(X_Foo=${X})\n    return resp`),
      ['header-injection@7'],
    ],
    [
      'resp.headers.update(Location=…) stays an open redirect only',
      route(`    resp = make_response("", 302)\n    resp.headers.update(Location=${X})\n    return resp`),
      ['open-redirect@7'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code)).toEqual(expected);
  });
});

describe('request data in the body given in the same call stays XSS', () => {
  it.each([
    [
      'make_response(data, {header})',
      route(`    return make_response(request.args["b"], {"X-Header": ${X}})`),
      ['header-injection@6', 'xss@6'],
    ],
    [
      'Response(data, headers={header})',
      route(`    return Response(request.args["b"], headers={"X-Header": ${X}})`),
      ['header-injection@6', 'xss@6'],
    ],
    [
      'a returned (data, status, constant headers)',
      route('    return request.args["b"], 200, {"X-Header": "1"}'),
      ['xss@6'],
    ],
    [
      'a returned (data, {header})',
      route(`    return "<p>" + request.args["b"], {"X-Header": ${X}}`),
      ['header-injection@6', 'xss@6'],
    ],
    ['a returned (data, status)', route('    return request.args["b"], 200'), ['xss@6']],
    [
      'resp.location = constant, data in the body',
      route('    resp = make_response(request.args["b"])\n    resp.location = "/home"\n    return resp'),
      ['xss@6', 'xss@8'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code)).toEqual(expected);
  });

  it('a returned (constant, status) and constant headers are no finding', async () => {
    expect(await ids(route('    return "ok", 302, {"Location": "/home", "X-A": "1"}'))).toEqual([]);
    expect(
      await ids(route('    resp = make_response("", 302)\n    resp.location = "/home"\n    return resp')),
    ).toEqual([]);
  });
});

/**
 * r11's F2 (w77): headers whose entries the engine cannot see (a dict made from the request, parsed JSON) are
 * still headers: header injection is reported on them, never silence. A 3-tuple's third element is always
 * Flask's headers; `dict(Location=…)` and `Headers({…})` are judged by their keys.
 */
describe('headers whose entries are not seen are still headers', () => {
  const LOADED = '    hdrs = json.loads(request.args["h"])\n';
  const withJson = (body: string) => route(body).replace('import flask\n', 'import flask, json\n');
  it.each([
    [
      'a returned 3-tuple with dict(request.args)',
      route('    return "ok", 302, dict(request.args)'),
      ['header-injection@6'],
    ],
    [
      'a returned 3-tuple with parsed JSON',
      withJson(`${LOADED}    return "ok", 200, hdrs`),
      ['header-injection@7'],
    ],
    [
      'a returned 2-tuple with parsed JSON',
      withJson(`${LOADED}    return "ok", hdrs`),
      ['header-injection@7'],
    ],
    [
      'make_response(body, status, parsed JSON)',
      withJson(`${LOADED}    return make_response("ok", 200, hdrs)`),
      ['header-injection@7'],
    ],
    [
      'Response(body, headers=parsed JSON)',
      withJson(`${LOADED}    return Response("ok", headers=hdrs)`),
      ['header-injection@7'],
    ],
    [
      'make_response(body, dict(request.args))',
      route('    return make_response("ok", 302, dict(request.args))'),
      ['header-injection@6'],
    ],
    [
      'dict(Location=…) returned as headers',
      route(`    return "", 302, dict(Location=${X})`),
      ['open-redirect@6'],
    ],
    [
      'Headers({Location: …}) given to Response',
      route(
        `    from werkzeug.datastructures import Headers\n    return Response("", 302, Headers({"Location": ${X}}))`,
      ),
      ['open-redirect@7'],
    ],
    [
      'a Headers object set by key',
      route(
        `    from werkzeug.datastructures import Headers\n    h = Headers()\n    h["Location"] = ${X}\n    return Response("", 302, h)`,
      ),
      ['open-redirect@9'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code)).toEqual(expected);
  });

  it.each([
    ['a returned 3-tuple with constant headers', route('    return "ok", 302, dict(Location="/home")')],
    ['a returned 2-tuple with a status from the request', route(`    return "ok", int(${X})`)],
  ])('quiet: %s', async (_what, code) => {
    expect(await ids(code)).toEqual([]);
  });
});

/** r11's F3 (w77): only a tuple written at the return is Flask's (body, status, headers); a list is a JSON body. */
describe('a returned tuple is a tuple, written at the return or bound to a name first — never a list', () => {
  it.each([
    ['a list of dicts (JSON)', route(`    return [{"id": 1}, {"name": ${X}}]`), ['xss@6']],
    ['a list of pairs (JSON)', route(`    return [("a", 1), ("b", ${X})]`), ['xss@6']],
    // a tuple bound to a name is read by Flask as one written at the return (review r16): its headers judged
    [
      'a tuple bound to a name first',
      route(`    pair = ("ok", {"X-A": ${X}})\n    return pair`),
      ['header-injection@7'],
    ],
    [
      'a 3-tuple bound to a name first: Location',
      route(`    out = ("ok", 302, {"Location": ${X}})\n    return out`),
      ['open-redirect@7'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code)).toEqual(expected);
  });
});

/** r11's F4 (w77): `x.location = …` is a header only on a response; on any other object it is data. */
describe('a location attribute is a header only on a response', () => {
  it('on a namespace, the data stays in the page', async () => {
    expect(
      await ids(
        route(
          `    import types\n    ns = types.SimpleNamespace()\n    ns.location = ${X}\n    return "<p>%s</p>" % ns`,
        ),
      ),
    ).toEqual(['xss@9']);
  });
  it('on a response, it is the redirect, not the page', async () => {
    expect(
      await ids(route(`    resp = make_response("ok")\n    resp.location = ${X}\n    return resp`)),
    ).toEqual(['open-redirect@7']);
  });
});

/** r11's F5 (w77): a header's value keeps its data under the response's headers; only the page loses XSS. */
describe('a header copied back into the page', () => {
  it('resp.set_data(resp.headers[…]) after resp.headers[…] = data is XSS', async () => {
    expect(
      await ids(
        route(
          `    resp = make_response("ok")\n    resp.headers["X-Name"] = ${X}\n    resp.set_data(resp.headers["X-Name"])\n    return resp`,
        ),
      ),
    ).toEqual(['header-injection@7', 'xss@8']);
  });
});

/**
 * r11's F6 (w77): a response's status and media type are no page (no XSS) but they are what the client is sent
 * in the status line and the Content-Type header: request data there is header injection, in every form.
 */
describe('a status or media type from the request is header injection, never silence', () => {
  it.each([
    [
      'a returned (body, status) with the status from the request',
      route(`    return "ok", "<h1>" + ${X}`),
      ['header-injection@6'],
    ],
    ['Response(body, status)', route(`    return Response("ok", ${X})`), ['header-injection@6']],
    [
      'Response(body, status, headers, mimetype, content_type)',
      route(`    return Response("ok", 200, None, "text/html", ${X})`),
      ['header-injection@6'],
    ],
    ['Response(body, mimetype=…)', route(`    return Response("ok", mimetype=${X})`), ['header-injection@6']],
    [
      "Django's HttpResponse(content, content_type)",
      route(`    from django.http import HttpResponse\n    return HttpResponse("ok", ${X})`),
      ['header-injection@7'],
    ],
    [
      'resp.mimetype = … after the response is built (w84)',
      route(`    resp = make_response("ok")\n    resp.mimetype = ${X}\n    return resp`),
      ['header-injection@7'],
    ],
    [
      'response.content_type = … after the response is built (w84)',
      route(`    response = Response("ok")\n    response.content_type = ${X}\n    return response`),
      ['header-injection@7'],
    ],
    [
      'resp.mimetype = … with data in the body: the body stays XSS (w84)',
      route(`    resp = make_response(request.args["b"])\n    resp.mimetype = ${X}\n    return resp`),
      ['header-injection@7', 'xss@6', 'xss@8'],
    ],
    [
      'resp.mimetype read back into the page is XSS (w84)',
      route(`    resp = make_response("ok")\n    resp.mimetype = ${X}\n    return Response(resp.mimetype)`),
      ['header-injection@7', 'xss@8'],
    ],
    [
      "Starlette's Response(content, media_type=…) (w84)",
      route(
        `    from starlette.responses import Response as StarletteResponse\n    return StarletteResponse("ok", media_type=${X})`,
      ),
      ['header-injection@7'],
    ],
    [
      "Django's HttpResponse(content) stays XSS",
      route(`    from django.http import HttpResponse\n    return HttpResponse(${X})`),
      ['xss@7'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code)).toEqual(expected);
  });
});

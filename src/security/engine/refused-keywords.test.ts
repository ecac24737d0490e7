import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * Issue 59 (w194): Flask's `make_response` takes positional arguments only, and Werkzeug's `Response` (Flask's
 * is the same class) takes `response`, `status`, `headers`, `mimetype`, `content_type` and `direct_passthrough`.
 * Given any other keyword the call raises TypeError before it builds a response: no header is set and no page is
 * sent. Models write both (`make_response(body, content_type=…)`, `Response(body, mime_type=…)`), and the gate
 * reported the header and the page as if they were sent.
 */
const web = (imports: string, body: string) =>
  `${imports}\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n${body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n`;
const FLASK = 'from flask import Flask, request, make_response, Response';
const found = (code: string) =>
  findingIds(code, { keep: /^(?:header-injection|xss|open-redirect)@/, sort: true });
const lineOf = (code: string, text: string) => code.split('\n').findIndex((line) => line.includes(text)) + 1;

describe('a Flask call given a keyword it does not take raises, and sends nothing', () => {
  it.each([
    [
      'make_response with content_type=',
      FLASK,
      'kind = request.headers.get("Content-Type")\nresp = make_response("hello", content_type=kind)\nreturn resp',
    ],
    [
      'make_response with headers= (positional only)',
      FLASK,
      'resp = make_response(request.args["page"], headers={"X-Kind": request.args["k"]})\nreturn resp',
    ],
    [
      'flask.make_response with mimetype=',
      'import flask\nfrom flask import Flask, request',
      'return flask.make_response(request.args["page"], mimetype="text/html")',
    ],
    ['Response with mime_type=', FLASK, 'return Response(request.args["page"], mime_type="text/html")'],
    [
      'Response with contentType=',
      FLASK,
      'return Response("ok", status=200, contentType=request.headers["Content-Type"])',
    ],
    [
      "werkzeug's Response with charset= (a class attribute, never a keyword)",
      'from flask import Flask, request\nfrom werkzeug.wrappers import Response',
      'return Response(request.args["page"], charset="utf-8", mimetype="text/html")',
    ],
  ])('%s', async (_what, imports, body) => {
    expect(await found(web(imports, body))).toEqual([]);
  });
});

describe('the neighbours that do send what they are given are still reported', () => {
  it('make_response with the headers given by position', async () => {
    const code = web(
      FLASK,
      'kind = request.headers.get("Content-Type")\nresp = make_response("hello", 200, {"Content-Type": kind})\nreturn resp',
    );
    expect(await found(code)).toEqual([`header-injection@${lineOf(code, 'make_response(')}`]);
  });

  it.each([
    ['content_type=', 'content_type'],
    ['mimetype=', 'mimetype'],
  ])('Response with %s from the request', async (_what, keyword) => {
    const code = web(FLASK, `return Response("ok", ${keyword}=request.headers["Content-Type"])`);
    expect(await found(code)).toEqual([`header-injection@${lineOf(code, 'return Response(')}`]);
  });

  it('Response with the request as its page and a keyword it takes', async () => {
    const code = web(FLASK, 'return Response(request.args["page"], mimetype="text/html", status=200)');
    expect(await found(code)).toEqual([`xss@${lineOf(code, 'return Response(')}`]);
  });

  it("a make_response of the file's own, which takes the keyword", async () => {
    const code = `from flask import Flask, request, Response\napp = Flask(__name__)\n\ndef make_response(body, content_type=None):\n    return Response(body, content_type=content_type)\n\n@app.route("/r")\ndef r():\n    return make_response(request.args["page"], content_type="text/html")\n`;
    expect(await found(code)).toEqual([`xss@${lineOf(code, 'return make_response(')}`]);
  });

  it("Flask's make_response bound again to the file's own on a branch", async () => {
    const code = `import os\nfrom flask import Flask, request, make_response, Response\n\nif os.environ.get("LOOSE"):\n    def make_response(body, content_type=None):\n        return Response(body, content_type=content_type)\n\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    return make_response(request.args["page"], content_type="text/html")\n`;
    expect(await found(code)).not.toEqual([]);
  });

  it('flask.make_response replaced by the file before the call', async () => {
    const code = `import flask\nfrom flask import Flask, request\n\ndef loose(body, **options):\n    resp = flask.Response(body)\n    resp.headers["Content-Type"] = options.get("content_type")\n    return resp\n\nflask.make_response = loose\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    return flask.make_response(request.args["page"], content_type="text/html")\n`;
    expect(await found(code)).not.toEqual([]);
  });

  it('a subclass of Response that takes more keywords', async () => {
    const code = `from flask import Flask, request, Response\napp = Flask(__name__)\n\nclass Page(Response):\n    def __init__(self, body, charset=None, **options):\n        super().__init__(body, **options)\n\n@app.route("/r")\ndef r():\n    return Page(request.args["page"], charset="utf-8", mimetype="text/html")\n`;
    expect(await found(code)).not.toEqual([]);
  });
});

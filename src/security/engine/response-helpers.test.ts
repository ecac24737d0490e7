import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, w102: what reviews r17 and r21 left of a response handed to a helper. A media type declared where a
 * response is built holds only while nothing changes it; a helper given the response (or its headers) may change
 * it, and a helper may read back a media type the request chose.
 */
const ids = (code: string) => findingIds(code, { keep: /^(?:xss|header-injection)@/, sort: true });

const FLASK =
  'import json\nfrom flask import Flask, request, make_response, Response\napp = Flask(__name__)\n';
/** A helper (lines 4–5), then a route whose response declares JSON at line 9 and is given to the helper. */
const handed = (helper: string, call = '    add(resp)') =>
  `${FLASK}def add(r):\n${helper}\n\n@app.route("/r")\ndef r():\n    resp = make_response(json.dumps(request.args["q"]), {"Content-Type": "application/json"})\n${call}\n    return resp\n`;

describe('a helper given the response may give it another media type', () => {
  it.each([
    ['by key', '    r.headers["Content-Type"] = "text/html"'],
    ['as its mimetype', '    r.mimetype = "text/html"'],
    ['by setattr', '    setattr(r, "mimetype", "text/html")'],
    ['through a name bound in the helper', '    h = r.headers\n    h.set("Content-Type", "text/html")'],
  ])('%s', async (_what, helper) => {
    // the build's line: 9, one more for each further line of the helper
    expect(await ids(handed(helper))).toContain(`xss@${8 + helper.split('\n').length}`);
  });

  it('given by keyword, or its headers alone', async () => {
    expect(await ids(handed('    r.mimetype = "text/html"', '    add(r=resp)'))).toContain('xss@9');
    expect(await ids(handed('    r["Content-Type"] = "text/html"', '    add(resp.headers)'))).toContain(
      'xss@9',
    );
  });

  it('a helper handing it on to another helper', async () => {
    const code = `${FLASK}def inner(x):\n    x.headers["Content-Type"] = "text/html"\n\ndef add(r):\n    inner(r)\n\n@app.route("/r")\ndef r():\n    resp = make_response(json.dumps(request.args["q"]), {"Content-Type": "application/json"})\n    add(resp)\n    return resp\n`;
    expect(await ids(code)).toContain('xss@12');
  });

  it('a function the file does not show may do anything to it', async () => {
    expect(await ids(handed('    pass', '    cors.apply(resp)'))).toContain('xss@9');
  });

  it('setattr on another name bound to the response (r17 left it: reported already, kept)', async () => {
    expect(
      await ids(handed('    pass', '    r2 = resp\n    setattr(r2, "mimetype", "text/html")')),
    ).toContain('xss@9');
  });
});

describe('helpers that leave the media type alone keep the declaration', () => {
  it.each([
    ['another header by key', '    r.headers["X-Frame-Options"] = "DENY"'],
    ['another header through a method', '    r.headers.set("Cache-Control", "no-store")'],
    ['reading only', '    print(r.status_code)'],
  ])('%s', async (_what, helper) => {
    expect(await ids(handed(helper))).toEqual([]);
  });

  it('a logger given the response', async () => {
    expect(await ids(handed('    pass', '    app.logger.info("sent %s", resp)'))).toEqual([]);
  });

  it('a built-in given the response', async () => {
    expect(
      await ids(handed('    pass', '    print(len(resp.get_data()), isinstance(resp, Response))')),
    ).toEqual([]);
  });

  it('the same helper given a response declared HTML still reports it', async () => {
    const code = `${FLASK}def add(r):\n    r.headers["X-Frame-Options"] = "DENY"\n\n@app.route("/r")\ndef r():\n    resp = make_response(json.dumps(request.args["q"]))\n    add(resp)\n    return resp\n`;
    expect(await ids(code)).toContain('xss@9');
  });
});

describe('a helper reading back what the request wrote into a header', () => {
  const chosen = (helper: string, tail: string) =>
    `${FLASK}def kind(r):\n${helper}\n\n@app.route("/r")\ndef r():\n    resp = Response("ok")\n    resp.mimetype = request.args["q"]\n${tail}\n`;

  it.each([
    ['its mimetype', '    return r.mimetype'],
    ['its Content-Type header', '    return r.headers["Content-Type"]'],
    ['its content_type in text', '    return "<p>" + r.content_type + "</p>"'],
  ])('%s, returned as the page', async (_what, helper) => {
    expect(await ids(chosen(helper, '    return kind(resp)'))).toEqual(['header-injection@10', 'xss@11']);
  });

  it('a helper returning the response whole is no page of its headers', async () => {
    expect(await ids(chosen('    return r', '    return kind(resp)'))).toEqual(['header-injection@10']);
  });

  it('a helper reading the media type of a response the request did not write gives nothing', async () => {
    const code = `${FLASK}def kind(r):\n    return r.mimetype\n\n@app.route("/r")\ndef r():\n    resp = Response("ok")\n    resp.headers["X-Request"] = "1"\n    return kind(resp)\n`;
    expect(await ids(code)).toEqual([]);
  });
});

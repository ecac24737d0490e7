import { describe, expect, it } from 'vitest';
import { findingIds, ofRule } from '../../../test/support/rule-findings.js';

/**
 * Review r24 (w109). JSON text clears header injection only where the header is seen to be one with no parts of
 * its own (`X-Data`). Headers whose entries are not seen (a comprehension over `request.args`, a key the request
 * chooses) or a header named by a key that is no constant (a loop over pairs, a conditional name, a helper's
 * parameter) may be `Set-Cookie`: JSON text there clears nothing. Programs from the reviewer's /tmp/rev-VM3E.
 */
const ids = (code: string, language: 'python' | 'javascript' = 'python') =>
  findingIds(code, { language, keep: ofRule('header-injection'), sort: true });

const FLASK =
  'import json\nfrom flask import Flask, request, make_response, Response\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n';

describe('JSON text in headers whose entries are not seen', () => {
  it.each([
    [
      'a comprehension over the request given as headers',
      '    headers = {k: json.dumps(v) for k, v in request.args.items()}\n    return Response("ok", headers=headers)\n',
      7,
    ],
    [
      'a key the request chooses',
      '    h = {}\n    h[request.args["name"]] = json.dumps(request.args["value"])\n    return Response("ok", headers=h)\n',
      8,
    ],
    [
      'update with a comprehension',
      '    resp = make_response("ok")\n    resp.headers.update({k: json.dumps(v) for k, v in request.args.items()})\n    return resp\n',
      7,
    ],
    ['a returned tuple', '    return "ok", 200, {k: json.dumps(v) for k, v in request.args.items()}\n', 6],
  ])('%s', async (_what, body, line) => {
    expect(await ids(FLASK + body)).toEqual([`header-injection@${line}`]);
  });

  it('control: a dict of constant keys none of which has parts of its own stays cleared', async () => {
    const body = '    return Response("ok", headers={"X-Data": json.dumps(request.args["q"])})\n';
    expect(await ids(FLASK + body)).toEqual([]);
  });

  it('control: raw data in unseen entries is reported as before', async () => {
    const body =
      '    headers = {k: v for k, v in request.args.items()}\n    return Response("ok", headers=headers)\n';
    expect(await ids(FLASK + body)).toEqual(['header-injection@7']);
  });
});

describe('JSON text under a header name that is no constant', () => {
  it.each([
    [
      'a loop over pairs',
      '    resp = make_response("ok")\n    for k, v in [("Set-Cookie", "sid=" + json.dumps(request.args["q"]))]:\n        resp.headers[k] = v\n    return resp\n',
      8,
    ],
    [
      'a name chosen by a condition',
      '    resp = make_response("ok")\n    name = "Set-Cookie" if request.args.get("a") else "X-Sid"\n    resp.headers[name] = "sid=" + json.dumps(request.args["q"])\n    return resp\n',
      8,
    ],
    [
      'a key the request chooses',
      '    resp = make_response("ok")\n    resp.headers[request.args["name"]] = json.dumps(request.args["value"])\n    return resp\n',
      7,
    ],
    [
      'a headers method given a name not constant',
      '    resp = make_response("ok")\n    name = "Set-Cookie" if request.args.get("a") else "X-Sid"\n    resp.headers.add(name, "sid=" + json.dumps(request.args["q"]))\n    return resp\n',
      8,
    ],
  ])('%s', async (_what, body, line) => {
    expect(await ids(FLASK + body)).toEqual([`header-injection@${line}`]);
  });

  it('a helper given the header name', async () => {
    const code =
      'import json\nfrom flask import Flask, request, make_response\napp = Flask(__name__)\ndef put(resp, name, v):\n    resp.headers[name] = v\n@app.route("/r")\ndef r():\n    resp = make_response("ok")\n    put(resp, "Set-Cookie", "sid=" + json.dumps(request.args["q"]))\n    return resp\n';
    expect(await ids(code)).toEqual(['header-injection@5']);
  });

  it('control: the same helper given JSON text under a header of no parts stays cleared', async () => {
    const code =
      'import json\nfrom flask import Flask, request, make_response\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n    resp = make_response("ok")\n    resp.headers["X-Sid"] = json.dumps(request.args["q"])\n    return resp\n';
    expect(await ids(code)).toEqual([]);
  });
});

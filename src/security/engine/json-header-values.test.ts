import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, w102 (after reviews r17 and r21). JSON text escapes CR and LF, so it cannot split a header: header
 * injection is cleared by `json.dumps` and `JSON.stringify` (w91). But it escapes no `;`, `,`, `<`, `>` or `/`:
 * in `Set-Cookie` a `;` adds cookie attributes (`Domain=`, `SameSite=None`), in `Content-Security-Policy` a `;`
 * adds a directive, in `Link` a `>; rel=…, <…>` adds links, and in `Refresh` the text is the URL the page goes
 * to. There the request still chooses what the header says: JSON text clears nothing. `Location` is the open
 * redirect rule's, which JSON text never cleared.
 */
const RULES = /^(?:header-injection|open-redirect|permissive-cors)@/;
const ids = (code: string, language: 'python' | 'javascript' = 'python') =>
  findingIds(code, { language, keep: RULES, sort: true });

const FLASK =
  'import json\nfrom flask import Flask, request, make_response, Response\napp = Flask(__name__)\n';
const route = (body: string) =>
  `${FLASK}@app.route("/r")\ndef r():\n    resp = make_response("ok")\n${body}\n    return resp\n`;
const q = 'json.dumps(request.args["q"])';

describe('JSON text in a header whose value has parts of its own is still the request data', () => {
  it.each([
    ['Set-Cookie by key', `    resp.headers["Set-Cookie"] = "sid=" + ${q}`],
    ['Set-Cookie in other capitals', `    resp.headers["set-cookie"] = ${q}`],
    ['Set-Cookie through a headers method', `    resp.headers.add("Set-Cookie", "sid=" + ${q})`],
    ['Refresh by key', `    resp.headers["Refresh"] = "0; url=" + ${q}`],
    ['Refresh through set', `    resp.headers.set("Refresh", ${q})`],
    ['Link by key', `    resp.headers["Link"] = "<" + ${q} + ">; rel=preload"`],
    ['Content-Security-Policy by key', `    resp.headers["Content-Security-Policy"] = "script-src " + ${q}`],
  ])('%s', async (_what, body) => {
    expect(await ids(route(body))).toEqual(['header-injection@7']);
  });

  it('through a name bound to the headers', async () => {
    const body = `    h = resp.headers\n    h["Set-Cookie"] = "sid=" + ${q}`;
    expect(await ids(route(body))).toEqual(['header-injection@8']);
  });

  it('in the headers a response is built or returned with', async () => {
    const built = `${FLASK}@app.route("/r")\ndef r():\n    return Response("ok", headers={"Set-Cookie": "sid=" + ${q}})\n`;
    expect(await ids(built)).toEqual(['header-injection@6']);
    const returned = `${FLASK}@app.route("/r")\ndef r():\n    return "ok", 200, {"Refresh": "0; url=" + ${q}}\n`;
    expect(await ids(returned)).toEqual(['header-injection@6']);
    const updated = `${FLASK}@app.route("/r")\ndef r():\n    resp = make_response("ok")\n    resp.headers.update({"Link": ${q}})\n    return resp\n`;
    expect(await ids(updated)).toEqual(['header-injection@7']);
  });

  it('a helper that writes its parameter into Set-Cookie', async () => {
    const code = `${FLASK}def remember(resp, v):\n    resp.headers["Set-Cookie"] = "sid=" + v\n\n@app.route("/r")\ndef r():\n    resp = make_response("ok")\n    remember(resp, ${q})\n    return resp\n`;
    expect(await ids(code)).toEqual(['header-injection@5']);
  });

  it('JavaScript: JSON.stringify into Set-Cookie or Refresh', async () => {
    const code =
      "const express = require('express');\nconst app = express();\napp.get('/r', (req, res) => {\n  res.setHeader('Set-Cookie', 'sid=' + JSON.stringify(req.query.q));\n  res.set('Refresh', '0; url=' + JSON.stringify(req.query.u));\n  res.send('ok');\n});\n";
    expect(await ids(code, 'javascript')).toEqual(['header-injection@4', 'header-injection@5']);
  });
});

describe('neighbours stay as they were', () => {
  it('JSON text in a header of no parts of its own is clean (a line break is all it could add)', async () => {
    for (const body of [
      `    resp.headers["X-Data"] = ${q}`,
      `    resp.headers.set("X-Data", ${q})`,
      `    resp.headers["Content-Disposition"] = "attachment; filename=" + ${q}`,
    ])
      expect(await ids(route(body))).toEqual([]);
  });

  it('request data itself in those headers is reported, with or without JSON', async () => {
    expect(await ids(route('    resp.headers["X-Data"] = request.args["q"]'))).toEqual([
      'header-injection@7',
    ]);
    expect(await ids(route('    resp.headers["Set-Cookie"] = request.args["q"]'))).toEqual([
      'header-injection@7',
    ]);
  });

  it('Location is an open redirect with or without JSON, and is no header injection', async () => {
    expect(await ids(route(`    resp.headers["Location"] = ${q}`))).toEqual(['open-redirect@7']);
  });

  it('an encoder that escapes `;` after the JSON still clears the cookie', async () => {
    const code = `from urllib.parse import quote\n${FLASK}@app.route("/r")\ndef r():\n    resp = make_response("ok")\n    resp.headers["Set-Cookie"] = "sid=" + quote(${q})\n    return resp\n`;
    expect(await ids(code)).toEqual([]);
  });

  it('a constant cookie beside a JSON-encoded header of no parts stays clean', async () => {
    const code = `${FLASK}@app.route("/r")\ndef r():\n    return "ok", 200, {"Set-Cookie": "theme=dark", "X-Data": ${q}}\n`;
    expect(await ids(code)).toEqual([]);
  });
});

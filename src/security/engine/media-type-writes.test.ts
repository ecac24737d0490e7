import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

/**
 * Issue 59, w92: review r17 of w84. A response that declares a media type that is no page clears its body of XSS
 * only while nothing changes that declaration: a dict of headers written after its literal (F2), a media type
 * written on the response after it is built (F1), which of several settings Werkzeug obeys (F3), a media type
 * read back into the page (F4), a request-chosen media type on a redirect (F5) and Flask's `response_class` (F6).
 */
const ruleSet = defaultRuleSet();
const ids = async (code: string, file = 'app/views.py') =>
  (await analyzeSource({ source: code, language: 'python', file, ruleSet }))
    .map((finding) => `${finding.ruleId}@${finding.line}`)
    .filter((id) => /^(?:xss|header-injection)@/.test(id))
    .sort();

const FLASK =
  'import json\nfrom flask import Flask, request, make_response, Response, redirect\napp = Flask(__name__)\n';
const route = (body: string) => `${FLASK}@app.route("/r")\ndef r():\n${body}\n`;
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

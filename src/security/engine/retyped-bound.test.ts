import { describe, expect, it } from 'vitest';
import { ruleLines } from '../../../test/support/rule-findings.js';

/**
 * Review r25 (w111): a response declared JSON and handed to a method of the file's class that writes its media type
 * (`resp.headers["Content-Type"] = "text/html"`) is a page. `retyped` read such a helper with its first parameter
 * taken for `self` only when named so and only for a call through an attribute: a bound method called by a bare
 * name (`apply = Headers().apply; apply(resp)`), an instance parameter not named `self`, a `@classmethod` whose
 * first parameter is not `cls` and a `@staticmethod` whose first is gave the response to the wrong parameter, and
 * the JSON type was trusted: XSS hidden.
 */
const xss = (source: string) => ruleLines(source, 'xss');

const page = (helper: string, calls: string) =>
  `from flask import Flask, request, make_response\napp = Flask(__name__)\n\n${helper}\n\n@app.route("/r")\ndef r():\n    resp = make_response(request.args.get("q"), {"Content-Type": "application/json"})\n${calls}\n    return resp\n`;
const built = (code: string) =>
  code.split('\n').findIndex((line) => line.includes('make_response(request')) + 1;

const writesHtml = (signature: string, target = 'resp', decorator = '') =>
  `class Headers:\n${decorator ? `    @${decorator}\n` : ''}    def ${signature}:\n        ${target}.headers["Content-Type"] = "text/html"`;

describe('a method of the file given the response', () => {
  it.each([
    [
      'a bound method called by a bare name',
      writesHtml('apply(self, resp)'),
      '    apply = Headers().apply\n    apply(resp)',
    ],
    ['an instance parameter not named self', writesHtml('apply(this, resp)'), '    Headers().apply(resp)'],
    [
      'a classmethod whose first parameter is not cls',
      writesHtml('apply(klass, resp)', 'resp', 'classmethod'),
      '    Headers.apply(resp)',
    ],
    [
      'a staticmethod whose first parameter is named self',
      writesHtml('apply(self, kind)', 'self', 'staticmethod'),
      '    Headers.apply(resp, "text/html")',
    ],
    [
      'a method called unbound with its instance',
      writesHtml('apply(self, resp)'),
      '    Headers.apply(Headers(), resp)',
    ],
  ])('%s that writes the media type: the JSON type no longer holds (XSS)', async (_what, helper, calls) => {
    const code = page(helper, calls);
    expect(await xss(code)).toContain(built(code));
  });

  it.each([
    [
      'a bound method that writes another header',
      'class Headers:\n    def apply(self, resp):\n        resp.headers["X-Frame-Options"] = "DENY"',
      '    apply = Headers().apply\n    apply(resp)',
    ],
    [
      'a staticmethod that writes another header',
      'class Headers:\n    @staticmethod\n    def apply(resp):\n        resp.headers["X-Frame-Options"] = "DENY"',
      '    Headers.apply(resp)',
    ],
    [
      'a classmethod that writes another header',
      'class Headers:\n    @classmethod\n    def apply(cls, resp):\n        resp.headers["X-Frame-Options"] = "DENY"',
      '    Headers.apply(resp)',
    ],
  ])('%s: still JSON, not reported', async (_what, helper, calls) => {
    expect(await xss(page(helper, calls))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';
import { retypedWork } from './response-headers.js';

/**
 * Review r24 (w109): whether a response declared JSON is given another media type (`retyped`) was read again per
 * sink matcher and per pass, and each call handing the response on walked the whole file for the helper's
 * definition and then the helper: (calls × definitions)². It is now read once per function, name and depth, and
 * the file's functions are indexed by name once. Counted in nodes visited, not timed: a file with twice the
 * routes costs about twice, not four times.
 */
const ruleSet = defaultRuleSet();
const FLASK =
  'import json\nfrom flask import Flask, request, make_response\napp = Flask(__name__)\ndef log(r):\n    print(r.status)\n';
const route = (index: number, calls: number) =>
  `@app.route("/r${index}")\ndef r${index}():\n    resp = make_response(json.dumps(request.args["q"]), {"Content-Type": "application/json"})\n${'    log(resp)\n'.repeat(calls)}    return resp\n`;
const file = (routes: number, calls: number) =>
  FLASK + Array.from({ length: routes }, (_, index) => route(index, calls)).join('');

const work = async (routes: number, calls: number) => {
  const start = retypedWork.nodes;
  const findings = await analyzeSource({
    source: file(routes, calls),
    language: 'python',
    file: 'app/views.py',
    ruleSet,
  });
  return {
    nodes: retypedWork.nodes - start,
    xss: findings.filter((finding) => finding.ruleId === 'xss').length,
  };
};

describe('the cost of reading helpers handed a response', () => {
  it('grows with the file, not with its square', async () => {
    const small = await work(10, 10);
    const large = await work(40, 10);
    expect(small.nodes).toBeGreaterThan(0);
    // four times the routes: linear work is four times, (calls × definitions)² sixteen
    expect(large.nodes / small.nodes).toBeLessThan(6); // ×3.9 now, ×15.4 before review r24
  });

  it('a helper handed the response by many calls is read once', async () => {
    const few = await work(5, 2);
    const many = await work(5, 40);
    // twenty times the calls add the routes' own statements to walk (×4.5), not a walk of the file per call
    // (×74 before review r24)
    expect(many.nodes / few.nodes).toBeLessThan(10);
  });

  it('control: a helper that writes the media type still retypes every route', async () => {
    expect((await work(3, 2)).xss).toBe(0);
    const code = file(3, 2).replace('    print(r.status)\n', '    r.headers["Content-Type"] = "text/html"\n');
    const findings = await analyzeSource({ source: code, language: 'python', file: 'app/views.py', ruleSet });
    expect(findings.filter((finding) => finding.ruleId === 'xss').map((finding) => finding.line)).toEqual([
      8, 11, 14, 17, 20, 23,
    ]);
  });
});

describe('a logger given the response, by its name (review r24, item 5)', () => {
  const FLASK_ROUTE = (call: string) =>
    `import json, logging\nfrom flask import Flask, request, make_response\napp = Flask(__name__)\nlog = logging.getLogger(__name__)\n@app.route("/r")\ndef r():\n    resp = make_response(json.dumps(request.args["q"]), {"Content-Type": "application/json"})\n    ${call}\n    return resp\n`;
  const xss = async (code: string) =>
    (await analyzeSource({ source: code, language: 'python', file: 'app/views.py', ruleSet }))
      .filter((finding) => finding.ruleId === 'xss')
      .map((finding) => finding.line);

  it.each(['dialog.error(resp)', 'blog.info(resp)', 'catalog.log(resp)'])(
    '%s is no logger: it may write the response',
    async (call) => {
      expect(await xss(FLASK_ROUTE(call))).toEqual([7, 9]);
    },
  );

  it.each(['log.info(resp)', 'logging.info(resp)', 'app.logger.info(resp)', 'self.audit_log.error(resp)'])(
    'control: %s only reads it',
    async (call) => {
      expect(await xss(FLASK_ROUTE(call))).toEqual([]);
    },
  );
});

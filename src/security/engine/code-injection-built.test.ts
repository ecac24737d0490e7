import { describe, expect, it } from 'vitest';
import { ruleLines } from '../../../test/support/rule-findings.js';

/**
 * w212 (issue 59): JavaScript that runs request data as code through forms code-injection did not read:
 * `String.raw` (a tagged template whose text is returned, where a tag like `sql` keeps its parts apart), every
 * argument of `new Function(a, b, c, body)` and `Function.prototype.constructor`, `Reflect.construct(Function, …)`,
 * and a worker thread given its script as text (`new Worker(code, { eval: true })`). Constant code, a worker's file
 * and data passed as a made function's argument stay quiet.
 */
const rule = 'code-injection';
const express = (body: string) =>
  `const express = require('express');\nconst { Worker } = require('worker_threads');\nconst app = express();\napp.post('/r', (req, res) => {\n  const code = req.body.code;\n${body}\n  res.send('ok');\n});\n`;
const js = (code: string) => ruleLines(code, rule, { language: 'javascript' });

describe('JavaScript: request data run as code', () => {
  it.each([
    ['eval(String.raw`…${code}`)', '  const text = String.raw`return ${code}`;\n  eval(text);'],
    ['new Function(String.raw`…`)', '  new Function(String.raw`return ${req.query.x}`);'],
    ["new Function('a', 'b', 'c', body)", "  new Function('a', 'b', 'c', 'return ' + code);"],
    ['Function with the data as a parameter list', "  Function(code, 'return 1');"],
    ['Function.prototype.constructor(body)', "  Function.prototype.constructor('return ' + code);"],
    ['Reflect.construct(Function, [body])', "  Reflect.construct(Function, ['return ' + code]);"],
    ['new Worker(code, { eval: true })', '  new Worker(code, { eval: true });'],
    [
      'new worker_threads.Worker(template, { eval: true })',
      "  const wt = require('node:worker_threads');\n  new wt.Worker(`${code}; postMessage(1)`, { eval: true });",
    ],
  ])('%s: reported', async (_what, body) => {
    expect(await js(express(body))).toHaveLength(1);
  });

  it.each([
    ['String.raw of constant text', '  eval(String.raw`1 + 1`);'],
    ['a tagged template that keeps its parts apart', '  const q = sql`select ${code}`;\n  eval("1");'],
    ["a worker's file, the data as its workerData", "  new Worker('./worker.js', { workerData: { code } });"],
    [
      'a constant eval worker given the data',
      "  new Worker('const x = 1', { eval: true, workerData: code });",
    ],
    ['a fixed function given the data', "  new Function('a', 'b', 'return a + b')(code, 1);"],
    ['Reflect.construct of Date', '  Reflect.construct(Date, [code]);'],
  ])('%s: not reported', async (_what, body) => {
    expect(await js(express(body))).toEqual([]);
  });
});

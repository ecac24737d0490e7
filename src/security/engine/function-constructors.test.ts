import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * w230: the AsyncFunction and GeneratorFunction constructors, reached from a function literal, make a function of
 * the request's text as `new Function(code)` does (bench/notes/2026-11-29-gate-consistency.md, w223: "Not done");
 * the `constructor` of any other value (the clone idiom) and constant code stay quiet.
 */
const express = (body: string) =>
  `const express = require('express');\nconst app = express();\napp.post('/r', async (req, res) => {\n  const code = req.body.code;\n${body}\n  res.send('ok');\n});\n`;
const injection = async (body: string) =>
  (await findingIds(express(body), { language: 'javascript' })).filter((id) =>
    id.startsWith('code-injection'),
  );

describe('function constructors reached from a function literal', () => {
  it.each([
    [
      'Object.getPrototypeOf(async function () {}).constructor(code)',
      '  Object.getPrototypeOf(async function () {}).constructor(code)();',
    ],
    [
      'new (Object.getPrototypeOf(async function () {}).constructor)(code)',
      '  new (Object.getPrototypeOf(async function () {}).constructor)(code);',
    ],
    ['new ((async () => {}).constructor)(code)', '  new ((async () => {}).constructor)(code);'],
    ['(function* () {}).constructor(code)', '  (function* () {}).constructor(code);'],
    [
      'bound to a name first: const AsyncFunction = …; new AsyncFunction(code)',
      '  const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;\n  await new AsyncFunction(code)();',
    ],
    [
      'Reflect.getPrototypeOf(function () {}).constructor(code)',
      '  Reflect.getPrototypeOf(function () {}).constructor(code);',
    ],
  ])('%s: reported', async (_name, body) => {
    const line = 4 + body.split('\n').length;
    expect(await injection(body)).toEqual([`code-injection@${line}`]);
  });

  it.each([
    ['the clone idiom', '  const copy = new (Object.getPrototypeOf(req.body).constructor)(code);'],
    ['a class read off an object', '  const made = new (Object.getPrototypeOf(res).constructor)(code);'],
    ['constant code', '  Object.getPrototypeOf(async function () {}).constructor("return 1")();'],
    ['a function literal called, not its constructor', '  (async () => code)();'],
  ])('%s: quiet', async (_name, body) => {
    expect(await injection(body)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * w230: the AsyncFunction and GeneratorFunction constructors, reached from a function literal, make a function of
 * the request's text as `new Function(code)` does (bench/notes/2026-11-29-gate-consistency.md, w223: "Not done");
 * the `constructor` of any other value (the clone idiom) and constant code stay quiet.
 */
const express = (body: string, head = '') =>
  `const express = require('express');\n${head}const app = express();\napp.post('/r', async (req, res) => {\n  const code = req.body.code;\n${body}\n  res.send('ok');\n});\n`;
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

describe('the constructor of a function held by a name (w236)', () => {
  const injectionWith = async (body: string, head = '') =>
    (await findingIds(express(body, head), { language: 'javascript' })).filter((id) =>
      id.startsWith('code-injection'),
    );
  it.each([
    [
      'a named async function declared in the handler',
      '  async function f() {}\n  Object.getPrototypeOf(f).constructor(code)();',
      '',
    ],
    [
      'an async function of the module, new (…constructor)(code)',
      '  new (Object.getPrototypeOf(helper).constructor)(code);',
      'async function helper() {}\n',
    ],
    [
      'a const holding an async arrow: g.constructor(code)',
      '  const g = async () => {};\n  g.constructor(code);',
      '',
    ],
    ['a generator declared: gen.constructor(code)', '  function* gen() {}\n  gen.constructor(code);', ''],
    [
      "the prototype's __proto__: f.__proto__.constructor(code)",
      '  async function f() {}\n  f.__proto__.constructor(code);',
      '',
    ],
    [
      'bound first: const AsyncFunction = Object.getPrototypeOf(f).constructor',
      '  const AsyncFunction = Object.getPrototypeOf(helper).constructor;\n  new AsyncFunction(code);',
      'async function helper() {}\n',
    ],
  ])('%s: reported', async (_name, body, head) => {
    const line = 4 + (head ? 1 : 0) + body.split('\n').length;
    expect(await injectionWith(body, head)).toEqual([`code-injection@${line}`]);
  });

  it.each([
    ['an object literal', '  const o = {};\n  Object.getPrototypeOf(o).constructor(code);', ''],
    [
      'an instance of a class (the clone idiom)',
      '  const c = new Thing();\n  const copy = new (Object.getPrototypeOf(c).constructor)(code);',
      'class Thing {}\n',
    ],
    [
      'a parameter hiding the module function of that name',
      '  const run = (helper) => new (Object.getPrototypeOf(helper).constructor)(code);\n  run({});',
      'async function helper() {}\n',
    ],
    ['a name rebound to data', '  let g = async () => {};\n  g = req.body;\n  g.constructor(code);', ''],
    ['an imported name', '  Object.getPrototypeOf(lib).constructor(code);', "const lib = require('lib');\n"],
    ['a name declared nowhere', '  Object.getPrototypeOf(unknown).constructor(code);', ''],
    ['constant code', '  async function f() {}\n  Object.getPrototypeOf(f).constructor("return 1")();', ''],
  ])('%s: quiet', async (_name, body, head) => {
    expect(await injectionWith(body, head)).toEqual([]);
  });
});

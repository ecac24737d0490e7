import { describe, expect, it } from 'vitest';
import { assertionSkipMessages, javascriptSkipVerdicts } from './javascript-skips.js';
import type { TestCaseResult } from './test-results.js';

/** Skips that hide a failure in a JavaScript run (w198), read where they are decided. */

const FILE = 'test/add.test.js';
const run = (tests: TestCaseResult[], code: string) => javascriptSkipVerdicts(tests, [{ file: FILE, code }]);
const passed: TestCaseResult = { name: 'adds zero', status: 'passed', file: FILE };
const skipped: TestCaseResult = { name: 'adds', status: 'skipped', file: FILE };

describe('assertionSkipMessages', () => {
  it.each([
    ["test('adds', (ctx) => {\n  if (add(2, 3) !== 5) ctx.skip('expected 5');\n});\n", 'expected 5'],
    ['it("x", (t) => { t.skip(`got ${add(2, 3)}`); });\n', 'got ${add(2, 3)}'],
    [
      "test('adds', (context) => {\n  context.skip(add(2, 3) !== 5, 'add(2, 3) === 5');\n});\n",
      'add(2, 3) === 5',
    ],
  ])('reads the message of %j', (code, message) => {
    expect(assertionSkipMessages(code).map((skip) => skip.message)).toEqual([message]);
  });

  it.each([
    ["it.skip('returns the expected total', () => {});\n"],
    ["test.concurrent.skip('expected 5', async () => {});\n"],
    ["describe.skip('assertions', () => {});\n"],
    ["test('db', (ctx) => {\n  if (!process.env.DATABASE_URL) ctx.skip('no database configured');\n});\n"],
    ["test('net', (t) => {\n  t.skip();\n});\n"],
  ])('reads no assertion message in %j', (code) => {
    expect(assertionSkipMessages(code)).toEqual([]);
  });
});

describe('javascriptSkipVerdicts', () => {
  it('fails a test skipped from a file whose skip carries an assertion message', () => {
    const code = "test('adds', (ctx) => {\n  if (add(2, 3) !== 5) ctx.skip('expected 5');\n});\n";
    const verdict = run([passed, skipped], code);
    expect(verdict.tests[0]).toEqual(passed);
    expect(verdict.tests[1]).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('expected 5'),
    });
    expect(verdict.refused).toEqual([]);
  });

  it('fails only the test whose body skips with the message', () => {
    const code =
      "test('adds', (ctx) => {\n  if (add(2, 3) !== 5) ctx.skip('expected 5');\n});\n\ntest('net', { skip: 'no network' }, () => {});\n";
    const net: TestCaseResult = { name: 'net', status: 'skipped', file: FILE };
    const verdict = run([skipped, net], code);
    expect(verdict.tests.map((test) => test.status)).toEqual(['failed', 'skipped']);
    expect(assertionSkipMessages(code)).toEqual([{ message: 'expected 5', test: 'adds' }]);
  });

  it('refuses a skip from a file that asks for none', () => {
    const code = "test('adds zero', () => {});\ntest('adds', () => {});\n";
    const verdict = run([passed, skipped], code);
    expect(verdict.tests).toEqual([passed, skipped]);
    expect(verdict.refused).toEqual([
      expect.stringContaining('`adds` reported skipped, though the test file asks for no skip'),
    ]);
  });

  it('leaves skips the file declares, for reasons that are not assertions, alone', () => {
    for (const code of [
      "test('adds zero', () => {});\ntest.skip('adds', () => {});\n",
      "test('adds zero', () => {});\ntest('adds', { skip: 'no network' }, () => {});\n",
      "test('adds zero', () => {});\ntest('adds', (ctx) => {\n  if (!process.env.DATABASE_URL) ctx.skip('no database configured');\n});\n",
      "it('adds zero', () => {});\nit.todo('adds');\n",
    ])
      expect(run([passed, skipped], code)).toEqual({ tests: [passed, skipped], refused: [] });
  });
});

import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../core/languages.js';
import { isTypeOnlyGap } from './grammar-gaps.js';
import { firstSyntaxError, parse } from './parser.js';

/** The first error the engine would report: the parser's first one past the type-only gaps. */
async function firstUnread(language: LanguageId, source: string) {
  const tree = await parse(language, source);
  try {
    const node = firstSyntaxError(tree, (error, parent) => isTypeOnlyGap({ node: error, parent, language }));
    return node && node.startPosition.row + 1;
  } finally {
    tree.delete();
  }
}

/** Whether the bundled grammar reads the text without an error. */
async function parsesWhole(language: LanguageId, source: string) {
  const tree = await parse(language, source);
  try {
    return firstSyntaxError(tree) === undefined;
  } finally {
    tree.delete();
  }
}

const GAPS = [
  "export type * from './types.js';",
  'export type * as Types from "./types.js"',
  "let listing: import('node:fs').Dirent[];",
  "var entries: import('node:fs').Dirent[]",
  "let attributed: import('./m.js', { with: { 'resolution-mode': 'import' } }).T[];",
  "type Probe = import('./probe.js').Probe;",
  "type Deep = import('./probe.js').A.B;",
];

describe('type-only grammar gaps', () => {
  for (const gap of GAPS) {
    it(`passes over \`${gap}\` in TypeScript and TSX, not over an error after it`, async () => {
      // when this fails, the grammar learned the form: drop its shape from grammar-gaps.ts
      expect(await parsesWhole('typescript', gap)).toBe(false);
      for (const language of ['typescript', 'tsx'] as const) {
        expect(await firstUnread(language, `${gap}\nexport const a = 1;\n`)).toBeUndefined();
        expect(await firstUnread(language, `${gap}\nconst b: = 1;\n`)).toBe(2);
      }
    });
  }

  it('passes over nothing that holds code or is not TypeScript', async () => {
    const nearMisses = [
      "let listing: import('node:fs').Dirent[] = input;",
      "let listing: import('node:fs').Dirent[x];",
      "let listing: import('node:fs').Dirent [];",
      "type Probe = import('./probe.js').Probe<string>;",
      'type Probe = import(input).Probe;',
      // the argument of import() in an annotation is one string, and an options object of constants (r23)
      'let x: import(input).T[];',
      'let a: import(cp.exec(req.query.c)).T[];',
      'let a: import(`m${run()}`).T[];',
      "let a: import('m', run()).T[];",
      "let a: import('m', { with: run() }).T[];",
      "let a: import('m', { with: { 'resolution-mode': run() } }).T[];",
      "let a: import('m', {}, run()).T[];",
      "let a: import('m', { ...run() }).T[];",
      "export type * from './a' + run();",
      'export type * as run() from "./x";',
    ];
    for (const source of nearMisses) expect(await firstUnread('typescript', source), source).toBe(1);
    expect(await firstUnread('javascript', "export type * from './types.js';")).toBe(1);
  });
});

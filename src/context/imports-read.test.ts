import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../core/languages.js';
import { type ImportsRead, readImports, readImportsEdited, readImportsWhole } from './imports-read.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** What a read says, in a form to compare: records, counts (sorted), and each alias's attributes in order. */
function shape(read: ImportsRead) {
  const aliases = new Set(read.records.map((record) => record.local).filter((local) => local !== '*'));
  return {
    records: read.records,
    counts: [...read.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    accessed: [...aliases].map((alias) => [alias, [...read.accessedThrough(alias)]]),
  };
}

/** A small deterministic generator, so a failure names an edit that can be replayed. */
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % below;
  };
}

const PYTHON = [
  'import os, sys as system',
  'from collections import (',
  '    OrderedDict,',
  '    defaultdict as dd,',
  ')',
  'from .models import Order, \\',
  '    Line',
  '',
  'class Cart:',
  '    def total(self, items):',
  '        from decimal import Decimal',
  '        total = Decimal(0)',
  '        for item in items:',
  '            total += item.price * os.path.sep.count("/")',
  '        return system.maxsize if total else OrderedDict()',
  '',
  'def lines(order: Order) -> list[Line]:',
  '    return [line for line in order.lines if dd(int)]',
  '',
].join('\n');

/** Lines an edit may insert: plain code, import heads, continuations, and pieces of lines. */
const INSERTS = [
  '',
  '\n',
  'x = os.path.join(a, b)\n',
  '    value = system.argv[1]\n',
  'import json\n',
  '    from typing import Any\n',
  'from . import (\n',
  '    extra,\n',
  ')\n',
  '\\\n',
  'import { a, b } from "./util";\n',
  'export * from "./more";\n',
  'const total = items.reduce((sum, item) => sum + item.price, 0);\n',
  'Order',
  'impor',
  't ',
  '(',
  ')',
  ' # import os\n',
];

/**
 * The texts edited: the one above, and a fixed sample of vouch's own Python helpers and of the TypeScript
 * of the folders that read imports (the 8 and 16 whose paths hash lowest). Every file of those folders cost
 * this test 78 s at load 20-27 and grew with them (bench/notes/2026-11-29-ci-time.md); the sample is the same
 * number of texts however they grow, and the same texts and edits every run (a failure is made again).
 */
function sources(): [LanguageId, string][] {
  const lowest = (paths: string[], count: number) =>
    paths
      .map((path) => ({ path, hash: createHash('sha256').update(path).digest('hex') }))
      .sort((a, b) => (a.hash < b.hash ? -1 : 1))
      .slice(0, count)
      .map(({ path }) => path);
  const python = readdirSync(join(ROOT, 'python'))
    .filter((name) => name.endsWith('.py'))
    .map((name) => `python/${name}`);
  const typescript = ['src/context', 'src/tasks/complete', 'src/lsp'].flatMap((folder) =>
    readdirSync(join(ROOT, folder))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => `${folder}/${name}`),
  );
  return [
    ['python', PYTHON],
    ...lowest(python, 8).map((path): [LanguageId, string] => [
      'python',
      readFileSync(join(ROOT, path), 'utf8'),
    ]),
    ...lowest(typescript, 16).map((path): [LanguageId, string] => [
      'typescript',
      readFileSync(join(ROOT, path), 'utf8'),
    ]),
  ];
}

describe('readImports after an edit', () => {
  it('brings the last read up to date to exactly what reading the edited text whole gives', () => {
    const next = random(7);
    let edited = 0;
    let whole = 0;
    for (const [language, original] of sources()) {
      let text = original;
      for (let round = 0; round < 40; round++) {
        // an edit as an editor makes one: a removed range, text typed or pasted, or both, anywhere
        const at = next(text.length + 1);
        const removed = next(4) === 0 ? next(Math.min(400, text.length - at) + 1) : next(3);
        const inserted = next(3) === 0 ? '' : INSERTS[next(INSERTS.length)]!;
        const after = text.slice(0, at) + inserted + text.slice(at + removed);
        const expected = shape(readImportsWhole(language, after));
        const step = readImportsEdited(language, text, after);
        if (step) {
          edited++;
          expect(shape(step), `${language} edit at ${at}: -${removed} +${JSON.stringify(inserted)}`).toEqual(
            expected,
          );
        } else whole++;
        // the kept read (as a language server asks), whichever way it was made
        readImports(language, text);
        expect(shape(readImports(language, after))).toEqual(expected);
        text = after;
      }
    }
    // both ways were taken (an edit reaching an import statement, or a text with none, is read whole)
    expect(edited).toBeGreaterThan(300);
    expect(whole).toBeGreaterThan(10);
  });

  it('reads whole an edit that touches an import statement, and brings up to date one that does not', () => {
    const body = PYTHON.replace('        return system.maxsize', '        return system.maxsize + 1');
    expect(readImportsEdited('python', PYTHON, body)).toBeDefined();
    const inList = PYTHON.replace('    OrderedDict,', '    OrderedDict, Counter,');
    expect(readImportsEdited('python', PYTHON, inList)).toBeUndefined();
    expect(shape(readImportsWhole('python', inList)).records.map((record) => record.local)).toContain(
      'Counter',
    );
    const newImport = PYTHON.replace(
      '        total = Decimal(0)',
      '        import math\n        total = Decimal(0)',
    );
    expect(readImportsEdited('python', PYTHON, newImport)).toBeUndefined();
    // a continued statement (a backslash) reaches the next line: editing that line is editing the import
    const continued = PYTHON.replace('    Line\n', '    Line, Cart\n');
    expect(readImportsEdited('python', PYTHON, continued)).toBeUndefined();
  });

  it('takes an edit at the very start of a text that starts with a blank line', () => {
    const before = `\n${PYTHON}`;
    const after = `GREETING = 1${before}`;
    expect(shape(readImportsEdited('python', before, after)!)).toEqual(
      shape(readImportsWhole('python', after)),
    );
  });

  it('moves the records below an edit that adds or removes lines', () => {
    const added = PYTHON.replace('class Cart:', 'GREETING = "hi"\n\nclass Cart:');
    const read = readImportsEdited('python', PYTHON, added)!;
    const decimal = read.records.find((record) => record.module === 'decimal')!;
    expect(decimal.line).toBe(13);
    expect(read.counts.get('GREETING')).toBe(1);
    expect(shape(read)).toEqual(shape(readImportsWhole('python', added)));
  });
});

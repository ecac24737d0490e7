import { describe, expect, it } from 'vitest';
import { extractImports } from './imports.js';

const short = (records: ReturnType<typeof extractImports>) =>
  records.map((r) => `${r.kind} ${r.local} = ${r.module}:${r.name} @${r.line}`);

describe('extractImports', () => {
  it('reads Python imports: names, aliases, stars, whole modules, parenthesised lists', () => {
    const source = [
      'import os, json as j',
      'import django.db.models',
      'from . import views',
      'from ..utils import (',
      '    slugify,',
      '    Text as T,  # the text helper',
      ')',
      'from .fields import *',
      'def f():',
      '    from .lazy import later',
    ].join('\n');
    expect(short(extractImports('python', source))).toEqual([
      'import os = os:* @1',
      'import j = json:* @1',
      'import django.db.models = django.db.models:* @2',
      'import views = .:views @3',
      'import slugify = ..utils:slugify @4',
      'import T = ..utils:Text @4',
      'import * = .fields:* @8',
      'import later = .lazy:later @10',
    ]);
  });

  it('reads TypeScript imports and re-exports, across lines', () => {
    const source = [
      "import Default, { a, b as c, type D } from './x.js';",
      "import * as ns from '../ns';",
      'import {',
      '  e,',
      '  f,',
      "} from './ef';",
      "import './side-effect';",
      "export * from './all';",
      "export * as grouped from './grouped';",
      "export { g, h as i } from './gh';",
      'export { a };',
      'export function local() {}',
      "const lazy = import('./lazy');",
    ].join('\n');
    expect(short(extractImports('typescript', source))).toEqual([
      'import Default = ./x.js:default @1',
      'import a = ./x.js:a @1',
      'import c = ./x.js:b @1',
      'import D = ./x.js:D @1',
      'import ns = ../ns:* @2',
      'import e = ./ef:e @3',
      'import f = ./ef:f @3',
      'export * = ./all:* @8',
      'export grouped = ./grouped:* @9',
      'export g = ./gh:g @10',
      'export i = ./gh:h @10',
      'export a = :a @11',
    ]);
  });

  it('reads nothing for languages it does not know', () => {
    expect(extractImports('go', 'import "fmt"')).toEqual([]);
    expect(extractImports(undefined, 'import x')).toEqual([]);
  });
});

/**
 * The context-quality benchmark's rule and its import-resolution baseline (bench/context/): the figures
 * in bench/RESULTS.md are only as good as these, so they are held to what their comments promise.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Definition, ImportResolver, signaturesFirst } from '../../bench/context/import-baseline.js';
import { bodyShown, shownEnough, targetSurface } from '../../bench/context/target-surface.js';

const root = mkdtempSync(join(tmpdir(), 'vouch-rule-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

write({
  'pkg/fields.py': [
    'class Field:',
    '    """A field."""',
    '',
    '    def __init__(self, name,',
    '                 null=False, *, default=None):',
    '        self.name = name',
    '',
    'def make_field(kind: str,',
    '               size: int = 3) -> Field:',
    '    """Makes one."""',
    '    return Field(kind)',
    '',
    'LIMIT = 10',
    '',
    'def noted(a):  # why a',
    '    # a comment before the body',
    '    return a',
    '',
  ].join('\n'),
  'pkg/plain.py': ['class Plain(Base):', '    x = 1', ''].join('\n'),
  'src/util.ts': [
    'export function pick<T>(items: T[],',
    '  count: number): T[] {',
    '  return items.slice(0, count);',
    '}',
    'export class Box {',
    '  constructor(private readonly size: number) {',
    '    this.size = size;',
    '  }',
    '}',
    'export const twice = (n: number): number => n * 2;',
    '',
  ].join('\n'),
});

const piece = (path: string, startLine: number, endLine: number, source: string) => ({
  kind: 'definition',
  path,
  startLine,
  endLine,
  source,
});

describe('the stricter found rule', () => {
  it('asks for the whole signature of a function, on one line or several', async () => {
    const surface = await targetSurface(root, { path: 'pkg/fields.py', name: 'make_field', startLine: 8 });
    expect(surface.kind).toBe('function');
    const oneLine = piece('pkg/fields.py', 8, 8, 'def make_field(kind: str, size: int = 3) -> Field: …');
    expect(shownEnough([oneLine], 'pkg/fields.py', surface)).toBe(true);
    // cut short, with an ellipsis, or from another file: not enough
    const cut = piece('pkg/fields.py', 8, 8, 'def make_field(kind: str,');
    const elided = piece('pkg/fields.py', 8, 8, 'def make_field(kind: str, size: int…');
    const elsewhere = { ...oneLine, path: 'pkg/other.py' };
    for (const shown of [cut, elided, elsewhere])
      expect(shownEnough([shown], 'pkg/fields.py', surface)).toBe(false);
    // the cursor window never counts
    expect(shownEnough([{ ...oneLine, kind: 'cursor' }], 'pkg/fields.py', surface)).toBe(false);
  });

  it('ends a signature at the body: a comment after the colon is not part of it', async () => {
    const surface = await targetSurface(root, { path: 'pkg/fields.py', name: 'noted', startLine: 15 });
    expect(surface.display).toBe('def noted(a):');
    expect(shownEnough([piece('pkg/fields.py', 15, 15, 'def noted(a): …')], 'pkg/fields.py', surface)).toBe(
      true,
    );
  });

  it('asks for a class header and its own constructor, from any snippets of its file', async () => {
    const surface = await targetSurface(root, { path: 'pkg/fields.py', name: 'Field', startLine: 1 });
    expect(surface.kind).toBe('class');
    const header = piece('pkg/fields.py', 1, 2, 'class Field:\n    """A field."""');
    const init = piece(
      'pkg/fields.py',
      4,
      5,
      'class Field: …\n    def __init__(self, name, null=False, *, default=None): …',
    );
    expect(shownEnough([header], 'pkg/fields.py', surface)).toBe(false);
    expect(shownEnough([init], 'pkg/fields.py', surface)).toBe(true);
    expect(
      shownEnough(
        [header, piece('pkg/fields.py', 4, 5, 'def __init__(self, name, null=False, *, default=None):')],
        'pkg/fields.py',
        surface,
      ),
    ).toBe(true);
    // a class without a constructor of its own: the header is enough
    const plain = await targetSurface(root, { path: 'pkg/plain.py', name: 'Plain', startLine: 1 });
    expect(shownEnough([piece('pkg/plain.py', 1, 1, 'class Plain(Base): …')], 'pkg/plain.py', plain)).toBe(
      true,
    );
  });

  it('tells a body shown from a signature shown', async () => {
    const surface = await targetSurface(root, { path: 'pkg/fields.py', name: 'make_field', startLine: 8 });
    const signature = piece(
      'pkg/fields.py',
      8,
      9,
      'def make_field(kind: str,\n               size: int = 3) -> Field:',
    );
    const whole = piece(
      'pkg/fields.py',
      8,
      11,
      readFileSync(join(root, 'pkg/fields.py'), 'utf8').split('\n').slice(7, 11).join('\n'),
    );
    expect(bodyShown([signature], 'pkg/fields.py', surface)).toBe(false);
    expect(bodyShown([whole], 'pkg/fields.py', surface)).toBe(true);
  });

  it('reads TypeScript declarations: functions, constructors, arrow functions', async () => {
    const pick = await targetSurface(root, { path: 'src/util.ts', name: 'pick', startLine: 1 });
    expect(
      shownEnough(
        [piece('src/util.ts', 1, 1, 'function pick<T>(items: T[], count: number): T[] …')],
        'src/util.ts',
        pick,
      ),
    ).toBe(true);
    const box = await targetSurface(root, { path: 'src/util.ts', name: 'Box', startLine: 5 });
    expect(shownEnough([piece('src/util.ts', 5, 5, 'class Box …')], 'src/util.ts', box)).toBe(false);
    expect(
      shownEnough(
        [piece('src/util.ts', 5, 6, 'class Box {\n  constructor(private readonly size: number) …')],
        'src/util.ts',
        box,
      ),
    ).toBe(true);
    const twice = await targetSurface(root, { path: 'src/util.ts', name: 'twice', startLine: 10 });
    expect(twice.kind).toBe('function');
    expect(
      shownEnough([piece('src/util.ts', 10, 10, 'const twice = (n: number): number')], 'src/util.ts', twice),
    ).toBe(true);
    expect(shownEnough([piece('src/util.ts', 10, 10, 'const twice = (n')], 'src/util.ts', twice)).toBe(false);
  });
});

describe('the import-resolution baseline', () => {
  write({
    'app/__init__.py': '',
    'app/db/__init__.py': 'from app.db.models.fields import *\nfrom .query import Query as Q\n',
    'app/db/models/__init__.py':
      'from app.db.models.fields import ForeignKey, CharField\nfrom . import signals\n',
    'app/db/models/fields.py': [
      "__all__ = ['ForeignKey', 'CharField']",
      'class ForeignKey:',
      '    def __init__(self, to, on_delete):',
      '        self.to = to',
      'class CharField:',
      '    pass',
      'class Hidden:',
      '    pass',
      '',
    ].join('\n'),
    'app/db/models/signals.py': 'def post_save(sender):\n    return sender\n',
    'app/db/query.py': 'class Query:\n    pass\n',
    'lib/index.ts':
      "export * from './a';\nexport { b as renamed } from './b';\nimport { c } from './c';\nexport { c };\n",
    'lib/a.ts': 'export function a(x: number): number {\n  return x;\n}\n',
    'lib/b.ts': 'export function b(): void {}\n',
    'lib/c.ts': 'export function c(): void {}\n',
    'lib/d.ts': 'export function d(): void {}\n',
    'app/template/__init__.py':
      'from .exceptions import TemplateDoesNotExist, TemplateSyntaxError       # NOQA isort:skip\n',
    'app/template/exceptions.py':
      'class TemplateDoesNotExist(Exception):\n    pass\nclass TemplateSyntaxError(Exception):\n    pass\n',
  });
  const top: Record<string, Record<string, [number, number]>> = {
    'app/db/models/fields.py': { ForeignKey: [2, 4], CharField: [5, 6], Hidden: [7, 8] },
    'app/db/models/signals.py': { post_save: [1, 2] },
    'app/db/query.py': { Query: [1, 2] },
    'lib/a.ts': { a: [1, 3] },
    'lib/b.ts': { b: [1, 1] },
    'lib/c.ts': { c: [1, 1] },
    'lib/d.ts': { d: [1, 1] },
    'app/template/exceptions.py': { TemplateDoesNotExist: [1, 2], TemplateSyntaxError: [3, 4] },
  };
  const tree = {
    exists: (path: string) => {
      try {
        readFileSync(join(root, path));
        return true;
      } catch {
        return false;
      }
    },
    text: (path: string) => readFileSync(join(root, path), 'utf8'),
    topLevel: (path: string, name: string) => {
      const found = top[path]?.[name];
      return found ? { startLine: found[0], endLine: found[1] } : undefined;
    },
  };
  const names = (definitions: Definition[]) =>
    definitions.map((definition) => `${definition.path}:${definition.name}`);

  it('follows module aliases, submodules, star imports with __all__, and re-exports', () => {
    const resolver = new ImportResolver(tree);
    const text = [
      'from app.db import models',
      'from app.db import *',
      'import app.db.models.signals',
      'def view():',
      '    models.ForeignKey(Q, on_delete=None)',
      '    models.signals.post_save(None)',
      '    return CharField, Hidden',
      '',
    ].join('\n');
    expect(names(resolver.definitionsFor('app/views.py', text))).toEqual([
      'app/db/models/fields.py:ForeignKey',
      'app/db/models/signals.py:post_save',
      'app/db/query.py:Query',
      'app/db/models/fields.py:CharField',
    ]);
  });

  it('follows TypeScript barrels and namespace imports', () => {
    const resolver = new ImportResolver(tree);
    const text = [
      "import { a, renamed, c } from './lib/index';",
      "import * as lib from './lib/index';",
      'lib.renamed();',
      '',
    ].join('\n');
    expect(names(resolver.definitionsFor('main.ts', text))).toEqual([
      'lib/a.ts:a',
      'lib/b.ts:b',
      'lib/c.ts:c',
    ]);
  });

  it('reads import statements with comments on them (a name after a comment is not lost)', () => {
    const resolver = new ImportResolver(tree);
    const python = [
      'from app.template import TemplateSyntaxError  # why',
      'import app.db.query  # noqa',
      'from app.db.models.fields import (',
      '    ForeignKey,  # the relation',
      '    CharField,',
      ')',
      'def view():',
      '    app.db.query.Query',
      '    raise TemplateSyntaxError(ForeignKey, CharField)',
      '',
    ].join('\n');
    expect(names(resolver.definitionsFor('app/views.py', python))).toEqual([
      'app/template/exceptions.py:TemplateSyntaxError',
      'app/db/query.py:Query',
      'app/db/models/fields.py:ForeignKey',
      'app/db/models/fields.py:CharField',
    ]);
    const script = [
      'import { a, // the first',
      "  renamed /* b */, c } from './lib/index'; // all three",
      "import { d } from './lib/d'; // why",
      'a(renamed, c, d);',
      '',
    ].join('\n');
    expect(names(resolver.definitionsFor('main.ts', script))).toEqual([
      'lib/a.ts:a',
      'lib/b.ts:b',
      'lib/c.ts:c',
      'lib/d.ts:d',
    ]);
  });

  it('spends the budget on signatures first, then on whole definitions', async () => {
    const definitions: Definition[] = [
      { path: 'app/db/models/fields.py', name: 'ForeignKey', startLine: 2, endLine: 4 },
      { path: 'app/db/models/signals.py', name: 'post_save', startLine: 1, endLine: 2 },
    ];
    const lines = (path: string) => readFileSync(join(root, path), 'utf8').split('\n');
    const tight = await signaturesFirst(root, definitions, lines, 60, 700);
    expect(tight.map((shown) => shown.source)).toEqual([
      'class ForeignKey:\n    def __init__(self, to, on_delete):',
      'def post_save(sender):',
    ]);
    const roomy = await signaturesFirst(root, definitions, lines, 2000, 700);
    expect(roomy.map((shown) => shown.source)).toEqual([
      'class ForeignKey:\n    def __init__(self, to, on_delete):\n        self.to = to',
      'def post_save(sender):\n    return sender',
    ]);
  });
});

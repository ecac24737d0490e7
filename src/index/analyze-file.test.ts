import { describe, expect, it } from 'vitest';
import { analyzeFile } from './analyze-file.js';
import { completeTextWork } from './text-analysis.js';

const defs = async (language: Parameters<typeof analyzeFile>[0], source: string) => {
  const analysis = await analyzeFile(language, source);
  return {
    analysis,
    definitions: analysis.definitions.map(
      (d) => `${d.kind} ${d.parent ? `${d.parent}.` : ''}${d.name}@${d.startLine}`,
    ),
    references: new Set(analysis.references.map((r) => `${r.kind}:${r.name}`)),
  };
};

describe('tags from queries/<language>/tags.scm', () => {
  it('python: classes, methods, functions, constants, docstrings; calls, bases, imports, types', async () => {
    const { analysis, definitions, references } = await defs(
      'python',
      [
        'from app.models import User, Account as Acct',
        'LIMIT = 10',
        '',
        'class Service(BaseService):',
        '    """Serves users."""',
        '    def get_user(self, user_id: int) -> User:',
        '        return fetch_user(user_id)',
        '',
        '@cached',
        'def helper(x):',
        '    return Service().get_user(x)',
      ].join('\n'),
    );
    expect(definitions).toEqual([
      'constant LIMIT@2',
      'class Service@4',
      'method Service.get_user@6',
      'function helper@10',
    ]);
    const service = analysis.definitions.find((d) => d.name === 'Service')!;
    expect(service.signature).toBe('class Service(BaseService):');
    expect(service.docstring).toBe('"""Serves users."""');
    expect(analysis.definitions.find((d) => d.name === 'get_user')!.signature).toBe(
      'def get_user(self, user_id: int) -> User:',
    );
    for (const reference of [
      'import:User',
      'import:Account',
      'class:BaseService',
      'call:fetch_user',
      'call:get_user',
      'call:Service',
      'call:cached',
      'type:User',
    ]) {
      expect(references, reference).toContain(reference);
    }
  });

  it('javascript: functions, classes, methods, arrow functions; calls, new, imports', async () => {
    const { definitions, references } = await defs(
      'javascript',
      [
        "import { parse } from './parse.js';",
        'export function run(a) { return parse(a); }',
        'export const twice = (x) => x * 2;',
        'class Box extends Base {',
        '  open() { return new Lid(); }',
        '}',
      ].join('\n'),
    );
    expect(definitions).toEqual(['function run@2', 'function twice@3', 'class Box@4', 'method Box.open@5']);
    for (const reference of ['import:parse', 'call:parse', 'class:Base', 'class:Lid'])
      expect(references).toContain(reference);
  });

  it('typescript and tsx: interfaces, types, enums, classes with methods; type references', async () => {
    const source = [
      'export interface Shape { area(): number }',
      'export type Id = string;',
      'enum Color { Red }',
      'export class Circle implements Shape {',
      '  area(): number { return compute(this); }',
      '}',
      'export function make(id: Id): Shape { return new Circle(); }',
    ].join('\n');
    const ts = await defs('typescript', source);
    expect(ts.definitions).toEqual([
      'interface Shape@1',
      'method Shape.area@1',
      'type Id@2',
      'enum Color@3',
      'class Circle@4',
      'method Circle.area@5',
      'function make@7',
    ]);
    for (const reference of ['class:Shape', 'type:Id', 'call:compute', 'class:Circle'])
      expect(ts.references).toContain(reference);
    const tsx = await defs('tsx', `${source}\nexport const View = () => <Panel title="x" />;\n`);
    expect(tsx.definitions).toContain('function View@8');
    expect(tsx.references).toContain('class:Panel');
  });

  it('go: functions, methods with receivers, struct types; calls and types', async () => {
    const { definitions, references } = await defs(
      'go',
      [
        'package store',
        'type Store struct { items []Item }',
        'func New() *Store { return &Store{} }',
        'func (s *Store) Add(item Item) { s.items = append(s.items, item); log.Println("x") }',
      ].join('\n'),
    );
    expect(definitions).toEqual(['class Store@2', 'function New@3', 'method Store.Add@4']);
    for (const reference of ['type:Item', 'call:append', 'call:Println'])
      expect(references).toContain(reference);
  });

  it('java: classes, interfaces, methods, constructors; calls, new, supertypes', async () => {
    const { definitions, references } = await defs(
      'java',
      [
        'import java.util.List;',
        'public class Repo extends Base implements Store {',
        '  public Repo() { super(); }',
        '  public List<Item> all() { return loader.load(new Query()); }',
        '}',
        'interface Store { void save(); }',
      ].join('\n'),
    );
    expect(definitions).toEqual([
      'class Repo@2',
      'method Repo.Repo@3',
      'method Repo.all@4',
      'interface Store@6',
      'method Store.save@6',
    ]);
    for (const reference of [
      'import:List',
      'class:Base',
      'class:Store',
      'call:load',
      'class:Query',
      'type:Item',
    ]) {
      expect(references).toContain(reference);
    }
  });

  it('rust: structs, traits, impl methods, functions, macros; calls and types', async () => {
    const { definitions, references } = await defs(
      'rust',
      [
        'use crate::db::Pool;',
        'pub struct Cache { pool: Pool }',
        'pub trait Store { fn get(&self) -> u32; }',
        'impl Store for Cache {',
        '    fn get(&self) -> u32 { compute(self.pool.size()) }',
        '}',
        'fn main() { let c = Cache::new(); println!("{}", c.get()); }',
      ].join('\n'),
    );
    expect(definitions).toEqual([
      'class Cache@2',
      'interface Store@3',
      'method Store.get@3',
      'impl Cache@4',
      'method Cache.get@5',
      'function main@7',
    ]);
    for (const reference of [
      'import:Pool',
      'type:Pool',
      'class:Store',
      'call:compute',
      'call:println',
      'call:new',
    ]) {
      expect(references).toContain(reference);
    }
  });

  it('indexes a file with syntax errors, counting them', async () => {
    const analysis = await analyzeFile('python', 'def ok():\n    return 1\n\ndef broken(:\n    pass\n');
    expect(analysis.parsed).toBe(true);
    expect(analysis.syntaxErrors).toBeGreaterThan(0);
    expect(analysis.definitions.map((d) => d.name)).toContain('ok');
  });

  it('chunks files without a grammar as windows', async () => {
    const text = Array.from({ length: 100 }, (_, index) => `line ${index + 1}`).join('\n');
    const analysis = await analyzeFile(undefined, text);
    expect(analysis.parsed).toBe(false);
    expect(analysis.chunks.map((c) => [c.startLine, c.endLine, c.kind])).toEqual([
      [1, 40, 'window'],
      [41, 80, 'window'],
      [81, 100, 'window'],
    ]);
  });
});

describe('the text work left to the caller', () => {
  it('gives the same analysis when the chunks, identifier parts and imports are added afterwards', async () => {
    const samples: [Parameters<typeof analyzeFile>[0], string][] = [
      [
        'python',
        'from .models import User\n\nclass UserView(BaseView):\n    def getUserName(self):\n        return User.name\n',
      ],
      [
        'javascript',
        "import { parseURL } from './url';\nexport function fetchJSON(u) {\n  return parseURL(u);\n}\n",
      ],
      [undefined, 'Some notes about getUserName\n\nand HTTPServer2 settings\n'],
    ];
    for (const [language, text] of samples) {
      const whole = await analyzeFile(language, text);
      const split = await analyzeFile(language, text, { textWork: false });
      expect(split.chunks).toEqual([]);
      expect(split.imports).toEqual([]);
      expect(completeTextWork(language, text, split)).toEqual(whole);
      expect(whole.chunks.length).toBeGreaterThan(0);
    }
  });
});

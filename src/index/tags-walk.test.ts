import { afterEach, describe, expect, it } from 'vitest';
import type { LanguageId } from '../core/languages.js';
import { analyzeFile, setTagsExtraction, tagsExtractionCounts } from './analyze-file.js';

/** The file analysed with web-tree-sitter's query and with the cursor walk: they must agree exactly. */
async function bothWays(language: LanguageId, source: string, path: 'walk' | 'query' = 'walk') {
  setTagsExtraction('query');
  const query = await analyzeFile(language, source);
  setTagsExtraction('walk');
  const before = tagsExtractionCounts();
  const walk = await analyzeFile(language, source);
  const after = tagsExtractionCounts();
  // Which way the default took: the walk, or the query for a tree the walk cannot answer for.
  expect({ walk: after.walk - before.walk, query: after.query - before.query }).toEqual(
    path === 'walk' ? { walk: 1, query: 0 } : { walk: 0, query: 1 },
  );
  expect(walk.parsed).toBe(true);
  expect(walk.definitions).toEqual(query.definitions);
  expect(walk.references).toEqual(query.references);
  expect(walk.chunks).toEqual(query.chunks);
  return walk;
}

const names = (analysis: Awaited<ReturnType<typeof bothWays>>) =>
  analysis.definitions.map((d) => `${d.kind} ${d.parent ? `${d.parent}.` : ''}${d.name}@${d.startLine}`);

describe('tags by the cursor walk = tags by the query', () => {
  afterEach(() => setTagsExtraction('walk'));

  it('python: decorators, nested classes, docstrings, comments above, constants, star imports', async () => {
    const analysis = await bothWays(
      'python',
      [
        'from .models import *',
        'from app import (a, b as c)',
        'import os.path',
        'LIMIT: int = 10',
        'A = B = 2',
        '',
        '# A comment about Outer',
        '# on two lines',
        '@dataclass(frozen=True)',
        '@registry.register',
        'class Outer(Base, mixins.Mixin, metaclass=Meta):',
        '    """Outer docstring."""',
        '    class Meta:',
        '        ordering = ["-id"]',
        '        class Deeper(object): pass',
        '    @property',
        '    def value(self) -> "Outer":',
        "        '''value doc'''",
        '        return helper(self.x).y.z()',
        '    async def run(self, *args: Optional[int], **kw): ...',
        '',
        'def outer():',
        '    def inner(): return lambda: inner()',
        '    return inner',
        'x = [y for y in range(3) if check(y)]',
        'def broken(:',
        '    pass',
      ].join('\n'),
    );
    expect(names(analysis)).toContain('class Outer.Meta@13');
    expect(names(analysis)).toContain('method Outer.value@17');
    const outer = analysis.definitions.find((d) => d.name === 'Outer')!;
    expect(outer.docstring).toBe('"""Outer docstring."""');
  });

  it('python: a comment between a header and its body is not part of the signature', async () => {
    const analysis = await bothWays(
      'python',
      [
        'class Store(Base):  # keeps things',
        '    def put(self, key,  # the key',
        '            value):  # why put',
        '        # before the first statement',
        '        return key',
        '',
        'def plain(a): return a  # after the body',
      ].join('\n'),
    );
    const signature = (name: string) => analysis.definitions.find((d) => d.name === name)!.signature;
    expect(signature('Store')).toBe('class Store(Base):');
    // a comment inside the parameters stays: it is inside the header
    expect(signature('put')).toBe('def put(self, key, # the key value):');
    expect(signature('plain')).toBe('def plain(a):');
  });

  it('typescript: overloads, re-exports, arrow functions in consts, abstract classes, namespaces', async () => {
    const analysis = await bothWays(
      'typescript',
      [
        "export * from './a';",
        "export { b as c, d } from './b';",
        "import def, { e, f as g } from './e';",
        "import type { T } from './t';",
        '/** Parses. */',
        'export function parse(text: string): Tree;',
        'export function parse(text: string, options: Options): Tree;',
        'export function parse(text: string, options?: Options): Tree { return build(text, options); }',
        'export const handler = async (event: Event<T>): Promise<void> => { await run(event); };',
        'const plain = 3, other = function named() { return 1; };',
        'let later = () => new Map<string, Set<number>>();',
        'export default class extends Base {}',
        'export abstract class Shape<T extends object> implements Drawable, Sized {',
        '  abstract area(): number;',
        '  #secret = 1;',
        '  static create(): Shape<{}> { return new Circle(); }',
        '  get name(): string { return this.constructor.name; }',
        '}',
        'export interface Drawable { draw(context: Context): void; readonly size?: number }',
        'export type Pair<A, B> = [A, B];',
        'export enum Color { Red, Green }',
        'declare module "ambient" { export function f(): void; }',
        'namespace Inner.Deep { export const x = 1; }',
        'function* gen() { yield* other(); }',
        'obj.method = function () { return 1; };',
      ].join('\n'),
    );
    expect(names(analysis)).toEqual(expect.arrayContaining(['function parse@6', 'function handler@9']));
  });

  it('tsx: JSX components, arrow components, generics', async () => {
    await bothWays(
      'tsx',
      [
        "import React, { useState } from 'react';",
        'export const Button = ({ label }: Props) => <button onClick={() => go()}>{label}</button>;',
        'export function App<T,>() {',
        '  const [state] = useState<T | null>(null);',
        '  return (<Layout title="x"><Button label="a" /><ui.Panel /></Layout>);',
        '}',
      ].join('\n'),
    );
  });

  it('javascript: classes, prototype assignments, exports of consts, JSX', async () => {
    await bothWays(
      'javascript',
      [
        "import x, { y } from 'z';",
        'export const f = () => 1, g = 2;',
        'class A extends B { #p() {} static q() { return new C(); } }',
        'A.prototype.r = function () { return this.#p(); };',
        'module.exports = { f };',
        'const el = <Widget value={f()} />;',
      ].join('\n'),
    );
  });

  it('go, rust and java', async () => {
    // `var b, c = 2, 3`: tree-sitter's query matches only `b` here (and every name of a Python
    // `from m import a, b`): what it does with a field repeated in one node depends on the grammar's
    // productions, which the tree does not show, so such a file goes to the query.
    const go = await bothWays('go', 'package main\nvar ( a = 1; b, c = 2, 3 )\n', 'query');
    expect(go.definitions.map((d) => d.name)).toEqual(['a', 'b']);
    await bothWays(
      'go',
      [
        'package main',
        'import "fmt"',
        'type Server struct { Name string }',
        'type Handler interface { Serve(r *Request) error }',
        'type ID int',
        'const Limit = 10',
        'var ( a = 1; b = 2 )',
        '// Start starts.',
        'func (s *Server) Start(ctx context.Context) error { return fmt.Errorf("x %v", s.Name) }',
        'func main() { s := &Server{}; s.Start(nil) }',
      ].join('\n'),
    );
    await bothWays(
      'rust',
      [
        'use std::collections::{HashMap, HashSet};',
        'use crate::a::b as c;',
        'pub struct Point<T> { x: T }',
        'pub trait Shape { fn area(&self) -> f64; }',
        '/// Doc.',
        'impl<T> Shape for Point<T> { fn area(&self) -> f64 { compute(self.x) } }',
        'impl Point<i32> { pub fn new() -> Self { Point { x: 0 } } }',
        'macro_rules! m { () => {} }',
        'mod inner { pub const X: u8 = 1; static Y: u8 = 2; }',
        'fn main() { println!("{}", Point::new().area()); m!(); }',
      ].join('\n'),
    );
    await bothWays(
      'java',
      [
        'import java.util.List;',
        '/** A. */',
        'public class A<T> extends B implements C, D {',
        '  public A() { super(); }',
        '  @Override public List<T> items() { return new ArrayList<>(); }',
        '  interface Inner { void run(); }',
        '  enum E { X, Y }',
        '  record R(int x) {}',
        '}',
        '@interface Marker {}',
      ].join('\n'),
    );
  });
});

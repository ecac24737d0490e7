import { describe, expect, it } from 'vitest';
import { GlobIndex } from './glob-index.js';
import { globToRegExp } from './rules.js';

function index(globs: string[]): GlobIndex<string> {
  const made = new GlobIndex<string>();
  for (const glob of globs) made.add(glob, globToRegExp(glob), glob);
  return made;
}

describe('GlobIndex', () => {
  it('finds each matching glob once, whichever of the paths matched it', () => {
    const globs = index(['subprocess.*', '*.execute', 'os.system', 'request.args*']);
    expect(globs.match(['subprocess.run'])).toEqual(['subprocess.*']);
    expect(globs.match(['cursor.execute', 'db.execute'])).toEqual(['*.execute']);
    expect(globs.match(['sp.run', 'subprocess.run'])).toEqual(['subprocess.*']);
    expect(globs.match(['request.args.get'])).toEqual(['request.args*']);
    expect(globs.match(['print'])).toEqual([]);
  });

  it('answers a path repeated (a callee written as it resolves) as the path alone', () => {
    const globs = index(['os.system', 'system']);
    expect(globs.match(['os.system', 'os.system'])).toEqual(['os.system']);
    expect(globs.match(['os.system'])).toEqual(['os.system']);
    expect(globs.match(['system', 'os.system', 'system'])).toEqual(['system', 'os.system']);
    expect(globs.match(['os.system', 'os.system', 'system'])).toEqual(['os.system', 'system']);
    expect(globs.match(['os.system', 'system'])).toEqual(['os.system', 'system']);
  });

  it('never answers two paths with what three paths whose last two join alike matched', () => {
    // A path is source text when nothing resolves it (`(a\n+ b).join`): it may hold a line break.
    const globs = index(['c']);
    expect(globs.match(['p', 'q', 'c'])).toEqual(['c']);
    expect(globs.match(['p', 'q\nc'])).toEqual([]);
    expect(globs.match(['p', 'q\nc', ''])).toEqual([]);
  });

  it('matches a glob by its parts exactly as its regular expression does', () => {
    // The index compares a glob's literal parts instead of running its regular expression: every glob of
    // these pieces against every path of these pieces, line breaks included (`.*` matches none); an empty
    // path is never looked up.
    const pieces = ['a', 'b', '.', 'ab', '*', '[]', '()'];
    const globs = new Set<string>();
    for (const x of pieces) for (const y of pieces) for (const z of pieces) globs.add(`${x}${y}${z}`);
    const paths = new Set<string>(['a\nb', 'ab\r', 'a.b\u2028']);
    for (const x of ['', ...pieces])
      for (const y of pieces)
        for (const z of ['', 'a', '.b', '\n']) paths.add(`${x}${y}${z}`.replaceAll('*', 'x'));
    let compared = 0;
    for (const glob of globs) {
      const one = index([glob]);
      const regex = globToRegExp(glob);
      for (const path of paths) {
        expect([glob, path, one.match([path]).length === 1]).toEqual([glob, path, regex.test(path)]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30_000);
  });
});

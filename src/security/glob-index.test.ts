import { describe, expect, it } from 'vitest';
import { GlobIndex } from './glob-index.js';
import { defaultRuleSet, globToRegExp } from './rules.js';

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
});

describe('globToRegExp', () => {
  /** The parts between the stars escaped one by one, joined by `.*` (the way it was written first). */
  const byParts = (globs: string[]) =>
    `^(?:${globs
      .map((glob) =>
        glob
          .split('*')
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*'),
      )
      .join('|')})$`;

  it('writes every shipped glob as escaping the parts between its stars would', () => {
    const globs = new Set<string>(['*', '**', 'a*b*', '*.$x', 'f(*)', 'a[0].b', 'x\\y*', 'p{1}|q+?^']);
    const list = (value: unknown) =>
      Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    for (const rule of defaultRuleSet().rules)
      for (const spec of [...rule.sinks, ...rule.sanitizers, ...rule.patterns])
        for (const glob of [
          ...list(spec.call),
          ...list(spec.callNot),
          ...list(spec.assign),
          ...list(spec.valuePath),
        ])
          globs.add(glob);
    expect(globs.size).toBeGreaterThan(1000);
    for (const glob of globs)
      expect(globToRegExp(glob).source, glob).toBe(new RegExp(byParts([glob])).source);
    expect(globToRegExp([...globs]).source).toBe(new RegExp(byParts([...globs])).source);
    expect(globToRegExp('subprocess.*').test('subprocess.run')).toBe(true);
    expect(globToRegExp('a*b*').test('axbcy')).toBe(true);
    expect(globToRegExp('f(*)').test('fx')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { joinPaths, Scope } from './scope.js';
import type { Value } from './taint.js';

const value = (constant: string): Value => ({ taint: undefined, known: true, constant });

describe('Scope: a map that forks in O(1)', () => {
  it('keeps a fork and its origin apart, both ways', () => {
    const origin = new Scope([['a', value('1')]]);
    const fork = origin.fork();
    fork.set('a', value('fork'));
    fork.set('b', value('fork'));
    origin.set('c', value('origin'));
    expect(origin.get('a')?.constant).toBe('1');
    expect(origin.has('b')).toBe(false);
    expect(fork.get('a')?.constant).toBe('fork');
    expect(fork.has('c')).toBe(false);
    expect([...origin.keys()]).toEqual(['a', 'c']);
    expect([...fork.keys()]).toEqual(['a', 'b']);
  });

  it('deletes in a fork without the origin losing the key, and the reverse', () => {
    const origin = new Scope([
      ['a', value('1')],
      ['b', value('2')],
    ]);
    const fork = origin.fork();
    expect(fork.delete('a')).toBe(true);
    expect(fork.delete('a')).toBe(false);
    expect(fork.has('a')).toBe(false);
    expect(origin.get('a')?.constant).toBe('1');
    origin.delete('b');
    expect(fork.get('b')?.constant).toBe('2');
    expect([...fork.keys()]).toEqual(['b']);
    expect([...origin.keys()]).toEqual(['a']);
    fork.set('a', value('again'));
    expect(fork.get('a')?.constant).toBe('again');
    expect(fork.size).toBe(2);
  });

  it('iterates each present key once, in the order a copy at each fork would, after deletes', () => {
    const scope = new Scope([
      ['a', value('1')],
      ['b', value('2')],
      ['c', value('3')],
    ]);
    scope.fork();
    scope.set('b', value('two'));
    scope.delete('a');
    scope.set('d', value('4'));
    scope.fork();
    scope.delete('d');
    scope.set('e', value('5'));
    expect([...scope].map(([key, held]) => `${key}=${held.constant}`)).toEqual(['b=two', 'c=3', 'e=5']);
    expect(scope.size).toBe(3);
    const values: string[] = [];
    scope.forEach((held, key) => {
      values.push(`${key}=${held.constant}`);
    });
    expect(values).toEqual(['b=two', 'c=3', 'e=5']);
  });

  it('reads through a deep chain of forks, flattened past the depth bound, each fork keeping its own state', () => {
    const scope = new Scope();
    const forks: Scope[] = [];
    for (let index = 0; index < 100; index++) {
      scope.set(`x${index}`, value(String(index)));
      if (index % 10 === 0) scope.delete(`x${index - 5}`);
      forks.push(scope.fork());
    }
    expect(scope.get('x0')?.constant).toBe('0');
    expect(scope.get('x99')?.constant).toBe('99');
    expect(scope.has('x15')).toBe(false);
    expect(scope.size).toBe(100 - 9);
    // each fork holds what the scope held when it was made, whatever came after
    expect(forks[20]!.has('x21')).toBe(false);
    expect(forks[20]!.has('x15')).toBe(false);
    expect(forks[20]!.get('x14')?.constant).toBe('14');
    expect(forks[20]!.size).toBe(21 - 2);
  });

  it('reports as differing only the keys either side wrote since the fork, and every key when nothing is shared', () => {
    const scope = new Scope([
      ['a', value('1')],
      ['b', value('2')],
    ]);
    const other = scope.fork();
    other.set('a', value('other'));
    scope.set('c', value('3'));
    expect([...Scope.differingKeys(scope, other)].sort()).toEqual(['a', 'c']);
    const unrelated = new Scope([['a', value('1')]]);
    expect([...Scope.differingKeys(unrelated, other)].sort()).toEqual(['a', 'b']);
  });

  it('joins two paths as a join of copies did: untouched keys kept, written ones joined, a member one side dropped goes', () => {
    const shared: Value = { taint: undefined };
    const scope = new Scope([
      ['kept', shared],
      ['req.query.cmd', value('checked')],
    ]);
    const other = scope.fork();
    other.delete('req.query.cmd');
    other.set('x', value('other'));
    scope.set('x', value('here'));
    joinPaths(scope, other);
    expect(scope.get('kept')).toBe(shared);
    expect(scope.has('req.query.cmd')).toBe(false);
    expect(scope.get('x')?.known).toBeUndefined();
  });
});

import { describe, expect, it, vi } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';
import type { LanguageId } from '../../core/languages.js';
import { Interpreter } from './interpreter.js';

/**
 * A function defined inside another is neither one of the module's functions (what a bare name calls) nor
 * a bare function whose parameters callers supply (`isNested`, syntax-nodes.ts). Each case differs from a
 * module-level one only in where the def stands.
 */
const ids = (code: string, language: LanguageId = 'python') =>
  findingIds(code, { language, file: 'app/views.py' });

describe('functions nested in others', () => {
  const inner = [
    'def inner(name):',
    '    return db.execute("SELECT * FROM t WHERE name = \'" + name + "\'")',
  ];

  it('a nested function nothing calls has no caller-supplied parameters; the same def at module level has', async () => {
    expect(await ids(['import sqlite3', 'db = sqlite3.connect("x")', ...inner, ''].join('\n'))).toEqual([
      'sql-injection@4',
    ]);
    const nested = inner.map((line) => `    ${line}`);
    expect(
      await ids(
        ['import sqlite3', 'db = sqlite3.connect("x")', 'def outer():', ...nested, '    pass', ''].join('\n'),
      ),
    ).toEqual([]);
    expect(
      await ids(
        [
          'const db = require("db");',
          'function outer() {',
          '  function inner(name) {',
          '    return db.query("SELECT " + name);',
          '  }',
          '}',
          '',
        ].join('\n'),
        'javascript',
      ),
    ).toEqual([]);
  });

  it("a bare name calls the module's def, not a nested def of the same name", async () => {
    const code = (nestedRun: boolean) =>
      [
        'import subprocess',
        'from flask import Flask, request',
        'app = Flask(__name__)',
        ...(nestedRun ? ['def outer():'] : []),
        ...['def run(cmd):', '    subprocess.run(cmd, shell=True)'].map((line) =>
          nestedRun ? `    ${line}` : line,
        ),
        ...(nestedRun ? ['    return run'] : []),
        'def run(cmd):',
        '    return len(cmd)',
        '@app.route("/r")',
        'def r():',
        '    return str(run(request.args["c"]))',
        '',
      ].join('\n');
    // both defs at module level: a bare `run` may be either (two branches of an `if`), so their summaries join
    expect(await ids(code(false))).toEqual(['command-injection@5']);
    expect(await ids(code(true))).toEqual([]);
  });
});

describe('a chain of nested JavaScript declarations', () => {
  /** `function f0(){ function f1(){ … } }`, the command run in the innermost. */
  const chain = (depth: number) =>
    [
      ...Array.from({ length: depth }, (_, level) => `function f${level}() {`),
      'require("child_process").exec(process.argv[2]);',
      ...Array.from({ length: depth }, () => '}'),
      '',
    ].join('\n');

  it('costs the engine no more than the cube of its depth, and keeps the finding in the innermost function', async () => {
    // Work counted, not timed: each function runs, and runs the declarations inside it in place where they are
    // declared (so the runs grow with the square of the depth); each of those asked, for every function inside
    // it, how every name it met resolves (lookups grew ×15 a doubling: 40 levels 124,000, 80 levels 1.8
    // million). Now an earlier answer stands while its names resolve alike: ×7 a doubling.
    const lookups = vi.spyOn(Interpreter.prototype, 'lookup');
    const counted: number[] = [];
    for (const depth of [20, 40, 80]) {
      lookups.mockClear();
      expect(await ids(chain(depth), 'javascript')).toEqual([`command-injection@${depth + 1}`]);
      counted.push(lookups.mock.calls.length);
    }
    lookups.mockRestore();
    expect(counted[2]! / counted[1]!).toBeLessThan(10);
    expect(counted[1]! / counted[0]!).toBeLessThan(10);
  });
});

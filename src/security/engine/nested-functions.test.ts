import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../core/languages.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

/**
 * A function defined inside another is neither one of the module's functions (what a bare name calls) nor
 * a bare function whose parameters callers supply (`isNested`, syntax-nodes.ts). Each case differs from a
 * module-level one only in where the def stands.
 */
const ruleSet = defaultRuleSet();
const ids = async (code: string, language: LanguageId = 'python') =>
  (await analyzeSource({ source: code, language, file: 'app/views.py', ruleSet })).map(
    (finding) => `${finding.ruleId}@${finding.line}`,
  );

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

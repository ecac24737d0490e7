import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../core/languages.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

const ruleSet = defaultRuleSet();
const scan = (code: string, language: LanguageId = 'python') =>
  analyzeSource({ source: code, language, file: 'generated', ruleSet });

describe('caller-supplied parameters', () => {
  it('reports a bare function that builds SQL from its parameter, one level lower, naming it', async () => {
    const findings = await scan(
      [
        'import sqlite3',
        'def find_user(db, name):',
        '    cur = db.cursor()',
        `    cur.execute("SELECT * FROM users WHERE name = '" + name + "'")`,
        '    return cur.fetchone()',
        '',
      ].join('\n'),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'sql-injection', line: 4, severity: 'medium', cwe: 89 });
    expect(findings[0]!.message).toContain('find_user() builds an SQL query from its parameter `name`');
    expect(findings[0]!.hint).toContain('query parameters');
  });

  it('covers JavaScript and TypeScript sinks: query, exec, file paths, eval', async () => {
    const code = [
      "const cp = require('child_process');",
      "const fs = require('fs');",
      "function findUser(db, name) { return db.query('SELECT * FROM users WHERE name = ' + name); }",
      "function list(dir) { return cp.exec('ls ' + dir); }",
      'function read(base, path) { return fs.readFileSync(base + path); }',
      'function calc(expr) { return eval(expr); }',
      'module.exports = { findUser, list, read, calc };',
      '',
    ].join('\n');
    const findings = await scan(code, 'javascript');
    expect(findings.map((finding) => [finding.ruleId, finding.line, finding.severity])).toEqual([
      ['sql-injection', 3, 'medium'],
      ['command-injection', 4, 'medium'],
      ['path-traversal', 5, 'medium'],
      ['code-injection', 6, 'medium'],
    ]);
    expect(findings[2]!.message).toContain('its parameters `base` and `path`');
    const typed = await scan(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
      "import { execSync } from 'node:child_process';\nexport function pack(dir: string) {\n  return execSync(`tar czf out.tgz ${dir}`);\n}\n",
      'typescript',
    );
    expect(typed.map((finding) => finding.ruleId)).toEqual(['command-injection']);
  });

  it('keeps sanitisers: placeholders, shlex.quote, numeric casts and numeric parameters', async () => {
    const code = [
      'import shlex, subprocess',
      'def find(db, name):',
      '    db.execute("SELECT * FROM users WHERE name = %s", (name,))',
      'def run(folder):',
      '    subprocess.run("ls " + shlex.quote(folder), shell=True)',
      'def page(db, n):',
      '    db.execute("SELECT * FROM t LIMIT " + str(int(n)))',
      'def top(db, n: int):',
      '    db.execute("SELECT * FROM t LIMIT %d" % n)',
      '',
    ].join('\n');
    expect(await scan(code)).toEqual([]);
  });

  it('leaves out wrappers, private helpers, nested functions and helpers the file calls safely', async () => {
    const code = [
      'import subprocess',
      'def run_sql(db, sql):',
      '    return db.execute(sql)',
      'def read(path):',
      '    return open(path).read()',
      'def _lookup(db, name):',
      '    return db.execute("SELECT * FROM t WHERE name = \'" + name + "\'")',
      'def by_kind(db, kind):',
      '    return db.execute("SELECT * FROM t WHERE kind = \'" + kind + "\'")',
      'def report(db):',
      '    return by_kind(db, "admin")',
      'def outer(db):',
      '    def inner(name):',
      '        return db.execute("SELECT " + name)',
      '    return inner("id")',
      '',
    ].join('\n');
    expect(await scan(code)).toEqual([]);
  });

  it('leaves out timers, dynamic imports and variadic framework parameters', async () => {
    expect(
      await scan('function later(callback, ms) {\n  return setTimeout(callback, ms);\n}\n', 'javascript'),
    ).toEqual([]);
    const code = [
      'import importlib',
      'def load_plugin(name):',
      '    return importlib.import_module("plugins." + name)',
      'def handle(*args, **options):',
      '    return open(options["folder"] + "/messages.po").read()',
      '',
    ].join('\n');
    expect(await scan(code)).toEqual([]);
  });

  it('does not apply to families that are not injections, and real sources keep their severity', async () => {
    expect(
      await scan('import hashlib\ndef digest(text):\n    return hashlib.md5(text).hexdigest()\n'),
    ).not.toContainEqual(expect.objectContaining({ message: expect.stringContaining('its parameter') }));
    // storing a password is the one exception: a parameter named like a password is one (issue 44)
    expect(
      await scan('import hashlib\ndef digest(password):\n    return hashlib.md5(password).hexdigest()\n'),
    ).toEqual([
      expect.objectContaining({
        ruleId: 'weak-password-hash',
        message: expect.stringContaining('digest() hashes its parameter `password` with a fast hash'),
      }),
    ]);
    const real = await scan(
      [
        'from flask import request',
        'def find(db, name):',
        `    return db.execute("SELECT * FROM t WHERE name = '" + name + "'")`,
        'def view(db):',
        "    return find(db, request.args['name'])",
        '',
      ].join('\n'),
    );
    expect(real).toHaveLength(1);
    expect(real[0]).toMatchObject({ ruleId: 'sql-injection', severity: 'high' });
    expect(real[0]!.message).toContain('Flask');
  });

  it("reports a parameter a shell runs whole, but not an argument list or a route's injected dependency", async () => {
    const shell = await scan(
      'import subprocess\ndef run_command(command):\n    return subprocess.run(command, shell=True).stdout\n',
    );
    expect(shell).toHaveLength(1);
    expect(shell[0]).toMatchObject({ ruleId: 'command-injection', line: 3, severity: 'medium' });
    expect(shell[0]!.message).toContain(
      'run_command() runs its parameter `command` through a shell as it is',
    );
    expect(await scan('import subprocess\ndef run(args):\n    return subprocess.run(args).stdout\n')).toEqual(
      [],
    );
    expect(await scan('import os\ndef start(path):\n    os.execv(path, [path])\n')).toEqual([]);
    const route =
      'import os\n@app.get("/x")\ndef handler(db: Session = Depends(get_db)):\n    os.system(db.command)\n';
    expect(await scan(route)).toEqual([]);
  });

  it('does not take a comment or a docstring that names the function for a caller, but does a call in an interpolation', async () => {
    const shell = 'import subprocess\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n';
    const commented = shell.replace('    return', '    # run it\n    return');
    const documented = shell.replace('    return', '    """run(cmd) runs the command."""\n    return');
    const quoted = `${shell}HANDLERS = {"name": "run"}\n`;
    for (const code of [commented, documented, quoted])
      expect((await scan(code)).map((finding) => finding.ruleId)).toEqual(['command-injection']);
    // called from an f-string: a visible caller, judged at that call with its real argument
    expect(await scan(`${shell}print(f"{run('ls')}")\n`)).toEqual([]);
    const js =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
      "import { execSync } from 'node:child_process';\n// pack the folder\nexport function pack(dir) {\n  /* pack it */ return execSync(`tar czf out.tgz ${dir}`);\n}\n";
    expect((await scan(js, 'javascript')).map((finding) => finding.ruleId)).toEqual(['command-injection']);
    expect(await scan(`${js}const out = \`\${pack('src')}\`;\n`, 'javascript')).toEqual([]);
  });

  it("resolves calls by syntax: a library sink that shares the wrapper's name is no caller of it (issue 41)", async () => {
    const run = await scan(
      'import subprocess\ndef run(cmd):\n    return subprocess.run("echo " + cmd, shell=True)\n',
    );
    expect(run.map((finding) => [finding.ruleId, finding.line])).toEqual([['command-injection', 3]]);
    expect(run[0]!.message).toContain('run() builds a shell command from its parameter `cmd`');
    const execute = await scan(
      [
        'import sqlite3',
        'conn = sqlite3.connect("app.db")',
        'def execute(name):',
        `    return conn.execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall()`,
        '',
      ].join('\n'),
    );
    expect(execute.map((finding) => [finding.ruleId, finding.line])).toEqual([['sql-injection', 4]]);
    const exec = await scan(
      "import * as cp from 'child_process';\nexport function exec(cmd: string) {\n  return cp.exec('ls ' + cmd);\n}\n",
      'typescript',
    );
    expect(exec.map((finding) => [finding.ruleId, finding.line])).toEqual([['command-injection', 3]]);
    // a method whose name a field's method shares: `self.conn.execute` is the connection's
    const method = await scan(
      [
        'class Store:',
        '    def __init__(self, conn):',
        '        self.conn = conn',
        '    def execute(self, table):',
        '        return self.conn.execute("SELECT * FROM " + table)',
        '',
      ].join('\n'),
    );
    expect(method.map((finding) => finding.ruleId)).toEqual(['sql-injection']);
  });

  it('still sees the real callers: a bare call, a method call, a reference, an object function called by member', async () => {
    const wrapper =
      'import subprocess\ndef run(cmd):\n    return subprocess.run("echo " + cmd, shell=True)\n';
    expect(await scan(`${wrapper}run("hello")\n`)).toEqual([]);
    expect(await scan(`${wrapper}HANDLERS = {"echo": run}\n`)).toEqual([]);
    const method = [
      'class Store:',
      '    def __init__(self, conn):',
      '        self.conn = conn',
      '    def execute(self, table):',
      '        return self.conn.execute("SELECT * FROM " + table)',
      '    def users(self):',
      '        return self.execute("users")',
      '',
    ].join('\n');
    expect(await scan(method)).toEqual([]);
    const object =
      "const cp = require('child_process');\nconst shell = {\n  exec(cmd) { return cp.exec('ls ' + cmd); },\n};\nshell.exec('/tmp');\n";
    expect(await scan(object, 'javascript')).toEqual([]);
    // exports are not callers
    const exported =
      "const cp = require('child_process');\nfunction exec(cmd) { return cp.exec('ls ' + cmd); }\nmodule.exports = { exec };\n";
    expect((await scan(exported, 'javascript')).map((finding) => finding.ruleId)).toEqual([
      'command-injection',
    ]);
  });
});

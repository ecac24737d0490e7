import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';
import type { LanguageId } from '../../core/languages.js';

// Issue 59: statement kinds the dispatch once evaluated as expressions only (a `match` case's declarations,
// capture patterns, class bodies, `switch` cases, static blocks) — a gate that skips one hides what is in it.
const ids = (code: string, language: LanguageId = 'python') =>
  findingIds(code, { language, file: 'app/views.py' });
const flask = (...lines: string[]) => ['from flask import request', 'import os', ...lines].join('\n');

describe("Python's match", () => {
  it('captures bind the subject or the part of it they match', async () => {
    const cases: [string, string][] = [
      ['request.args["x"]', 'case d:'],
      ['request.get_json()', 'case {"dir": d}:'],
      ['request.get_json()', 'case {"a": 1, **d}:'],
      ['request.get_json()', 'case [d, *rest]:'],
      ['request.get_json()', 'case [first, *d]:'],
      ['request.get_json()', 'case (d, "x"):'],
      ['request.get_json()', 'case Point(x=d):'],
      ['request.get_json()', 'case Point(d):'],
      ['request.args["x"]', 'case str() as d:'],
      ['request.args["x"]', 'case str(d):'],
      ['request.get_json()', 'case [d] | {"k": d}:'],
      ['request.args["x"], 1', 'case d, 1:'],
    ];
    for (const [subject, pattern] of cases)
      expect(
        await ids(flask(`match ${subject}:`, `    ${pattern}`, '        os.system("ls " + d)')),
        pattern,
      ).toEqual(['command-injection@5']);
  });

  it('runs case bodies as statements: declarations, branches and returns inside a case', async () => {
    const code = flask(
      'def f():',
      '    match request.args.get("op"):',
      '        case "ls":',
      '            cmd = "ls"',
      '            if request.args.get("v"):',
      '                cmd = "ls " + request.args["dir"]',
      '            os.system(cmd)',
      '        case "rm":',
      '            return',
      '        case _:',
      '            cmd = request.args["c"]',
      '    os.system(cmd)',
    );
    expect(await ids(code)).toEqual(['command-injection@9', 'command-injection@14']);
  });

  it('a guard is evaluated and guards its case', async () => {
    const code = flask(
      'ALLOWED = {"a", "b"}',
      'match request.args["x"]:',
      '    case d if d in ALLOWED:',
      '        os.system("ls " + d)',
      '    case d if os.system(d):',
      '        pass',
    );
    expect(await ids(code)).toEqual(['command-injection@7']);
  });

  it('stays quiet on a constant subject, a capture of a constant and literal cases', async () => {
    expect(await ids(flask('match "ls":', '    case d:', '        os.system(d)'))).toEqual([]);
    expect(
      await ids(
        flask(
          'match "a":',
          '    case "a":',
          '        pass',
          '    case _:',
          '        os.system(request.args["x"])',
        ),
      ),
    ).toEqual([]);
    // inside `case "ls" | "pwd"` the subject is one of those two constants
    expect(
      await ids(
        flask('op = request.args["op"]', 'match op:', '    case "ls" | "pwd":', '        os.system(op)'),
      ),
    ).toEqual([]);
    expect(
      await ids(flask('match request.args["n"]:', '    case int(n):', '        os.system("ls " + str(n))')),
    ).toEqual([]);
  });

  it('a case that always matches leaves no path where none did', async () => {
    const code = flask(
      'cmd = request.args["c"]',
      'match request.args["op"]:',
      '    case _:',
      '        cmd = "ls"',
      'os.system(cmd)',
    );
    expect(await ids(code)).toEqual([]);
    const open = flask(
      'cmd = request.args["c"]',
      'match request.args["op"]:',
      '    case "x":',
      '        cmd = "ls"',
      'os.system(cmd)',
    );
    expect(await ids(open)).toEqual(['command-injection@7']);
  });
});

describe('class bodies', () => {
  it('a Python class body runs once when the class is defined', async () => {
    expect(await ids(flask('class C:', '    os.system(request.args["x"])'))).toEqual(['command-injection@4']);
    expect(await ids(flask('class C:', '    x = request.args["x"]', '    os.system("ls " + x)'))).toEqual([
      'command-injection@5',
    ]);
    expect(await ids(flask('@decorate', 'class C:', '    os.system(request.args["x"])'))).toEqual([
      'command-injection@5',
    ]);
  });

  it("its assignments are the class's: visible as Class.name, not as the enclosing scope's names", async () => {
    expect(await ids(flask('class C:', '    x = request.args["x"]', 'os.system(C.x)'))).toEqual([
      'command-injection@5',
    ]);
    expect(await ids(flask('x = "ls"', 'class C:', '    x = request.args["x"]', 'os.system(x)'))).toEqual([]);
  });

  it('JavaScript field initialisers and static blocks run', async () => {
    const field =
      "const cp = require('child_process');\nclass C {\n  static y = cp.exec('ls ' + process.argv[3]);\n}\n";
    expect(await ids(field, 'javascript')).toEqual(['command-injection@3']);
    const block =
      "const cp = require('child_process');\nclass C {\n  static {\n    const d = process.argv[2];\n    cp.exec('ls ' + d);\n  }\n}\n";
    expect(await ids(block, 'javascript')).toEqual(['command-injection@5']);
    expect(
      await ids(block.replace('const cp', 'import * as cp from "child_process";\n//'), 'typescript'),
    ).toEqual(['command-injection@6']);
  });
});

describe("JavaScript's switch", () => {
  it('runs each case as statements, with fall-through and break', async () => {
    const code = [
      "const cp = require('child_process');",
      "app.get('/x', (req, res) => {",
      "  let cmd = 'ls';",
      '  switch (req.query.op) {',
      "    case 'ls':",
      '      const d = req.query.dir;',
      "      cp.exec('ls ' + d);",
      '      break;',
      "    case 'set':",
      '      cmd = req.query.cmd;',
      '      break;',
      "    case 'stop':",
      '      return;',
      '  }',
      '  cp.exec(cmd);',
      '});',
    ].join('\n');
    expect(await ids(code, 'javascript')).toEqual(['command-injection@7', 'command-injection@15']);
  });

  it('a constant discriminant enters only the case it equals', async () => {
    const code = [
      "const cp = require('child_process');",
      "let cmd = 'ls';",
      "switch ('a') {",
      "  case 'a':",
      '    break;',
      "  case 'b':",
      '    cmd = process.argv[2];',
      '    break;',
      '  default:',
      '    cmd = process.argv[3];',
      '}',
      'cp.exec(cmd);',
    ].join('\n');
    expect(await ids(code, 'javascript')).toEqual([]);
  });
});

describe('break and continue', () => {
  it('what a branch set before breaking out of a loop or a switch goes on after it', async () => {
    const loop = flask(
      'cmd = "ls"',
      'for op in request.args.getlist("op"):',
      '    match op:',
      '        case "x":',
      '            cmd = request.args["c"]',
      '            break',
      'os.system(cmd)',
    );
    expect(await ids(loop)).toEqual(['command-injection@9']);
    const ifBreak = flask(
      'cmd = "ls"',
      'while True:',
      '    if request.args.get("a"):',
      '        cmd = request.args["c"]',
      '        break',
      'os.system(cmd)',
    );
    expect(await ids(ifBreak)).toEqual(['command-injection@8']);
    const inSwitch = [
      "const cp = require('child_process');",
      "let cmd = 'ls';",
      'switch (process.argv[2]) {',
      "  case 'a':",
      '    if (process.argv[3]) { cmd = process.argv[4]; break; }',
      "    cmd = 'pwd';",
      '    break;',
      '}',
      'cp.exec(cmd);',
    ].join('\n');
    expect(await ids(inSwitch, 'javascript')).toEqual(['command-injection@9']);
  });
});

describe('TypeScript namespaces and JavaScript class expressions', () => {
  it('run a namespace body, a class expression and an exported anonymous class', async () => {
    const namespace =
      "import * as cp from 'child_process';\nnamespace N {\n  const d = process.argv[2];\n  cp.exec('ls ' + d);\n}\n";
    expect(await ids(namespace, 'typescript')).toEqual(['command-injection@4']);
    const block = "{\n  static {\n    const d = process.argv[2];\n    cp.exec('ls ' + d);\n  }\n}";
    expect(
      await ids(`const cp = require('child_process');\nconst C = class ${block};\n`, 'javascript'),
    ).toEqual(['command-injection@5']);
    expect(
      await ids(`const cp = require('child_process');\nexport default class ${block}\n`, 'javascript'),
    ).toEqual(['command-injection@5']);
  });
});

describe("Python's loop else", () => {
  it("runs a for/while loop's else clause", async () => {
    expect(
      await ids(flask('for i in range(3):', '    pass', 'else:', '    os.system(request.args["x"])')),
    ).toEqual(['command-injection@6']);
    expect(
      await ids(
        flask('while request.args.get("x"):', '    break', 'else:', '    os.system(request.args["x"])'),
      ),
    ).toEqual(['command-injection@6']);
  });
});

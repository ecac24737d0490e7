import { describe, expect, it } from 'vitest';
import { expressRoute, findingIds, flaskRoute, lineOf } from '../../../test/support/rule-findings.js';
import { parse } from '../../syntax/parser.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource, interpretFile, UNSETTLED_RULE } from './analyze.js';
import { collectFunctions } from './functions.js';
import { Interpreter } from './interpreter.js';
import { liteTree } from './lite-tree.js';
import { EXTRA_WORK_FACTOR, EXTRA_WORK_FLOOR } from './loop-passes.js';

/**
 * Issue 59 (w87): a loop's body ran once, so data that reaches a sink only on a later iteration was missed
 * (`cmd = "ls"; for p in ps: os.system(cmd); cmd = "ls " + p`). The body now runs again from the join of the
 * state before and after it while what the loop reads changes; past the bound the file is not verified.
 * Every case here gave no finding before the change.
 */
const ruleSet = defaultRuleSet();
const found = (code: string, language: 'python' | 'javascript' = 'python') => findingIds(code, { language });

const flask = (body: string) =>
  flaskRoute(
    'import os\nfrom flask import Flask, request, redirect\nfrom django.utils.http import url_has_allowed_host_and_scheme\napp = Flask(__name__)\n',
    body,
    '    return "ok"\n',
  );
const express = (body: string) =>
  expressRoute(
    'const cp = require("child_process");\nconst app = require("express")();\n',
    body,
    '  res.send("ok");\n',
  );
const sink = (code: string, text = 'os.system(') => `command-injection@${lineOf(code, text)}`;

describe('a loop: data that reaches a sink on a later iteration', () => {
  it.each([
    [
      'for',
      '    cmd = "ls"\n    for part in request.args.getlist("p"):\n        os.system(cmd)\n        cmd = "ls " + part',
    ],
    [
      'while with a counter',
      '    cmd = "ls"\n    n = 0\n    while n < 3:\n        os.system(cmd)\n        cmd = request.args.get("c")\n        n += 1',
    ],
    [
      'while True with break',
      '    cmd = "ls"\n    while True:\n        os.system(cmd)\n        cmd = request.args.get("c")\n        if len(cmd) > 3:\n            break',
    ],
    [
      'a flag that skips the sink on the first iteration',
      '    first = True\n    prev = ""\n    for part in request.args.getlist("p"):\n        if not first:\n            os.system(prev)\n        first = False\n        prev = part',
    ],
    [
      'a chain of two names',
      '    a = "ls"\n    b = "ls"\n    for part in request.args.getlist("p"):\n        os.system(a)\n        a = b\n        b = part',
    ],
  ])('Python %s', async (_what, body) => {
    const code = flask(body);
    expect(await found(code)).toEqual([sink(code)]);
  });

  it.each([
    [
      'for/of',
      '  let cmd = "ls";\n  for (const part of req.query.p) {\n    cp.exec(cmd);\n    cmd = "ls " + part;\n  }',
    ],
    ['for/in', '  let cmd = "ls";\n  for (const key in req.query) {\n    cp.exec(cmd);\n    cmd = key;\n  }'],
    [
      'do/while',
      '  let cmd = "ls";\n  do {\n    cp.exec(cmd);\n    cmd = req.query.c;\n  } while (cmd.length < 3);',
    ],
    [
      'while (true) with break',
      '  let cmd = "ls";\n  while (true) {\n    cp.exec(cmd);\n    cmd = req.query.c;\n    if (cmd.length > 3) break;\n  }',
    ],
    [
      'a C-style for',
      '  let cmd = "ls";\n  for (let i = 0; i < 3; i++) {\n    cp.exec(cmd);\n    cmd = req.query.c;\n  }',
    ],
    [
      "a C-style for's update",
      '  let cmd = "ls";\n  for (let i = 0; i < 3; cmd = req.query.c) {\n    cp.exec(cmd);\n    i++;\n  }',
    ],
  ])('JavaScript %s', async (_what, body) => {
    const code = express(body);
    expect(await found(code, 'javascript')).toEqual([sink(code, 'cp.exec(')]);
  });

  it('a sink reached on every pass is one finding, named by the first pass’s data', async () => {
    const code = flask(
      '    cmd = request.args["a"]\n    for part in request.args.getlist("p"):\n        os.system(cmd)\n        cmd = part',
    );
    const findings = await analyzeSource({ source: code, language: 'python', file: 'app/views.py', ruleSet });
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}`)).toEqual([sink(code)]);
    expect(findings[0]?.message).toContain(`from line ${lineOf(code, 'request.args["a"]')}`);
  });

  it('a value cleaned at the end of the body keeps what it held before: the sink and the use after the loop', async () => {
    const code = flask(
      '    cmd = request.args["a"]\n    for part in ["x", "y"]:\n        os.system(cmd)\n        cmd = "clean"\n    os.popen(cmd)',
    );
    expect(await found(code)).toEqual([sink(code), sink(code, 'os.popen(')]);
  });

  it.each([
    [
      'bound on one side of an if only',
      '    cmd = "ls"\n    for part in request.args.getlist("p"):\n        if len(part) > 3:\n            cmd = "ls"\n        os.system(cmd)\n        cmd = part',
    ],
    [
      'bound in a try body, read in its handler',
      '    cmd = "ls"\n    for part in request.args.getlist("p"):\n        try:\n            cmd = int(part)\n        except ValueError:\n            os.system(cmd)\n        cmd = part',
    ],
  ])('a name %s keeps the earlier iteration’s value', async (_what, body) => {
    const code = flask(body);
    expect(await found(code)).toEqual([sink(code)]);
  });

  it('a name bound on every side of an if before the sink is the iteration’s own', async () => {
    const code = flask(
      '    cmd = request.args["a"]\n    for part in ["x", "y"]:\n        if part == "x":\n            cmd = "ls"\n        else:\n            cmd = "pwd"\n        os.system(cmd)',
    );
    expect(await found(code)).toEqual([]);
  });

  it('a loop that cleans before the sink on every iteration stays clean', async () => {
    const code = flask(
      '    cmd = request.args["a"]\n    for part in request.args.getlist("p"):\n        cmd = "ls"\n        os.system(cmd)\n        cmd = part',
    );
    expect(await found(code)).toEqual([]);
  });
});

describe('held checks across iterations', () => {
  it("a check made in one iteration does not guard the next iteration's value", async () => {
    const code = flask(
      '    ok = False\n    for u in request.args.getlist("next"):\n        if ok:\n            return redirect(u)\n        ok = url_has_allowed_host_and_scheme(url=u, allowed_hosts={"example.com"})',
    );
    expect(await found(code)).toEqual([`open-redirect@${lineOf(code, 'redirect(u)')}`]);
  });

  it('a check of the same iteration’s value still guards it on every pass', async () => {
    const code = flask(
      '    for u in request.args.getlist("next"):\n        ok = url_has_allowed_host_and_scheme(url=u, allowed_hosts={"example.com"})\n        if ok:\n            return redirect(u)',
    );
    expect(await found(code)).toEqual([]);
    // the same without the check: reported, so the guard is what keeps it clean
    expect(await found(code.replace('        if ok:\n    ', '    '))).toEqual([
      `open-redirect@${lineOf(code, 'redirect(u)') - 1}`,
    ]);
  });
});

describe('a loop that does not settle is not a silent pass', () => {
  it('a chain longer than the passes given leaves the file not verified', async () => {
    // each pass moves the data one name along: `a` would hold it only on a fifth pass
    const code = flask(
      '    a = b = c = d = "ls"\n    for part in request.args.getlist("p"):\n        os.system(a)\n        a = b\n        b = c\n        c = d\n        d = part',
    );
    expect(await found(code)).toEqual([`${UNSETTLED_RULE}@${lineOf(code, 'for part')}`]);
  });

  it('nested loops: the extra passes grow with the depth, not as 2^depth', async () => {
    // the loop around the innermost one cleans `cmd` on each of its iterations, so the innermost loop needs a
    // pass of its own each time it runs; the outer loops settle once `cmd` holds the data
    const depth = 10;
    const lines = ['    cmd = "ls"'];
    for (let level = 0; level < depth; level++) {
      lines.push(`${'    '.repeat(level + 1)}for p${level} in request.args.getlist("p"):`);
      if (level === depth - 2) lines.push(`${'    '.repeat(level + 2)}cmd = "ls"`);
    }
    lines.push(`${'    '.repeat(depth + 1)}os.system(cmd)`, `${'    '.repeat(depth + 1)}cmd = p${depth - 1}`);
    const code = flask(lines.join('\n'));
    expect(await found(code)).toEqual([sink(code)]);
    const tree = await parse('python', code);
    try {
      const root = liteTree(tree, code);
      const interpreter = new Interpreter({
        language: 'python',
        rules: ruleSet.python,
        file: 'a.py',
        text: code,
      });
      const { loopsUnsettled } = interpretFile(interpreter, root, {
        functions: collectFunctions(root, 'python', ruleSet.python),
      });
      expect(loopsUnsettled.size).toBe(0);
      // one extra pass per loop, and one more for the innermost per outer pass: a few statements each
      expect(interpreter.extraStatements).toBeLessThanOrEqual(4 * depth);
    } finally {
      tree.delete();
    }
  });
});

describe('after review r20', () => {
  it.each([
    [
      'a nested loop over a name the outer loop rebinds is not replayed with the old data',
      '    src = ["a"]\n    for i in range(3):\n        for p in src:\n            os.system(p)\n        src = request.args.getlist("p")',
    ],
    [
      'a nested function passed by name to map() reads what a later iteration changes',
      '    cmd = "ls"\n    def run(v):\n        os.system(cmd)\n    for q in request.args.getlist("q"):\n        list(map(run, [1]))\n        cmd = q',
    ],
    [
      'a lambda held in a variable and called in the loop reads what a later iteration changes',
      '    cmd = "ls"\n    run = lambda: os.system(cmd)\n    for q in request.args.getlist("q"):\n        run()\n        cmd = q',
    ],
    [
      'a lambda held in a variable, called after the name it reads changed',
      '    cmd = "ls"\n    run = lambda: os.system(cmd)\n    cmd = request.args["c"]\n    run()',
    ],
    [
      'a lambda held in a variable, given the request’s data',
      '    run = lambda c: os.system(c)\n    run(request.args["c"])',
    ],
  ])('Python: %s', async (_what, body) => {
    const code = flask(body);
    expect(await found(code)).toEqual([sink(code)]);
  });

  it.each([
    [
      'a lambda that quotes what it is given',
      '    run = lambda c: os.system("ls " + shlex.quote(c))\n    for q in request.args.getlist("q"):\n        run(q)',
    ],
    [
      'a lambda whose command is a constant',
      '    cmd = request.args["c"]\n    run = lambda: os.system("ls")\n    run()',
    ],
  ])('Python, quiet: %s', async (_what, body) => {
    const code = flask(body).replace('import os\n', 'import os\nimport shlex\n');
    expect(await found(code)).toEqual([]);
  });

  it.each([
    [
      'a nested function passed by name to forEach reads what a later iteration changes',
      '  let cmd = "ls";\n  function run(v) { cp.exec(cmd); }\n  for (const q of req.query.list) {\n    [1].forEach(run);\n    cmd = q;\n  }',
    ],
    [
      'a function literal assigned to a declared name and called in the loop reads what a later iteration changes',
      '  let cmd = "ls";\n  let run;\n  run = () => cp.exec(cmd);\n  for (const q of req.query.list) {\n    run();\n    cmd = q;\n  }',
    ],
    [
      'a nested for/of over a name the outer loop rebinds',
      '  let src = ["a"];\n  for (let i = 0; i < 3; i++) {\n    for (const p of src) {\n      cp.exec("ls " + p);\n    }\n    src = req.query.list;\n  }',
    ],
    [
      'a do body runs once even when its condition is false',
      '  do {\n    cp.exec(req.query.c);\n  } while (false);',
    ],
    [
      'var without a value, again in a loop, keeps the earlier iteration’s value',
      '  for (const q of req.query.list) {\n    var cmd;\n    if (cmd) cp.exec(cmd);\n    cmd = q;\n  }',
    ],
    [
      'var without a value after var with one keeps it',
      '  var cmd = req.query.c;\n  var cmd;\n  cp.exec(cmd);',
    ],
  ])('JavaScript: %s', async (_what, body) => {
    const code = express(body);
    expect(await found(code, 'javascript')).toEqual([sink(code, 'cp.exec(')]);
  });

  it('a later pass’s stronger data decides the severity: the request’s, not the environment’s', async () => {
    const code = flask(
      '    prev = None\n    for q in request.args.getlist("q"):\n        cmd = prev if prev else os.environ["C"]\n        os.system(cmd)\n        prev = q',
    );
    const findings = await analyzeSource({ source: code, language: 'python', file: 'app/views.py', ruleSet });
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}:${finding.severity}`)).toEqual([
      `${sink(code)}:critical`,
    ]);
  });

  it('nested loops that each carry data: the extra work is bounded by the file’s, past it not verified', async () => {
    // review r20: each level reads the level around it, so each outer pass runs the inner loop's passes anew
    // (2^depth under a bound of passes per run: 9.6 s at depth 5)
    const depth = 6;
    const lines = ['    xs = request.args.getlist("x")', '    am1 = "q"'];
    for (let level = 0; level < depth; level++) {
      const pad = '    '.repeat(level + 1);
      const outer = level === 0 ? 'am1' : `a${level - 1}`;
      lines.push(`${pad}a${level} = "x"; b${level} = "y"; c${level} = "z"`);
      lines.push(`${pad}for v${level} in xs:`, `${pad}    os.path.join(a${level}, ${outer})`);
      lines.push(
        `${pad}    a${level} = b${level}`,
        `${pad}    b${level} = c${level}`,
        `${pad}    c${level} = v${level}`,
      );
    }
    for (let index = 0; index < 400; index++)
      lines.push(`${'    '.repeat(depth + 1)}t = v${depth - 1} + str(${index})`);
    const code = flask(lines.join('\n'));
    const tree = await parse('python', code);
    try {
      const root = liteTree(tree, code);
      const interpreter = new Interpreter({
        language: 'python',
        rules: ruleSet.python,
        file: 'a.py',
        text: code,
      });
      const { loopsUnsettled } = interpretFile(interpreter, root, {
        functions: collectFunctions(root, 'python', ruleSet.python),
      });
      expect(interpreter.extraStatements).toBeLessThanOrEqual(
        EXTRA_WORK_FACTOR * interpreter.statementsRun + EXTRA_WORK_FLOOR + depth * 420,
      );
      expect(loopsUnsettled.size).toBe(1);
    } finally {
      tree.delete();
    }
    expect((await found(code)).some((finding) => finding.startsWith(`${UNSETTLED_RULE}@`))).toBe(true);
  });
});

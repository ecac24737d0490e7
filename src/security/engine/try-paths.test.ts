import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * w120: the paths a `try` statement leaves (statements.ts' `tryStatement`, `try-paths.ts`). An exception may be
 * raised before any statement of the body that can raise, so a handler, and a `finally` an exception passes
 * through, run on what the body held there, not only on what it held at its end; `else` and the handlers raise into
 * `finally` too, and a `return`, `break` or `continue` leaves through it. A Python `with` whose manager may swallow
 * an exception goes on from wherever its body raised. Each case marks the sink that must be reported with
 * `# here` (`// here`); a case without the mark must report nothing (the controls: every path overwrote the value
 * with a constant before anything could raise).
 */

const flask = (body: string) =>
  `from flask import Flask, request\nimport contextlib, os\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n${body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n    return "ok"\n`;

const express = (body: string, async = false) =>
  `const express = require('express');\nconst cp = require('child_process');\nconst app = express();\napp.get('/r', ${
    async ? 'async ' : ''
  }(req, res) => {\n${body
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')}\n  res.send('ok');\n});\n`;

const marked = (code: string): string[] =>
  code
    .split('\n')
    .flatMap((line, index) =>
      /(?:#|\/\/) here$/.test(line) ? [`command-injection@${index + 1}:critical`] : [],
    );

const reported = (code: string, language: 'python' | 'javascript') =>
  findingIds(code, { language, severity: true, keep: /^command-injection@/ });

describe('Python: the paths out of a try', () => {
  it.each([
    [
      'finally after the body overwrote the data, an exception raised before the overwrite',
      'cmd = request.args["q"]\ntry:\n    int("x")\n    cmd = "ls"\nfinally:\n    os.system(cmd)  # here',
    ],
    [
      'a handler sees the data the body held mid-way, not only at its start and end',
      'cmd = "ls"\ntry:\n    cmd = request.args["q"]\n    int(cmd)\n    cmd = "ls"\nexcept ValueError:\n    os.system(cmd)  # here',
    ],
    [
      'after a handler that swallows, the data the body held mid-way goes on',
      'cmd = "ls"\ntry:\n    cmd = request.args["q"]\n    int(cmd)\n    cmd = "ls"\nexcept ValueError:\n    pass\nos.system(cmd)  # here',
    ],
    [
      "an exception the handler does not catch carries the body's data into finally",
      'cmd = "ls"\ntry:\n    cmd = request.args["q"]\n    int(cmd)\n    cmd = "ls"\nexcept ValueError:\n    cmd = "ls"\nelse:\n    cmd = "ls"\nfinally:\n    os.system(cmd)  # here',
    ],
    [
      'else raises into finally (its exceptions pass the handlers)',
      'cmd = "ls"\ntry:\n    int("1")\nexcept ValueError:\n    cmd = "pwd"\nelse:\n    cmd = request.args["q"]\n    int(cmd)\n    cmd = "ls"\nfinally:\n    os.system(cmd)  # here',
    ],
    [
      'a handler that raises again carries its data into finally',
      'cmd = "ls"\ntry:\n    int("x")\nexcept ValueError:\n    cmd = request.args["q"]\n    raise\nfinally:\n    os.system(cmd)  # here',
    ],
    [
      'a return inside the body leaves through finally with what it held there',
      'cmd = request.args["q"]\ntry:\n    if request.args.get("a"):\n        return "early"\n    cmd = "ls"\nfinally:\n    os.system(cmd)  # here',
    ],
    [
      'a nested try whose handler catches another type passes the data to the outer finally',
      'cmd = request.args["q"]\ntry:\n    try:\n        int("x")\n        cmd = "ls"\n    except KeyError:\n        cmd = "ls"\nfinally:\n    os.system(cmd)  # here',
    ],
    [
      'a nested try without a handler passes the data to the outer handler',
      'cmd = "ls"\ntry:\n    try:\n        cmd = request.args["q"]\n        int(cmd)\n        cmd = "ls"\n    finally:\n        print("done")\nexcept ValueError:\n    os.system(cmd)  # here',
    ],
    [
      'a break inside the body leaves through finally, which sets the data',
      'cmd = "ls"\nfor key in request.args:\n    try:\n        break\n    finally:\n        cmd = request.args[key]\nos.system(cmd)  # here',
    ],
    [
      'a continue from a handler keeps what the body held mid-way for the next iteration and after the loop',
      'cmd = "ls"\nfor key in request.args:\n    try:\n        cmd = request.args[key]\n        int(cmd)\n        cmd = "ls"\n    except ValueError:\n        continue\nos.system(cmd)  # here',
    ],
    [
      'a with whose manager may swallow goes on from where its body raised',
      'cmd = request.args["q"]\nwith contextlib.suppress(ValueError):\n    int("x")\n    cmd = "ls"\nos.system(cmd)  # here',
    ],
    [
      'a with whose manager may swallow goes on with what its body held mid-way',
      'cmd = "ls"\nwith contextlib.suppress(ValueError):\n    cmd = request.args["q"]\n    int(cmd)\n    cmd = "ls"\nos.system(cmd)  # here',
    ],
    [
      'a nested function run in place wrote the data before the body raised, and no statement of the body shows it',
      'cmd = "ls"\ndef load():\n    nonlocal cmd\n    cmd = request.args["q"]\ntry:\n    load()\n    int("x")\n    cmd = "ls"\nexcept ValueError:\n    os.system(cmd)  # here',
    ],
    [
      'a file opened in the body raises into the handler with what the body held before it',
      'cmd = "ls"\ntry:\n    cmd = request.args["q"]\n    with open("/tmp/x") as f:\n        f.read()\n    cmd = "ls"\nexcept OSError:\n    os.system(cmd)  # here',
    ],
    // review r29's F2: a name the compound statement's header binds, then something inside it raises
    [
      "a for loop's target is in the state its body raises from",
      'cmd = "ls"\ntry:\n    for cmd in request.args:\n        int(cmd)\n    cmd = "ls"\nexcept ValueError:\n    os.system(cmd)  # here',
    ],
    [
      "an if's walrus is in the state its body raises from",
      'cmd = "ls"\ntry:\n    if (cmd := request.args["q"]):\n        int(cmd)\n    cmd = "ls"\nexcept ValueError:\n    os.system(cmd)  # here',
    ],
    [
      "a for loop's target inside a swallowing with goes on after it",
      'cmd = "ls"\nwith contextlib.suppress(ValueError):\n    for cmd in request.args.getlist("c"):\n        int(cmd)\n    cmd = "ls"\nos.system(cmd)  # here',
    ],
  ])('%s', async (_what, body) => {
    const code = flask(body);
    expect(await reported(code, 'python')).toEqual(marked(code));
  });

  it.each([
    [
      'every path overwrote the data with a constant before the sink after the try',
      'cmd = request.args["q"]\ntry:\n    cmd = "ls"\n    int("x")\nexcept ValueError:\n    cmd = "pwd"\nos.system(cmd)',
    ],
    [
      "finally changes nothing: after the try the body's constant holds",
      'cmd = request.args["q"]\ntry:\n    cmd = "ls"\n    int("1")\nfinally:\n    print("done")\nos.system(cmd)',
    ],
    [
      'a constant bound before anything in the body can raise, a sink in finally',
      'cmd = request.args["q"]\ntry:\n    cmd = "ls"\n    int("x")\nfinally:\n    os.system(cmd)',
    ],
    [
      "a bare except catches everything: finally sees only the handler's constant and the body's end",
      'cmd = "ls"\ntry:\n    cmd = request.args["q"]\n    int(cmd)\n    cmd = "ls"\nexcept:\n    cmd = "pwd"\nfinally:\n    os.system(cmd)',
    ],
    [
      "a with whose managers never swallow goes on from its body's end only",
      'cmd = request.args["q"]\nwith open("/tmp/x") as f:\n    f.read()\n    cmd = "ls"\nos.system(cmd)',
    ],
    [
      'else writes nothing a handler sees',
      'cmd = "ls"\ntry:\n    int("1")\nexcept ValueError:\n    os.system(cmd)\nelse:\n    cmd = request.args["q"]\n    cmd = "ls"',
    ],
    [
      'a break through a finally that clears the data',
      'cmd = "ls"\nfor key in request.args:\n    try:\n        cmd = request.args[key]\n        break\n    finally:\n        cmd = "ls"\nos.system(cmd)',
    ],
  ])('control: %s', async (_what, body) => {
    expect(await reported(flask(body), 'python')).toEqual([]);
  });
});

describe("a try nested in a finally (review r29's F1)", () => {
  // each level's `finally` runs for the normal and the raising paths: 30 levels run twice each were 2^30 runs, and
  // the file ran out of its budget with the finding lost
  const nested = (depth: number) => {
    const lines = ['cmd = request.args["q"]'];
    let indent = '';
    for (let level = 0; level < depth; level++) {
      lines.push(
        `${indent}try:`,
        `${indent}    int(cmd)`,
        `${indent}    x${level} = cmd`,
        `${indent}finally:`,
      );
      indent += '    ';
    }
    lines.push(`${indent}os.system(cmd)  # here`);
    return lines.join('\n');
  };

  it('30 levels deep the sink is reported, in linear time', async () => {
    const code = flask(nested(30));
    const started = process.hrtime.bigint();
    expect(await reported(code, 'python')).toEqual(marked(code));
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(10);
  }, 60_000);

  it('past the levels run twice, a finally that clears the data on the normal path still reports the raising one', async () => {
    const inner =
      'try:\n    cmd = request.args["q"]\n    int(cmd)\n    cmd = "ls"\nfinally:\n    os.system(cmd)  # here';
    const wrapped = [0, 1, 2, 3, 4].reduce(
      (body, level) =>
        `try:\n    int("${level}")\nfinally:\n${body
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n')}`,
      inner,
    );
    const code = flask(`cmd = "ls"\n${wrapped}`);
    expect(await reported(code, 'python')).toEqual(marked(code));
  });
});

describe('JavaScript: the paths out of a try', () => {
  it.each([
    [
      'finally after the body overwrote the data, an exception raised before the overwrite',
      'let cmd = req.query.q;\ntry { JSON.parse("x"); cmd = "ls"; } finally { cp.exec(cmd); } // here',
      false,
    ],
    [
      'a catch without a binding sees the data the body held mid-way',
      'let cmd = "ls";\ntry {\n  cmd = req.query.q;\n  JSON.parse(cmd);\n  cmd = "ls";\n} catch {\n  cp.exec(cmd); // here\n}',
      false,
    ],
    [
      'an awaited call that rejects, in an async handler',
      'let cmd = req.query.q;\ntry {\n  await fetch("http://localhost/x");\n  cmd = "ls";\n} finally {\n  cp.exec(cmd); // here\n}',
      true,
    ],
    [
      'a return inside the body leaves through finally',
      'let cmd = req.query.q;\ntry {\n  if (req.query.a) return res.send("early");\n  cmd = "ls";\n} finally {\n  cp.exec(cmd); // here\n}',
      false,
    ],
    [
      'a catch that throws again carries its data into finally',
      'let cmd = "ls";\ntry {\n  JSON.parse("x");\n} catch (e) {\n  cmd = req.query.q;\n  throw e;\n} finally {\n  cp.exec(cmd); // here\n}',
      false,
    ],
    [
      'a continue from a catch keeps what the body held mid-way',
      'let cmd = "ls";\nfor (const key of Object.keys(req.query)) {\n  try {\n    cmd = req.query[key];\n    JSON.parse(cmd);\n    cmd = "ls";\n  } catch {\n    continue;\n  }\n}\ncp.exec(cmd); // here',
      false,
    ],
    [
      "a for-of loop's target is in the state its body throws from (review r29's F2)",
      'let cmd = "ls";\ntry {\n  for (cmd of Object.values(req.query)) {\n    JSON.parse(cmd);\n  }\n  cmd = "ls";\n} catch {\n  cp.exec(cmd); // here\n}',
      false,
    ],
  ])('%s', async (_what, body, async) => {
    const code = express(body, async);
    expect(await reported(code, 'javascript')).toEqual(marked(code));
  });

  it.each([
    [
      'every path overwrote the data with a constant before the sink after the try',
      'let cmd = req.query.q;\ntry {\n  cmd = "ls";\n  JSON.parse("x");\n} catch {\n  cmd = "pwd";\n}\ncp.exec(cmd);',
    ],
    [
      "finally changes nothing: after the try the body's constant holds",
      'let cmd = req.query.q;\ntry {\n  cmd = "ls";\n  JSON.parse("1");\n} finally {\n  console.log("done");\n}\ncp.exec(cmd);',
    ],
    [
      "a catch catches everything: finally sees the catch's constant",
      'let cmd = "ls";\ntry {\n  cmd = req.query.q;\n  JSON.parse(cmd);\n  cmd = "ls";\n} catch {\n  cmd = "pwd";\n} finally {\n  cp.exec(cmd);\n}',
    ],
  ])('control: %s', async (_what, body) => {
    expect(await reported(express(body), 'javascript')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource, UNSETTLED_RULE } from './analyze.js';
import { MAX_CLOSURE_RUNS } from './calls.js';

/**
 * Issue 59 (w70): past MAX_CLOSURE_RUNS a call of a nested function applies its summary, made without the
 * variables it reads from the function around it. That loses a finding: `run()` reads the route's `q` (request
 * data), not passed as an argument; after 200 calls of another nested function, `run()`'s summary holds no
 * sink for `q`. Reaching the limit where a closure's call may lose data makes the file not verified
 * (`analysis-unsettled`, as the fixpoint's cap), never a silent pass.
 */
const ruleSet = defaultRuleSet();
const found = (code: string, language: 'python' | 'javascript' = 'python') =>
  findingIds(code, { language, file: language === 'python' ? 'app/views.py' : 'app.js' });

const route = (calls: number, run = '        os.system(q)') =>
  `import os\nfrom flask import Flask, request\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n    q = request.args["q"]\n    def noop():\n        return 1\n    def run():\n${run}\n${'    noop()\n'.repeat(calls)}    run()\n    return "ok"\n`;

describe('the closure limit is not silent', () => {
  it('under the limit, the closure runs in place and the finding is reported', async () => {
    expect(await found(route(10))).toEqual(['command-injection@10']);
  });

  it('past the limit, a closure reading the caller’s data makes the file not verified', async () => {
    const findings = await found(route(MAX_CLOSURE_RUNS));
    expect(findings).toContain(`${UNSETTLED_RULE}@5`);
    const [unsettled] = (
      await analyzeSource({
        source: route(MAX_CLOSURE_RUNS),
        language: 'python',
        file: 'app/views.py',
        ruleSet,
      })
    ).filter((finding) => finding.ruleId === UNSETTLED_RULE);
    expect(unsettled?.message).toMatch(/r\(\).*run\(\).*findings of this file may be missing/);
  });

  it('past the limit, a closure that reads only its arguments and constants is judged by its summary: no loss', async () => {
    // the summary of `run(x)` holds its sink for its parameter: the finding stays, the file is verified
    const code = route(MAX_CLOSURE_RUNS, '        os.system(x)')
      .replace('def run():', 'def run(x):')
      .replace('    run()\n', '    run(q)\n');
    expect(await found(code)).toEqual(['command-injection@10']);
  });

  it('a function nested in a JavaScript callback has no summary of its own: past the limit the file is not verified', async () => {
    const js = `const cp = require("child_process");\nconst app = require("express")();\napp.get("/r", (req, res) => {\n  const noop = () => 1;\n  const run = (x) => { cp.exec(x); };\n${'  noop();\n'.repeat(MAX_CLOSURE_RUNS)}  run(req.query.q);\n  res.send("ok");\n});\n`;
    const findings = await found(js, 'javascript');
    expect(
      findings.some((id) => id.startsWith('command-injection@') || id.startsWith(`${UNSETTLED_RULE}@`)),
    ).toBe(true);
  });
});

/**
 * r11's F7 (w77): the limit is not silent when the data comes through another nested function, and a file is
 * not called "not verified" for nothing — an attribute named like an outer variable, or a helper already run
 * in place with the very data it reads.
 */
describe('the closure limit, refined', () => {
  const calls = (name: string, count: number, args = '') => `    ${name}(${args})\n`.repeat(count);
  it('a closure reading the caller’s data through another nested function is not lost', async () => {
    const code = route(MAX_CLOSURE_RUNS, '        os.system(get())').replace(
      '    def run():',
      '    def get():\n        return q\n    def run():',
    );
    const findings = await found(code);
    expect(
      findings.some((id) => id.startsWith('command-injection@') || id.startsWith(`${UNSETTLED_RULE}@`)),
    ).toBe(true);
  });

  it('an attribute named like an outer variable is not the variable', async () => {
    const code = route(MAX_CLOSURE_RUNS, '        return c.q').replace(
      '    def run():',
      '    class C:\n        q = 1\n    c = C()\n    def run():',
    );
    expect(await found(code)).toEqual([]);
  });

  it('a helper of a script, already run in place with the environment’s data it reads, loses nothing', async () => {
    const code = `import os\n\ndef main():\n    root = os.environ.get("ROOT", ".")\n    def p(name):\n        return os.path.join(root, name)\n    files = []\n${calls('files.append(p', MAX_CLOSURE_RUNS + 10, '"f.txt")')}    print(len(files))\n\nmain()\n`;
    expect(await found(code)).toEqual([]);
  });

  it('a table-row helper escaping the route’s data, called past the limit, loses nothing', async () => {
    const code = `from flask import Flask, request\nfrom markupsafe import escape\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n    user = request.args.get("user", "")\n    rows = []\n    def row(label):\n        rows.append("<tr><td>%s</td><td>%s</td></tr>" % (escape(label), escape(user)))\n${calls('row', MAX_CLOSURE_RUNS + 10, '"k"')}    return "<table>" + "".join(rows) + "</table>"\n`;
    expect(await found(code)).toEqual([]);
  });

  it('a JavaScript function run where it is declared, called past the limit with the same data, loses nothing', async () => {
    const js = `const cp = require("child_process");\nconst app = require("express")();\nfunction handler(req, res) {\n  const q = req.query.q;\n  function noop() { return 1; }\n  function run() { cp.exec(q); }\n${'  noop();\n'.repeat(MAX_CLOSURE_RUNS)}  run();\n  res.send("ok");\n}\napp.get("/r", handler);\n`;
    expect(await found(js, 'javascript')).toEqual(['command-injection@6']);
  });

  it('a helper run in place while the variable it reads was clean, then past the limit with data, is not silent', async () => {
    const code = `import os\nfrom flask import Flask, request\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n    q = "ls"\n    def run():\n        os.system(q)\n${calls('run', MAX_CLOSURE_RUNS)}    q = request.args["q"]\n    run()\n    return "ok"\n`;
    const findings = await found(code);
    expect(
      findings.some((id) => id.startsWith('command-injection@') || id.startsWith(`${UNSETTLED_RULE}@`)),
    ).toBe(true);
  });
});

describe('the trace says when the limit is reached', () => {
  it('VOUCH_DEBUG=1 writes the functions that reached it to stderr, lossy or not', async () => {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const before = process.env.VOUCH_DEBUG;
    process.env.VOUCH_DEBUG = '1';
    process.stderr.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      await found(route(MAX_CLOSURE_RUNS));
      await found(route(MAX_CLOSURE_RUNS, '        os.system("ls")'));
    } finally {
      process.stderr.write = write;
      if (before === undefined) delete process.env.VOUCH_DEBUG;
      else process.env.VOUCH_DEBUG = before;
    }
    const trace = written.filter((line) => line.includes('MAX_CLOSURE_RUNS'));
    expect(trace).toHaveLength(2);
    expect(trace[0]).toMatch(/app\/views\.py: r\(\) reached MAX_CLOSURE_RUNS \(200\).*run\(\) may lose data/);
    expect(trace[1]).toMatch(/none reading data where it is called/);
  });
});

describe('a closure that ran in place with the same data loses nothing only where nothing of it reaches the call (review r16)', () => {
  const py = (first: string, last: string, body = '        return q') =>
    `import os\nfrom flask import Flask, request\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n    q = request.args["q"]\n    out = "safe"\n    def noop():\n        return 1\n    def get():\n${body}\n    ${first}\n${'    noop()\n'.repeat(MAX_CLOSURE_RUNS)}    ${last}\n    return "ok"\n`;

  it('its value used at the call past the limit (`print(get())`, then `os.system(get())`): the value the in-place run returned, so the finding', async () => {
    const findings = await found(py('print(get())', 'os.system(get())'));
    expect(findings.filter((id) => id.startsWith('command-injection@'))).toEqual([
      `command-injection@${12 + MAX_CLOSURE_RUNS + 1}`,
    ]);
  });

  it('its value used past the limit with data the in-place run never had: not verified, never silent', async () => {
    const code = py('print(get())', 'q = request.args["other"]\n    os.system(get())');
    const findings = await found(code);
    expect(
      findings.some((id) => id.startsWith('command-injection@') || id.startsWith(`${UNSETTLED_RULE}@`)),
    ).toBe(true);
  });

  it('it writes an outer name (`nonlocal out; out = q`) that a sink reads after it: not verified', async () => {
    const code = py('get()', 'get()\n    os.system(out)', '        nonlocal out\n        out = q');
    expect(await found(code)).toContain(`${UNSETTLED_RULE}@5`);
  });

  it('called for nothing but its own sinks, again with the same data: settled, as before', async () => {
    const code = py('get()', 'get()', '        print(q)');
    expect(await found(code)).not.toContain(`${UNSETTLED_RULE}@5`);
  });
});

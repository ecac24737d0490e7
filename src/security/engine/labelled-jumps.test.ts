import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * Where a `break` or `continue` goes on (w136): `break outer`/`continue outer` past the inner loop, `break L` out
 * of a labelled block, `continue` inside a `switch`; and a base's method reached through `super`.
 */
const js = (code: string) => findingIds(code, { language: 'javascript' });
const route = (body: string) =>
  `const escapeHtml = require("escape-html");\nconst app = require("express")();\napp.get("/r", (req, res) => {\n  let out = "";\n${body}\n  res.send(out);\n});\n`;

describe('labelled jumps', () => {
  it('break outer keeps what the inner loop set, past a statement after it', async () => {
    const code = route(
      '  outer: for (const a of [1, 2]) {\n    for (const b of [1, 2]) {\n      out = req.query.q;\n      break outer;\n    }\n    out = "safe";\n  }',
    );
    expect(await js(code)).toEqual(['xss@12']);
  });

  it('continue outer keeps what the inner loop set', async () => {
    const code = route(
      '  outer: for (const a of [1, 2]) {\n    for (const b of [1, 2]) {\n      out = req.query.q;\n      continue outer;\n    }\n    out = "safe";\n  }',
    );
    expect(await js(code)).toEqual(['xss@12']);
  });

  it('break outer with escaped data stays clean, and the inner path past it is still read', async () => {
    const clean = route(
      '  outer: for (const a of [1, 2]) {\n    for (const b of [1, 2]) {\n      out = escapeHtml(req.query.q);\n      break outer;\n    }\n    out = "safe";\n  }',
    );
    expect(await js(clean)).toEqual([]);
    const after = route(
      '  outer: for (const a of [1, 2]) {\n    for (const b of [1, 2]) {\n      out = "safe";\n      break outer;\n    }\n    out = req.query.q;\n  }',
    );
    expect(await js(after)).toEqual(['xss@12']);
  });

  it('break out of a labelled block keeps what the block set before it', async () => {
    const code = route(
      '  blk: {\n    out = req.query.q;\n    if (req.query.x) break blk;\n    out = "safe";\n  }',
    );
    expect(await js(code)).toEqual(['xss@10']);
    const clean = route(
      '  blk: {\n    out = req.query.q;\n    if (req.query.x) { out = "x"; break blk; }\n    out = "safe";\n  }',
    );
    expect(await js(clean)).toEqual([]);
  });

  it('continue inside a switch goes on with the loop, not after the switch', async () => {
    const code = route(
      '  for (const a of [1, 2]) {\n    switch (a) {\n      case 1:\n        out = req.query.q;\n        continue;\n    }\n    out = "safe";\n  }',
    );
    expect(await js(code)).toEqual(['xss@13']);
    const clean = route(
      '  for (const a of [1, 2]) {\n    switch (a) {\n      case 1:\n        out = req.query.q;\n        break;\n    }\n    out = "safe";\n  }',
    );
    expect(await js(clean)).toEqual([]);
  });

  it('break outer through a finally goes on with what finally left', async () => {
    const code = route(
      '  outer: for (const a of [1, 2]) {\n    for (const b of [1, 2]) {\n      try {\n        out = "x";\n        break outer;\n      } finally {\n        out = req.query.q;\n      }\n    }\n    out = "safe";\n  }',
    );
    expect(await js(code)).toEqual(['xss@16']);
  });
});

describe('labelled jumps cost', () => {
  it('forty nested labelled loops breaking to the outermost stay verified', async () => {
    const depth = 40;
    const lines = ['const app = require("express")();', 'app.get("/r", (req, res) => {', '  let out = "";'];
    for (let i = 0; i < depth; i++) lines.push(`l${i}: for (const a${i} of req.query.list) {`);
    lines.push('out = req.query.q;');
    for (let i = 0; i < depth; i++) lines.push(`if (a${i}) break l0;`, `if (a${i}) continue l${i};`);
    for (let i = 0; i < depth; i++) lines.push('out = "safe";', '}');
    lines.push('  res.send(out);', '});');
    expect(await js(`${lines.join('\n')}\n`)).toEqual([`xss@${lines.length - 1}`]);
  });
});

describe('a base method through super', () => {
  it('JavaScript: super.run(x) runs the base class method', async () => {
    const code =
      'const cp = require("child_process");\nconst app = require("express")();\n' +
      'class Base { run(x) { cp.exec(x); } }\nclass Child extends Base { run(x) { super.run(x); } }\n' +
      'app.get("/r", (req, res) => {\n  new Child().run(req.query.q);\n});\n';
    expect(await js(code)).toEqual(['command-injection@3']);
  });

  it('Python: super().run(x) in a module-level class runs the base method', async () => {
    const code =
      'import os\nfrom flask import Flask, request\napp = Flask(__name__)\n\nclass Base:\n    def run(self, x):\n        os.system(x)\n\n' +
      'class Child(Base):\n    def run(self, x):\n        super().run(x)\n\n@app.route("/r")\ndef r():\n    Child().run(request.args.get("q"))\n    return "ok"\n';
    expect(await findingIds(code)).toEqual(['command-injection@7']);
  });

  it('super reaches the base, never the class own method of that name', async () => {
    const code =
      'const cp = require("child_process");\nconst app = require("express")();\n' +
      'class Base { run(x) { return x; } }\nclass Child extends Base { run(x) { cp.exec(x); } safe(x) { return super.run("ls"); } }\n' +
      'app.get("/r", (req, res) => {\n  cp.exec(new Child().safe(req.query.q));\n});\n';
    expect(await js(code)).toEqual([]);
  });
});

/**
 * Review r34 item 1: a base's method reached through `super` that calls back a method on `this`/`self` runs for
 * the caller's object, whose class may override that method. Where a class below the base overrides one, the
 * call stays unresolved (its data passes on), as before w136; where none does, it is followed.
 */
describe('a base method through super calling back an override', () => {
  const jsRoute = (classes: string) =>
    `const app = require("express")();\n${classes}\napp.get("/r", (req, res) => {\n  res.send(new Child().run(req.query.q));\n});\n`;
  const pyRoute = (classes: string) =>
    `from flask import Flask, request\napp = Flask(__name__)\n\n${classes}\n@app.route("/r")\ndef r():\n    return Child().render(request.args.get("q"))\n`;

  it('JavaScript: this.out(x) in the base is the child override that returns x', async () => {
    const code = jsRoute(
      'class Base { run(x) { return this.out(x); }  out(x) { return "safe"; } }\n' +
        'class Child extends Base { out(x) { return x; }  run(x) { return super.run(x); } }',
    );
    expect(await js(code)).toEqual(['xss@5']);
  });

  it('Python: self.fmt(x) in the base is the child override that returns x', async () => {
    const code = pyRoute(
      'class Base:\n    def render(self, x):\n        return self.fmt(x)\n\n    def fmt(self, x):\n        return "safe"\n\n' +
        'class Child(Base):\n    def fmt(self, x):\n        return x\n\n    def render(self, x):\n        return super().render(x)\n',
    );
    expect(await findingIds(code)).toEqual(['xss@20']);
  });

  it('JavaScript: the override reached through another method of the base', async () => {
    const code = jsRoute(
      'class Base { run(x) { return this.wrap(x); }  wrap(x) { return this.out(x); }  out(x) { return "safe"; } }\n' +
        'class Child extends Base { out(x) { return x; }  run(x) { return super.run(x); } }',
    );
    expect(await js(code)).toEqual(['xss@5']);
  });

  it('JavaScript: A <- B <- C, super at two levels, C overrides what A calls back', async () => {
    const code = jsRoute(
      'class A { run(x) { return this.out(x); }  out(x) { return "safe"; } }\n' +
        'class B extends A { run(x) { return super.run(x); } }\n' +
        'class Child extends B { out(x) { return x; }  run(x) { return super.run(x); } }',
    );
    expect(await js(code)).toEqual(['xss@6']);
  });

  it('Python: A <- B <- C, super at two levels, C overrides what A calls back', async () => {
    const code = pyRoute(
      'class A:\n    def render(self, x):\n        return self.fmt(x)\n\n    def fmt(self, x):\n        return "safe"\n\n' +
        'class B(A):\n    def render(self, x):\n        return super().render(x)\n\n' +
        'class Child(B):\n    def fmt(self, x):\n        return x\n\n    def render(self, x):\n        return super().render(x)\n',
    );
    expect(await findingIds(code)).toEqual(['xss@24']);
  });

  it('JavaScript: the child assigns this.out in its constructor, which the base calls back', async () => {
    const code = jsRoute(
      'class Base { run(x) { return this.out(x); }  out(x) { return "safe"; } }\n' +
        'class Child extends Base { constructor() { super(); this.out = (x) => x; }  run(x) { return super.run(x); } }',
    );
    expect(await js(code)).toEqual(['xss@5']);
  });

  it('no class below the base overrides what it calls back: followed, the base method is safe', async () => {
    const js1 = jsRoute(
      'class Base { run(x) { return this.out(x); }  out(x) { return "safe"; } }\n' +
        'class Child extends Base { other(x) { return x; }  run(x) { return super.run(x); } }',
    );
    expect(await js(js1)).toEqual([]);
    const py = pyRoute(
      'class Base:\n    def render(self, x):\n        return self.fmt(x)\n\n    def fmt(self, x):\n        return "safe"\n\n' +
        'class Child(Base):\n    def other(self, x):\n        return x\n\n    def render(self, x):\n        return super().render(x)\n',
    );
    expect(await findingIds(py)).toEqual([]);
  });

  it('A <- B <- C with no override: followed through both levels to the safe method', async () => {
    const code = jsRoute(
      'class A { run(x) { return this.out(x); }  out(x) { return "safe"; } }\n' +
        'class B extends A { run(x) { return super.run(x); } }\n' +
        'class Child extends B { run(x) { return super.run(x); } }',
    );
    expect(await js(code)).toEqual([]);
  });

  it('an override below the base that the base does not call back leaves the sink in the base reported', async () => {
    const code =
      'const cp = require("child_process");\nconst app = require("express")();\n' +
      'class Base { run(x) { cp.exec(x); }  out(x) { return "safe"; } }\n' +
      'class Child extends Base { out(x) { return x; }  run(x) { super.run(x); } }\n' +
      'app.get("/r", (req, res) => {\n  new Child().run(req.query.q);\n});\n';
    expect(await js(code)).toEqual(['command-injection@3']);
  });
});

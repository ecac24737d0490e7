import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';
import type { LanguageId } from '../../core/languages.js';

/**
 * w222 (issue 59): a constant name built in a variable before use (`fn = "sys" + "tem"; getattr(os, fn)(cmd)`)
 * resolves as the inline form does (indirection.test.ts): the call it names, marked hidden.
 */
const ids = (code: string, language: LanguageId = 'python') =>
  findingIds(code, { language, sort: true, severity: true });

const FLASK = 'from flask import Flask, request\napp = Flask(__name__)\n';
const route = (imports: string, body: string) =>
  `${imports}\n${FLASK}\n@app.route("/a")\ndef a():\n${body}\n    return "ok"\n`;
const EXPRESS =
  "const express = require('express');\nconst cp = require('child_process');\nconst app = express();\n";
const handler = (body: string) =>
  `${EXPRESS}app.get('/a', (req, res) => {\n${body}\n  res.send('ok');\n});\n`;

describe('Python: the name built in a variable first', () => {
  it('getattr(tempfile, name)() with name = "mk" + "temp"', async () => {
    expect(
      await ids(route('import tempfile', '    name = "mk" + "temp"\n    path = getattr(tempfile, name)()')),
    ).toEqual(['insecure-temp-file@8:medium']);
  });

  it('getattr(os, fn)(cmd) with fn = "sys" + "tem"', async () => {
    expect(
      await ids(route('import os', '    fn = "sys" + "tem"\n    getattr(os, fn)(request.args["c"])')),
    ).toEqual(['command-injection@8:critical', 'hidden-dangerous-call@8:high']);
  });

  it('importlib.import_module(m).run(cmd, shell=True) with m = "subpro" + "cess"', async () => {
    expect(
      await ids(
        route(
          'import importlib',
          '    m = "subpro" + "cess"\n    importlib.import_module(m).run(request.args["c"], shell=True)',
        ),
      ),
    ).toEqual(['command-injection@8:critical', 'hidden-dangerous-call@8:high']);
  });
});

describe('JavaScript: a member named by a constant held in a variable', () => {
  it.each([
    ["const n = 'ex' + 'ec'", "  const n = 'ex' + 'ec';\n  cp[n](req.query.c);"],
    ["const n = 'exec'", "  const n = 'exec';\n  cp[n](req.query.c);"],
    ["let n = 'exec' + 'Sync'", "  let n = 'exec' + 'Sync';\n  cp[n](req.query.c);"],
  ])('cp[n](…) with %s', async (_what, body) => {
    expect(await ids(handler(body), 'javascript')).toEqual([
      'command-injection@6:critical',
      'hidden-dangerous-call@6:high',
    ]);
  });

  it("globalThis[n](…) with n = 'ev' + 'al'", async () => {
    expect(
      await ids(handler("  const n = 'ev' + 'al';\n  globalThis[n](req.query.c);"), 'javascript'),
    ).toEqual(['code-injection@6:critical', 'hidden-dangerous-call@6:high']);
  });

  it("require(m)[n] with m = 'child_' + 'process', n = 'exec' + 'Sync'", async () => {
    const code =
      "const m = 'child_' + 'process';\nconst proc = require(m);\nconst n = 'exec' + 'Sync';\nproc[n](process.argv[2]);\n";
    expect(await ids(code, 'javascript')).toEqual([
      'command-injection@4:high',
      'hidden-dangerous-call@4:high',
    ]);
  });

  it('a member named by a variable that holds no constant, or a harmless one, says nothing', async () => {
    expect(
      await ids(
        handler(
          "  const n = req.query.how;\n  const s = 'abc';\n  const m = 'toUpperCase';\n  res.send(s[m]());",
        ),
        'javascript',
      ),
    ).toEqual([]);
    expect(
      await ids(handler("  const n = 'push';\n  const list = [];\n  list[n](req.query.c);"), 'javascript'),
    ).toEqual([]);
  });
});

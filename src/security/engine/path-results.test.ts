import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';
import type { RuleLanguage } from '../rule-schema.js';

/**
 * Review r15: w75 made every path-traversal sink consume the request's data, cleared for paths or not, so that a
 * file read at a checked path returns the file, not the request's name. But `shutil.copy`/`move` return the
 * destination and `fs.promises.realpath`/`mkdtemp` a path: after `basename` (which clears path traversal only)
 * their result lost the request's data for every other rule, and the command built from it reported nothing.
 * Only a call returning the file or its contents consumes.
 */
const found = (code: string, language: RuleLanguage) =>
  findingIds(code, { language, keep: (id) => !id.startsWith('resource-exhaustion@'), severity: true });

const express = (body: string[]) =>
  [
    "const express = require('express');",
    "const fs = require('fs');",
    "const path = require('path');",
    "const { exec } = require('child_process');",
    'const app = express();',
    "app.get('/x', async (req, res) => {",
    '  const name = path.basename(req.query.name);',
    ...body,
    '});',
    '',
  ].join('\n');

describe('a path-traversal call that returns a path keeps the request data', () => {
  it("shutil.copy's destination, after basename, builds a command: critical", async () => {
    const code = [
      'import os, shutil',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      '@app.route("/c")',
      'def c():',
      '    name = os.path.basename(request.args["f"])',
      '    dest = shutil.copy(name, "/srv/backup/" + name)',
      '    os.system("gzip " + dest)',
      '    return "ok"',
      '',
    ].join('\n');
    expect(await found(code, 'python')).toContain('command-injection@8:critical');
  });

  it('shutil.move given the request name unchecked: its path traversal, and the command from its result', async () => {
    const code = [
      'import os, shutil',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      '@app.route("/c")',
      'def c():',
      '    dest = shutil.move(request.args["f"], "/srv/out/")',
      '    os.system("gzip " + dest)',
      '    return "ok"',
      '',
    ].join('\n');
    const findings = await found(code, 'python');
    expect(findings).toContain('path-traversal@6:high');
    expect(findings).toContain('command-injection@7:critical');
  });

  it('fs.promises.realpath of a basename: the command and the page built from it', async () => {
    const findings = await found(
      express([
        '  const real = await fs.promises.realpath(name);',
        "  exec('ls ' + real);",
        "  res.send('<p>' + real + '</p>');",
      ]),
      'javascript',
    );
    expect(findings).toContain('command-injection@9:critical');
    expect(findings).toContain('xss@10:high');
  });

  it('fs.promises.mkdtemp of a basename: the command built from the folder', async () => {
    const findings = await found(
      express([
        '  const dir = await fs.promises.mkdtemp(name);',
        "  exec('rm -rf ' + dir);",
        "  res.send('ok');",
      ]),
      'javascript',
    );
    expect(findings).toContain('command-injection@9:critical');
  });
});

describe('a call returning the file still consumes (w75 kept)', () => {
  it('a file read at a checked path returns its contents: XSS medium, not high', async () => {
    const code = [
      'import os',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      'ROOT = "/srv/files"',
      '@app.route("/f")',
      'def f():',
      '    p = os.path.realpath(os.path.join(ROOT, request.args["f"]))',
      '    if not p.startswith(ROOT + os.sep):',
      '        return "no", 400',
      '    return open(p).read()',
      '',
    ].join('\n');
    expect(await found(code, 'python')).toEqual(['xss@10:medium']);
  });

  it('fs.readFile of a basename sends the file, not the name: no XSS from the request', async () => {
    const findings = await found(
      express([
        "  const text = await fs.promises.readFile(path.join('/srv/files', name), 'utf8');",
        '  res.send(text);',
      ]),
      'javascript',
    );
    expect(findings.filter((finding) => finding.startsWith('xss@') && finding.endsWith(':high'))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { findingIds, ruleLines } from '../../../test/support/rule-findings.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

const ruleSet = defaultRuleSet();
const pathFindings = (code: string) => ruleLines(code, 'path-traversal', { file: 'app/files.py' });

/** A handler that joins a request parameter under a folder, checks it (`check`, two lines), then reads it. */
const handler = (join: string, check: string) =>
  [
    'import os',
    'from pathlib import Path',
    'from flask import Flask, request',
    'app = Flask(__name__)',
    'SHARED = Path("/var/lib/notes")',
    '',
    '@app.route("/note")',
    'def note():',
    '    wanted = request.args.get("n", "")',
    `    where = ${join}`,
    check,
    '        return "refused", 400',
    '    return where.read_text()',
    '',
  ].join('\n');

describe('path traversal: a prefix check on the text of a normalised Path (issue 59, BenchmarkPython)', () => {
  it('contains the path when the check converts it with str() or os.fspath() first', async () => {
    for (const check of [
      '    if not str(where).startswith(str(SHARED)):',
      '    if not os.fspath(where).startswith(os.fspath(SHARED)):',
      '    if not where.is_relative_to(SHARED):',
    ])
      expect(await pathFindings(handler('(SHARED / wanted).resolve()', check)), check).toEqual([]);
  });

  it('does not when the path was never normalised (`/var/lib/notes/../../etc` has the prefix)', async () => {
    expect(
      await pathFindings(handler('SHARED / wanted', '    if not str(where).startswith(str(SHARED)):')),
    ).toEqual([13]);
  });

  it('does not when the text checked is another value, or the check is of something else', async () => {
    for (const check of [
      '    if not str(wanted).startswith(str(SHARED)):',
      '    if not str(where).endswith(".txt"):',
      '    if not str(where, "utf-8").startswith(str(SHARED)):',
    ])
      expect(await pathFindings(handler('(SHARED / wanted).resolve()', check)), check).toEqual([13]);
  });
});

const findings = (code: string) => findingIds(code, { file: 'app/files.py', sort: true });

/** The same handler, with what follows the check (`after`) and lines the file adds at its end (`tail`). */
const guarded = ({ check, after, tail = [] }: { check: string; after: string[]; tail?: string[] }) =>
  [
    'import os',
    'import sqlite3',
    'from pathlib import Path',
    'from flask import Flask, request',
    'app = Flask(__name__)',
    'SHARED = Path("/var/lib/notes")',
    '',
    '@app.route("/note")',
    'def note():',
    '    wanted = request.args.get("n", "")',
    '    where = (SHARED / wanted).resolve()',
    check,
    '        return "refused", 400',
    ...after,
    ...tail,
    '',
  ].join('\n');

describe('a prefix check on a normalised path clears path traversal only (review r10)', () => {
  const check = '    if not str(where).startswith(str(SHARED)):';
  it('keeps a command, a query and HTML built from the checked path', async () => {
    for (const guard of [check, '    if not where.is_relative_to(SHARED):']) {
      expect(
        await findings(
          guarded({ check: guard, after: ['    os.system("cat " + str(where))', '    return "ok"'] }),
        ),
        guard,
      ).toEqual(['command-injection@14']);
      expect(
        await findings(
          guarded({
            check: guard,
            after: [
              '    db = sqlite3.connect("notes.db")',
              '    db.execute("SELECT * FROM notes WHERE path = \'" + str(where) + "\'")',
              '    return "ok"',
            ],
          }),
        ),
        guard,
      ).toEqual(['sql-injection@15']);
      expect(
        await findings(guarded({ check: guard, after: ['    return "<h1>" + str(where) + "</h1>"'] })),
        guard,
      ).toEqual(['xss@14']);
    }
    const realpath = [
      'import os',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      '@app.route("/note")',
      'def note():',
      '    where = os.path.realpath(os.path.join("/var/lib/notes", request.args["n"]))',
      '    if not where.startswith("/var/lib/notes/"):',
      '        return "refused", 400',
      '    os.system("cat " + where)',
      '    return open(where).read()',
      '',
    ].join('\n');
    expect((await findings(realpath)).filter((id) => !id.startsWith('xss'))).toEqual(['command-injection@9']);
  });
});

describe('a prefix check contains a path only against a fixed, non-trivial prefix (review r10)', () => {
  const read = ['    return where.read_text()'];
  it('still contains it under a constant, a constant path, or a name bound to either', async () => {
    for (const check of [
      '    if not str(where).startswith("/var/lib/notes/"):',
      '    if not str(where).startswith(str(SHARED)):',
      '    if not str(where).startswith(BASE):',
      '    if not str(where).startswith((str(SHARED), "/srv/notes")):',
    ])
      expect(
        (await findings(guarded({ check, after: read, tail: ['BASE = "/var/lib/notes"'] }))).filter((id) =>
          id.startsWith('path'),
        ),
        check,
      ).toEqual([]);
  });

  it('does not under "/", "", a prefix the request sends, or a tuple holding one of those', async () => {
    for (const check of [
      '    if not str(where).startswith("/"):',
      '    if not str(where).startswith(""):',
      '    if not str(where).startswith(request.args["base"]):',
      '    if not str(where).startswith((str(SHARED), "/")):',
      '    if not str(where).startswith((str(SHARED), request.args["base"])):',
      '    if not str(where).startswith(ROOT):',
    ])
      expect(
        (await findings(guarded({ check, after: read, tail: ['ROOT = "/"'] }))).filter((id) =>
          id.startsWith('path'),
        ),
        check,
      ).toEqual(['path-traversal@14']);
  });
});

describe('str() and os.fspath() in a prefix check are the built-ins only when the file does not rebind them (review r10)', () => {
  const read = ['    return where.read_text()'];
  it('does not contain the path when the file defines or assigns str, or defines a class os', async () => {
    for (const [check, tail] of [
      ['    if not str(where).startswith(str(SHARED)):', ['def str(x):', '    return "/var/lib/notes"']],
      ['    if not str(where).startswith(str(SHARED)):', ['str = lambda x: "/var/lib/notes"']],
      [
        '    if not os.fspath(where).startswith(os.fspath(SHARED)):',
        ['class os:', '    fspath = staticmethod(lambda p: "/var/lib/notes")'],
      ],
    ] as const)
      expect(
        (await findings(guarded({ check, after: read, tail: [...tail] }))).filter((id) =>
          id.startsWith('path'),
        ),
        tail.join(' '),
      ).toEqual(['path-traversal@14']);
  });
});

describe('a file read at a contained path returns the file, not the request (review r10)', () => {
  it('reports the contents returned as HTML as file contents (medium), not as request data', async () => {
    const source = guarded({
      check: '    if not str(where).startswith(str(SHARED)):',
      after: ['    return where.read_text()'],
    });
    const found = (await analyzeSource({ source, language: 'python', file: 'app/files.py', ruleSet })).map(
      (finding) => `${finding.ruleId}@${finding.line}:${finding.severity}`,
    );
    expect(found).toEqual(['xss@14:medium']);
  });
});

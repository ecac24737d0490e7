import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

const ruleSet = defaultRuleSet();
const pathFindings = async (code: string) =>
  (await analyzeSource({ source: code, language: 'python', file: 'app/files.py', ruleSet }))
    .filter((finding) => finding.ruleId === 'path-traversal')
    .map((finding) => finding.line);

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

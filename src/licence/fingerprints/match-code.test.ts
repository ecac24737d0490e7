import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteFolder } from '../../../test/support/test-folders.js';
import { indexCorpus } from './corpus-index.js';
import type { FingerprintStore } from './fingerprint-store.js';
import { matchCode } from './match-code.js';
import { normaliseTokens } from './normalise-tokens.js';
import { openFingerprintStore } from './sqlite-fingerprint-store.js';

const corpusDir = join(import.meta.dirname, '..', '__fixtures__', 'corpus', 'gpl-project');
const scheduler = readFileSync(join(corpusDir, 'lib', 'scheduler.py'), 'utf8');
const ringBuffer = readFileSync(join(corpusDir, 'lib', 'ring-buffer.js'), 'utf8');

/** Top-level blocks of the Python fixture, to reorder. */
function pythonBlocks(source: string): string[] {
  return source.split(/\n(?=class |def )/);
}

let store: FingerprintStore;
// removed after the store is closed: afterAll runs its callbacks last registered first
const storeFolder = suiteFolder('vouch-licence-store-');

beforeAll(async () => {
  store = openFingerprintStore(storeFolder);
  await indexCorpus(store, { name: 'sample', licence: 'GPL-3.0-only', dir: corpusDir });
});
afterAll(() => store.close());

const match = (code: string, language: 'python' | 'javascript' = 'python') =>
  matchCode(store, { code, language }, { minChars: 150 });

describe('normaliseTokens', () => {
  it('ignores whitespace, comments, quotes and names, but not structure', () => {
    const a = normaliseTokens('def f(x, y):\n    return x + y  # add\n', 'python');
    const b = normaliseTokens('def total(first,second):\n\n  return first+second\n', 'python');
    const c = normaliseTokens('def f(x, y):\n    return x - y\n', 'python');
    const quoted = normaliseTokens("s = 'a'", 'python');
    const doubleQuoted = normaliseTokens('s = "b" "c"', 'python');
    expect([...a.codes]).toEqual([...b.codes]);
    expect([...a.codes]).not.toEqual([...c.codes]);
    expect([...quoted.codes]).toEqual([...doubleQuoted.codes]);
  });

  it('keeps line numbers across comments and multi-line strings', () => {
    const tokens = normaliseTokens('/* one\n two */\nconst a = `x\ny`;\nlet b = 1;\n', 'javascript');
    expect(tokens.lines[0]).toBe(3);
    expect(tokens.lines[tokens.count - 1]).toBe(5);
  });

  it('keeps interpolated strings apart from plain ones', () => {
    const code = (text: string, language: 'python' | 'javascript') => [
      ...normaliseTokens(text, language).codes,
    ];
    expect(code('s = f"{a}"', 'python')).not.toEqual(code('s = "a"', 'python'));
    expect(code('s = "a"', 'python')).toEqual(code("s = r'a'", 'python'));
    expect(code('s = `${a}`', 'javascript')).not.toEqual(code('s = `a`', 'javascript'));
    expect(code('s = `a`', 'javascript')).toEqual(code("s = 'a'", 'javascript'));
  });

  it('tells a repeated name from a new one', () => {
    const same = normaliseTokens('a.x = x', 'python');
    const other = normaliseTokens('a.x = y', 'python');
    expect([...same.codes]).not.toEqual([...other.codes]);
  });
});

describe('matchCode', () => {
  it('finds a verbatim copy and maps it to the source lines', () => {
    const found = match(scheduler);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      corpus: 'sample',
      licence: 'GPL-3.0-only',
      file: join('lib', 'scheduler.py'),
    });
    expect(found[0]!.share).toBeGreaterThan(0.9);
    const region = found[0]!.regions[0]!;
    expect(region.sourceLines[0]).toBeLessThanOrEqual(10);
    expect(region.sourceLines[1]).toBeGreaterThan(80);
  });

  it('finds a copy with renamed identifiers', () => {
    const renamed = scheduler
      .replace(/\bScheduler\b/g, 'TaskRunner')
      .replace(/\bjob\b/g, 'task')
      .replace(/\bqueue\b/g, 'pending_heap')
      .replace(/\bbackoff_delay\b/g, 'retry_wait')
      .replace(/\battempts\b/g, 'tries')
      .replace(/\bresult\b/g, 'outcome');
    expect(match(renamed)[0]?.file).toBe(join('lib', 'scheduler.py'));
  });

  it('finds a reformatted copy (spacing, blank lines, comments, quotes)', () => {
    const reformatted = scheduler
      .replace(/\n\n/g, '\n')
      .replace(/ = /g, '=')
      .replace(/, /g, ' ,  ')
      .replace(/"/g, "'")
      .replace(/:\n/g, ':  # step\n');
    expect(match(reformatted)[0]?.file).toBe(join('lib', 'scheduler.py'));
  });

  it('finds a copy with its functions reordered and a few lines inserted', () => {
    const blocks = pythonBlocks(scheduler);
    const reordered = [blocks[0], blocks[4], blocks[3], blocks[1], blocks[2]].join('\n');
    const lines = reordered.split('\n');
    lines.splice(30, 0, '    audit_log = []');
    lines.splice(60, 0, '        audit_log.append(len(ready))');
    lines.splice(75, 0, '        print("draining", limit)');
    const found = match(lines.join('\n'));
    expect(found[0]?.file).toBe(join('lib', 'scheduler.py'));
    expect(found[0]!.regions.length).toBeGreaterThan(1);
  });

  it('finds a copied function inside new code, reporting the lines and the share', () => {
    const own = ['import os', '', 'def unrelated(path):', '    return os.path.basename(path).upper()', ''];
    const copied = pythonBlocks(scheduler)[3]!; // class Scheduler
    const code = [...own, copied, ...own].join('\n');
    const found = match(code);
    expect(found).toHaveLength(1);
    const region = found[0]!.regions[0]!;
    expect(region.lines[0]).toBeGreaterThanOrEqual(6);
    expect(found[0]!.share).toBeGreaterThan(0.5);
    expect(found[0]!.share).toBeLessThan(1);
  });

  it('finds a JavaScript copy with renames and formatting changes', () => {
    const disguised = ringBuffer
      .replace(/\bRingBuffer\b/g, 'CircularQueue')
      .replace(/\bitems\b/g, 'slots')
      .replace(/;$/gm, '')
      .replace(/const /g, 'let ')
      .replace(/\) \{/g, ')\n{');
    expect(match(disguised, 'javascript')[0]?.file).toBe(join('lib', 'ring-buffer.js'));
  });

  it('does not match code that shares nothing with the corpus', () => {
    const unrelated = `import configparser
from pathlib import Path


def load_settings(path, defaults=None):
    parser = configparser.ConfigParser()
    parser.read_dict({"main": defaults or {}})
    if Path(path).exists():
        parser.read(path, encoding="utf-8")
    settings = {}
    for section in parser.sections():
        for key, value in parser.items(section):
            settings[f"{section}.{key}"] = value
    return settings


def merge(base, override):
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class Watcher:
    def __init__(self, paths):
        self.paths = [Path(p) for p in paths]
        self.stamps = {p: p.stat().st_mtime for p in self.paths if p.exists()}

    def changed(self):
        out = []
        for p in self.paths:
            stamp = p.stat().st_mtime if p.exists() else None
            if self.stamps.get(p) != stamp:
                out.append(p)
                self.stamps[p] = stamp
        return out
`;
    expect(match(unrelated)).toEqual([]);
  });

  it('does not report a copied stretch shorter than the threshold', () => {
    const short = pythonBlocks(scheduler)[2]!; // backoff_delay: about 130 characters of code
    expect(match(short)).toEqual([]);
    expect(matchCode(store, { code: short, language: 'python' }, { minChars: 60 }).length).toBe(1);
  });
});

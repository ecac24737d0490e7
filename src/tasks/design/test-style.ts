import { dirname } from 'node:path';
import type { IndexedFile } from '../../index/index-store.js';

/** A place in a test file that shows how the project tests: a test, a fixture, a helper it imports. */
export interface TestPlace {
  kind: 'test' | 'fixture';
  path: string;
  startLine: number;
  endLine: number;
  label: string;
}

export interface TestStyle {
  /** pytest, unittest, vitest, jest, node:test, or null when the file does not say */
  framework: string | null;
  places: TestPlace[];
}

/** pytest's own fixtures: used by name, defined nowhere in the project. */
const PYTEST_BUILTIN = new Set([
  'tmp_path',
  'tmp_path_factory',
  'tmpdir',
  'monkeypatch',
  'capsys',
  'capfd',
  'caplog',
  'request',
  'recwarn',
  'pytestconfig',
]);

/** The end of an indented block (Python) starting at `start` (0-based): the last line indented deeper. */
function blockEnd(lines: string[], start: number, limit = 15): number {
  const indent = (text: string) => text.length - text.trimStart().length;
  const own = indent(lines[start] ?? '');
  let end = start;
  for (let index = start + 1; index < lines.length && index < start + limit; index++) {
    const text = lines[index] ?? '';
    if (!text.trim()) continue;
    if (indent(text) <= own && !/^\s*[)\]}]/.test(text)) break;
    end = index;
  }
  return end;
}

/** The end of a braced call or block (`it('…', () => {` … `});`) starting at `start` (0-based). */
function braceEnd(lines: string[], start: number, limit = 15): number {
  let depth = 0;
  for (let index = start; index < lines.length && index < start + limit; index++) {
    for (const char of lines[index] ?? '') {
      if (char === '{' || char === '(') depth++;
      else if (char === '}' || char === ')') depth--;
    }
    if (depth <= 0 && index > start) return index;
  }
  return Math.min(lines.length - 1, start + limit - 1);
}

/** A test file as read: its path and lines, how to read another file, and the project's test files. */
export interface TestFileRead {
  path: string;
  lines: string[];
  readLines: (path: string) => string[] | undefined;
  testFiles: IndexedFile[];
}

function pythonStyle(file: TestFileRead): TestStyle {
  const { path, lines, readLines, testFiles } = file;
  const text = lines.join('\n');
  const unittest = /^class\s+\w+\s*\([^)]*\bTestCase\b/m.test(text);
  const framework = unittest
    ? 'unittest'
    : /^\s*(def test_|import pytest|from pytest)/m.test(text)
      ? 'pytest'
      : null;
  const places: TestPlace[] = [];
  const first = lines.findIndex((line) => /^\s*(async\s+)?def\s+test\w*\s*\(/.test(line));
  if (first >= 0) {
    const signature = (lines[first] ?? '').trim();
    places.push({
      kind: 'test',
      path,
      startLine: first + 1,
      endLine: blockEnd(lines, first) + 1,
      label: `${framework ?? 'python'} test ${signature.replace(/:\s*$/, '')}`,
    });
    // the fixtures the first test takes, found where pytest finds them: this file, then the conftest.py files above it
    const parameters = /\(([^)]*)\)/
      .exec(signature)?.[1]
      ?.split(',')
      .map((part) => part.split(/[:=]/)[0]?.trim() ?? '')
      .filter((name) => name && name !== 'self');
    const conftests = testFiles
      .map((file) => file.path)
      .filter((candidate) => candidate.endsWith('conftest.py'))
      .filter((candidate) => {
        const dir = dirname(candidate);
        return dir === '.' || path.startsWith(`${dir}/`);
      })
      .sort((a, b) => b.length - a.length);
    for (const name of parameters ?? []) {
      if (places.length >= 4) break;
      if (PYTEST_BUILTIN.has(name)) continue;
      for (const source of [path, ...conftests]) {
        const sourceLines = source === path ? lines : readLines(source);
        const at =
          sourceLines?.findIndex((line) => new RegExp(`^\\s*def\\s+${name}\\s*\\(`).test(line)) ?? -1;
        if (!sourceLines || at < 0) continue;
        const decorator = /^\s*@(pytest\.)?fixture/.test(sourceLines[at - 1] ?? '') ? at - 1 : at;
        places.push({
          kind: 'fixture',
          path: source,
          startLine: decorator + 1,
          endLine: blockEnd(sourceLines, at) + 1,
          label: `pytest fixture ${name}${source === path ? '' : ` (${source})`}`,
        });
        break;
      }
    }
  }
  const setUp = lines.findIndex((line) => /^\s*def\s+(setUp|setUpClass|asyncSetUp)\s*\(/.test(line));
  if (setUp >= 0)
    places.push({
      kind: 'fixture',
      path,
      startLine: setUp + 1,
      endLine: blockEnd(lines, setUp) + 1,
      label: 'unittest setUp',
    });
  return { framework, places };
}

function scriptStyle(path: string, lines: string[]): TestStyle {
  const text = lines.join('\n');
  const framework = /from\s+['"]vitest['"]/.test(text)
    ? 'vitest'
    : /from\s+['"]@jest\/globals['"]|\bjest\.(fn|mock|spyOn)\(/.test(text)
      ? 'jest'
      : /from\s+['"]node:test['"]|require\(\s*['"]node:test['"]\)/.test(text)
        ? 'node:test'
        : null;
  const places: TestPlace[] = [];
  const first = lines.findIndex((line) => /^\s*(it|test)(\.\w+)?\s*\(/.test(line));
  if (first >= 0)
    places.push({
      kind: 'test',
      path,
      startLine: first + 1,
      endLine: braceEnd(lines, first) + 1,
      label: `${framework ?? 'describe/it'} test`,
    });
  const setup = lines.findIndex((line) => /^\s*(beforeEach|beforeAll)\s*\(/.test(line));
  if (setup >= 0)
    places.push({
      kind: 'fixture',
      path,
      startLine: setup + 1,
      endLine: braceEnd(lines, setup) + 1,
      label: `${/beforeAll/.test(lines[setup] ?? '') ? 'beforeAll' : 'beforeEach'} set-up`,
    });
  lines.forEach((line, index) => {
    const helper = /^\s*import\s.+from\s+['"]([^'"]*(?:support|fixtures?|helpers?|testing)[^'"]*)['"]/.exec(
      line,
    );
    if (helper && places.filter((place) => place.kind === 'fixture').length < 3)
      places.push({
        kind: 'fixture',
        path,
        startLine: index + 1,
        endLine: index + 1,
        label: `test helper imported from ${helper[1]}`,
      });
  });
  return { framework, places };
}

/** How a test file tests: its framework, its first test, the fixtures and helpers that test uses. */
export function describeTestFile(file: TestFileRead): TestStyle {
  return file.path.endsWith('.py') ? pythonStyle(file) : scriptStyle(file.path, file.lines);
}

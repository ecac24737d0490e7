import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Programs that run in the sandbox are real files, `python/*.py` and `node/*.cjs|mjs` at the package root
 * (read with `shippedText` / `nodeDriver`), not strings inside TypeScript: as files they are compiled and
 * checked as Python and JavaScript (`test/python/shipped-programs.test.ts`) and read as what they are.
 * A multi-line string of src/ that reads as a program of five lines or more fails here.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');

/** The first line of a Python or CommonJS/ESM program, as the drivers started. */
const PROGRAM_LINE =
  /^(?:import [\w.]+(?:, [\w.]+)*$|from [\w.]+ import \w|def \w+\(|class \w+[(:]|const \w+ = require\(|const \{[^}]*\} = require\(|'use strict';$|import\(\w+\)\.then)/m;

function sourceFiles(folder: string, found: string[] = []): string[] {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__') sourceFiles(path, found);
    } else if (/\.ts$/.test(entry.name) && !/\.(?:test|case)\.ts$/.test(entry.name)) found.push(path);
  }
  return found;
}

/** The multi-line template literals of a file that read as programs: `path:line`. */
function embeddedPrograms(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const body = node.getText(source);
      if (body.split('\n').length >= 5 && PROGRAM_LINE.test(body.replace(/^`/, '')))
        found.push(
          `${relative(ROOT, path)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`,
        );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('programs that run in the sandbox', () => {
  it('are files of python/ and node/, not strings in src/', () => {
    expect([...new Set(sourceFiles(join(ROOT, 'src')).flatMap(embeddedPrograms))]).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * No module of src/ imports upward or sideways against the layers in `layers.json` (the table DESIGN.md
 * draws; src/core/README.md says where it lives). Test files count too: a test that needs a higher layer
 * belongs to that layer.
 */
interface LayerTable {
  layers: string[][];
  onlyImports: Record<string, string[]>;
  faces: { folders: string[]; gate: string[]; allowed: Record<string, string> };
}

const TABLE = JSON.parse(readFileSync(join(import.meta.dirname, 'layers.json'), 'utf8')) as LayerTable;
const SRC = resolve(import.meta.dirname, '..', '..', 'src');

interface Violation {
  file: string;
  imports: string;
  rule: string;
}

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path));
    else if (/\.(?:ts|tsx|mts)$/.test(entry.name)) found.push(path);
  }
  return found;
}

/** Every relative module a file imports, re-exports or loads with `import()`. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((entry) => entry.fileName).filter((name) => name.startsWith('.'));
}

function layerViolations(src: string, table: LayerTable): Violation[] {
  /** higher is further up; undefined when the folder is on no layer */
  const levelOf = (folder: string): number | undefined => {
    const index = table.layers.findIndex((line) => line.includes(folder));
    return index < 0 ? undefined : table.layers.length - index;
  };
  const folderOf = (path: string): string | undefined => {
    const inside = relative(src, path);
    if (inside.startsWith('..') || inside === '') return undefined;
    return inside.split(sep)[0];
  };
  const violations: Violation[] = [];
  for (const file of sourceFiles(src)) {
    const from = folderOf(file)!;
    const fromLevel = levelOf(from);
    const where = relative(src, file);
    if (fromLevel === undefined) {
      violations.push({ file: where, imports: '', rule: `folder ${from}/ is on no layer` });
      continue;
    }
    for (const specifier of importsOf(file)) {
      const to = folderOf(resolve(dirname(file), specifier));
      if (to === undefined || to === from) continue;
      const toLevel = levelOf(to);
      const only = table.onlyImports[from];
      const found = { file: where, imports: specifier };
      if (toLevel === undefined) violations.push({ ...found, rule: `folder ${to}/ is on no layer` });
      else if (only && !only.includes(to))
        violations.push({ ...found, rule: `${from}/ imports nothing of vouch but ${only.join(', ')}` });
      else if (toLevel === fromLevel) violations.push({ ...found, rule: `sideways: ${from}/ → ${to}/` });
      else if (toLevel > fromLevel) violations.push({ ...found, rule: `upward: ${from}/ → ${to}/` });
    }
  }
  return violations;
}

/** Face modules (test files aside) that import a module of the gate not in `allowed`. */
function faceViolations(src: string, table: LayerTable): Violation[] {
  const { folders, gate, allowed } = table.faces;
  const violations: Violation[] = [];
  for (const file of sourceFiles(src)) {
    const where = relative(src, file).split(sep).join('/');
    if (!folders.includes(where.split('/')[0]!) || /\.test\.tsx?$/.test(where)) continue;
    for (const specifier of importsOf(file)) {
      const target = relative(src, resolve(dirname(file), specifier))
        .split(sep)
        .join('/')
        .replace(/\.js$/, '.ts');
      if (target in allowed) continue;
      const part = gate.find((entry) => (entry.endsWith('/') ? target.startsWith(entry) : target === entry));
      if (part)
        violations.push({ file: where, imports: specifier, rule: `a face imports the gate (${part})` });
    }
  }
  return violations;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('layers', () => {
  it('only syntax/ imports web-tree-sitter (an upgrade changes that folder alone)', () => {
    const importers = sourceFiles(SRC)
      .filter((file) =>
        ts
          .preProcessFile(readFileSync(file, 'utf8'), true, true)
          .importedFiles.some((entry) => entry.fileName === 'web-tree-sitter'),
      )
      .map((file) => relative(SRC, file).split(sep)[0]);
    expect(importers.length).toBeGreaterThan(0);
    expect([...new Set(importers)]).toEqual(['syntax']);
  });

  it('every folder of src/ is on a layer, and imports point down only', () => {
    expect(layerViolations(SRC, TABLE)).toEqual([]);
  });

  it('faces import tasks, not the gate', () => {
    expect(faceViolations(SRC, TABLE)).toEqual([]);
  });

  it('an interface never constructs its implementation: the module a contract suite reads imports none', () => {
    const found: string[] = [];
    for (const suite of sourceFiles(SRC).filter((file) => file.endsWith('.case.ts'))) {
      for (const specifier of importsOf(suite)) {
        const contract = resolve(dirname(suite), specifier).replace(/\.js$/, '.ts');
        if (dirname(contract) !== dirname(suite)) continue;
        for (const imported of importsOf(contract))
          if (/^\.\/(?:sqlite|sql|postgres)-[\w-]+\.js$/.test(imported))
            found.push(`${relative(SRC, contract)} imports ${imported}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("faces read a task's details as its result types them, never through a cast", () => {
    // the result of runTask('x', …) has `details` typed by the task's schema (tasks/result-schema.ts)
    const casts = sourceFiles(SRC)
      .map((file) => relative(SRC, file).split(sep).join('/'))
      .filter((file) => TABLE.faces.folders.includes(file.split('/')[0]!) && !/\.test\.tsx?$/.test(file))
      .flatMap((file) =>
        readFileSync(join(SRC, file), 'utf8')
          .split('\n')
          .flatMap((line, index) =>
            /\bdetails\b[^;]*\)?\s+as\s/.test(line) ? [`${file}:${index + 1}`] : [],
          ),
      );
    expect(casts).toEqual([]);
  });

  it('finds a face importing the gate, past the tasks, statically or not', () => {
    const src = mkdtempSync(join(tmpdir(), 'vouch-faces-'));
    made.push(src);
    const files: Record<string, string> = {
      'cli/commands/scan.ts':
        "import { scanSources } from '../../security/scan.js';\nimport { runTask } from '../../tasks/index.js';\n",
      'server/routes/check.ts': "const { defaultChecks } = await import('../../tasks/checks.js');\n",
      'lsp/gate.ts':
        "import { profileChecks } from '../tasks/gate/profiles.js';\nimport { withoutSecrets } from '../security/redact.js';\n",
      'lsp/gate.test.ts': "import { importsCheck } from '../verify/checks/index.js';\n",
      'tasks/scan/index.ts': "import { scanSources } from '../../security/scan.js';\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(src, path)), { recursive: true });
      writeFileSync(join(src, path), text);
    }
    const found = faceViolations(src, TABLE).map((violation) => `${violation.file}: ${violation.rule}`);
    expect(found.sort()).toEqual(
      [
        'cli/commands/scan.ts: a face imports the gate (security/)',
        'server/routes/check.ts: a face imports the gate (tasks/checks.ts)',
        'lsp/gate.ts: a face imports the gate (tasks/gate/)',
      ].sort(),
    );
  });

  it('finds upward, sideways and unlisted imports, static and dynamic', () => {
    const src = mkdtempSync(join(tmpdir(), 'vouch-layers-'));
    made.push(src);
    const files: Record<string, string> = {
      'core/errors.ts': "import { run } from '../verify/run.js';\n",
      'verify/run.ts': "import { scan } from '../security/scan.js';\nimport { x } from './local.js';\n",
      'verify/local.ts': "import { EXIT } from '../core/errors.js';\nexport * from '../syntax/parser.js';\n",
      'security/scan.ts': "const later = await import('../tasks/run-task.js');\n",
      'model/adapter.ts':
        "import { openSqlite } from '../store/sqlite.js';\nimport { EXIT } from '../core/errors.js';\n",
      'syntax/parser.ts': "import { readFileSync } from 'node:fs';\n",
      'tasks/run-task.ts':
        "import { scan } from '../security/scan.js';\nimport type { Thing } from '../gadgets/thing.js';\n",
      'gadgets/thing.ts': '',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(src, path)), { recursive: true });
      writeFileSync(join(src, path), text);
    }
    const found = layerViolations(src, TABLE).map((violation) => `${violation.file}: ${violation.rule}`);
    expect(found.sort()).toEqual(
      [
        'core/errors.ts: upward: core/ → verify/',
        'verify/run.ts: sideways: verify/ → security/',
        'security/scan.ts: upward: security/ → tasks/',
        'model/adapter.ts: model/ imports nothing of vouch but core',
        'tasks/run-task.ts: folder gadgets/ is on no layer',
        'gadgets/thing.ts: folder gadgets/ is on no layer',
      ].sort(),
    );
  });
});

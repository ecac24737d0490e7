import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * What a command loads before it runs: the modules its command module imports at start, statically and
 * transitively (`import()` on first use and type-only imports aside), read from the source. `vouch scan`
 * once loaded the whole task registry through `tasks/index.ts` — every task, the model providers, the
 * licence scanner, the index — ~300 modules it never ran, a third of a one-file scan's CPU (issue 59).
 */
const SRC = resolve(import.meta.dirname, '..');

/** The modules `file` imports at load time: relative ones as paths under src/, packages by name. */
function loadTimeImports(file: string): { modules: string[]; packages: string[] } {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const modules: string[] = [];
  const packages: string[] = [];
  const add = (specifier: string) => {
    if (specifier.startsWith('.')) {
      const path = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      modules.push(existsSync(path) ? path : path.replace(/\.ts$/, '.tsx'));
    } else if (!specifier.startsWith('node:')) {
      packages.push(
        specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!,
      );
    }
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      // `import type {…}` is erased; `import {type A, b}` still loads the module
      if (clause?.isTypeOnly) continue;
      add(statement.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      add(statement.moduleSpecifier.text);
    }
  }
  return { modules, packages };
}

/** Every module (under src/, relative, `.ts`) and package a module loads at start, itself included. */
function loadedAtStart(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const pending = [join(SRC, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    const where = relative(SRC, file);
    if (modules.has(where)) continue;
    modules.add(where);
    const found = loadTimeImports(file);
    for (const name of found.packages) packages.add(name);
    pending.push(...found.modules);
  }
  return { modules, packages };
}

/** What no gate command needs before it runs: other tasks, the model layer, the other faces. */
const NOT_FOR_THE_GATE = [
  /^tasks\/index\.ts$/,
  /^tasks\/(?:repair-loop|model-host)\.ts$/,
  /^tasks\/(?:generate|chat|ask|complete|explain|debug|fix|change|refactor|review|test|design)\//,
  /^model\/(?:index|providers|resolve|local)/,
  /^(?:server|lsp|context|selection|eval)\//,
  /^store\/record\//,
];

function unwanted(modules: Set<string>): string[] {
  return [...modules].filter((module) => NOT_FOR_THE_GATE.some((pattern) => pattern.test(module))).sort();
}

describe('what a gate command loads at start', () => {
  it('the CLI itself (main.ts) loads no package but commander: its version is read without zod', () => {
    expect([...loadedAtStart('cli/main.ts').packages]).toEqual(['commander']);
  });

  it('`vouch scan` loads the scan task and the engine, and no other task, model provider or face', () => {
    const { modules, packages } = loadedAtStart('cli/commands/scan.ts');
    // the walk reaches the scan task (it loads the engine itself, on first use) and the CLI's host
    expect(modules).toContain('tasks/scan/index.ts');
    expect(modules).toContain('cli/task-host.ts');
    expect(unwanted(modules)).toEqual([]);
    // the TypeScript compiler, PostgreSQL's client, the XML parser of the licence scanner's package caches
    expect([...packages].filter((name) => ['typescript', 'pg', 'fast-xml-parser'].includes(name))).toEqual(
      [],
    );
  });

  it('`vouch check` and `vouch licence` do not load the task registry either', () => {
    for (const command of ['check', 'licence']) {
      const { modules } = loadedAtStart(`cli/commands/${command}.ts`);
      expect(modules, command).not.toContain('tasks/index.ts');
      expect(
        [...modules].filter((module) => /^tasks\/(?:generate|chat|ask)\/|^model\/providers\//.test(module)),
        command,
      ).toEqual([]);
    }
  });

  it('a command that runs one task loads that task only, not the registry', () => {
    // each of these imported `tasks/index.ts` for `runTask` alone, and with it every task and provider
    // (a helper module of another task, as refactor uses test's target.ts, is no task)
    const tasks = [
      'generate',
      'chat',
      'complete',
      'explain',
      'ask',
      'test',
      'refactor',
      'review',
      'debug',
      'fix',
      'change',
    ];
    for (const command of [...tasks, 'eval']) {
      const { modules } = loadedAtStart(`cli/commands/${command}.ts`);
      const others = [...modules].filter(
        (module) =>
          module === 'tasks/index.ts' ||
          tasks.some((task) => task !== command && module === `tasks/${task}/index.ts`),
      );
      expect(others, command).toEqual([]);
    }
  });
});

/**
 * Simple import resolution, written for the benchmark and independent of the engine's own: the import
 * statements of a Python or TypeScript file, each with the repository file its module names (when it is in
 * the tree) and the names it imports. No re-exports are followed: this is the baseline a plain "include
 * what the file imports" context would use, and how tasks decide which of several definers a name means.
 */
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

export interface ResolvedImport {
  /** the module as written (`..db.models`, `./util/isFunction`) */
  module: string;
  /** repository-relative path of the module's file, when it is in the tree */
  file: string | undefined;
  /** names imported from it, in order (`from m import a, b as c` → a, b); empty for `import m` / `import * as m` */
  names: string[];
}

function statements(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index]!.trim();
    if (!/^(from\s|import\s|import\{)/.test(line)) continue;
    // Python: `from x import (\n a,\n b)`; TypeScript: `import {\n a,\n b\n} from '…'`
    while (
      ((line.includes('(') && !line.includes(')')) || (/\{/.test(line) && !/\}/.test(line))) &&
      index + 1 < lines.length
    )
      line += ` ${lines[++index]!.trim()}`;
    while (
      /^import\b/.test(line) &&
      !/['"];?\s*$/.test(line) &&
      /\bfrom\s*$|,\s*$/.test(line) &&
      index + 1 < lines.length
    )
      line += ` ${lines[++index]!.trim()}`;
    out.push(line.replace(/\\\s*/g, ' '));
  }
  return out;
}

function names(list: string): string[] {
  return list
    .replace(/[(){}]/g, '')
    .split(',')
    .map((part) =>
      part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]!
        .trim(),
    )
    .filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
}

function pythonModuleFile(root: string, path: string, module: string): string | undefined {
  const dots = /^\.*/.exec(module)![0].length;
  const rest = module.slice(dots).split('.').filter(Boolean);
  let base: string[];
  if (dots > 0) {
    base = dirname(path)
      .split('/')
      .filter((part) => part !== '.');
    for (let up = 1; up < dots; up++) base.pop();
  } else base = [];
  const stem = [...base, ...rest].join('/');
  for (const candidate of [`${stem}.py`, `${stem}/__init__.py`]) {
    if (stem && existsSync(join(root, candidate))) return candidate;
  }
  return undefined;
}

function typescriptModuleFile(root: string, path: string, module: string): string | undefined {
  if (!module.startsWith('.')) return undefined;
  const stem = normalize(join(dirname(path), module)).replace(/\.(js|mjs|cjs|ts)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`, `${stem}/index.tsx`]) {
    if (existsSync(join(root, candidate))) return candidate;
  }
  return undefined;
}

/** The file's imports, resolved against the tree at `root` (`path` is the file's repository path). */
export function resolveImports(root: string, path: string, text: string): ResolvedImport[] {
  const out: ResolvedImport[] = [];
  const python = path.endsWith('.py');
  for (const statement of statements(text)) {
    if (python) {
      const from = /^from\s+([\w.]+)\s+import\s+(.*)$/.exec(statement);
      if (from) {
        const module = from[1]!;
        const file = pythonModuleFile(root, path, module);
        const list = from[2]!.trim();
        // `from pkg import sub` may name a submodule rather than a definition.
        const imported = list === '*' ? [] : names(list);
        out.push({ module, file, names: imported });
        continue;
      }
      const plain = /^import\s+(.*)$/.exec(statement);
      if (plain) {
        for (const part of plain[1]!.split(',')) {
          const module = part
            .trim()
            .split(/\s+as\s+/)[0]!
            .trim();
          out.push({ module, file: pythonModuleFile(root, path, module), names: [] });
        }
      }
      continue;
    }
    const from = /^import\s+(?:type\s+)?(.*?)\s*from\s*['"]([^'"]+)['"]/.exec(statement);
    if (!from) continue;
    const clause = from[1]!;
    const module = from[2]!;
    const imported: string[] = [];
    const defaultName = /^([A-Za-z_$][\w$]*)\s*(,|$)/.exec(clause);
    if (defaultName) imported.push(defaultName[1]!);
    const braces = /\{([^}]*)\}/.exec(clause);
    if (braces) imported.push(...names(braces[1]!));
    out.push({ module, file: typescriptModuleFile(root, path, module), names: imported });
  }
  return out;
}

/**
 * The import-resolution baseline made honest (issue 45): what a careful "include what the file imports"
 * context would show, written for the benchmark and independent of the engine's own resolution.
 *
 * It follows
 * - named imports (`from m import a`, `import { a } from './m'`, default imports),
 * - whole-module imports and attribute access on them (`from django.db import models` … `models.ForeignKey`,
 *   `import a.b.c` … `a.b.c.X`, `import * as x from './x'` … `x.foo`), a submodule reached as an
 *   attribute included,
 * - the names the file uses that its own star imports provide (honouring the module's `__all__`),
 * - re-exports to the real declaration: a package's `__init__.py` importing from its modules (named or
 *   star), `export { a } from`, `export { a as b }` of an import, `export * from`, `export * as ns from`.
 *
 * Definitions come in import order (a module's attributes and a star's names in the order the file first
 * uses them), and the budget is spent as vouch spends it: first every definition's signature (a class's
 * header with its constructor's), each file's under one heading; then, with what is left, definitions in
 * full (each cut at the snippet limit) in place of their signatures, in the same order.
 */
import { dirname, join, normalize } from 'node:path';
import { countTokens } from '../../src/context/index.js';
import { targetSurface } from './target-surface.js';

/** What the baseline may know about the tree: its files and their top-level definitions (the index's tags). */
export interface TreeLookup {
  exists(path: string): boolean;
  text(path: string): string;
  /** the top-level definition named `name` in the file, if any */
  topLevel(path: string, name: string): { startLine: number; endLine: number } | undefined;
}

export interface Definition {
  path: string;
  name: string;
  startLine: number;
  endLine: number;
}

export interface Piece {
  path: string;
  startLine: number;
  endLine: number;
  source: string;
}

type Resolution = { definition: Definition } | { module: string };

const MAX_DEPTH = 8;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function pythonModuleFile(tree: TreeLookup, from: string, module: string): string | undefined {
  const dots = /^\.*/.exec(module)![0].length;
  const rest = module.slice(dots).split('.').filter(Boolean);
  let base: string[] = [];
  if (dots > 0) {
    base = dirname(from)
      .split('/')
      .filter((part) => part !== '.' && part !== '');
    for (let up = 1; up < dots; up++) base.pop();
  }
  const stem = [...base, ...rest].join('/');
  if (!stem) return undefined;
  for (const candidate of [`${stem}.py`, `${stem}/__init__.py`]) if (tree.exists(candidate)) return candidate;
  return undefined;
}

function scriptModuleFile(tree: TreeLookup, from: string, module: string): string | undefined {
  if (!module.startsWith('.')) return undefined;
  const stem = normalize(join(dirname(from), module)).replace(/\.(?:js|mjs|cjs|ts|tsx)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`, `${stem}/index.tsx`]) {
    if (tree.exists(candidate)) return candidate;
  }
  return undefined;
}

const isPython = (path: string) => path.endsWith('.py');

function moduleFile(tree: TreeLookup, from: string, module: string): string | undefined {
  return isPython(from) ? pythonModuleFile(tree, from, module) : scriptModuleFile(tree, from, module);
}

/**
 * A line of an import statement without its comment: Python's `# noqa` (an import line holds no string),
 * TypeScript's line and block comments outside the module string (which may hold `#`, as in `'#internal'`).
 * Left in, a comment would be read as part of the last name (`from .exceptions import A, B  # NOQA`) or
 * swallow the names after it once continuation lines are joined.
 */
function withoutComment(line: string, python: boolean): string {
  if (python) return line.replace(/#.*$/, '').trim();
  let out = '';
  let quote = '';
  for (let at = 0; at < line.length; at++) {
    const char = line[at]!;
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '/' && line[at + 1] === '/') break;
    else if (char === '/' && line[at + 1] === '*') {
      const end = line.indexOf('*/', at + 2);
      if (end < 0) break;
      at = end + 1;
      out += ' ';
      continue;
    }
    out += char;
  }
  return out.trim();
}

/**
 * The import and export statements of a Python or TypeScript file, continuation lines joined and
 * comments dropped, with the 0-based lines each spans (`from x import (\n a,\n b)`, `import {\n a\n} from
 * '…'`, `export * from '…'`).
 */
export function moduleStatements(
  text: string,
  python: boolean,
): { text: string; from: number; to: number }[] {
  const out: { text: string; from: number; to: number }[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const from = index;
    let line = lines[index]!.trim();
    if (!/^(?:from\s|import\s|import\{|export\s*\{|export\s+(?:type\s+)?\{|export\s*\*)/.test(line)) continue;
    line = withoutComment(line, python);
    while (
      ((line.includes('(') && !line.includes(')')) ||
        (line.includes('{') && !line.includes('}')) ||
        /\\$/.test(line)) &&
      index + 1 < lines.length
    )
      line = `${line.replace(/\\$/, '')} ${withoutComment(lines[++index]!, python)}`;
    while (
      /^import\b/.test(line) &&
      !/['"];?\s*$/.test(line) &&
      /\bfrom\s*$|,\s*$/.test(line) &&
      index + 1 < lines.length
    )
      line += ` ${withoutComment(lines[++index]!, python)}`;
    out.push({ text: line, from, to: index });
  }
  return out;
}

/** One binding or re-export a statement makes. */
interface Binding {
  /** the name it binds in the file (`*` for a star import or `export *`) */
  local: string;
  module: string;
  /** the name taken from the module; `*` for the module itself */
  imported: string;
  /** `export … from` / a name the file re-exports */
  exported: boolean;
}

function splitNames(list: string): { imported: string; local: string }[] {
  return list
    .replace(/[(){}]/g, '')
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, ''))
    .filter(Boolean)
    .map((part) => {
      const [imported, local] = part.split(/\s+as\s+/).map((word) => word.trim());
      return { imported: imported!, local: local ?? imported! };
    })
    .filter((entry) => IDENTIFIER.test(entry.imported) && IDENTIFIER.test(entry.local));
}

/** The bindings a file's statements make, in order (Python or TypeScript). */
function bindingsOf(path: string, text: string): Binding[] {
  const out: Binding[] = [];
  const python = isPython(path);
  const locallyExported = new Set<string>();
  for (const { text: statement } of moduleStatements(text, python)) {
    if (python) {
      const from = /^from\s+([\w.]+)\s+import\s+(.*)$/.exec(statement);
      if (from) {
        const list = from[2]!.trim();
        if (list === '*') out.push({ local: '*', module: from[1]!, imported: '*', exported: false });
        else
          for (const { imported, local } of splitNames(list))
            out.push({ local, module: from[1]!, imported, exported: false });
        continue;
      }
      const plain = /^import\s+(.*)$/.exec(statement);
      if (plain) {
        for (const part of plain[1]!.split(',')) {
          const [module, alias] = part.trim().split(/\s+as\s+/);
          if (!module) continue;
          // `import a.b.c` binds `a`; `import a.b.c as m` binds the module itself.
          if (alias) out.push({ local: alias.trim(), module: module.trim(), imported: '*', exported: false });
          else {
            const first = module.trim().split('.')[0]!;
            out.push({ local: first, module: first, imported: '*', exported: false });
          }
        }
      }
      continue;
    }
    const exportAll = /^export\s+\*\s*(?:as\s+([\w$]+)\s*)?from\s*['"]([^'"]+)['"]/.exec(statement);
    if (exportAll) {
      out.push({ local: exportAll[1] ?? '*', module: exportAll[2]!, imported: '*', exported: true });
      continue;
    }
    const exportFrom = /^export\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/.exec(statement);
    if (exportFrom) {
      for (const { imported, local } of splitNames(exportFrom[1]!))
        out.push({ local, module: exportFrom[2]!, imported, exported: true });
      continue;
    }
    const exportList = /^export\s+(?:type\s+)?\{([^}]*)\}\s*;?$/.exec(statement);
    if (exportList) {
      for (const { imported, local } of splitNames(exportList[1]!))
        if (imported === local) locallyExported.add(local);
        else out.push({ local, module: '', imported, exported: true });
      continue;
    }
    const from = /^import\s+(?:type\s+)?(.*?)\s*from\s*['"]([^'"]+)['"]/.exec(statement);
    if (!from) continue;
    const clause = from[1]!;
    const module = from[2]!;
    const namespace = /\*\s*as\s+([\w$]+)/.exec(clause);
    if (namespace) out.push({ local: namespace[1]!, module, imported: '*', exported: false });
    const defaultName = /^([A-Za-z_$][\w$]*)\s*(?:,|$)/.exec(clause);
    if (defaultName) out.push({ local: defaultName[1]!, module, imported: 'default', exported: false });
    const braces = /\{([^}]*)\}/.exec(clause);
    if (braces)
      for (const { imported, local } of splitNames(braces[1]!))
        out.push({ local, module, imported, exported: false });
  }
  // `import { a } from './x'; export { a }`: a re-export of the import.
  for (const binding of out) if (locallyExported.has(binding.local)) binding.exported = true;
  return out;
}

/** `__all__` of a Python module, when it lists its names literally. */
function allOf(text: string): Set<string> | undefined {
  const match = /^__all__\s*=\s*[[(]([^\])]*)[\])]/m.exec(text);
  if (!match) return undefined;
  return new Set([...match[1]!.matchAll(/['"]([\w]+)['"]/g)].map((name) => name[1]!));
}

/** The name a TypeScript module's default export declares (`export default class X`, `export default X`). */
function defaultName(text: string): string | undefined {
  const declared =
    /^export\s+default\s+(?:abstract\s+)?(?:async\s+)?(?:function\*?|class)\s+([\w$]+)/m.exec(text) ??
    /^export\s+default\s+([\w$]+)\s*;?\s*$/m.exec(text);
  return declared?.[1];
}

export class ImportResolver {
  private readonly bindings = new Map<string, Binding[]>();
  private readonly alls = new Map<string, Set<string> | undefined>();

  constructor(private readonly tree: TreeLookup) {}

  private bindingsIn(path: string): Binding[] {
    let list = this.bindings.get(path);
    if (!list) {
      list = bindingsOf(path, this.tree.text(path));
      this.bindings.set(path, list);
    }
    return list;
  }

  private allIn(path: string): Set<string> | undefined {
    if (!this.alls.has(path)) this.alls.set(path, allOf(this.tree.text(path)));
    return this.alls.get(path);
  }

  private submodule(path: string, name: string): string | undefined {
    if (!/(^|\/)__init__\.py$/.test(path)) return undefined;
    const directory = path.slice(0, path.lastIndexOf('/') + 1);
    for (const candidate of [`${directory}${name}.py`, `${directory}${name}/__init__.py`])
      if (this.tree.exists(candidate)) return candidate;
    return undefined;
  }

  /** Where `name`, as the module at `path` offers it, is declared (or the module it names). */
  resolve(path: string, name: string, depth = 0, seen = new Set<string>()): Resolution | undefined {
    const key = `${path}\0${name}`;
    if (depth > MAX_DEPTH || seen.has(key)) return undefined;
    seen.add(key);
    let wanted = name;
    if (!isPython(path) && name === 'default') wanted = defaultName(this.tree.text(path)) ?? name;
    const own = this.tree.topLevel(path, wanted);
    if (own) return { definition: { path, name: wanted, ...own } };
    const bindings = this.bindingsIn(path);
    const through = (binding: Binding, imported: string): Resolution | undefined => {
      if (!binding.module) {
        // `export { a as b }` of a name the file imported
        const source = bindings.find((other) => other.local === imported && other.module);
        return source ? through(source, source.imported) : this.resolve(path, imported, depth + 1, seen);
      }
      const file = moduleFile(this.tree, path, binding.module);
      if (!file) return undefined;
      if (imported === '*') return { module: file };
      return this.resolve(file, imported, depth + 1, seen) ?? this.moduleNamed(file, imported);
    };
    for (const binding of bindings) {
      if (binding.local !== wanted) continue;
      if (!isPython(path) && !binding.exported) {
        // A TypeScript module offers what it exports: an import counts only when the file re-exports it.
        continue;
      }
      const found = through(binding, binding.imported);
      if (found) return found;
    }
    for (const binding of bindings) {
      if (binding.local !== '*' || (!isPython(path) && !binding.exported)) continue;
      const file = moduleFile(this.tree, path, binding.module);
      if (!file) continue;
      const all = isPython(file) ? this.allIn(file) : undefined;
      if (all && !all.has(wanted)) continue;
      const found = this.resolve(file, wanted, depth + 1, seen);
      if (found) return found;
    }
    return this.moduleNamed(path, wanted);
  }

  private moduleNamed(path: string, name: string): Resolution | undefined {
    const module = this.submodule(path, name);
    return module ? { module } : undefined;
  }

  /**
   * The definitions the file at `path` (its text `text`, as the prompt's file reads) reaches through its
   * imports, in import order.
   */
  definitionsFor(path: string, text: string): Definition[] {
    const out: Definition[] = [];
    const seen = new Set<string>();
    const add = (definition: Definition) => {
      const key = `${definition.path}:${definition.startLine}`;
      if (seen.has(key) || definition.path === path) return;
      seen.add(key);
      out.push(definition);
    };
    // Uses outside the import statements, in order of first appearance.
    const lines = text.split('\n');
    for (const statement of moduleStatements(text, isPython(path)))
      for (let line = statement.from; line <= statement.to; line++) lines[line] = '';
    const body = lines.join('\n');
    const chains = [...body.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)((?:\s*\.\s*[A-Za-z_$][\w$]*)+)/g)].map(
      (match) => ({
        head: match[1]!,
        rest: match[2]!
          .split('.')
          .map((part) => part.trim())
          .filter(Boolean),
      }),
    );
    const usedNames: string[] = [];
    const usedSet = new Set<string>();
    for (const match of body.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g))
      if (!usedSet.has(match[0])) {
        usedSet.add(match[0]);
        usedNames.push(match[0]);
      }
    const bound = new Set<string>();
    for (const binding of bindingsOf(path, text)) {
      bound.add(binding.local);
      const file = binding.module ? moduleFile(this.tree, path, binding.module) : undefined;
      if (binding.local === '*') {
        if (!file) continue;
        const all = isPython(file) ? this.allIn(file) : undefined;
        for (const name of usedNames) {
          if (bound.has(name) || (all && !all.has(name))) continue;
          const found = this.resolve(file, name);
          if (found && 'definition' in found) add(found.definition);
        }
        continue;
      }
      let target: Resolution | undefined;
      if (file) {
        target =
          binding.imported === '*'
            ? { module: file }
            : (this.resolve(file, binding.imported) ?? this.moduleNamed(file, binding.imported));
      } else if (isPython(path) && binding.imported !== '*') {
        // `from pkg import sub` where pkg has no `__init__.py`: sub is a module.
        const sub = pythonModuleFile(this.tree, path, `${binding.module}.${binding.imported}`);
        if (sub) target = { module: sub };
      }
      if (!target) continue;
      if ('definition' in target) {
        add(target.definition);
        continue;
      }
      // A module: the attributes the file reaches through its alias, in order of first use.
      for (const chain of chains) {
        if (chain.head !== binding.local) continue;
        let module = target.module;
        for (const part of chain.rest) {
          const step = this.resolve(module, part) ?? this.moduleNamed(module, part);
          if (!step) break;
          if ('definition' in step) {
            add(step.definition);
            break;
          }
          module = step.module;
        }
      }
    }
    return out;
  }
}

/** What a piece costs in the prompt: its text, a heading with its place, and the fence. */
export function pieceCost(piece: Piece): number {
  return countTokens(
    `### ${piece.path}:${piece.startLine}-${piece.endLine}\n\`\`\`\n${piece.source}\n\`\`\`\n\n`,
  );
}

/** A definition's text cut by lines to `limit` tokens (its first lines, the signature among them, stay). */
export function clippedDefinition(lines: readonly string[], definition: Definition, limit: number): Piece {
  const own = lines.slice(definition.startLine - 1, definition.endLine);
  let text = own.join('\n');
  while (countTokens(text) > limit && own.length > 1) {
    own.splice(Math.max(1, Math.floor(own.length * 0.8)));
    text = own.join('\n');
  }
  return {
    path: definition.path,
    startLine: definition.startLine,
    endLine: definition.startLine + own.length - 1,
    source: text,
  };
}

interface Group {
  path: string;
  entries: { definition: Definition; text: string }[];
}

function groupPiece(group: Group): Piece | undefined {
  if (group.entries.length === 0) return undefined;
  const sorted = [...group.entries].sort((a, b) => a.definition.startLine - b.definition.startLine);
  return {
    path: group.path,
    startLine: sorted[0]!.definition.startLine,
    endLine: sorted[sorted.length - 1]!.definition.startLine,
    source: sorted.map((entry) => entry.text).join('\n'),
  };
}

const groupCost = (group: Group) => {
  const piece = groupPiece(group);
  return piece ? pieceCost(piece) : 0;
};

/**
 * The budget spent signatures first: every definition's signature (each file's under one heading), then
 * definitions in full (cut at `snippetLimit`) in place of their signatures, in order, while they fit.
 */
export async function signaturesFirst(
  root: string,
  definitions: readonly Definition[],
  linesOf: (path: string) => readonly string[],
  budget: number,
  snippetLimit: number,
): Promise<Piece[]> {
  let left = budget;
  const groups = new Map<string, Group>();
  const placed = new Map<Definition, Group>();
  for (const definition of definitions) {
    if (left < 8) break;
    const surface = await targetSurface(root, definition);
    const group = groups.get(definition.path) ?? { path: definition.path, entries: [] };
    const before = groupCost(group);
    group.entries.push({ definition, text: surface.display });
    const price = groupCost(group) - before;
    if (price > left) {
      group.entries.pop();
      continue;
    }
    groups.set(definition.path, group);
    placed.set(definition, group);
    left -= price;
  }
  const full: Piece[] = [];
  for (const definition of definitions) {
    if (left < 24) break;
    const piece = clippedDefinition(linesOf(definition.path), definition, snippetLimit);
    const group = placed.get(definition);
    let refund = 0;
    let entry: Group['entries'][number] | undefined;
    if (group) {
      const before = groupCost(group);
      entry = group.entries.find((candidate) => candidate.definition === definition);
      group.entries.splice(group.entries.indexOf(entry!), 1);
      refund = before - groupCost(group);
    }
    const price = pieceCost(piece) - refund;
    if (price > left) {
      if (group && entry) group.entries.push(entry);
      continue;
    }
    full.push(piece);
    left -= price;
  }
  const grouped = [...groups.values()].map(groupPiece).filter((piece): piece is Piece => piece !== undefined);
  return [...grouped, ...full];
}

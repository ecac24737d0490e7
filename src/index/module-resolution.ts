import { posix } from 'node:path';
import type { ImportRecord } from './imports.js';
import type { IndexedFile, IndexStore, SymbolRow } from './index-store.js';

/** Where a name leads: to a declaration, or to a whole module (a namespace import, a Python submodule). */
export type Resolution =
  | { symbol: SymbolRow; module?: undefined }
  | { module: IndexedFile; symbol?: undefined };

/** How many re-exports deep a name is followed (barrels of barrels are common; cycles are cut anyway). */
const MAX_DEPTH = 8;
const SCRIPT_EXTENSION = /\.(?:[mc]?[jt]sx?)$/;
const SCRIPT_CANDIDATES = [
  '.ts',
  '.tsx',
  '.d.ts',
  '.js',
  '.jsx',
  '.mjs',
  '/index.ts',
  '/index.tsx',
  '/index.js',
];

interface Tables {
  version: number;
  byPath: Map<string, IndexedFile>;
  /** Python modules by their last dotted component (`x.py` and `x/__init__.py` under `x`), shortest path first */
  pythonByName: Map<string, IndexedFile[]>;
  imports: Map<number, ImportRecord[]>;
  names: Map<string, Resolution | null>;
}

const tables = new WeakMap<IndexStore, Tables>();

function tablesOf(store: IndexStore): Tables {
  const cached = tables.get(store);
  if (cached && cached.version === store.version) return cached;
  const byPath = new Map<string, IndexedFile>();
  const pythonByName = new Map<string, IndexedFile[]>();
  for (const file of store.files()) {
    byPath.set(file.path, file);
    if (!file.path.endsWith('.py') && !file.path.endsWith('.pyi')) continue;
    const parts = file.path.replace(/\.pyi?$/, '').split('/');
    if (parts[parts.length - 1] === '__init__') parts.pop();
    const name = parts[parts.length - 1];
    if (!name) continue;
    const list = pythonByName.get(name);
    if (list) list.push(file);
    else pythonByName.set(name, [file]);
  }
  for (const list of pythonByName.values()) list.sort((a, b) => a.path.length - b.path.length);
  const fresh: Tables = {
    version: store.version,
    byPath,
    pythonByName,
    imports: new Map(),
    names: new Map(),
  };
  tables.set(store, fresh);
  return fresh;
}

const isPython = (path: string) => path.endsWith('.py') || path.endsWith('.pyi');

function pythonModule(t: Tables, fromPath: string, module: string): IndexedFile | undefined {
  const dots = /^\.*/.exec(module)![0].length;
  const dotted = module.slice(dots);
  const tail = dotted ? dotted.split('.') : [];
  if (dots > 0) {
    const directories = fromPath.split('/').slice(0, -1);
    if (dots - 1 > directories.length) return undefined;
    const stem = [...directories.slice(0, directories.length - (dots - 1)), ...tail].join('/');
    const prefix = stem ? `${stem}/` : '';
    return t.byPath.get(`${stem}.py`) ?? t.byPath.get(`${prefix}__init__.py`) ?? t.byPath.get(`${stem}.pyi`);
  }
  const key = tail.join('/');
  const exact = t.byPath.get(`${key}.py`) ?? t.byPath.get(`${key}/__init__.py`) ?? t.byPath.get(`${key}.pyi`);
  if (exact || tail.length < 2) return exact; // a one-word module (`import json`) is a top-level one
  // The package may live below the workspace root (`src/pkg/…`): the shortest path ending in the module.
  return t.pythonByName
    .get(tail[tail.length - 1]!)
    ?.find(
      (file) =>
        file.path.endsWith(`/${key}.py`) ||
        file.path.endsWith(`/${key}/__init__.py`) ||
        file.path.endsWith(`/${key}.pyi`),
    );
}

function scriptModule(t: Tables, fromPath: string, module: string): IndexedFile | undefined {
  // Only relative specifiers name files of the workspace; bare ones are packages (or path aliases).
  if (!module.startsWith('.')) return undefined;
  const joined = posix.normalize(posix.join(posix.dirname(fromPath), module));
  if (joined.startsWith('..')) return undefined;
  const stem = joined.replace(SCRIPT_EXTENSION, '');
  const direct = t.byPath.get(joined);
  if (direct && SCRIPT_EXTENSION.test(joined)) return direct;
  for (const suffix of SCRIPT_CANDIDATES) {
    const file = t.byPath.get(stem + suffix);
    if (file) return file;
  }
  return undefined;
}

/** The workspace file a module specifier names, seen from the file at `fromPath` (undefined: not in the index). */
export function resolveModule(store: IndexStore, fromPath: string, module: string): IndexedFile | undefined {
  const t = tablesOf(store);
  return isPython(fromPath) ? pythonModule(t, fromPath, module) : scriptModule(t, fromPath, module);
}

function importsOf(store: IndexStore, t: Tables, file: IndexedFile): ImportRecord[] {
  let records = t.imports.get(file.id);
  if (!records) {
    records = store.importsOf(file.id);
    t.imports.set(file.id, records);
  }
  return records;
}

/** A Python package's submodule (`pkg/__init__.py` + `views` → `pkg/views.py`). */
function submodule(t: Tables, file: IndexedFile, name: string): IndexedFile | undefined {
  if (!/(^|\/)__init__\.pyi?$/.test(file.path)) return undefined;
  const directory = file.path.slice(0, file.path.lastIndexOf('/') + 1);
  return t.byPath.get(`${directory}${name}.py`) ?? t.byPath.get(`${directory}${name}/__init__.py`);
}

/**
 * Where `name`, as the module `file` offers it, is declared: its own top-level definition, or — followed
 * through re-exports (`from .x import name` in a package's `__init__.py`, `export { name } from './x'`,
 * `export * from './x'`, `from .x import *`) — the definition in the file that declares it. A name that is
 * a module (a submodule, `export * as ns`) resolves to that module's file. Cached per index version.
 */
export function resolveName(store: IndexStore, file: IndexedFile, name: string): Resolution | undefined {
  const t = tablesOf(store);
  return follow({ store, t, file, name, depth: 0, seen: new Set() });
}

/** One step of resolving `name` in `file`: how deep the chain of re-exports is, and the steps it took. */
interface NameSearch {
  store: IndexStore;
  t: Tables;
  file: IndexedFile;
  name: string;
  depth: number;
  seen: Set<string>;
}

function follow(search: NameSearch): Resolution | undefined {
  const { t, file, name, depth, seen } = search;
  const key = `${file.id}\u0000${name}`;
  const memo = t.names.get(key);
  if (memo !== undefined) return memo ?? undefined;
  if (depth > MAX_DEPTH || seen.has(key)) return undefined;
  seen.add(key);
  const result = lookup(search);
  // Only complete answers are kept: one cut short by a cycle may resolve from another starting point.
  if (result || depth === 0) t.names.set(key, result ?? null);
  return result;
}

function lookup(search: NameSearch): Resolution | undefined {
  const { store, t, file, name, depth, seen } = search;
  const own = store.topLevelDefinition(file.id, name);
  if (own) return { symbol: own };
  const python = isPython(file.path);
  const records = importsOf(store, t, file);
  const through = (record: ImportRecord, imported: string): Resolution | undefined => {
    const target = resolveModule(store, file.path, record.module);
    if (!target) return undefined;
    if (imported === '*') return { module: target };
    return (
      follow({ store, t, file: target, name: imported, depth: depth + 1, seen }) ??
      moduleOf(t, target, imported)
    );
  };
  for (const record of records) {
    if (record.local !== name) continue;
    if (python || (record.kind === 'export' && record.module)) {
      const found = through(record, record.name);
      if (found) return found;
    } else if (record.kind === 'export') {
      // `export { a as b }` of something the file imported: follow the import of `a`.
      const binding = records.find((other) => other.kind === 'import' && other.local === record.name);
      const found = binding ? through(binding, binding.name) : undefined;
      if (found) return found;
    } else if (records.some((other) => other.kind === 'export' && !other.module && other.name === name)) {
      const found = through(record, record.name);
      if (found) return found;
    }
  }
  for (const record of records) {
    if (record.local !== '*' || (!python && record.kind !== 'export')) continue;
    const target = resolveModule(store, file.path, record.module);
    const found = target ? follow({ store, t, file: target, name, depth: depth + 1, seen }) : undefined;
    if (found) return found;
  }
  return moduleOf(t, file, name);
}

function moduleOf(t: Tables, file: IndexedFile, name: string): Resolution | undefined {
  const module = submodule(t, file, name);
  return module ? { module } : undefined;
}

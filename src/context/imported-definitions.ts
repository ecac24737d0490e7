import type { LanguageId } from '../core/languages.js';
import type { IndexedFile, IndexStore, SymbolRow } from '../index/index-store.js';
import { resolveModule, resolveName } from '../index/module-resolution.js';
import { filesStateKey } from '../index/reference-graph.js';
import { type ImportsRead, readImports } from './imports-read.js';

/** A definition the cursor's file reaches through its imports, followed to the file that declares it. */
export interface ImportedDefinition {
  /** the name the file writes: the local binding (`c` of `import { b as c }`), or the attribute of `m.attr` */
  local: string;
  row: SymbolRow;
  /** `import`: named in an import; `module`: reached as `alias.attr`; `star`: through `from m import *` */
  via: 'import' | 'module' | 'star';
  /** how often the file's text outside its imports names it (0: imported but not used yet) */
  uses: number;
}

/** Attributes reached through one module alias that are looked up, at most (a file may use hundreds). */
const MAX_ATTRIBUTES_PER_MODULE = 60;
/** Names looked up in star-imported modules, at most. */
const MAX_STAR_NAMES = 200;

/** The part of `importedDefinitions` that does not depend on the names used near the cursor. */
interface FollowedImports {
  /** named imports' and module attributes' definitions, in order */
  definitions: readonly ImportedDefinition[];
  /** keys of `definitions` (`path:line:local`) */
  seen: ReadonlySet<string>;
  /** modules the file star-imports */
  stars: readonly IndexedFile[];
  /** names the imports bind */
  bound: ReadonlySet<string>;
}

/**
 * What the imports and module aliases of a read resolve to, for one store in one index state and one
 * path: a long-lived process asks at cursor after cursor of a file.
 */
const followedOf = new WeakMap<
  ImportsRead,
  { store: IndexStore; key: string; path: string; result: FollowedImports }
>();

/**
 * The definitions of what the cursor's file imports, each followed through re-exports (package
 * `__init__.py` files, `index.ts` barrels, `export * from`) to its declaration; the attributes the file
 * reaches through imported modules (`models.ForeignKey`, `import * as Option` … `Option.map`); and the
 * names it uses that a star import (`from .fields import *`) provides. Read from the file's current text,
 * so unsaved imports count.
 */
export function importedDefinitions(
  store: IndexStore,
  path: string,
  language: LanguageId | undefined,
  text: string,
  usedNames: Iterable<string> = [],
): ImportedDefinition[] {
  const read = readImports(language, text);
  if (read.records.length === 0) return [];
  const key = filesStateKey(store);
  let followed = followedOf.get(read);
  if (!followed || followed.store !== store || followed.key !== key || followed.path !== path) {
    followed = { store, key, path, result: followImports(store, path, language, read) };
    followedOf.set(read, followed);
  }
  const { definitions, seen: followedKeys, stars, bound } = followed.result;
  const out = [...definitions];
  if (stars.length > 0) {
    const seen = new Set(followedKeys);
    let tried = 0;
    for (const name of usedNames) {
      if (bound.has(name) || tried >= MAX_STAR_NAMES) continue;
      tried++;
      for (const module of stars) {
        const resolution = resolveName(store, module, name);
        if (resolution?.symbol) {
          const row = resolution.symbol;
          const definitionKey = `${row.path}:${row.startLine}:${name}`;
          if (!seen.has(definitionKey) && row.path !== path) {
            seen.add(definitionKey);
            out.push({ local: name, row, via: 'star', uses: read.counts.get(name) ?? 0 });
          }
          break;
        }
      }
    }
  }
  return out;
}

/** The named imports and the attributes reached through module aliases, followed to their declarations. */
function followImports(
  store: IndexStore,
  path: string,
  language: LanguageId | undefined,
  { records, counts, accessedThrough }: ImportsRead,
): FollowedImports {
  const out: ImportedDefinition[] = [];
  const seen = new Set<string>();
  const add = (local: string, row: SymbolRow, via: ImportedDefinition['via'], uses: number) => {
    const key = `${row.path}:${row.startLine}:${local}`;
    if (seen.has(key) || row.path === path) return;
    seen.add(key);
    out.push({ local, row, via, uses });
  };
  const aliases = new Map<string, IndexedFile>();
  const stars: IndexedFile[] = [];
  const bound = new Set<string>();
  for (const record of records) {
    if (record.kind !== 'import') continue;
    const target = resolveModule(store, path, record.module);
    bound.add(record.local);
    if (!target) {
      // `from pkg import sub` where pkg has no `__init__.py` (a namespace package): sub is a module.
      const submodule =
        language === 'python' && record.name !== '*'
          ? resolveModule(
              store,
              path,
              `${record.module}${record.module.endsWith('.') ? '' : '.'}${record.name}`,
            )
          : undefined;
      if (submodule) aliases.set(record.local, submodule);
      continue;
    }
    if (record.local === '*') {
      stars.push(target);
      continue;
    }
    if (record.name === '*') {
      aliases.set(record.local, target);
      continue;
    }
    const resolution =
      resolveName(store, target, record.name) ??
      // `import parse from './parse'`: the default export is usually declared under the name it is imported as.
      (record.name === 'default' ? resolveName(store, target, record.local) : undefined);
    if (resolution?.symbol) add(record.local, resolution.symbol, 'import', counts.get(record.local) ?? 0);
    else if (resolution?.module) aliases.set(record.local, resolution.module);
  }
  for (const [alias, module] of aliases) {
    for (const [attribute, uses] of [...accessedThrough(alias)].slice(0, MAX_ATTRIBUTES_PER_MODULE)) {
      const resolution = resolveName(store, module, attribute);
      if (resolution?.symbol) add(attribute, resolution.symbol, 'module', uses);
    }
  }
  return { definitions: out, seen, stars, bound };
}

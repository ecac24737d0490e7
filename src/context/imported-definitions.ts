import type { LanguageId } from '../core/languages.js';
import type { IndexedFile, IndexStore, SymbolRow } from '../index/index-store.js';
import { resolveModule, resolveName } from '../index/module-resolution.js';
import { filesStateKey, loadReferenceGraph, nameUses } from '../index/reference-graph.js';
import { type ImportsRead, readImports } from './imports-read.js';

/** A definition the cursor's file reaches through its imports, followed to the file that declares it. */
export interface ImportedDefinition {
  /** the name the file writes: the local binding (`c` of `import { b as c }`), or the attribute of `m.attr` */
  local: string;
  row: SymbolRow;
  /**
   * `import`: named in an import; `module`: reached as `alias.attr`; `star`: through `from m import *`;
   * `offered`: not named in the file, but among the most used names of a module it imports as a whole
   * (`from django.utils import timezone` … `timezone.make_aware`, written next)
   */
  via: 'import' | 'module' | 'star' | 'offered';
  /** how often the file's text outside its imports names it (0: imported but not used yet) */
  uses: number;
  /** for `offered`: its place among what the module offers, by use across the repository (0: most used) */
  rank?: number;
}

/** Attributes reached through one module alias that are looked up, at most (a file may use hundreds). */
const MAX_ATTRIBUTES_PER_MODULE = 60;
/** Names looked up in star-imported modules, at most. */
const MAX_STAR_NAMES = 200;
/** What a module imported whole offers beyond the attributes the file names: its most used names, at most. */
const OFFERED_PER_MODULE = 8;
/** Names of a module (its own and those it passes on) ranked for `offered`, at most. */
const MODULE_NAMES = 400;
/** Offers kept per module: enough for `OFFERED_PER_MODULE` past those the file already names. */
const OFFERS_KEPT = 32;

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
  /** modules the file imports whole, by the alias it reaches them through */
  modules: ReadonlyMap<string, IndexedFile>;
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
  file: { path: string; language: LanguageId | undefined; text: string },
  usedNames: Iterable<string> = [],
): ImportedDefinition[] {
  const { path, language, text } = file;
  const read = readImports(language, text);
  if (read.records.length === 0) return [];
  const key = filesStateKey(store);
  let followed = followedOf.get(read);
  if (!followed || followed.store !== store || followed.key !== key || followed.path !== path) {
    followed = { store, key, path, result: followImports({ store, path, language, read }) };
    followedOf.set(read, followed);
  }
  const { definitions, seen: followedKeys, stars, bound, modules } = followed.result;
  const out = [...definitions];
  const shown = new Set(
    definitions.map((definition) => `${definition.row.path}:${definition.row.startLine}`),
  );
  for (const module of modules.values()) {
    let rank = 0;
    for (const row of moduleOffers(store, module)) {
      if (rank >= OFFERED_PER_MODULE) break;
      const where = `${row.path}:${row.startLine}`;
      if (shown.has(where) || row.path === path) continue;
      shown.add(where);
      out.push({ local: row.name, row, via: 'offered', uses: read.counts.get(row.name) ?? 0, rank: rank++ });
    }
  }
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
function followImports({
  store,
  path,
  language,
  read: { records, counts, accessedThrough },
}: {
  store: IndexStore;
  path: string;
  language: LanguageId | undefined;
  read: ImportsRead;
}): FollowedImports {
  const out: ImportedDefinition[] = [];
  const seen = new Set<string>();
  const add = ({
    local,
    row,
    via,
    uses,
  }: {
    local: string;
    row: SymbolRow;
    via: ImportedDefinition['via'];
    uses: number;
  }) => {
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
    if (resolution?.symbol)
      add({
        local: record.local,
        row: resolution.symbol,
        via: 'import',
        uses: counts.get(record.local) ?? 0,
      });
    else if (resolution?.module) aliases.set(record.local, resolution.module);
  }
  for (const [alias, module] of aliases) {
    for (const [attribute, uses] of [...accessedThrough(alias)].slice(0, MAX_ATTRIBUTES_PER_MODULE)) {
      const resolution = resolveName(store, module, attribute);
      if (resolution?.symbol) add({ local: attribute, row: resolution.symbol, via: 'module', uses });
    }
  }
  return { definitions: out, seen, stars, bound, modules: aliases };
}

/** What each module offers, ranked, per store and index state. */
const offersOf = new WeakMap<IndexStore, { key: string; offers: Map<number, readonly SymbolRow[]> }>();

/**
 * The definitions a module offers — its own top-level ones and those it passes on (a package's
 * `__init__.py` importing from its modules, `from .x import *`), followed to their declarations — most
 * used across the repository first (by the files that reference the name), public names before private
 * ones. Kept per store for the index's state.
 */
export function moduleOffers(store: IndexStore, module: IndexedFile): readonly SymbolRow[] {
  const key = filesStateKey(store);
  let kept = offersOf.get(store);
  if (!kept || kept.key !== key) {
    kept = { key, offers: new Map() };
    offersOf.set(store, kept);
  }
  const known = kept.offers.get(module.id);
  if (known) return known;
  const names = new Set<string>();
  for (const row of store.topLevelDefinitions(module.id, MODULE_NAMES)) names.add(row.name);
  // A package's `__init__.py` passes on what it imports; any other Python module's imports are its own
  // business (`timezone.settings` is not how anyone reaches settings), and a script module passes on
  // what it exports.
  const python = /\.pyi?$/.test(module.path);
  const passesOn = (kind: string) => (python ? /(^|\/)__init__\.pyi?$/.test(module.path) : kind === 'export');
  for (const record of store.importsOf(module.id)) {
    if (names.size >= MODULE_NAMES) break;
    if (!passesOn(record.kind)) continue;
    if (record.local !== '*') {
      names.add(record.local);
      continue;
    }
    const target = resolveModule(store, module.path, record.module);
    if (target) for (const row of store.topLevelDefinitions(target.id, MODULE_NAMES)) names.add(row.name);
  }
  // Ranked by name first (a lookup in the reference graph), then followed to declarations in that order
  // only as far as a module can offer: following every name of a big package (SQLAlchemy's `util`
  // passes on 300) cost a cold process ≈ 10 ms.
  const graph = loadReferenceGraph(store);
  const byUse = [...names]
    .filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && !/^__\w+__$/.test(name))
    .map((name) => ({ name, uses: nameUses(graph, name) }))
    .sort((a, b) => b.uses - a.uses || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const offers: SymbolRow[] = [];
  const seen = new Set<string>();
  for (const { name } of byUse) {
    if (offers.length >= OFFERS_KEPT) break;
    const row = resolveName(store, module, name)?.symbol;
    if (!row || seen.has(`${row.path}:${row.startLine}`)) continue;
    seen.add(`${row.path}:${row.startLine}`);
    offers.push(row);
  }
  kept.offers.set(module.id, offers);
  return offers;
}

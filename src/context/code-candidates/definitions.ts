import type { IndexStore, SymbolRow } from '../../index/index-store.js';
import { classHeaderBases, type WeightedIdentifier } from '../cursor-identifiers.js';
import {
  FEATURE_INDEX as feature,
  nameWords,
  RANKING_FEATURES,
  type RankingWeights,
  rankingScore,
  sharesWord,
} from '../definition-ranking.js';
import type { ImportedDefinition } from '../imported-definitions.js';
import {
  byPlace,
  type Candidate,
  DEFINITION_TOKENS,
  MAX_SNIPPET_TOKENS,
  type Range,
  snippet,
} from './candidate.js';
import { definitionShape } from './definition-shape.js';
import { memberPicks } from './member-picks.js';
import { constructorCount, outlineText } from './outline.js';
import { cachedSymbolsNamed, rowCache } from './row-cache.js';

const MAX_DEFINERS_PER_NAME = 2;
/** A class outline's length, unless the class is a base of the cursor's class. */
const OUTLINE_TOKENS = 250;
const MAX_DEFINITION_ROWS = 5000;
/**
 * Identifiers near the cursor whose definitions are looked up, at most: the ranking (not the cut) decides
 * among them. 150 → 300 raised the mean over the tuning trees by 0.004 (issue 45, fifth round); 500, no more.
 */
const MAX_IDENTIFIERS = 300;
/**
 * Definitions given text (a chunk fetched, an outline built): each costs at least a heading in the prompt,
 * so no budget reaches further down the ranking than this.
 */
const MAX_MATERIALIZED_DEFINITIONS = 300;

/** What assembly knows beyond the names near the cursor, for ranking the definitions (`definition-ranking.ts`). */
export interface RankingSignals {
  /** the share of the function's siblings using each name (`siblingNames`) */
  siblings?: ReadonlyMap<string, number>;
  /** the name of the function being written */
  enclosing?: string | undefined;
  /** the cursor's line (1-based) */
  cursorLine?: number;
  /** the model's weights; the fitted ones by default */
  weights?: RankingWeights;
  /** told every ranked candidate with its features (bench/context/fit-ranking.ts fits the weights on them) */
  observe?: (ranked: readonly RankedDefinition[]) => void;
}

/** A definition as the ranking saw it. */
export interface RankedDefinition {
  row: SymbolRow;
  /** in the order of `RANKING_FEATURES` */
  features: number[];
  score: number;
}

/** `compute` remembered for each key it was asked for (within one assembly). */
function remembered<T>(compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (known.has(key)) return known.get(key)!;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}

/**
 * Definitions of the identifiers used or imported near the cursor, found through the symbol table, and
 * the most used members of the classes among them; each ranked by its chance of being used by the code
 * at the cursor (`definition-ranking.ts`: where the file uses its name, how an import reaches it, what
 * the function's siblings use, how many definitions share its name, …).
 */
export interface DefinitionQuery {
  /** the identifiers used near the cursor, weighted */
  identifiers: readonly WeightedIdentifier[];
  /** the names the file imports */
  imported?: ReadonlySet<string>;
  /** the modules the file imports from (a definition in one of them ranks higher) */
  importedModules?: readonly string[];
  /** the cursor's window of the file (a definition in the same file ranks apart) */
  window?: Range | undefined;
  /** the bases of the class around the cursor: their outlines list what `self.…` can call */
  baseClasses?: readonly string[];
  /** names followed through the imports to their declarations */
  resolved?: readonly ImportedDefinition[];
  signals?: RankingSignals;
}

export function definitionCandidates(store: IndexStore, query: DefinitionQuery): Candidate[] {
  const {
    identifiers,
    imported = new Set<string>(),
    importedModules = [],
    window,
    baseClasses = [],
    resolved = [],
    signals = {},
  } = query;
  const weights = new Map<string, WeightedIdentifier>();
  for (const identifier of identifiers.slice(0, MAX_IDENTIFIERS)) weights.set(identifier.name, identifier);
  const ancestors = inheritedClasses(store, baseClasses);
  // The cursor's class's bases: their outlines list what `self.…` can call.
  for (const name of ancestors) if (!weights.has(name)) weights.set(name, { name, weight: 0.3, line: 0 });
  for (const name of imported) if (!weights.has(name)) weights.set(name, { name, weight: 0.15, line: 0 });
  // Names followed through the imports to their declaration need no guessing among same-named definitions.
  const exact = new Map<SymbolRow, ImportedDefinition>();
  const resolvedNames = new Set<string>();
  for (const definition of resolved) {
    exact.set(definition.row, definition);
    resolvedNames.add(definition.local);
    if (!weights.has(definition.local))
      weights.set(definition.local, { name: definition.local, weight: 0, line: 0 });
  }
  if (weights.size === 0) return [];
  const names = [...weights.keys()].filter((name) => !resolvedNames.has(name));
  const cache = rowCache(store);
  const rows = [...cachedSymbolsNamed(cache, store, names), ...exact.keys()];
  // Score first, fetch and measure only the best: a file can name hundreds of defined identifiers.
  const preliminary = new Map<SymbolRow, number>();
  for (const row of rows)
    preliminary.set(
      row,
      exact.has(row)
        ? Number.POSITIVE_INFINITY
        : weights.get(row.name)!.weight * (imported.has(row.name) ? 2 : 1),
    );
  rows.sort((a, b) => preliminary.get(b)! - preliminary.get(a)! || byPlace(a, b));
  rows.splice(MAX_DEFINITION_ROWS);
  const perName = new Map<string, number>();
  for (const row of rows) perName.set(row.name, (perName.get(row.name) ?? 0) + 1);
  const fromImportedModule = remembered((path: string) =>
    importedModules.some((module) => path.includes(module)),
  );
  const words = new Set(signals.enclosing ? nameWords(signals.enclosing) : []);
  const sharing = remembered((name: string) => sharesWord(words, name));
  const features = (
    row: SymbolRow,
    identifier: WeightedIdentifier | undefined,
    pick?: { rank: number; classWeight: number },
  ): number[] => {
    const followed = exact.get(row);
    const parentNamed = row.parent !== null && (weights.has(row.parent) || imported.has(row.parent));
    const ofBase = row.parent !== null && ancestors.has(row.parent);
    const line = identifier?.line ?? 0;
    const vector = new Array<number>(RANKING_FEATURES.length);
    vector[feature.bias] = 1;
    vector[feature['name weight']] = Math.log((identifier?.weight ?? 0) + 0.01);
    vector[feature.siblings] = signals.siblings?.get(row.name) ?? 0;
    vector[feature.closeness] =
      line > 0 && signals.cursorLine ? 1 / (1 + Math.abs(line - signals.cursorLine) / 8) : 0;
    vector[feature.class] = row.kind === 'class' ? 1 : 0;
    vector[feature.function] = row.kind === 'function' ? 1 : 0;
    vector[feature.method] = row.kind === 'method' ? 1 : 0;
    vector[feature.constant] = row.kind === 'constant' ? 1 : 0;
    vector[feature['definitions of the name']] = Math.log(perName.get(row.name) ?? 1);
    vector[feature.imported] = imported.has(row.name) ? 1 : 0;
    vector[feature['in an imported module']] = fromImportedModule(row.path) ? 1 : 0;
    vector[feature['through an import']] = followed?.via === 'import' ? 1 : 0;
    vector[feature['through a module']] = followed?.via === 'module' ? 1 : 0;
    vector[feature['through a star import']] = followed?.via === 'star' ? 1 : 0;
    vector[feature['offered by a module']] = followed?.via === 'offered' ? 1 : 0;
    vector[feature['offered rank']] = followed?.via === 'offered' ? Math.log1p(followed.rank ?? 0) : 0;
    vector[feature['imported, not used yet']] = followed && followed.uses === 0 ? 1 : 0;
    vector[feature['same file']] = window && row.path === window.path ? 1 : 0;
    vector[feature['member of a base']] = ofBase ? 1 : 0;
    vector[feature['member of a named class']] = parentNamed ? 1 : 0;
    vector[feature['member of another class']] = row.parent !== null && !parentNamed && !ofBase ? 1 : 0;
    vector[feature['short word']] = /^[a-z]{1,8}$/.test(row.name) ? 1 : 0;
    vector[feature['shares a word']] = sharing(row.name) ? 1 : 0;
    vector[feature['member pick']] = pick ? 1 : 0;
    vector[feature['pick rank']] = pick ? Math.log1p(pick.rank) : 0;
    vector[feature['class weight']] = pick ? Math.log(pick.classWeight + 0.01) : 0;
    return vector;
  };
  const ranked: (RankedDefinition & { weight: number })[] = [];
  for (const row of rows) {
    if (
      window &&
      row.path === window.path &&
      row.startLine <= window.endLine &&
      row.endLine >= window.startLine
    )
      continue;
    const identifier = weights.get(exact.get(row)?.local ?? row.name)!;
    const rowFeatures = features(row, identifier);
    const score = rankingScore(rowFeatures, signals.weights);
    ranked.push({ row, features: rowFeatures, score, weight: identifier.weight });
  }
  const inOrder = (a: RankedDefinition, b: RankedDefinition) => b.score - a.score || byPlace(a.row, b.row);
  ranked.sort(inOrder);
  // A class's picked members (by their rank among its picks) are listed in its outline, after those the
  // file names.
  const picked = new Map<SymbolRow, number>();
  for (const pick of memberPicks({ store, cache, ranked, weights })) {
    const pickFeatures = features(pick.row, undefined, pick);
    const score = rankingScore(pickFeatures, signals.weights);
    ranked.push({ row: pick.row, features: pickFeatures, score, weight: 0 });
    picked.set(pick.row, pick.rank);
  }
  signals.observe?.(ranked);
  // An ambiguous name keeps only its likeliest definitions.
  ranked.sort(inOrder);
  const kept = new Map<string, number>();
  const best = ranked.filter(({ row }) => {
    const count = kept.get(row.name) ?? 0;
    if (count >= MAX_DEFINERS_PER_NAME) return false;
    kept.set(row.name, count + 1);
    return true;
  });
  best.splice(MAX_MATERIALIZED_DEFINITIONS);
  const out: Candidate[] = [];
  for (const { row, score } of best) {
    const identifier = weights.get(exact.get(row)?.local ?? row.name);
    const followed = exact.get(row);
    const shape = definitionShape(cache, store, row);
    if (!shape) continue;
    const where = !identifier
      ? 'among the most used members of a class in play'
      : identifier.line > 0
        ? `used at line ${identifier.line}`
        : followed?.via === 'module'
          ? 'reached through an imported module'
          : followed?.via === 'offered'
            ? 'much used in a module imported here'
            : followed?.via === 'star'
              ? 'from a star import'
              : 'imported';
    const what = row.parent ? `${row.parent}.${row.name}` : row.name;
    const reason = `definition of ${what} (${row.kind}), ${where}`;
    if (shape.outline) {
      // The cursor's class's own bases are outlined in full (what `self.…` / `this.…` can call); any other
      // class shortly, and past the first few definitions only as its signature.
      const ancestor = ancestors.has(row.name);
      const outlined = snippet(shape.range, {
        kind: 'definition',
        text: outlineText({ parts: shape.outline, weights, whole: ancestor, picked }),
        reason: `${reason}; outline`,
        score,
        maxTokens: ancestor ? MAX_SNIPPET_TOKENS : OUTLINE_TOKENS,
      });
      // Keys added in place, in this order (no copy of the snippet per definition, a few hundred a call).
      outlined.outline = true;
      if (!ancestor) outlined.symbol = shape.symbol;
      // The header and the constructor's signature are never cut: a class is called through its
      // constructor, and one with many parameters (a 34-line `__init__`) lost it to the cut, leaving the
      // header alone.
      outlined.minLines = shape.outline.header.length + constructorCount(shape.outline);
      out.push(outlined);
      continue;
    }
    const candidate = snippet(shape.range, {
      kind: 'definition',
      text: shape.text,
      reason,
      score,
      maxTokens: DEFINITION_TOKENS,
    });
    candidate.symbol = shape.symbol;
    if (shape.minLines !== undefined) candidate.minLines = shape.minLines;
    out.push(candidate);
  }
  return out;
}

/** The given base classes and, one level up, theirs (from the class signatures in the symbol table). */
export function inheritedClasses(store: IndexStore, bases: readonly string[]): Set<string> {
  const out = new Set(bases);
  if (bases.length === 0) return out;
  for (const base of bases) {
    for (const signature of store.classSignatures(base, 3)) {
      for (const name of classHeaderBases(signature.trim()) ?? []) out.add(name);
    }
  }
  return out;
}

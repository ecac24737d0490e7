import { RANKING_WEIGHTS } from './ranking-weights.js';

/**
 * How likely a definition the symbol table offers is one the code being written at the cursor will use:
 * a logistic model over what assembly knows of each candidate (where the file uses its name, whether an
 * import reaches it, what the function's siblings use, how its class came into play, …). Its weights are
 * fitted by bench/context/fit-ranking.ts on real trees (issue 45: at hidden function bodies, the
 * definitions from other files that each body uses) and written to ./ranking-weights.ts.
 *
 * Two weights are fixed, not fitted, because the benchmark's labels cannot speak for them: a name with n
 * definitions gives each of them 1/n of its chance (the benchmark only counts names it can resolve
 * without guessing, so a fit would learn to shun every ambiguous name), and a definition in the cursor's
 * own file keeps 0.8 of it (the benchmark counts definitions from other files only, so a fit would learn
 * to show none; the window shows the file's nearby code, not the rest of it).
 */
export const RANKING_FEATURES = [
  /** 1 */
  'bias',
  /** log of the name's weight near the cursor (its uses in the file, nearest first; the siblings' share added) */
  'name weight',
  /** the share of the function's siblings (its other definitions: overrides, the same hook elsewhere) using the name */
  'siblings',
  /** closeness of the name's nearest use to the cursor, 1/(1 + lines/8); 0 when the file does not use it */
  'closeness',
  'class',
  'function',
  'method',
  'constant',
  /** log of how many definitions the name has among the candidates (fixed: −1) */
  'definitions of the name',
  /** the file imports the name */
  'imported',
  /** the definition lives in a module the file imports */
  'in an imported module',
  /** reached through the file's imports: named in one, as `module.attr`, through a star import, or offered */
  'through an import',
  'through a module',
  'through a star import',
  'offered by a module',
  /** log(1 + its rank) among what a module imported whole offers */
  'offered rank',
  /** imported but not used yet in the file: likely about to be */
  'imported, not used yet',
  /** in the cursor's own file (fixed: log 0.8) */
  'same file',
  /** a member of the cursor's class's bases (what `self.…` calls) */
  'member of a base',
  /** a member of a class the file names or imports */
  'member of a named class',
  /** a member of a class the file neither names nor imports */
  'member of another class',
  /** a plain short lower-case word (`request`, `value`): usually a variable, not a use of the definition */
  'short word',
  /** shares a word with the name of the function being written (`clear_ordering` → `query.clear_ordering`) */
  'shares a word',
  /** one of the most used members of a class in play, which the file does not name (`memberPicks`) */
  'member pick',
  /** log(1 + its rank) among those picks */
  'pick rank',
  /** log of the weight of the name that brought its class into play */
  'class weight',
] as const;

export type RankingFeature = (typeof RANKING_FEATURES)[number];
export type RankingWeights = Readonly<Record<RankingFeature, number>>;

/** Each feature's place in the vector `rankingScore` takes: `vector[FEATURE_INDEX.siblings] = …`. */
export const FEATURE_INDEX = Object.freeze(
  Object.fromEntries(RANKING_FEATURES.map((name, index) => [name, index])),
) as Readonly<Record<RankingFeature, number>>;

/** Weights that are not fitted (see above). */
export const FIXED_WEIGHTS: Partial<RankingWeights> = {
  'definitions of the name': -1,
  'same file': Math.log(0.8),
};

/**
 * What a candidate's chance is multiplied by for its place in the ranking: the median of the ten best
 * chances at a cursor (about 0.05 on the tuning trees) then scores about as the hand-tuned scores did
 * (1.5), so definitions keep their place beside retrieved chunks and recent files.
 */
const SCORE_SCALE = 30;

/** The words of an identifier (`get_full_path`, `getFullPath` → full, path), three letters or more. */
const COMMON_WORDS = new Set(
  'get set the and for with from into make new old add has can not all'.split(' '),
);
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/_+/)
    .filter((word) => word.length >= 3 && !COMMON_WORDS.has(word));
}

/** Whether `name` shares a word with those of another name (`nameWords`). */
export function sharesWord(words: ReadonlySet<string>, name: string): boolean {
  return words.size > 0 && nameWords(name).some((word) => words.has(word));
}

/** The weights in the order of `RANKING_FEATURES`, the fixed ones in place: computed once per weights. */
const vectors = new WeakMap<RankingWeights, Float64Array>();
function weightVector(weights: RankingWeights): Float64Array {
  let vector = vectors.get(weights);
  if (!vector) {
    vector = Float64Array.from(RANKING_FEATURES, (name) => FIXED_WEIGHTS[name] ?? weights[name]);
    vectors.set(weights, vector);
  }
  return vector;
}

/** A candidate's score for the ranking: its chance under the model, scaled (see `SCORE_SCALE`). */
export function rankingScore(features: readonly number[], weights: RankingWeights = RANKING_WEIGHTS): number {
  const vector = weightVector(weights);
  let z = 0;
  for (let index = 0; index < vector.length; index++) z += vector[index]! * features[index]!;
  return SCORE_SCALE / (1 + Math.exp(-z));
}

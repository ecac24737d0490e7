import { nameDistance } from '../../core/name-distance.js';

/**
 * The existing names closest to a missing one, best first: within an edit distance of about a third of
 * the name's length, plus names that contain it or that it contains (`append` → `_append`).
 */
export function closestNames(missing: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = Math.max(1, Math.floor(missing.length / 3));
  const scored: [string, number][] = [];
  const lower = missing.toLowerCase();
  for (const candidate of new Set(candidates)) {
    if (candidate === missing) continue;
    const other = candidate.toLowerCase();
    let score = nameDistance(lower, other, max);
    if (
      score > max &&
      lower.length >= 4 &&
      (other.includes(lower) || lower.includes(other)) &&
      other.length >= 3
    ) {
      score = max + 0.5;
    }
    if (score <= max + 0.5) scored.push([candidate, score]);
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]));
  return scored.slice(0, limit).map(([name]) => name);
}

/** "; did you mean `a` or `b`?" or nothing. */
export function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return '';
  const quoted = suggestions.map((name) => `\`${name}\``);
  const last = quoted.pop();
  return `; did you mean ${quoted.length ? `${quoted.join(', ')} or ${last}` : last}?`;
}

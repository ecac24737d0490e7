/** Edit distance (insertions, deletions, substitutions), case-insensitive, bounded by `max`. */
function distance(a: string, b: string, max: number): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let previous = Array.from({ length: y.length + 1 }, (_, index) => index);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[y.length] as number;
}

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
    let score = distance(missing, candidate, max);
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

/**
 * Levenshtein distance between what was suggested and what was kept, in characters. Two rows of
 * memory; past `limit` characters in either string the distance is approximated by comparing lines
 * (a modified 50 kB file should not cost seconds on the ingest path).
 */
export function editDistance(a: string, b: string, limit = 20_000): number {
  if (a === b) return 0;
  if (a.length > limit || b.length > limit) return lineDistance(a, b);
  return levenshtein([...a], [...b], () => 1);
}

function levenshtein<T>(a: T[], b: T[], cost: (item: T) => number): number {
  let previous = new Array<number>(b.length + 1);
  previous[0] = 0;
  for (let j = 1; j <= b.length; j++) previous[j] = previous[j - 1]! + cost(b[j - 1]!);
  let current = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = previous[0]! + cost(a[i - 1]!);
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1];
      current[j] = Math.min(
        previous[j]! + cost(a[i - 1]!),
        current[j - 1]! + cost(b[j - 1]!),
        previous[j - 1]! + (same ? 0 : Math.max(cost(a[i - 1]!), cost(b[j - 1]!))),
      );
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/** Line-level edit distance weighted by line length: an upper bound of the character distance. */
function lineDistance(a: string, b: string): number {
  const lines = (text: string) => text.split('\n').map((line) => `${line}\n`);
  const left = lines(a);
  const right = lines(b);
  if (left.length * right.length > 25_000_000) return Math.max(a.length, b.length);
  return levenshtein(left, right, (line) => line.length);
}

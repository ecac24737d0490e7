/**
 * Edits from `a` to `b` (insertions, deletions, substitutions, and a swap of two neighbouring letters
 * counting one: `modle` → `model`, `parseDaet` → `parseDate`). Case-sensitive: callers that compare
 * names loosely lower-case both. With `max`, the count stops once every way is past it and returns
 * `max + 1`: a row's least value never falls in a later row, a swap included (it costs at least what the
 * substitution before it did).
 */
export function nameDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      let value = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      least = Math.min(least, value);
    }
    if (least > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

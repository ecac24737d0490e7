/**
 * A fix that only makes the failing input pass: the lines it adds compare with a literal the failure's
 * own output shows (`if name == 'http://b.com/:z': return 'z'`). The re-run passes, and shows nothing
 * beyond that input, so such a fix is at most medium confidence. By the text: a literal at least two
 * characters long, on a line the fix adds, compared with `==`, `!=`, `===`, `!==`, `in` or `case`.
 */
const STRING_COMPARED =
  /(?:==|!=|\bin\b|\bcase\b)=?\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1|(['"`])((?:\\.|(?!\3)[^\\])*)\3\s*(?:==|!=)/g;
const NUMBER_COMPARED = /(?:==|!=)=?\s*(-?\d[\d_.]*)(?![\w.])/g;

export function specialCasedInputs(files: { text: string; after: string }[], failureText: string): string[] {
  const found = new Set<string>();
  for (const file of files) {
    const had = new Set(file.text.split('\n').map((line) => line.trim()));
    for (const line of file.after.split('\n')) {
      if (had.has(line.trim())) continue;
      for (const match of line.matchAll(STRING_COMPARED)) {
        const literal = match[2] ?? match[4];
        if (literal && literal.length >= 2 && failureText.includes(literal)) found.add(literal);
      }
      for (const match of line.matchAll(NUMBER_COMPARED))
        if (match[1]!.length >= 2 && failureText.includes(match[1]!)) found.add(match[1]!);
    }
  }
  return [...found];
}

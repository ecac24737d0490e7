/**
 * A typed command line as its arguments, quoted as a shell quotes them (`python3 -c "print(1)"`), with no
 * shell run: vouch runs the program in its sandbox. An unclosed quote is a message, not a guess.
 */
export function commandWords(line: string): string[] | string {
  const words: string[] = [];
  let word = '';
  /** a word has begun (an empty quoted word is a word) */
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    const next = line[index + 1] ?? '';
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && /["\\$`]/.test(next)) word += line[++index];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char === '\\' && next ? line[++index] : char;
      inWord = true;
    }
  }
  if (quote) return `the command has an unclosed ${quote}: close it, or leave the quotes out`;
  if (inWord) words.push(word);
  return words;
}

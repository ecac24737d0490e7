/**
 * Semgrep's regular expressions are PCRE (Python's `re` for metavariable-regex). JavaScript reads most
 * of that syntax the same way; what it reads differently is refused rather than guessed: inline flags
 * other than a leading `(?i)`/`(?s)`/`(?m)`, possessive quantifiers, atomic groups, `\A`, `\Z`, `\z`.
 */
export class RegexError extends Error {}

const UNSUPPORTED: [RegExp, string][] = [
  [/\(\?>/, 'atomic groups `(?>…)`'],
  [/[*+?}]\+/, 'possessive quantifiers'],
  [/\\[AZz]/, '`\\A`, `\\Z` or `\\z` anchors'],
  [/\(\?P=/, 'named back-references `(?P=name)`'],
  [/\(\?[imsx-]+[):]/, 'inline flags inside the expression'],
  [/\(\?#/, 'comments `(?#…)`'],
];

/** `anchored`: Python's `re.match`, which only matches at the start (metavariable-regex). */
export function compileRegex(source: string, options: { anchored: boolean; global?: boolean }): RegExp {
  let flags = options.global ? 'g' : '';
  let body = source;
  const leading = /^\(\?([ims]+)\)/.exec(body);
  if (leading) {
    for (const flag of leading[1]!) if (!flags.includes(flag)) flags += flag;
    body = body.slice(leading[0].length);
  }
  for (const [test, what] of UNSUPPORTED)
    if (test.test(body)) throw new RegexError(`the regex ${JSON.stringify(source)} uses ${what}`);
  // Python's named groups (?P<name>…) are JavaScript's (?<name>…).
  body = body.replaceAll('(?P<', '(?<');
  try {
    return new RegExp(options.anchored ? `^(?:${body})` : body, flags);
  } catch (error) {
    throw new RegexError(`the regex ${JSON.stringify(source)} does not compile: ${(error as Error).message}`);
  }
}

/**
 * Regular expressions that allow-list where a URL goes. A URL checked against one of these can only lead to
 * the hosts it names: `^https?://([a-z0-9-]+\.)*example\.com(/.*)?$`, `^https://(www\.)?example\.com(?:/|$)`,
 * or, checked against a host name alone, `(?:[\w-]+\.)*example\.org` with `fullmatch`. What does not count:
 * a pattern not anchored at the start (`example\.com` matches `evil.com/?example.com`), a host not ended by
 * `/`, `$` or the like (`^https://example\.com` matches `https://example.com.evil.net`), and an unescaped
 * dot in a host name (`example.com` matches `exampleXcom`, a name anyone can register).
 */

/** Scheme prefixes as code writes them (slashes already unescaped). */
const SCHEMES = [
  '(?:https?://)?',
  '(https?://)?',
  '(?:https?:)?//',
  '(https?:)?//',
  '(?:http|https)://',
  '(http|https)://',
  '(?:https|http)://',
  'https?://',
  'https://',
  'http://',
  '//',
];

/** What may follow a host and ends it: a path, a query, a fragment, the end of the text. */
const HOST_ENDS = [
  '$',
  '/',
  '(?:/|$)',
  '(/|$)',
  '(?:$|/)',
  '($|/)',
  '[/?#]',
  '(?:[/?#]|$)',
  '([/?#]|$)',
  '(?=/|$)',
  '(?=[/?#]|$)',
  '(/',
  '(?:/',
  '(?:[/?#]',
  '([/?#]',
];

/** An optional port after the host. */
const PORT = /^\((?:\?:)?:(?:\\d|\[0-9\])(?:\+|\{[\d,]+\})\)\?/;

/** A label of literal host characters, dots escaped: `example\.com`, `www\.`, `api-v2\.`. */
const LITERAL = /^(?:[A-Za-z0-9-]|\\\.)+/;

/**
 * An optional or repeated group of subdomain labels: `([a-zA-Z0-9-]+\.)*`, `(?:[\w-]+\.)?`, `(www\.)?`.
 * Its content may not contain an unescaped dot, a slash, `@`, `?`, `#` or `:` (which would let a
 * different host through).
 */
const SUBDOMAINS =
  /^\((?:\?:)?((?:\[[^\]\\/.@?#:]*(?:\\[wd][^\]\\/.@?#:]*)*\]|\\[wd]|[A-Za-z0-9-]|\\\.)+[+*]?(?:\\\.))\)[?*+]/;

/** A group of literal alternatives: `(?:example\.com|example\.org)`. */
const ALTERNATIVES = /^\((?:\?:)?((?:[A-Za-z0-9-]|\\\.)+(?:\|(?:[A-Za-z0-9-]|\\\.)+)+)\)/;

/** The host part at the start of `text`: how much of it is one, and whether it ends in a literal domain. */
function hostPart(text: string): { length: number; literalEnd: boolean } {
  let at = 0;
  let literalEnd = false;
  for (;;) {
    const rest = text.slice(at);
    const subdomains = SUBDOMAINS.exec(rest);
    if (subdomains) {
      at += subdomains[0].length;
      literalEnd = false;
      continue;
    }
    const alternatives = ALTERNATIVES.exec(rest);
    if (alternatives) {
      at += alternatives[0].length;
      literalEnd = alternatives[1]!.split('|').every(endsInDomain);
      continue;
    }
    const literal = LITERAL.exec(rest);
    if (literal) {
      at += literal[0].length;
      literalEnd = endsInDomain(text.slice(0, at));
      continue;
    }
    return { length: at, literalEnd };
  }
}

/** `…example\.com`: a literal ending in an escaped dot and a top-level name. */
function endsInDomain(text: string): boolean {
  return /(?:[A-Za-z0-9-])\\\.[A-Za-z]{2,}$/.test(text);
}

/** The pattern without its start anchor, slashes unescaped; undefined when it is not anchored. */
function fromStart(pattern: string, anchored: boolean): string | undefined {
  if (pattern.startsWith('^')) return pattern.slice(1).replace(/\\\//g, '/');
  return anchored ? pattern.replace(/\\\//g, '/') : undefined;
}

/**
 * Whether a URL matched against `pattern` from its start (`anchored`: `re.match`, `fullmatch`; otherwise a
 * `^` is needed) can only name the hosts the pattern lists. `wholeMatch`: the pattern must match the whole
 * URL (`fullmatch`), so nothing may follow what it allows.
 */
export function fixesHost(pattern: string, anchored: boolean, wholeMatch = false): boolean {
  let text = fromStart(pattern, anchored);
  if (text === undefined) return false;
  const scheme = SCHEMES.find((prefix) => text!.startsWith(prefix));
  if (scheme) text = text.slice(scheme.length);
  const host = hostPart(text);
  if (host.length === 0 || !host.literalEnd) return false;
  let rest = text.slice(host.length);
  const port = PORT.exec(rest);
  if (port) rest = rest.slice(port[0].length);
  if (rest === '') return wholeMatch;
  return HOST_ENDS.some((end) => rest.startsWith(end));
}

/** Whether a host name matched against `pattern` can only be one of the hosts it lists (`fullmatch`, or `^…$`). */
export function fixesHostName(pattern: string, wholeMatch: boolean): boolean {
  let text = pattern.startsWith('^') ? pattern.slice(1) : wholeMatch ? pattern : undefined;
  if (text === undefined) return false;
  const ended = text.endsWith('$') && !text.endsWith('\\$');
  if (ended) text = text.slice(0, -1);
  if (!ended && !wholeMatch) return false;
  const host = hostPart(text);
  return host.length === text.length && host.literalEnd;
}

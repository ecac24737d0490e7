/**
 * Whether a function of the file escapes HTML by hand (`def escape(s): return s.replace("&", "&amp;")
 * .replace("<", "&lt;")…`, `s.replace(/[&<>"']/g, …)`, `re.sub(r'[<>&"]', …, s)`): the engine does not follow
 * the replacements, so such a function is taken at the word of its name (an XSS or XML sanitiser's).
 *
 * Read by scanning, never by a backtracking pattern: each `.replace(`/`.replaceAll(`/`.sub(` found by
 * `indexOf`, its first argument read as one string or regular-expression literal of at most `LITERAL_LIMIT`
 * characters. The work is linear in the text (`steps` counts it, for the test that says so).
 */

const LITERAL_LIMIT = 200;
const CALLS = ['.replace(', '.replaceAll(', '.sub('];

/** Characters examined, for a test that bounds the work (`escapesByHand(text, counter)`). */
export interface StepCounter {
  steps: number;
}

/**
 * Whether `text` (a function's source) replaces `<` and also `&` or `"`, each inside a replace or
 * substitute call: with a character class (`/[&<>"']/g`, `r"[<>&]"`) or one literal per call whose
 * replacement, when it is a literal, is an entity (`.replace("<", "&lt;")`, not `.replace("<", "<")`).
 */
export function escapesByHand(text: string, counter: StepCounter = { steps: 0 }): boolean {
  const replaced = new Set<string>();
  for (const call of CALLS) {
    let from = text.indexOf(call);
    while (from >= 0) {
      counter.steps += call.length;
      for (const character of replacedCharacters(text, from + call.length, counter)) replaced.add(character);
      from = text.indexOf(call, from + call.length);
    }
  }
  return replaced.has('<') && (replaced.has('&') || replaced.has('"'));
}

/** The characters the call starting its arguments at `start` replaces (none when its first argument is no literal). */
function replacedCharacters(text: string, start: number, counter: StepCounter): string[] {
  const first = literalAt(text, skipSpace(text, start, counter), counter);
  if (!first) return [];
  const open = first.text.indexOf('[');
  const close = first.text.lastIndexOf(']');
  counter.steps += first.text.length;
  // a character class: what it holds (`[&<>"']`); a replacement by a function or a table
  if (open >= 0 && close > open) return [...first.text.slice(open + 1, close)];
  // one literal (`"<"`): replaced only when the replacement is an entity or is no literal
  let at = skipSpace(text, first.end, counter);
  if (text[at] !== ',') return [];
  at = skipSpace(text, at + 1, counter);
  const second = literalAt(text, at, counter);
  if (second && !second.text.startsWith('&')) return [];
  return first.text.length === 1 ? [first.text] : [];
}

function skipSpace(text: string, at: number, counter: StepCounter): number {
  let index = at;
  while (index < text.length && index - at < LITERAL_LIMIT && /\s/.test(text[index]!)) index++;
  counter.steps += index - at + 1;
  return index;
}

/** A string literal (optional `r`/`b`/`u` prefix) or a JS regular-expression literal at `at`: its body and end. */
function literalAt(
  text: string,
  at: number,
  counter: StepCounter,
): { text: string; end: number } | undefined {
  let index = at;
  while (index < at + 2 && /[rbuRBU]/.test(text[index] ?? '')) index++;
  const quote = text[index];
  if (quote !== '"' && quote !== "'" && quote !== '`' && quote !== '/') return undefined;
  const limit = Math.min(text.length, index + 1 + LITERAL_LIMIT);
  for (let end = index + 1; end < limit; end++) {
    counter.steps++;
    if (text[end] === '\\') {
      end++;
      continue;
    }
    if (text[end] === '\n') return undefined;
    if (text[end] === quote) return { text: text.slice(index + 1, end), end: end + 1 };
  }
  return undefined;
}

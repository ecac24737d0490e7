/**
 * A reason as people read it (issue 57: raw JSON and stack traces appeared in check reasons). What a
 * tool printed often lands in a reason — a JSON report, a JSON.parse error that quotes the text, a
 * stack trace — and a sentence about it is what the user needs:
 * - a JSON object or array in the text becomes `(a JSON object with keys a, b, c)` (or `(a JSON array of
 *   N items)`); one cut short, so it does not parse, becomes `(JSON output, cut)` up to the line's end;
 * - stack-trace lines (`    at f (file:1:2)`, `  File "x.py", line 3`, `Traceback (…)`) are left out.
 * Everything else is kept as it was.
 */

const STACK_LINE = /^\s+at\s|^\s+File "|^Traceback \(/;

/** The end (exclusive) of the balanced JSON value starting at `start` (`{` or `[`), or -1. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let quoted = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '\\') index++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `(a JSON array of ${value.length} item${value.length === 1 ? '' : 's'})`;
  const keys = Object.keys(value as object);
  const shown = keys.slice(0, 4).join(', ');
  return keys.length === 0
    ? '(an empty JSON object)'
    : `(a JSON object with keys ${shown}${keys.length > 4 ? ', …' : ''})`;
}

/** Where JSON starts: `{"` or `[{"`, `[["`, `["` (whitespace allowed after the bracket). */
const JSON_START = /[{[]\s*(?=["{[])/g;

export function humanReason(text: string): string {
  const lines = text.split('\n');
  const kept = lines.filter((line) => !STACK_LINE.test(line));
  let out = (kept.length > 0 ? kept : lines).join('\n');
  let from = 0;
  for (;;) {
    JSON_START.lastIndex = from;
    const match = JSON_START.exec(out);
    if (!match) break;
    const start = match.index;
    // `[[` or `{{` of ordinary prose (a template) is not JSON unless a quoted key follows somewhere inside
    const end = balancedEnd(out, start);
    let replacement: string | undefined;
    let stop = end;
    if (end !== -1) {
      try {
        const value: unknown = JSON.parse(out.slice(start, end));
        if (value && typeof value === 'object') replacement = describe(value);
      } catch {
        replacement = undefined;
      }
    } else if (out[start] === '{' && /^\{\s*"[^"\n]*"\s*:/.test(out.slice(start))) {
      // a JSON object cut short: to the end of its line
      const lineEnd = out.indexOf('\n', start);
      stop = lineEnd === -1 ? out.length : lineEnd;
      replacement = '(JSON output, cut)';
    }
    if (replacement === undefined) {
      from = start + 1;
      continue;
    }
    out = out.slice(0, start) + replacement + out.slice(stop);
    from = start + replacement.length;
  }
  return out;
}

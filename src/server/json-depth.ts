/**
 * The deepest a request body's JSON may nest. Bodies are parsed by V8 (no depth limit), then walked
 * recursively by the schemas, the secrets redactor and the store's serialiser: 5,000 levels overflowed the
 * stack in one of them (a 500 from a telemetry-only token). No request vouch defines nests past a dozen.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `text` nests arrays and objects deeper than `limit`, found in one pass without recursion
 * (brackets inside strings do not count). Invalid JSON is left to the parser.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index++; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      depth++;
      if (depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return false;
}

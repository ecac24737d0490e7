/** A UTF-16 surrogate without its pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` as it reads once written as UTF-8: each lone surrogate becomes U+FFFD, as Node's encoder makes
 * it. Text from JSON (`"\ud800"`) can hold one; a file written from it cannot, and a program handed it
 * through JSON (Python's `json.loads`) gets a string it cannot encode (String.prototype.toWellFormed is
 * ES2024, past this project's lib).
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

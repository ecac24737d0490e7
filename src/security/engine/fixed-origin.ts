import { clearTaint, type Taint } from './taint.js';

/**
 * A constant that begins a URL on this site (`/search?q=`, `?page=`, `#top`) or on a named host
 * (`https://api.example.com/`) fixes where a redirect built from it can go: what follows cannot change
 * the origin. `/` alone does not (`"/" + "/evil.com"`), nor do `/\`, `//` or whitespace after it.
 */
const ORIGIN_FIXED = /^(?:\/[^/\\\s]|[?#]|[a-z][a-z0-9+.-]*:\/\/[^/?#\s\\]+[/?#])/i;

/** The taint of a string built after the constant `leading`: cleared for open redirect when that fixes the origin. */
export function fixOrigin(taint: Taint | undefined, leading: string | undefined): Taint | undefined {
  return leading !== undefined && ORIGIN_FIXED.test(leading) ? clearTaint(taint, ['open-redirect']) : taint;
}

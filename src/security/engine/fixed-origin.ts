import { clearTaint, type Taint } from './taint.js';

/**
 * A constant that begins a URL on this site (`/search?q=`, `?page=`, `#top`) or on a named host
 * (`https://api.example.com/`) fixes where a redirect built from it can go: what follows cannot change
 * the origin. `/` alone does not (`"/" + "/evil.com"`), nor do `/\`, `//` or whitespace after it.
 */
const ORIGIN_FIXED = /^(?:\/[^/\\\s]|[?#]|[a-z][a-z0-9+.-]*:\/\/[^/?#\s\\]+[/?#])/i;

/**
 * A constant scheme and host followed by the start of the path or query (`https://api.example.com/`,
 * `https://host?`): what follows reaches only that host, so a request to the URL is no SSRF.
 */
const HOST_FIXED = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s\\@]+[/?#]/i;

/** A constant scheme and host, with or without a path (`https://api.example.com`), as a URL's base. */
export function fixedHost(base: string): boolean {
  return HOST_FIXED.test(base) || /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s\\@]+$/i.test(base);
}

/**
 * The taint of a string built after the constant `leading`: cleared for open redirect when that fixes the
 * origin, and for SSRF when it fixes the scheme and host.
 */
export function fixOrigin(taint: Taint | undefined, leading: string | undefined): Taint | undefined {
  if (leading === undefined || !taint) return taint;
  // Data after the query starts is a parameter's value; before it, it is the path (`../admin`): partial SSRF.
  if (HOST_FIXED.test(leading))
    return clearTaint(
      taint,
      /[?#]/.test(leading) ? ['open-redirect', 'ssrf', 'partial-ssrf'] : ['open-redirect', 'ssrf'],
    );
  return ORIGIN_FIXED.test(leading) ? clearTaint(taint, ['open-redirect']) : taint;
}

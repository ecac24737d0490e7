import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * w114: a Django response's header set from the request (`out["X-Thing"] = q`) is header injection at most, never
 * XSS: Django (3.2 here) raises BadHeaderError on a line break in a header's value
 * (`ResponseHeaders._convert_to_charset`), and the body is not the request's. Request data in the body stays XSS.
 * A guard: df1eb7c1 already judged these so.
 */
const ids = (code: string) => findingIds(code, { keep: /^(?:xss|header-injection)@/, sort: true });

const view = (body: string) =>
  `from django.http import HttpResponse\n\n\ndef thing(request):\n    q = request.GET["q"]\n${body}\n`;

describe('a Django response header set from the request', () => {
  it.each([
    [
      'an empty response',
      '    out = HttpResponse()\n    out["X-Thing"] = q\n    return out',
      ['header-injection@7'],
    ],
    [
      'an HTML response',
      '    out = HttpResponse(content_type="text/html")\n    out["X-Thing"] = q\n    return out',
      ['header-injection@7'],
    ],
    [
      'through .headers',
      '    out = HttpResponse()\n    out.headers["X-Thing"] = q\n    return out',
      ['header-injection@7'],
    ],
    [
      'the request in the body too',
      '    out = HttpResponse("<p>" + q + "</p>")\n    out["X-Thing"] = "fixed"\n    return out',
      ['xss@6'],
    ],
  ])('%s', async (_name, body, expected) => {
    expect(await ids(view(body))).toEqual(expected);
  });
});

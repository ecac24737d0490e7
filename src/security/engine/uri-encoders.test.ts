import { describe, expect, it } from 'vitest';
import { findingIds, ofRule } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, w102: `encodeURIComponent` escapes `<`, `>`, `"`, `&`, spaces and `:` but not `'`, `(` or `)`;
 * `encodeURI` leaves `:`, `/`, `;`, `&`, `=` too, so `javascript:alert(1)` passes it whole. Both are clean in
 * HTML text, a double-quoted or unquoted attribute and inside a URL after its start; neither is in a
 * single-quoted attribute, an event handler or a script (`'` ends the string), and `encodeURI` is not where a
 * URL attribute starts. Where the text around the call is not seen (the result kept in a variable), neither clears.
 */
const ids = (code: string, file = 'app/server.js') =>
  findingIds(code, { language: 'javascript', file, keep: ofRule('xss'), sort: true });

const express = (line: string) =>
  `const express = require('express');\nconst app = express();\napp.get('/r', (req, res) => {\n${line}\n});\n`;
const jsx = (element: string) =>
  `export default function Page({ searchParams }) {\n  const q = searchParams.q;\n  return ${element};\n}\n`;

describe('where an URI encoder leaves a way into script', () => {
  it.each([
    [
      'a single-quoted attribute',
      `  res.send("<a href='/s?q=" + encodeURIComponent(req.query.q) + "'>go</a>");`,
    ],
    [
      'an event handler',
      `  res.send('<button onclick="go(\\'' + encodeURIComponent(req.query.q) + '\\')">go</button>');`,
    ],
    ['a script', "  res.send(`<script>var q = '${encodeURIComponent(req.query.q)}';</script>`);"],
    [
      'encodeURI where a URL attribute starts',
      "  res.send('<a href=\"' + encodeURI(req.query.u) + '\">go</a>');",
    ],
    ['encodeURI in a single-quoted attribute', `  res.send("<img alt='" + encodeURI(req.query.q) + "'>");`],
    [
      'kept in a variable first (the text around it is not seen)',
      `  const e = encodeURIComponent(req.query.q);\n  res.send("<a href='/s?q=" + e + "'>go</a>");`,
    ],
  ])('%s', async (_what, line) => {
    expect((await ids(express(line))).length).toBeGreaterThan(0);
  });

  it('encodeURI as a JSX href', async () => {
    expect(await ids(jsx('<a href={encodeURI(q)}>go</a>'), 'app/page.jsx')).toEqual(['xss@3']);
  });
});

describe('where an URI encoder is enough', () => {
  it.each([
    ['HTML text', '  res.send("<p>" + encodeURIComponent(req.query.q) + "</p>");'],
    [
      'a double-quoted attribute',
      "  res.send('<a href=\"/s?q=' + encodeURIComponent(req.query.q) + '\">go</a>');",
    ],
    [
      'encodeURI inside a URL after its start',
      '  res.send(`<a href="/s/${encodeURI(req.query.q)}">go</a>`);',
    ],
    ['encodeURI in HTML text', '  res.send("<p>" + encodeURI(req.query.q) + "</p>");'],
    ['given whole', '  res.send(encodeURIComponent(req.query.q));'],
  ])('%s', async (_what, line) => {
    expect(await ids(express(line))).toEqual([]);
  });

  it('encodeURIComponent as a JSX href, or after a URL start', async () => {
    expect(await ids(jsx('<a href={encodeURIComponent(q)}>go</a>'), 'app/page.jsx')).toEqual([]);
    expect(await ids(jsx('<a href={`/u/${encodeURI(q)}`}>go</a>'), 'app/page.jsx')).toEqual([]);
  });

  it('the raw value beside it is still reported', async () => {
    const line = '  res.send("<p>" + encodeURIComponent(req.query.q) + req.query.r + "</p>");';
    expect(await ids(express(line))).toEqual(['xss@4']);
  });
});

import { describe, expect, it } from 'vitest';
import { findingIds, ofRule } from '../../../test/support/rule-findings.js';

/**
 * Review r24 (w109), programs from the reviewer's /tmp/rev-VM3E. The text built before a URI encoder's call is
 * read without recursion, so a long `+` chain loses no finding to the stack; and the encoder clears XSS only
 * where the text before it is seen whole as constant text and shows no place where `'` or `:` does harm.
 */
const ids = (code: string, file = 'app/server.js') =>
  findingIds(code, { language: 'javascript', file, keep: ofRule('xss'), sort: true });

const express = (body: string) =>
  `const express = require('express');\nconst app = express();\napp.get('/r', (req, res) => {\n${body}\n});\n`;

describe('a long + chain with an encoder near its front', () => {
  it('keeps the raw request data after it reported (480 terms)', async () => {
    const chain = ` + '<b>' + req.query.q`.repeat(480);
    const code = express(`  res.send('<p>' + encodeURIComponent(req.query.z)${chain});`);
    expect(await ids(code)).toEqual(['xss@4']);
  });

  it('control: the same chain of encoded terms only in HTML text stays cleared', async () => {
    const chain = ` + '<b>' + encodeURIComponent(req.query.q)`.repeat(480);
    expect(await ids(express(`  res.send('<p>'${chain});`))).toEqual([]);
  });
});

describe('where the context regex missed a way into script', () => {
  it.each([
    [
      'javascript: with a quote before',
      `  res.send('<a href="javascript:go(\\'' + encodeURIComponent(req.query.q) + '\\')">go</a>');`,
    ],
    [
      'an event handler after a slash',
      '  res.send(`<svg/onload="f(\'${encodeURIComponent(req.query.q)}\')">`);',
    ],
    [
      'an event handler after a quote',
      `  res.send('<a href="#"onclick="go(\\'' + encodeURIComponent(req.query.q) + '\\')">go</a>');`,
    ],
  ])('%s', async (_what, line) => {
    expect(await ids(express(line))).toEqual(['xss@4']);
  });

  it('JSX: javascript: built in the attribute', async () => {
    const code =
      'export default function Page({ searchParams }) {\n  const q = searchParams.q;\n  return <a href={"javascript:go(\'" + encodeURIComponent(q) + "\')"}>go</a>;\n}\n';
    expect(await ids(code, 'app/page.jsx')).toEqual(['xss@3']);
  });
});

describe('where the text before the encoder is not seen whole as constant text', () => {
  it.each([
    [
      'a prefix in a variable',
      `  const pre = "<script>var q='";\n  res.send(pre + encodeURIComponent(req.query.q) + "';</script>");`,
      5,
    ],
    ['concat', `  res.send("<script>var q='".concat(encodeURIComponent(req.query.q), "';</script>"));`, 4],
    [
      'util.format',
      `  res.send(require('util').format("<script>var q='%s';</script>", encodeURIComponent(req.query.q)));`,
      4,
    ],
    [
      'replace in a template',
      `  res.send("<script>var q='{{q}}';</script>".replace('{{q}}', encodeURIComponent(req.query.q)));`,
      4,
    ],
    ['String(…)', `  res.send("<a href='" + String(encodeURI(req.query.u)) + "'>go</a>");`, 4],
    [
      'a stream written in parts',
      `  res.type('html');\n  res.write("<script>var q='");\n  res.write(encodeURIComponent(req.query.q));\n  res.end("';</script>");`,
      6,
    ],
  ])('%s', async (_what, body, line) => {
    expect(await ids(express(body))).toEqual([`xss@${line}`]);
  });

  it.each([
    ['HTML text', `  res.send('<p>' + encodeURIComponent(req.query.q) + '</p>');`],
    [
      'a double-quoted attribute after the URL starts',
      `  res.send('<a href="/s?q=' + encodeURIComponent(req.query.q) + '">go</a>');`,
    ],
    ['the whole body', '  res.send(encodeURIComponent(req.query.q));'],
    ['a template in HTML text', '  res.send(`<p>${encodeURIComponent(req.query.q)}</p>`);'],
  ])('control: %s stays cleared', async (_what, body) => {
    expect(await ids(express(body))).toEqual([]);
  });
});

describe('review r25: escapes in the text before the encoder are read as the language reads them', () => {
  it.each([
    [
      '\\x22 opens an event handler',
      `  res.send("<div onclick=\\x22go('" + encodeURIComponent(req.query.x) + "')\\x22>hi</div>");`,
    ],
    [
      '\\u0022 opens an event handler',
      `  res.send("<div onclick=\\u0022go('" + encodeURIComponent(req.query.x) + "')\\u0022>hi</div>");`,
    ],
    [
      'an escape not decoded leaves the text unseen',
      `  res.send("<div title=\\z" + encodeURIComponent(req.query.x) + "\\">hi</div>");`,
    ],
  ])('%s: XSS', async (_what, body) => {
    expect(await ids(express(body))).toEqual(['xss@4']);
  });

  it('control: \\x3c in plain HTML text before the encoder leaves it clearing', async () => {
    expect(await ids(express(`  res.send("\\x3cp>" + encodeURIComponent(req.query.x));`))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

/**
 * Review r24 (w109), programs from the reviewer's /tmp/rev-VM3E. The text built before a URI encoder's call is
 * read without recursion, so a long `+` chain loses no finding to the stack; and the encoder clears XSS only
 * where the text before it is seen whole as constant text and shows no place where `'` or `:` does harm.
 */
const ruleSet = defaultRuleSet();
const ids = async (code: string, file = 'app/server.js') =>
  (await analyzeSource({ source: code, language: 'javascript', file, ruleSet }))
    .map((finding) => `${finding.ruleId}@${finding.line}`)
    .filter((id) => id.startsWith('xss@'))
    .sort();

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

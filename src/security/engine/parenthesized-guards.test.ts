import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

const only = async (rule: string, code: string) =>
  (await findingIds(code, { language: 'python', file: 'app/views.py' })).filter((id) =>
    id.startsWith(`${rule}@`),
  );

const flask = (check: string) =>
  `from urllib.parse import urlparse\nfrom flask import Flask, redirect, request\napp = Flask(__name__)\nALLOWED = {"example.com", "www.example.com"}\n\n@app.route("/go")\ndef go():\n    target = request.args.get("url", "")\n${check}\n        return redirect(target)\n    return redirect("/")\n`;

describe('a guard inside parentheses (syntax-nodes.ts `unparenthesized`)', () => {
  it('is read through any number of parentheses', async () => {
    for (const check of [
      '    if (urlparse(target).netloc in ALLOWED):',
      '    if ((urlparse(target).netloc in ALLOWED)):',
    ])
      expect(await only('open-redirect', flask(check)), check).toEqual([]);
  });

  it('is read past a comment inside the parentheses', async () => {
    const check = '    if (  # only our own hosts\n        urlparse(target).netloc in ALLOWED\n    ):';
    expect(await only('open-redirect', flask(check))).toEqual([]);
  });

  it('an unchecked redirect is still reported, with or without parentheses', async () => {
    expect(await only('open-redirect', flask('    if (  # anything\n        target\n    ):'))).toEqual([
      'open-redirect@12',
    ]);
    expect(await only('open-redirect', flask('    if (target):'))).toEqual(['open-redirect@10']);
  });
});

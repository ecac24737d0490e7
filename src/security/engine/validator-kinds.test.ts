import { describe, expect, it } from 'vitest';
import { lineOf, ruleFindings } from '../../../test/support/rule-findings.js';

/**
 * Review r12 of w69: a validator clears a value only when its name says it checks what the value holds.
 * `isinstance(url, str)` checks a type that still holds any text, `validate_json(url)` a syntax; neither says
 * where a URL goes. `isinstance(n, int)` does: a number carries no text.
 */
describe('validators that check a type or a format, not the content', () => {
  const route = (check: string) =>
    `from flask import Flask, request, redirect\napp = Flask(__name__)\n\n@app.route("/a")\ndef a():\n    url = request.args["next"]\n    if ${check}:\n        return redirect(url)\n    return redirect("/")\n`;
  it.each([
    ['isinstance(url, str)'],
    ['isinstance(url, (str, bytes))'],
    ['validate_json(url)'],
    ['validateSchema(url)'],
  ])('%s: the redirect is reported', async (check) => {
    const code = route(check);
    expect(await ruleFindings(code, 'python', 'open-redirect')).toEqual([
      `open-redirect@${lineOf(code, 'return redirect(url)')}`,
    ]);
  });

  it.each([['isinstance(url, int)'], ['is_safe_url(url)'], ['validate_redirect(url)']])(
    '%s still guards',
    async (check) => {
      expect(await ruleFindings(route(check), 'python', 'open-redirect')).toEqual([]);
    },
  );
});

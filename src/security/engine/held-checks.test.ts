import { describe, expect, it } from 'vitest';
import { lineOf, ruleFindings } from '../../../test/support/rule-findings.js';

/**
 * Issue 59 (w69): a check whose result is kept in a variable and tested later guards as the check itself
 * does (Django's LoginView and LogoutView: `url_is_safe = url_has_allowed_host_and_scheme(…)`), only while
 * nothing rebinds the variable or what the check read, on any path.
 */

describe('a check whose result is kept in a variable guards as the check does', () => {
  /** Django's LoginView.get_redirect_url, as a Flask route: the check's result held, then tested. */
  const route = (body: string) =>
    `from flask import Flask, request, redirect\nfrom django.utils.http import url_has_allowed_host_and_scheme\napp = Flask(__name__)\n@app.route("/login")\ndef login():\n    target = request.args.get("next", "")\n${body}\n`;
  const held = '    url_is_safe = url_has_allowed_host_and_scheme(url=target, allowed_hosts={"example.com"})';
  it.each([
    [
      'tested in a conditional expression (LoginView)',
      `${held}\n    return redirect(target if url_is_safe else "/")`,
    ],
    [
      'tested with not, the target replaced (LogoutView)',
      `${held}\n    if not url_is_safe:\n        target = "/"\n    return redirect(target)`,
    ],
    [
      'tested by if',
      `${held}\n    if url_is_safe:\n        return redirect(target)\n    return redirect("/")`,
    ],
    [
      'an early return when the check failed',
      `${held}\n    if not url_is_safe:\n        return redirect("/")\n    return redirect(target)`,
    ],
    [
      'the result copied to another name',
      `${held}\n    ok = url_is_safe\n    return redirect(target if ok else "/")`,
    ],
    [
      'code between that changes neither',
      `${held}\n    print(target)\n    if request.args.get("debug"):\n        print("x")\n    return redirect(target if url_is_safe else "/")`,
    ],
  ])('%s: no open redirect', async (_what, body) => {
    expect(await ruleFindings(route(body), 'python', 'open-redirect')).toEqual([]);
  });

  it.each([
    [
      'the target rebound between',
      `${held}\n    target = request.args.get("other", "")\n    return redirect(target if url_is_safe else "/")`,
    ],
    [
      'the target rebound on one branch between',
      `${held}\n    if request.args.get("alt"):\n        target = request.args["alt"]\n    return redirect(target if url_is_safe else "/")`,
    ],
    [
      'the result rebound between',
      `${held}\n    url_is_safe = True\n    return redirect(target if url_is_safe else "/")`,
    ],
    [
      'the result rebound on one branch',
      `${held}\n    if request.args.get("trust"):\n        url_is_safe = request.args["trust"]\n    return redirect(target if url_is_safe else "/")`,
    ],
    [
      'the check made on one branch only',
      `    if request.args.get("check"):\n${held.replace('    ', '        ')}\n    else:\n        url_is_safe = request.args.get("trust")\n    return redirect(target if url_is_safe else "/")`,
    ],
    [
      'the check of another value',
      `    other = request.args.get("other", "")\n    url_is_safe = url_has_allowed_host_and_scheme(url=other, allowed_hosts={"example.com"})\n    return redirect(target if url_is_safe else "/")`,
    ],
    [
      'the result of something that is no check',
      `    url_is_safe = len(target) > 0\n    return redirect(target if url_is_safe else "/")`,
    ],
  ])('%s: the open redirect is reported', async (_what, body) => {
    const code = route(body);
    expect(await ruleFindings(code, 'python', 'open-redirect')).toEqual([
      `open-redirect@${lineOf(code, 'return redirect(target')}`,
    ]);
  });

  it('JavaScript: const ok = isSafeUrl(target); if (!ok) return …', async () => {
    const code =
      "const express = require('express');\nconst app = express();\napp.get('/login', (req, res) => {\n  const target = req.query.next;\n  const ok = isSafeUrl(target);\n  if (!ok) return res.redirect('/');\n  res.redirect(target);\n});\n";
    expect(await ruleFindings(code, 'javascript', 'open-redirect')).toEqual([]);
    const rebound = code.replace(
      '  res.redirect(target);',
      '  target2 = req.query.other;\n  res.redirect(target2);',
    );
    expect(await ruleFindings(rebound, 'javascript', 'open-redirect')).toEqual(['open-redirect@8']);
  });

  it('JavaScript: a check kept on one branch only (an undeclared name) guards nothing after the join', async () => {
    const code =
      "const express = require('express');\nconst app = express();\napp.get('/login', (req, res) => {\n  const target = req.query.next;\n  if (req.query.check) {\n    ok = isSafeUrl(target);\n  }\n  if (!ok) return res.redirect('/');\n  res.redirect(target);\n});\n";
    expect(await ruleFindings(code, 'javascript', 'open-redirect')).toEqual(['open-redirect@9']);
    const declared = code.replace(
      '  if (req.query.check) {\n    ok = isSafeUrl(target);\n  }',
      '  const ok = isSafeUrl(target);',
    );
    expect(await ruleFindings(declared, 'javascript', 'open-redirect')).toEqual([]);
  });
});

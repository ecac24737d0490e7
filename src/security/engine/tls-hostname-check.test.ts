import { describe, expect, it } from 'vitest';
import { ruleLines } from '../../../test/support/rule-findings.js';

/**
 * Issue 59 (w194): `ssl.create_default_context()` makes a client's context with `check_hostname` on, and CPython
 * refuses `verify_mode = CERT_NONE` on it ("Cannot set verify_mode to CERT_NONE when check_hostname is enabled",
 * ValueError): the assignment changes nothing and the function raises. The rule reported it as verification
 * turned off (SALLM SE_cwe295_0 has one such program labelled safe, and the rule's own example was this shape).
 * It stays reported wherever the check may have been turned off first, or the context handed to other code.
 */
const lines = (code: string) => ruleLines(code, 'tls-verification-disabled');
const lineOf = (code: string, text: string) => code.split('\n').findIndex((line) => line.includes(text)) + 1;

describe("CERT_NONE on a client's default context with the hostname check on raises: not reported", () => {
  it.each([
    [
      'in a function, the context returned',
      'import ssl\n\ndef get_ctx():\n    ctx = ssl.create_default_context()\n    ctx.verify_mode = ssl.CERT_NONE\n    return ctx\n',
    ],
    [
      'at module level, other settings first',
      'import ssl\nctx = ssl.create_default_context(cafile="/etc/ssl/ca.pem")\nctx.options |= ssl.OP_NO_TLSv1\nctx.load_verify_locations("/etc/ssl/more.pem")\nctx.verify_mode = ssl.CERT_NONE\n',
    ],
    [
      'the names imported from ssl',
      'from ssl import CERT_NONE, create_default_context\n\ndef get_ctx():\n    context = create_default_context()\n    context.verify_mode = CERT_NONE\n    return context\n',
    ],
  ])('%s', async (_what, code) => {
    expect(await lines(code)).toEqual([]);
  });
});

describe('still reported where the check may be off, or the context is not that one', () => {
  it.each([
    [
      'check_hostname turned off first (both lines)',
      'import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n',
      ['ctx.check_hostname', 'ctx.verify_mode'],
    ],
    [
      'check_hostname turned off through another name bound to the context',
      'import ssl\nctx = ssl.create_default_context()\nalias = ctx\nalias.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n',
      ['alias.check_hostname', 'ctx.verify_mode'],
    ],
    [
      'the context handed to a helper of another module first',
      'import ssl\nimport relaxer\nctx = ssl.create_default_context()\nrelaxer.relax(ctx)\nctx.verify_mode = ssl.CERT_NONE\n',
      ['ctx.verify_mode'],
    ],
    [
      'setattr with a name put together',
      'import ssl\nctx = ssl.create_default_context()\nsetattr(ctx, "check_" + "hostname", False)\nctx.verify_mode = ssl.CERT_NONE\n',
      ['ctx.verify_mode'],
    ],
    [
      "the context's __setattr__",
      'import ssl\nctx = ssl.create_default_context()\nctx.__setattr__("check_" + "hostname", False)\nctx.verify_mode = ssl.CERT_NONE\n',
      ['ctx.verify_mode'],
    ],
    [
      'the name bound again on a branch (an unverified context there)',
      'import ssl, sys\nctx = ssl.create_default_context()\nif sys.argv[1:]:\n    ctx = ssl._create_unverified_context()\nctx.verify_mode = ssl.CERT_NONE\n',
      ['ssl._create_unverified_context', 'ctx.verify_mode'],
    ],
    [
      'a bare SSLContext (its hostname check is off)',
      'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS)\nctx.verify_mode = ssl.CERT_NONE\n',
      ['ctx.verify_mode'],
    ],
    [
      'create_default_context replaced by the file',
      'import ssl\nssl.create_default_context = ssl._create_unverified_context\nctx = ssl.create_default_context()\nctx.verify_mode = ssl.CERT_NONE\n',
      ['ctx.verify_mode'],
    ],
  ])('%s', async (_what, code, at) => {
    expect(await lines(code)).toEqual(expect.arrayContaining(at.map((text) => lineOf(code, text))));
    expect(await lines(code)).toContain(lineOf(code, 'ctx.verify_mode'));
  });
});

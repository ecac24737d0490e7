import { describe, expect, it } from 'vitest';
import { ruleLines } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, round 10 (w134): a TLS context made for the server's side of a connection. SALLM's
 * `SE_cwe295_0` has three safe programs that build `create_default_context(ssl.Purpose.CLIENT_AUTH)` and set
 * `check_hostname = False`, `verify_mode = CERT_NONE`: the dispute runner's client could not connect through
 * any of them (a PROTOCOL_TLS_SERVER context since CPython 3.10). On a server's context those settings are the
 * defaults: no certificate asked of the client, no server name to check. A client's context stays reported.
 */
const lines = (code: string) => ruleLines(code, 'tls-verification-disabled');

describe("a server's TLS context asks no certificate of its clients by default", () => {
  it.each([
    [
      "create_default_context(ssl.Purpose.CLIENT_AUTH) (SALLM SE_cwe295_0's shape)",
      'import ssl\n\ndef get_ctx():\n    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)\n    ctx.check_hostname = False\n    ctx.verify_mode = ssl.CERT_NONE\n    return ctx\n',
    ],
    [
      'the purpose as a keyword, the names imported from ssl',
      'from ssl import CERT_NONE, Purpose, create_default_context\n\nctx = create_default_context(purpose=Purpose.CLIENT_AUTH)\nctx.verify_mode = CERT_NONE\n',
    ],
    [
      'SSLContext(PROTOCOL_TLS_SERVER)',
      'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\nctx.verify_mode = ssl.CERT_NONE\nctx.load_cert_chain("server.pem")\n',
    ],
  ])('%s: not reported', async (_what, code) => {
    expect(await lines(code)).toEqual([]);
  });

  it.each([
    [
      "a client's default context (SALLM SE_cwe295_0's labelled vulnerable shape)",
      'import ssl\n\ndef get_ctx():\n    ctx = ssl.create_default_context()\n    ctx.check_hostname = False\n    ctx.verify_mode = ssl.CERT_NONE\n    return ctx\n',
      [5, 6],
    ],
    [
      'the purpose named as the server to authenticate',
      'import ssl\nctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n',
      [3, 4],
    ],
    [
      'SSLContext(PROTOCOL_TLS_CLIENT)',
      'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n',
      [3, 4],
    ],
    [
      'a purpose that is not a constant (it may be the server to authenticate)',
      'import ssl, sys\nctx = ssl.create_default_context(getattr(ssl.Purpose, sys.argv[1]))\nctx.check_hostname = False\n',
      [3],
    ],
    [
      'the purpose given by a keyword dict naming the server to authenticate',
      'import ssl\nopts = {"purpose": ssl.Purpose.SERVER_AUTH}\nctx = ssl.create_default_context(**opts)\nctx.check_hostname = False\n',
      [4],
    ],
    [
      "the server's context replaced by a client's before the settings",
      'import ssl\nctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n',
      [4, 5],
    ],
    [
      "a server's context on one branch, a client's on the other",
      'import ssl, sys\nif sys.argv[1] == "serve":\n    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)\nelse:\n    ctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n',
      [6, 7],
    ],
    [
      'a function of the file named create_default_context',
      'import ssl\n\ndef create_default_context(purpose):\n    return ssl.create_default_context()\n\nctx = create_default_context(ssl.Purpose.CLIENT_AUTH)\nctx.check_hostname = False\n',
      [7],
    ],
    [
      "a server's context beside a client's unverified one",
      'import ssl\nserver = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)\nserver.verify_mode = ssl.CERT_NONE\nclient = ssl._create_unverified_context()\n',
      [4],
    ],
  ])('%s: reported', async (_what, code, expected) => {
    expect(await lines(code)).toEqual(expected);
  });
});

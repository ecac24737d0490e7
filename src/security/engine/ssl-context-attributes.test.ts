import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

const ids = (code: string) => findingIds(code, { sort: true });

/** A client context made by the ssl module, then `lines` (each indented in `get_ctx`), then returned. */
const getCtx = (make: string, lines: string[], head = '') =>
  `import ssl\n${head}\ndef get_ctx():\n    ctx = ${make}\n${lines.map((line) => `    ${line}\n`).join('')}    return ctx\n`;

describe("a method the ssl module's context does not have (issue 59, w215)", () => {
  it("pyOpenSSL's names raise AttributeError: a CERT_NONE after them never runs", async () => {
    for (const bad of [
      'ctx.set_session_cache_mode(ssl.SESS_CACHE_OFF)',
      'ctx.set_verify(ssl.CERT_NONE, None)',
      'ctx.set_options(ssl.OP_NO_SSLv2)',
    ])
      for (const make of ['ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)', 'ssl.create_default_context()'])
        expect(
          await ids(getCtx(make, [bad, 'ctx.check_hostname = False', 'ctx.verify_mode = ssl.CERT_NONE'])),
          `${make}: ${bad}`,
        ).toEqual([]);
  });

  it('still reported: the same settings after methods the context has, before the bad call, or where the file gives the context more', async () => {
    const off = ['ctx.check_hostname = False', 'ctx.verify_mode = ssl.CERT_NONE'];
    const both = ['tls-verification-disabled@6', 'tls-verification-disabled@7'];
    // methods ssl.SSLContext has in every release from 3.6 to 3.13
    expect(await ids(getCtx('ssl.create_default_context()', ["ctx.set_ciphers('ALL')", ...off]))).toEqual(
      both,
    );
    expect(await ids(getCtx('ssl.create_default_context()', ['ctx.load_default_certs()', ...off]))).toEqual(
      both,
    );
    // turned off first: the bad call comes too late to stop it
    expect(
      await ids(getCtx('ssl.create_default_context()', [...off, 'ctx.set_session_cache_mode(0)'])),
    ).toEqual(['tls-verification-disabled@5', 'tls-verification-disabled@6']);
    // the file gives the method (an instance attribute), or rebinds the context maker, or sets names unseen
    const given = ['ctx.set_session_cache_mode = lambda mode: None', 'ctx.set_session_cache_mode(0)', ...off];
    expect(await ids(getCtx('ssl.create_default_context()', given))).toEqual([
      'tls-verification-disabled@7',
      'tls-verification-disabled@8',
    ]);
    const mine =
      'class Mine(ssl.SSLContext):\n    def set_session_cache_mode(self, mode):\n        pass\nssl.SSLContext = Mine\n';
    expect(
      await ids(
        getCtx('ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)', ['ctx.set_session_cache_mode(0)', ...off], mine),
      ),
    ).toEqual(['tls-verification-disabled@10', 'tls-verification-disabled@11']);
    const dynamic = 'setattr(ssl.SSLContext, "set_" + "session_cache_mode", lambda self, mode: None)\n';
    expect(
      await ids(getCtx('ssl.create_default_context()', ['ctx.set_session_cache_mode(0)', ...off], dynamic)),
    ).toEqual(['tls-verification-disabled@7', 'tls-verification-disabled@8']);
  });

  it('an object of another kind is not judged by the ssl names', async () => {
    const code =
      'import ssl\nfrom OpenSSL import SSL\n\ndef get_ctx():\n    ctx = SSL.Context(SSL.TLS_METHOD)\n    ctx.set_session_cache_mode(SSL.SESS_CACHE_OFF)\n    c = ssl.create_default_context()\n    c.check_hostname = False\n    c.verify_mode = ssl.CERT_NONE\n    return c\n';
    expect(await ids(code)).toEqual(['tls-verification-disabled@8', 'tls-verification-disabled@9']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reportPage } from '../src/report-page.js';

/**
 * The report panel's page carries the task's result as a JSON data block for the web UI's components to
 * render: a model's text must come back as the text it is, and can neither end the block nor add a script.
 */
const HOSTILE = 'see </script><script>alert(1)</script> and <!-- <script> --> & \u2028 done';
const data = {
  title: 'vouch: Explain',
  result: { task: 'explain', explanation: HOSTILE, notes: [HOSTILE] },
  acceptable: false,
};
const script = { src: 'https://file+.vscode-resource.example/out/report-view.js' };

describe('reportPage', () => {
  it('gives the components the result exactly, whatever the model wrote', () => {
    const html = reportPage(data, script);
    const block = /<script type="application\/json" id="vouch-report">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(block, 'no data block');
    assert.deepEqual(JSON.parse(block[1]!), data);
  });

  it('runs no script but the bundle, by nonce, from the extension', () => {
    const html = reportPage(data, script);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    const nonce = /'nonce-([A-Za-z0-9]+)'/.exec(csp)![1]!;
    assert.match(csp, /default-src 'none'/);
    // by nonce only: a host source beside it (the webview's cspSource) would let any script of the
    // extension's folder run, whatever its nonce
    assert.equal(/script-src ([^;]+);/.exec(csp)![1], `'nonce-${nonce}'`);
    assert.doesNotMatch(csp, /script-src[^;]*(vscode-resource|\*|https?:)/);
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1]!.trim());
    assert.deepEqual(scripts, [
      'type="application/json" id="vouch-report"',
      `nonce="${nonce}" src="${script.src}"`,
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ChatData, chatPage } from '../src/chat-page.js';
import type { TaskResult } from '../src/task-result.js';

/**
 * The chat panel's page carries the conversation as a JSON data block for the web UI's components to
 * render: what the user and the model wrote must come back as the text it is, and can neither end the
 * block nor add an element or a script.
 */
const HOSTILE =
  'see </script><script>alert(1)</script> and <!-- <script> --> <img src=x onerror=alert(2)> & \u2028 done';
const result = {
  task: 'chat',
  generated_code: `print("${HOSTILE}")`,
  edits: [],
  explanation: `The answer [shapes.py:2] ${HOSTILE}`,
  test_stubs: '',
  confidence: 'low',
  citations: [{ path: 'shapes.py', startLine: 2, endLine: 2 }],
  verification: { status: 'fail', checks: [], blocked: false, reasons: [HOSTILE] },
  notes: [HOSTILE],
  language: 'python',
  model: 'openai:test',
} satisfies TaskResult;
const data: ChatData = {
  turns: [
    { question: HOSTILE, result },
    { question: 'and then?', error: HOSTILE },
  ],
  waiting: true,
};
const script = { src: 'https://file+.vscode-resource.example/out/chat-view.js' };

describe('chatPage', () => {
  it('gives the components the conversation exactly, whatever was written', () => {
    const html = chatPage(data, script);
    const block = /<script type="application\/json" id="vouch-chat">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(block, 'no data block');
    assert.deepEqual(JSON.parse(block[1]!), data);
    // nothing anyone wrote is in the page as markup
    assert.doesNotMatch(html, /<img|alert\(1\)<\/script>|<!--/);
  });

  it('runs no script but the bundle, by nonce only', () => {
    const html = chatPage(data, script);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    const nonce = /'nonce-([A-Za-z0-9]+)'/.exec(csp)![1]!;
    assert.match(csp, /default-src 'none'/);
    assert.equal(/script-src ([^;]+);/.exec(csp)![1], `'nonce-${nonce}'`);
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1]!.trim());
    assert.deepEqual(scripts, [
      'type="application/json" id="vouch-chat"',
      `nonce="${nonce}" src="${script.src}"`,
    ]);
  });
});

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InlineCompletionItem } from 'vscode-languageserver/node';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { LspClient } from '../support/lsp-client.js';
import { WARM_IMPORTS_APP, warmImportsProject } from '../support/temp-project.js';

/**
 * The language server keeps `complete`'s imports check warm (one sandboxed worker that keeps the modules
 * checks imported). What the editor sees must not change: a completion importing a name the project's
 * module no longer has, after the engineer edited and saved that module in the editor, is hidden — not
 * answered from the module as the worker first imported it, nor from the completion cache. Through
 * `vouch lsp` over stdio against a loopback OpenAI-compatible server. Needs `npm run build`.
 */

const { available } = await sandboxAvailability();
const APP = WARM_IMPORTS_APP;
let fake: FakeProviders;
let workspace: string;
const made: string[] = [];

beforeAll(async () => {
  fake = await startFakeProviders();
  workspace = warmImportsProject('vouch-lsp-warm-', made);
});
afterAll(async () => {
  await fake.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const uriOf = (path: string) => pathToFileURL(join(workspace, path)).href;

describe.skipIf(!available)('vouch lsp: the warm imports check', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = new LspClient(workspace, {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: workspace,
      OPENAI_BASE_URL: fake.openAiUrl,
      OLLAMA_HOST: 'http://127.0.0.1:9',
    });
    await client.initialize(pathToFileURL(workspace).href, { model: 'openai:qwen2.5-coder-1.5b' });
    client.connection.sendNotification('initialized', {});
    const opened = client.nextDiagnostics(uriOf('app.py'));
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf('app.py'), languageId: 'python', version: 1, text: APP },
    });
    await opened;
  });
  afterAll(async () => client.close());

  const complete = async (answer: string) => {
    fake.reset();
    fake.script('/v1/completions', { text: answer });
    return (await client.connection.sendRequest('textDocument/inlineCompletion', {
      textDocument: { uri: uriOf('app.py') },
      position: { line: 4, character: 4 },
      context: { triggerKind: 2 },
    })) as InlineCompletionItem[];
  };

  it('hides a completion whose import the engineer has just removed from the module and saved', async () => {
    const uses = 'from pkg.helpers import helper\n    return helper()\n\n\ndef more():\n    pass\n';
    expect(await complete(uses)).toHaveLength(1);
    // the engineer edits pkg/helpers.py in the editor and saves it
    const helpers = uriOf('pkg/helpers.py');
    const edited = 'def renamed():\n    return 1\n';
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: helpers, languageId: 'python', version: 1, text: 'def helper():\n    return 1\n' },
    });
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: helpers, version: 2 },
      contentChanges: [{ text: edited }],
    });
    writeFileSync(join(workspace, 'pkg/helpers.py'), edited);
    client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: helpers } });
    // the same request as before: neither the cache nor the worker may answer from the old module
    expect(await complete(uses)).toHaveLength(0);
    // and the name the module has now is shown (the buffer edited a little, so the cache does not answer)
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf('app.py'), version: 2 },
      contentChanges: [{ text: `${APP}# edited\n` }],
    });
    const renamed = 'from pkg.helpers import renamed\n    return renamed()\n\n\ndef more():\n    pass\n';
    expect(await complete(renamed)).toHaveLength(1);
  });
});

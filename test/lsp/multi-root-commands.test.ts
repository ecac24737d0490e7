import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandOutcome } from '../../src/lsp/task-commands.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { LspClient } from '../support/lsp-client.js';
import { tempProject } from '../support/temp-project.js';

/**
 * Task commands in a two-folder workspace over stdio (w156): a command names the editor's open file
 * (`uri`, also for chat, ask, debug and change, which need no buffer) and runs in that file's folder, and
 * every answer names the folder it ran in (`folder`, a file URI), whose paths its citations are: the
 * editor resolves them there, not in its first folder. Both folders hold a `shapes.py`; only the second
 * holds `circle.py`. The model is a loopback server speaking OpenAI's protocol. Needs `npm run build`.
 */

const SHAPES_A = 'def area(width, height):\n    return width * height\n';
const SHAPES_B = 'def volume(width, height, depth):\n    return width * height * depth\n';
const CIRCLE = 'import math\n\n\ndef circumference(radius):\n    return 2 * math.pi * radius\n';

const made: string[] = [];
let fake: FakeProviders;
let a: string;
let b: string;
let client: LspClient;

const uri = (root: string, path: string) => pathToFileURL(join(root, path)).href;
const folderUri = (root: string) => pathToFileURL(root).href;
const command = (name: string, argument: unknown) =>
  client.connection.sendRequest('workspace/executeCommand', {
    command: name,
    arguments: [argument],
  }) as Promise<CommandOutcome>;

beforeAll(async () => {
  fake = await startFakeProviders();
  const project = (files: Record<string, string>) =>
    tempProject(
      'vouch-lsp-commands-',
      { '.git/HEAD': 'ref: refs/heads/main\n', 'vouch.toml': '[security]\nexternal = false\n', ...files },
      made,
    );
  a = project({ 'shapes.py': SHAPES_A });
  b = project({ 'shapes.py': SHAPES_B, 'circle.py': CIRCLE });
  client = new LspClient(a, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: project({}),
    NO_COLOR: '1',
    OLLAMA_HOST: 'http://127.0.0.1:9',
    OPENAI_BASE_URL: fake.openAiUrl,
  });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri(a),
    workspaceFolders: [
      { uri: folderUri(a), name: 'a' },
      { uri: folderUri(b), name: 'b' },
    ],
    capabilities: { workspace: { workspaceFolders: true } },
    initializationOptions: { model: 'openai:qwen2.5-coder-1.5b', telemetry: false },
  });
  client.connection.sendNotification('initialized', {});
});

afterAll(async () => {
  await client?.close();
  await fake?.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('vouch lsp: commands in the open file’s folder, answers naming it (w156)', () => {
  it('explain on the second folder’s buffer answers with that folder', async () => {
    fake.reset();
    fake.script('/v1/chat/completions', { text: '`volume` multiplies three sides [shapes.py:1].' });
    const outcome = await command('vouch.explain', { uri: uri(b, 'shapes.py') });
    expect(outcome.folder).toBe(folderUri(b));
    expect(outcome.result?.citations.map((citation) => citation.path)).toEqual(['shapes.py']);
    // control: the first folder's buffer answers with the first folder
    fake.script('/v1/chat/completions', { text: '`area` multiplies two sides [shapes.py:1].' });
    expect((await command('vouch.explain', { uri: uri(a, 'shapes.py') })).folder).toBe(folderUri(a));
  }, 120_000);

  it('chat and ask run in the folder of the file they name, and cite its files', async () => {
    fake.reset();
    fake.script('/v1/chat/completions', { text: 'The circumference is in `circumference` [circle.py:4].' });
    const chat = await command('vouch.chat', {
      message: 'where is the circumference computed?',
      history: [],
      uri: uri(b, 'shapes.py'),
    });
    expect(chat.folder).toBe(folderUri(b));
    // circle.py is only the second folder's: a citation of it stands only when the chat ran there
    expect(chat.result?.citations.map((citation) => citation.path)).toEqual(['circle.py']);

    fake.script('/v1/chat/completions', { text: 'In `circumference` [circle.py:4].' });
    const ask = await command('vouch.ask', {
      question: 'where is the circumference computed?',
      uri: uri(b, 'circle.py'),
    });
    expect(ask.folder).toBe(folderUri(b));
    expect(ask.result?.citations.map((citation) => citation.path)).toEqual(['circle.py']);
  }, 180_000);

  it('a command without a file runs in the first folder, and says so', async () => {
    fake.reset();
    fake.script('/v1/chat/completions', { text: 'The area is in `area` [shapes.py:1].' });
    const ask = await command('vouch.ask', 'where is the area computed?');
    expect(ask.folder).toBe(folderUri(a));
    fake.script('/v1/chat/completions', { text: 'The circumference is in `circumference` [circle.py:4].' });
    const chat = await command('vouch.chat', { message: 'where is the circumference?', history: [] });
    expect(chat.folder).toBe(folderUri(a));
    // the first folder has no circle.py: the citation does not stand there
    expect(chat.result?.citations).toEqual([]);
  }, 180_000);
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, InlineCompletionItem } from 'vscode-languageserver/node';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { LspClient } from '../support/lsp-client.js';
import { tempProject } from '../support/temp-project.js';

/**
 * A multi-root workspace in the real `vouch lsp` over stdio (w137): folders added after start-up
 * (`workspace/didChangeWorkspaceFolders`) are gated with their own project and `vouch.toml`, a removed
 * one's buffers lose their diagnostics; each folder's `vouch.toml` edited on disk takes effect without a
 * restart (an invalid one makes that folder's buffers "not verified" and leaves the others alone);
 * completions run under the buffer's folder's privacy policy and config, which an untrusted folder's
 * `vouch.toml` cannot point at its own endpoint. The model is a loopback server speaking OpenAI's
 * protocol. Needs `npm run build`.
 */

const VIEWS =
  'import os\nfrom flask import request, render_template_string\nfrom app import app\n\n@app.route("/a")\ndef a():\n    return render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])\n\n@app.route("/b")\ndef b():\n    os.system(request.args["c"])\n    return "ok"\n';
const init = (setting: string) =>
  `from flask import Flask\napp = Flask(__name__)\n${setting}\nfrom app import views\n`;
const CALC = 'def add(a, b):\n    \n';
const GATE_ONLY = '[security]\nexternal = false\n';

const code = (diagnostic: Diagnostic) => String(diagnostic.code);
const xss = (list: Diagnostic[]) => list.some((d) => code(d).startsWith('xss '));
const injection = (list: Diagnostic[]) => list.some((d) => code(d).startsWith('command-injection '));
const incomplete = (list: Diagnostic[]) => list.find((d) => code(d) === 'gate-incomplete');

/** The promise, or a failure naming what did not come within `ms` (a server that never answers fails here). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const made: string[] = [];
let fake: FakeProviders;
/** where folder C's untrusted vouch.toml tries to send its code */
let elsewhere: FakeProviders;
let a: string;
let b: string;
let c: string;
let client: LspClient;
const messages: { type: number; message: string }[] = [];

const uri = (root: string, path: string) => pathToFileURL(join(root, path)).href;
const open = (root: string, path: string, text: string) =>
  client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uri(root, path), languageId: 'python', version: 1, text },
  });
const save = (root: string, path: string) =>
  client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uri(root, path) } });
const folder = (root: string) => ({ uri: pathToFileURL(root).href, name: root });
const foldersChanged = (added: string[], removed: string[]) =>
  client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
    event: { added: added.map(folder), removed: removed.map(folder) },
  });
const complete = (root: string) =>
  client.connection.sendRequest('textDocument/inlineCompletion', {
    textDocument: { uri: uri(root, 'calc.py') },
    position: { line: 1, character: 4 },
    context: { triggerKind: 2 },
  }) as Promise<InlineCompletionItem[]>;

beforeAll(async () => {
  fake = await startFakeProviders();
  elsewhere = await startFakeProviders();
  const project = (setting: string, toml: string) =>
    tempProject(
      'vouch-lsp-roots-',
      {
        '.git/HEAD': 'ref: refs/heads/main\n',
        'app/__init__.py': init(setting),
        'app/views.py': VIEWS,
        'calc.py': CALC,
        'vouch.toml': toml,
      },
      made,
    );
  // A sets nothing of Flask's and allows the model; B turns escaping off and forbids a remote model
  a = project('', GATE_ONLY);
  b = project(
    'app.jinja_env.autoescape = False',
    `${GATE_ONLY}\n[privacy]\npolicy = "local-only"\n\n[providers.openai]\nlocation = "remote"\n`,
  );
  // C (untrusted, as every folder here) names an endpoint of its own for the model's key
  c = project('', `${GATE_ONLY}\n[providers.openai]\nbase_url = "${elsewhere.openAiUrl}"\n`);
  const home = mkdtempSync(join(tmpdir(), 'vouch-lsp-roots-home-'));
  made.push(home);
  client = new LspClient(a, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    NO_COLOR: '1',
    OLLAMA_HOST: 'http://127.0.0.1:9',
    OPENAI_BASE_URL: fake.openAiUrl,
  });
  client.connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
    messages.push(params);
  });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(a).href,
    workspaceFolders: [folder(a)],
    capabilities: { workspace: { workspaceFolders: true }, textDocument: { inlineCompletion: {} } },
    initializationOptions: { model: 'openai:qwen2.5-coder-1.5b', telemetry: false },
  });
  client.connection.sendNotification('initialized', {});
});

afterAll(async () => {
  await client?.close();
  await fake?.close();
  await elsewhere?.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('vouch lsp: workspace folders added, edited and removed while it runs (w137)', () => {
  it('a folder added after start-up is gated with its own project; the first folder’s buffer is not', async () => {
    const first = client.nextDiagnostics(uri(a, 'app/views.py'), injection);
    open(a, 'app/views.py', VIEWS);
    expect(xss(await within(first, 90_000, "diagnostics for the first folder's buffer"))).toBe(false);

    foldersChanged([b, c], []);
    const second = client.nextDiagnostics(uri(b, 'app/views.py'), xss);
    open(b, 'app/views.py', VIEWS);
    const reported = await within(second, 90_000, "XSS in the added folder's buffer");
    expect(reported.find((d) => code(d).startsWith('xss '))?.range.start.line).toBe(6);
  }, 200_000);

  it('a completion runs under its own folder’s policy: B forbids the remote model that A uses', async () => {
    open(a, 'calc.py', CALC);
    open(b, 'calc.py', CALC);
    fake.reset();
    fake.script('/v1/completions', { text: 'return a + b\n' });
    expect(await complete(b)).toEqual([]);
    expect(fake.requests).toHaveLength(0);
    // control: the same completion in A, whose policy allows the model, reaches it
    fake.script('/v1/completions', { text: 'return a + b\n' });
    expect((await complete(a)).map((item) => item.insertText)).toEqual(['return a + b']);
    expect(fake.requestsTo('/v1/completions')).toHaveLength(1);
  }, 120_000);

  it('an added folder’s untrusted vouch.toml does not send its code to the endpoint it names', async () => {
    open(c, 'calc.py', CALC);
    fake.reset();
    elsewhere.reset();
    fake.script('/v1/completions', { text: 'return a + b\n' });
    elsewhere.script('/v1/completions', { text: 'return a + b\n' });
    expect((await complete(c)).map((item) => item.insertText)).toEqual(['return a + b']);
    expect(elsewhere.requests).toHaveLength(0);
    expect(fake.requestsTo('/v1/completions')).toHaveLength(1);
    expect(messages.map((m) => m.message).join('\n')).toContain(`${c}/vouch.toml is not trusted; ignored:`);
  }, 120_000);

  it('a folder’s vouch.toml edited on disk takes effect without a restart: its policy, then an invalid file', async () => {
    // C turns local-only: its completions stop reaching the model
    writeFileSync(
      join(c, 'vouch.toml'),
      `${GATE_ONLY}\n[privacy]\npolicy = "local-only"\n\n[providers.openai]\nlocation = "remote"\n`,
    );
    fake.reset();
    fake.script('/v1/completions', { text: 'return a + b\n' });
    expect(await complete(c)).toEqual([]);
    expect(fake.requests).toHaveLength(0);

    // B's file broken on disk, then its buffer saved: B's buffer is not verified, naming the file's line
    writeFileSync(join(b, 'vouch.toml'), '[security]\nexternal = \n');
    const broken = client.nextDiagnostics(uri(b, 'app/views.py'), (list) => incomplete(list) !== undefined);
    save(b, 'app/views.py');
    const notVerified = incomplete(await within(broken, 90_000, "B's not-verified diagnostic"));
    expect(notVerified?.message).toContain(`${join(b, 'vouch.toml')}:2`);
    expect(messages.some((m) => m.type === 1 && m.message.includes(`${join(b, 'vouch.toml')}:2`))).toBe(true);
    // the other folders go on: A's buffer saved is gated as before
    const stillA = client.nextDiagnostics(uri(a, 'app/views.py'), injection);
    save(a, 'app/views.py');
    expect(incomplete(await within(stillA, 90_000, "A's diagnostics"))).toBeUndefined();

    // mended on disk, told by the client's watcher (no save): B's buffer is gated again, its XSS back
    writeFileSync(join(b, 'vouch.toml'), GATE_ONLY);
    const mended = client.nextDiagnostics(
      uri(b, 'app/views.py'),
      (list) => xss(list) && incomplete(list) === undefined,
    );
    client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(b, 'vouch.toml'), type: 2 }],
    });
    await within(mended, 90_000, "B's diagnostics once its vouch.toml is mended");
  }, 300_000);

  it('the first folder’s vouch.toml edited on disk takes effect without a restart too', async () => {
    writeFileSync(
      join(a, 'vouch.toml'),
      `${GATE_ONLY}\n[privacy]\npolicy = "local-only"\n\n[providers.openai]\nlocation = "remote"\n`,
    );
    fake.reset();
    fake.script('/v1/completions', { text: 'return a + b\n' });
    expect(await complete(a)).toEqual([]);
    expect(fake.requests).toHaveLength(0);
    expect(((await client.connection.sendRequest('vouch/status')) as { policy: string }).policy).toBe(
      'local-only',
    );
  }, 60_000);

  it('a removed folder’s buffers lose their diagnostics and completions', async () => {
    const cleared = client.nextDiagnostics(uri(b, 'app/views.py'), (list) => list.length === 0);
    foldersChanged([], [b]);
    await within(cleared, 30_000, "B's diagnostics taken back");
    fake.reset();
    fake.script('/v1/completions', { text: 'return a + b\n' });
    expect(await complete(b)).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  }, 60_000);
});

describe('vouch lsp: a folder nested in another, named at start-up with its own vouch.toml (w137)', () => {
  let outer: string;
  let nested: LspClient;
  beforeAll(async () => {
    // the outer folder allows the model; its subfolder `private/`, a folder of the workspace of its own,
    // forbids a remote one
    outer = tempProject(
      'vouch-lsp-nested-',
      {
        '.git/HEAD': 'ref: refs/heads/main\n',
        'vouch.toml': GATE_ONLY,
        'calc.py': CALC,
        'private/vouch.toml': `${GATE_ONLY}\n[privacy]\npolicy = "local-only"\n\n[providers.openai]\nlocation = "remote"\n`,
        'private/calc.py': CALC,
      },
      made,
    );
    nested = new LspClient(outer, {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: outer,
      NO_COLOR: '1',
      OLLAMA_HOST: 'http://127.0.0.1:9',
      OPENAI_BASE_URL: fake.openAiUrl,
    });
    await nested.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(outer).href,
      workspaceFolders: [folder(outer), folder(join(outer, 'private'))],
      capabilities: { textDocument: { inlineCompletion: {} } },
      initializationOptions: { model: 'openai:qwen2.5-coder-1.5b', telemetry: false },
    });
    nested.connection.sendNotification('initialized', {});
    for (const root of [outer, join(outer, 'private')])
      nested.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: uri(root, 'calc.py'), languageId: 'python', version: 1, text: CALC },
      });
  });
  afterAll(() => nested?.close());

  const completeIn = (root: string) =>
    nested.connection.sendRequest('textDocument/inlineCompletion', {
      textDocument: { uri: uri(root, 'calc.py') },
      position: { line: 1, character: 4 },
      context: { triggerKind: 2 },
    }) as Promise<InlineCompletionItem[]>;
  const explainIn = (root: string) =>
    nested.connection
      .sendRequest('workspace/executeCommand', {
        command: 'vouch.explain',
        arguments: [{ uri: uri(root, 'calc.py') }],
      })
      .catch((error: Error) => error);

  it('a completion and a command in the nested folder send nothing under its local-only policy', async () => {
    fake.reset();
    fake.script('/v1/completions', { text: 'return a + b\n' });
    fake.script('/v1/chat/completions', { text: '`add` adds its two arguments.' });
    expect(await completeIn(join(outer, 'private'))).toEqual([]);
    await explainIn(join(outer, 'private'));
    expect(fake.requests).toHaveLength(0);
    // control: the outer folder's completion and command reach the model its policy allows
    expect((await completeIn(outer)).map((item) => item.insertText)).toEqual(['return a + b']);
    await explainIn(outer);
    expect(fake.requestsTo('/v1/completions')).toHaveLength(1);
    expect(fake.requestsTo('/v1/chat/completions').length).toBeGreaterThan(0);
  }, 180_000);
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver/node';
import { LspClient, startLsp } from '../support/lsp-client.js';

/**
 * Review r25 (w114): the language server checks one buffer, and what another file of its workspace sets of
 * Flask's defaults reaches that check as it reaches a scan of the whole project: `app.jinja_env.autoescape =
 * False` in `app/__init__.py` makes the constant template of `render_template_string` in the open
 * `app/views.py` XSS. Taken out of `app/__init__.py` and the buffer saved, the template clears again while
 * the buffer's command injection stays reported (the security check ran). Needs `npm run build`.
 */

const VIEWS =
  'import os\nfrom flask import request, render_template_string\nfrom app import app\n\n@app.route("/a")\ndef a():\n    return render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])\n\n@app.route("/b")\ndef b():\n    os.system(request.args["c"])\n    return "ok"\n';
const init = (setting: string) =>
  `from flask import Flask\napp = Flask(__name__)\n${setting}\nfrom app import views\n`;

let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'vouch-lsp-settings-'));
  mkdirSync(join(project, '.git'));
  const files: Record<string, string> = {
    'app/__init__.py': init('app.jinja_env.autoescape = False'),
    'app/views.py': VIEWS,
    'vouch.toml': '[security]\nexternal = false\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  }
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const code = (diagnostic: Diagnostic) => String(diagnostic.code);
const xss = (list: Diagnostic[]) => list.some((d) => code(d).startsWith('xss '));
const injection = (list: Diagnostic[]) => list.some((d) => code(d).startsWith('command-injection '));

describe('vouch lsp: a buffer sees its workspace’s Flask settings', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await startLsp(project);
  });
  afterAll(() => client?.close());

  it('XSS in app/views.py while app/__init__.py turns escaping off; cleared once it no longer does', async () => {
    const uri = pathToFileURL(join(project, 'app', 'views.py')).href;
    const reported = client.nextDiagnostics(uri, xss);
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 1, text: VIEWS },
    });
    const first = await reported;
    expect(first.find((d) => code(d).startsWith('xss '))?.range.start.line).toBe(6);
    expect(injection(first)).toBe(true);

    writeFileSync(join(project, 'app', '__init__.py'), init('app.config["X"] = 1'));
    const cleared = client.nextDiagnostics(uri, (list) => injection(list) && !xss(list));
    client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const after = await cleared;
    expect(
      after.filter((d) => code(d).startsWith('command-injection ')).map((d) => d.range.start.line),
    ).toEqual([10]);
  }, 120_000);

  it('saving app/__init__.py with a settings line changed re-gates the open app/views.py', async () => {
    const views = pathToFileURL(join(project, 'app', 'views.py')).href;
    const initUri = pathToFileURL(join(project, 'app', '__init__.py')).href;
    const opened = client.nextDiagnostics(initUri);
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: initUri, languageId: 'python', version: 1, text: init('app.config["X"] = 1') },
    });
    await opened;
    const text = init('app.jinja_env.autoescape = False');
    writeFileSync(join(project, 'app', '__init__.py'), text);
    const reported = client.nextDiagnostics(views, xss);
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: initUri, version: 2 },
      contentChanges: [{ text }],
    });
    client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: initUri } });
    const after = await reported;
    expect(after.find((d) => code(d).startsWith('xss '))?.range.start.line).toBe(6);
  }, 120_000);
});

describe('vouch lsp: a buffer of a multi-root workspace’s second folder is gated with its own project (r27, w123)', () => {
  let folders: string[];
  let client: LspClient;
  beforeAll(async () => {
    // the first folder sets nothing; the second turns escaping off in its app/__init__.py
    folders = [init(''), init('app.jinja_env.autoescape = False')].map((initText) => {
      const root = mkdtempSync(join(tmpdir(), 'vouch-lsp-folder-'));
      mkdirSync(join(root, '.git'));
      for (const [path, text] of Object.entries({
        'app/__init__.py': initText,
        'app/views.py': VIEWS,
        'vouch.toml': '[security]\nexternal = false\n',
      })) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      return root;
    });
    client = new LspClient(folders[0]!, {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: folders[0]!,
      NO_COLOR: '1',
      OLLAMA_HOST: 'http://127.0.0.1:9',
    });
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folders[0]!).href,
      workspaceFolders: folders.map((root, index) => ({ uri: pathToFileURL(root).href, name: `f${index}` })),
      capabilities: {},
    });
    client.connection.sendNotification('initialized', {});
  });
  afterAll(async () => {
    await client?.close();
    for (const root of folders ?? []) rmSync(root, { recursive: true, force: true });
  });

  const open = (uri: string) =>
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 1, text: VIEWS },
    });

  it('XSS in the second folder’s app/views.py from its own settings; none in the first folder’s', async () => {
    const second = pathToFileURL(join(folders[1]!, 'app', 'views.py')).href;
    const reported = client.nextDiagnostics(second, xss);
    open(second);
    expect((await reported).find((d) => code(d).startsWith('xss '))?.range.start.line).toBe(6);
    // control: the first folder's same buffer, its project setting nothing, has the injection and no XSS
    const first = pathToFileURL(join(folders[0]!, 'app', 'views.py')).href;
    const checked = client.nextDiagnostics(first, injection);
    open(first);
    expect(xss(await checked)).toBe(false);
  }, 120_000);
});

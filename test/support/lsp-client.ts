import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type Diagnostic,
  type MessageConnection,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { suiteCacheEnv } from './suite-caches.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');

/**
 * A minimal LSP client driving the real `vouch lsp` process over stdio (JSON-RPC with Content-Length
 * framing, as editors do): it records published diagnostics and answers the server's requests the way a
 * plain editor would.
 */
export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly shown: string[] = [];
  /** `vouch/suggestion` notifications: every suggestion shown, accepted or rejected */
  readonly suggestions: { id: string; outcome: string; model: string; verification: string }[] = [];
  stderr = '';
  private waiters: {
    uri: string;
    test: (list: Diagnostic[]) => boolean;
    resolve: (list: Diagnostic[]) => void;
  }[] = [];

  /** `bin`: another checkout's built CLI (a benchmark comparing two builds); this checkout's by default */
  constructor(cwd: string, env: NodeJS.ProcessEnv, args: string[] = [], bin = BIN) {
    this.process = spawn(process.execPath, [bin, 'lsp', ...args], {
      cwd,
      env: { ...suiteCacheEnv(), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stderr!.on('data', (chunk) => {
      this.stderr += chunk;
    });
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push(params);
      this.diagnostics.set(params.uri, list);
      this.waiters = this.waiters.filter((waiter) => {
        if (waiter.uri !== params.uri || !waiter.test(params.diagnostics)) return true;
        waiter.resolve(params.diagnostics);
        return false;
      });
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('window/showDocument', (params: { uri: string }) => {
      this.shown.push(params.uri);
      return { success: true };
    });
    this.connection.onNotification('vouch/suggestion', (params: LspClient['suggestions'][number]) => {
      this.suggestions.push(params);
    });
    this.connection.onNotification('$/progress', () => undefined);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('window/showMessage', () => undefined);
    this.connection.listen();
  }

  initialize(rootUri: string, initializationOptions: Record<string, unknown> = {}, inlineCompletion = true) {
    return this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      capabilities: {
        window: { workDoneProgress: true, showDocument: { support: true } },
        textDocument: inlineCompletion ? { inlineCompletion: {} } : {},
      },
      initializationOptions,
    });
  }

  /** Resolves with the first diagnostics published for `uri` that pass `test`. */
  nextDiagnostics(uri: string, test: (list: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  async close(): Promise<void> {
    // a server that died answers no shutdown: waiting for it would hang the test instead of failing it
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), exited]);
      this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) resolve();
      else {
        const timer = setTimeout(() => this.process.kill('SIGKILL'), 5_000);
        this.process.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      }
    });
    this.connection.dispose();
  }
}

/**
 * The real `vouch lsp` in `project` with no model it could reach (Ollama's address a closed port),
 * initialized as an editor starts it (`initializationOptions`: the editor's settings). A server that
 * fails to initialize is ended before the error goes up.
 */
export async function startLsp(
  project: string,
  initializationOptions: Record<string, unknown> = {},
): Promise<LspClient> {
  const client = new LspClient(project, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: project,
    NO_COLOR: '1',
    OLLAMA_HOST: 'http://127.0.0.1:9',
  });
  try {
    await client.initialize(pathToFileURL(project).href, initializationOptions);
  } catch (error) {
    await client.close();
    throw error;
  }
  client.connection.sendNotification('initialized', {});
  return client;
}

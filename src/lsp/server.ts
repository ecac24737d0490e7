import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CodeAction,
  CodeActionKind,
  type Connection,
  type Diagnostic,
  type InitializeError,
  type InitializeResult,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadConfig } from '../config/load.js';
import { describeIgnoredSetting, type IgnoredSetting } from '../config/untrusted-settings.js';
import { isVouchError } from '../core/errors.js';
import { type LanguageId, languageForPath, normalizeLanguage } from '../core/languages.js';
import { type TaskHost, TaskSession } from '../tasks/index.js';
import { createModelChooser } from '../tasks/model-host.js';
import { settingsLinesOf } from '../tasks/scan-output.js';
import type { AuditSink } from '../telemetry/privacy.js';
import { type PrivacyPolicy, readPrivacyPolicy } from '../telemetry/privacy-policy.js';
import { type TelemetryServer, telemetryServerFromEnv } from '../telemetry/remote-telemetry.js';
import { readTelemetrySetting, type TelemetrySetting } from '../telemetry/telemetry-setting.js';
import { findWorkspaceRoot } from '../workspace/root.js';
import {
  fileBudgetUnderWholeGate,
  GATE_INCOMPLETE,
  type GateDepth,
  gateIncompleteDiagnostic,
} from './gate.js';
import { GateRunner } from './gate-runner.js';
import { GateYield, pauseExtendedBudget } from './gate-yield.js';
import { InlineCompletions, type SuggestionEvent } from './inline.js';
import { Proposals } from './proposals.js';
import { quickFixes } from './quick-fixes.js';
import { SuggestionLogThread } from './suggestion-log.js';
import {
  fixCodeActions,
  runTaskCommand,
  TASK_COMMANDS,
  type TaskCommandContext,
  taskCodeActions,
} from './task-commands.js';
import { lspTimingsEnabled, recordLspTiming } from './timings.js';

/** What an editor may pass in `initializationOptions` (all optional). */
export interface VouchLspOptions {
  /** `provider:name`, as `--model` */
  model?: string;
  /** quiet time after a keystroke before the quick gate runs (default 400 ms) */
  debounceMs?: number;
  /** record suggestions shown/accepted/rejected in the workspace's store (default true) */
  telemetry?: boolean;
  /** time budget of the whole gate on open and save, in milliseconds (default WHOLE_GATE_BUDGET_MS) */
  gateTimeoutMs?: number;
}

/**
 * The whole gate's time budget on a buffer: under the sandbox's 60 s limit on each of mypy, flake8 and
 * Bandit, so a tool that hangs shows as a gate that did not complete (and says so on the file) rather
 * than as a check quietly skipped a minute later.
 */
const WHOLE_GATE_BUDGET_MS = 50_000;

/**
 * `vouch/status`'s answer: what an editor shows in its status bar. `model` is the completion model's
 * `provider:name`, or absent with `modelError` saying why none could be chosen.
 */
export interface VouchStatus {
  model?: string;
  modelError?: string;
  policy: PrivacyPolicy;
  workspaceRoot: string;
}

interface OpenBuffer {
  /** the document version the gate was last asked about (an open fires a change event of the same version) */
  version?: number;
  controller?: AbortController;
  timer?: NodeJS.Timeout;
  diagnostics: Diagnostic[];
  /** "not verified": the last whole gate did not finish; kept through the quick runs until one does */
  gateIncomplete?: Diagnostic;
}

export interface LanguageServerSettings {
  /** the folder to use when the client names none (the process's working directory) */
  cwd: string;
  /** `--model` given on the command line (initializationOptions.model wins) */
  model?: string;
}

/**
 * vouch's language server: the gate's findings as diagnostics on every open buffer (quick checks as you
 * type, the whole gate on open and save), quick fixes that need no model, and the assistant's tasks as
 * code actions and commands. Everything it runs goes through the same task API and checks as the CLI.
 */
export function startLanguageServer(connection: Connection, settings: LanguageServerSettings): void {
  const documents = new TextDocuments(TextDocument);
  const buffers = new Map<string, OpenBuffer>();
  const proposals = new Proposals();
  let workspaceRoot = settings.cwd;
  /** the roots of the client's other workspace folders (a multi-root workspace), each gated as its own */
  let otherRoots: string[] = [];
  let config: Record<string, unknown> = {};
  /** the config of each other root, read at its first buffer (its vouch.toml, trusted or not, as the first's) */
  const otherConfigs = new Map<string, Record<string, unknown>>();
  /** settings of an untrusted workspace's vouch.toml that were not applied: said once the client is ready */
  let ignoredSettings: IgnoredSetting[] = [];
  let options: VouchLspOptions = {};
  let host: TaskHost | undefined;
  let policy: PrivacyPolicy = 'redact-remote';
  /** what the server's tasks keep across requests: made on initialize, closed on shutdown */
  let session: TaskSession | undefined;
  // an editor that ends the server without a shutdown (gone, or the pipe closed): what the completion
  // cache has waiting is written as the process exits
  const flushOnExit = () => session?.flushNow();
  process.once('exit', flushOnExit);
  // the gate thread's imports checks are answered by this thread's warm probe
  const gate = new GateRunner(() => session);
  /** gate runs in flight (for the timing log, VOUCH_LSP_TIMINGS) */
  let gateRuns = 0;
  // what the gate's thread started (the whole gates' sandboxes) pauses while a completion is in flight
  const gateYield = new GateYield({ threads: () => gate.threads() });
  const inline = new InlineCompletions({
    host: () => host,
    pathOf: (uri) => pathOf(uri),
    record: (event) => recordSuggestion(event),
    log: (message) => connection.console.log(message),
    busy: () => ({ gateRuns, gateProcessesPaused: gateYield.paused }),
    hold: () => gateYield.hold(),
  });

  let suggestionLog: SuggestionLogThread | undefined;
  /** The thread that writes suggestions and the audit log of model calls (started on first use). */
  const telemetryThread = (): SuggestionLogThread => {
    suggestionLog ??= new SuggestionLogThread(workspaceRoot, (message) => connection.console.warn(message), {
      setting: telemetry,
      policy: readPrivacyPolicy(config),
      ...(telemetryServer ? { server: telemetryServer } : {}),
    });
    return suggestionLog;
  };
  /** the team's server, when suggestions go there instead of the workspace's store */
  let telemetryServer: TelemetryServer | undefined;
  /** `telemetry` in vouch.toml (`initializationOptions.telemetry: false` turns it off too) */
  let telemetry: TelemetrySetting = 'full';

  /**
   * Every shown, accepted and rejected suggestion: recorded in the workspace's store (what `vouch stats`
   * reads) or the team's server, as `telemetry` in vouch.toml says (`initializationOptions.telemetry:
   * false` turns it off too), and told to the client (`vouch/suggestion`).
   */
  function recordSuggestion(event: SuggestionEvent): void {
    // after the answer: the completion that shows the suggestion goes out first (the editor waits for
    // it; the record and the notification wait for nobody), in the order the events happened
    setImmediate(() => {
      const { suggestion } = event;
      if (options.telemetry !== false && telemetry !== 'off') telemetryThread().record(event);
      void connection.sendNotification('vouch/suggestion', {
        id: suggestion.id,
        outcome: event.outcome,
        uri: suggestion.uri,
        language: suggestion.language,
        model: suggestion.model,
        confidence: suggestion.confidence,
        verification: suggestion.verification,
      });
    });
  }

  connection.onInitialize((params): InitializeResult | ResponseError<InitializeError> => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const start = folder?.startsWith('file:') ? fileURLToPath(folder) : settings.cwd;
    workspaceRoot = findWorkspaceRoot(start);
    otherRoots = (params.workspaceFolders ?? [])
      .slice(1)
      .filter((other) => other.uri.startsWith('file:'))
      .map((other) => findWorkspaceRoot(fileURLToPath(other.uri)))
      .filter((root) => root !== workspaceRoot);
    options = (params.initializationOptions ?? {}) as VouchLspOptions;
    try {
      const loaded = loadConfig({ workspaceRoot });
      config = loaded.data;
      ignoredSettings = loaded.ignored;
      telemetryServer = telemetryServerFromEnv();
      telemetry = readTelemetrySetting(config);
    } catch (error) {
      // an invalid vouch.toml (or telemetry server setting) is fatal everywhere: the editor shows the
      // message, with the line and column where there is one
      const message = error instanceof Error ? error.message : String(error);
      const hint = isVouchError(error) && error.hint ? ` (${error.hint})` : '';
      return new ResponseError<InitializeError>(1, `vouch: ${message}${hint}`, { retry: false });
    }
    // completions read the index kept open, and those that add an import are checked in a warm
    // sandboxed worker, not a cold Python each time
    session = new TaskSession(workspaceRoot, { warm: true });
    ({ host, policy } = languageServerHost({
      session,
      workspaceRoot,
      config,
      spec: options.model ?? settings.model,
      warn: (message) => connection.console.warn(message),
      // every model call's audit entry, written on the telemetry thread: its commit (an fsync) on this
      // thread held up the request after it; handed over once the completion has answered (the message
      // to the thread is copied, on the way of the answer otherwise)
      audit: async (entry) => {
        setImmediate(() => telemetryThread().audit(entry));
      },
    }));
    // clients without inline completion (LSP 3.18) get the completion as a plain completion item
    const inlineClient = params.capabilities.textDocument?.inlineCompletion !== undefined;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: true },
        inlineCompletionProvider: true,
        ...(inlineClient ? {} : { completionProvider: { resolveProvider: false } }),
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Empty] },
        executeCommandProvider: { commands: [...TASK_COMMANDS, 'vouch.accepted'] },
      },
      serverInfo: { name: 'vouch' },
    };
  });

  connection.onInitialized(() => {
    // the gate's thread loads what the first file's diagnostics need while the editor opens it
    gate.warm({ workspaceRoot, config });
    if (ignoredSettings.length === 0) return;
    const listed = ignoredSettings.map(describeIgnoredSetting).join('; ');
    const message = `vouch: this workspace's vouch.toml is not trusted; ignored: ${listed}. If you trust this repository, run \`vouch trust\` in it and restart the language server.`;
    connection.console.warn(message);
    // a notification, not window/showMessageRequest: a client that does not answer requests must not
    // leave a rejected promise behind (an unhandled rejection ends the process)
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  });

  function bufferOf(uri: string): OpenBuffer {
    let buffer = buffers.get(uri);
    if (!buffer) {
      buffer = { diagnostics: [] };
      buffers.set(uri, buffer);
    }
    return buffer;
  }

  function pathOf(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const absolute = fileURLToPath(uri);
    const path = relative(workspaceRoot, absolute);
    return path.startsWith('..') || isAbsolute(path) ? undefined : path;
  }

  /**
   * The buffer's workspace for the gate: the deepest of the client's workspace folders' roots that holds
   * it, and its path there (review r27: a buffer of a multi-root workspace's second folder had no path in
   * the first's, and was not gated at all, nor with its own project's settings).
   */
  function placeOf(uri: string): { root: string; path: string } | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const absolute = fileURLToPath(uri);
    let found: { root: string; path: string } | undefined;
    for (const root of [workspaceRoot, ...otherRoots]) {
      const path = relative(root, absolute);
      if (path.startsWith('..') || isAbsolute(path) || path === '') continue;
      if (!found || root.length > found.root.length) found = { root, path };
    }
    return found;
  }

  /** The config the gate runs with in `root`: the first folder's, or the other folder's own vouch.toml. */
  function configOf(root: string): Record<string, unknown> {
    if (root === workspaceRoot) return config;
    let loaded = otherConfigs.get(root);
    if (!loaded) {
      // an invalid vouch.toml there throws: the buffer's gate says it is not verified, and why
      loaded = loadConfig({ workspaceRoot: root }).data;
      otherConfigs.set(root, loaded);
    }
    return loaded;
  }

  function languageOf(document: TextDocument): LanguageId | undefined {
    const path = placeOf(document.uri)?.path;
    return (path ? languageForPath(path) : undefined) ?? normalizeLanguage(document.languageId);
  }

  /**
   * Runs the gate on the buffer now, replacing a run still going (and a quick check still waiting for its
   * debounce: this run reads the buffer as it is now); publishes only if nothing changed since. `depths`
   * run one after the other on the same text, each published as it finishes: on open the quick checks
   * first (syntax, imports, vouch's own security rules: milliseconds), then the whole gate (mypy, flake8,
   * Bandit: processes of their own, seconds on a busy machine), so the editor shows something at once. A
   * later run or an edit aborts them all, so a run overtaken by the buffer never publishes over a newer one.
   */
  async function check(uri: string, ...depths: GateDepth[]): Promise<void> {
    const document = documents.get(uri);
    const place = placeOf(uri);
    const language = document && languageOf(document);
    if (!document || !place || !language) return;
    const { root, path } = place;
    const buffer = bufferOf(uri);
    if (buffer.timer) {
      clearTimeout(buffer.timer);
      buffer.timer = undefined;
    }
    buffer.controller?.abort();
    const controller = new AbortController();
    buffer.controller = controller;
    const version = document.version;
    buffer.version = version;
    const text = document.getText();
    /** set when the whole gate ran past its budget: the run is stopped, and the file says why */
    let overBudget: string | undefined;
    /** cancels the whole gate's budget */
    let budget: (() => void) | undefined;
    try {
      for (const depth of depths) {
        if (depth === 'saved') budget = stopWhenOverBudget(controller, (reason) => (overBudget = reason));
        const started = performance.now();
        // on save, one file's analysis ends inside the whole gate's budget (gate.ts)
        const rootConfig = configOf(root);
        const checked =
          depth === 'saved' ? fileBudgetUnderWholeGate(rootConfig, wholeGateBudgetMs()) : rootConfig;
        // counted once the config is read: an invalid vouch.toml throws before the run (review r30)
        gateRuns++;
        const run = await gate
          .run({ path, language, text }, depth, {
            workspaceRoot: root,
            config: checked,
            signal: controller.signal,
          })
          .finally(() => gateRuns--);
        budget?.();
        // a run stopped by its budget that still answered (a check that ignored the abort) is no verdict
        if (overBudget) throw new Error(overBudget);
        if (lspTimingsEnabled)
          recordLspTiming({
            event: 'gate',
            path,
            depth,
            ms: Math.round(performance.now() - started),
            checks: Object.fromEntries(run.results.map((result) => [result.name, result.durationMs])),
          });
        if (controller.signal.aborted || documents.get(uri)?.version !== version) return;
        // only a whole gate that finished takes back "not verified"; the quick checks as you type keep it
        if (depth === 'saved') buffer.gateIncomplete = undefined;
        buffer.diagnostics = buffer.gateIncomplete
          ? [...run.diagnostics, buffer.gateIncomplete]
          : run.diagnostics;
        await connection.sendDiagnostics({ uri, version, diagnostics: buffer.diagnostics });
      }
    } catch (error) {
      budget?.();
      if (controller.signal.aborted && !overBudget) return;
      const reason = overBudget ?? (error instanceof Error ? error.message : String(error));
      connection.console.error(`vouch: checking ${path} failed: ${reason}`);
      // the diagnostics shown stay, with one saying the file is not verified and why: alone, the quick
      // checks' would read as the whole gate's verdict
      // a newer run of the same version (a save after the budget fired) has the say now
      if (documents.get(uri)?.version !== version || (buffer.controller && buffer.controller !== controller))
        return;
      const kept = buffer.diagnostics.filter((diagnostic) => diagnostic.code !== GATE_INCOMPLETE);
      buffer.gateIncomplete = gateIncompleteDiagnostic(reason);
      buffer.diagnostics = [...kept, buffer.gateIncomplete];
      await connection.sendDiagnostics({ uri, version, diagnostics: buffer.diagnostics });
    } finally {
      if (buffer.controller === controller) buffer.controller = undefined;
    }
  }

  /**
   * The whole gate's time budget: past it the buffer's run is stopped (its controller aborted) and
   * `onOverBudget` is told why, in words. The time the gate's processes were paused for completions
   * (gate-yield.ts) is not counted: it is granted on top. Returns what cancels it.
   */
  function stopWhenOverBudget(controller: AbortController, onOverBudget: (reason: string) => void) {
    const budget = wholeGateBudgetMs();
    return pauseExtendedBudget({
      budgetMs: budget,
      pausedMs: () => gateYield.pausedMs(),
      onOver: () => {
        // a run already stopped by a newer one (an edit, a save) is that run's business
        if (controller.signal.aborted) return;
        onOverBudget(
          `it did not finish within ${Math.round(budget / 100) / 10} s and was stopped (mypy, flake8 and the scanners run in the sandbox: a tool that hangs, or a very busy machine, keeps them past it)`,
        );
        controller.abort();
      },
    });
  }

  /** The whole gate's time budget on open and save: the editor's `gateTimeoutMs`, else WHOLE_GATE_BUDGET_MS. */
  function wholeGateBudgetMs(): number {
    const asked = options.gateTimeoutMs;
    return typeof asked === 'number' && Number.isFinite(asked) && asked > 0 ? asked : WHOLE_GATE_BUDGET_MS;
  }

  function schedule(uri: string, version: number): void {
    const buffer = bufferOf(uri);
    buffer.version = version;
    if (buffer.timer) clearTimeout(buffer.timer);
    buffer.controller?.abort();
    buffer.timer = setTimeout(() => {
      buffer.timer = undefined;
      void check(uri, 'typing');
    }, options.debounceMs ?? 400);
  }

  documents.onDidOpen((event) => {
    if (languageOf(event.document) === 'python')
      void settingsLinesOf(event.document.getText()).then((lines) =>
        savedSettings.set(event.document.uri, lines),
      );
    // the quick checks' diagnostics first, then the whole gate's (issue 60: first diagnostics within 3 s)
    void check(event.document.uri, 'typing', 'saved');
    inline.opened(event.document);
  });
  documents.onDidChangeContent((event) => {
    // opening a document fires a content event too, of the version just opened: the whole gate runs for it
    const buffer = buffers.get(event.document.uri);
    if (buffer && buffer.version !== event.document.version) {
      inline.edited(event.document);
      schedule(event.document.uri, event.document.version);
    }
  });
  /** each open Python buffer's settings lines as last saved (or opened), to tell when a save changes them */
  const savedSettings = new Map<string, string>();
  documents.onDidSave((event) => {
    session?.fileSaved();
    void check(event.document.uri, 'saved');
    void regateOnSettings(event.document);
  });

  /**
   * A saved Python file whose Flask settings lines changed (`autoescape = False` added or taken out) changes
   * the verdict of the workspace's other Python buffers: their whole gate runs again, as on their own save
   * (the quick checks reuse settings up to 5 s old; a settings line changes seldom) (review r27).
   */
  async function regateOnSettings(document: TextDocument): Promise<void> {
    if (languageOf(document) !== 'python') return;
    const lines = await settingsLinesOf(document.getText());
    const before = savedSettings.get(document.uri) ?? '';
    savedSettings.set(document.uri, lines);
    if (lines === before) return;
    for (const other of documents.all()) {
      if (other.uri !== document.uri && languageOf(other) === 'python') void check(other.uri, 'saved');
    }
  }
  documents.onDidClose((event) => {
    const buffer = buffers.get(event.document.uri);
    if (buffer?.timer) clearTimeout(buffer.timer);
    buffer?.controller?.abort();
    buffers.delete(event.document.uri);
    savedSettings.delete(event.document.uri);
    inline.closed(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onCodeAction((params): CodeAction[] => {
    const document = documents.get(params.textDocument.uri);
    const language = document && languageOf(document);
    const path = pathOf(params.textDocument.uri);
    if (!document || !language || !path) return [];
    // a client may send diagnostics it rebuilt without their range (seen from a Lua script on Neovim 0.7):
    // those are left out rather than failing the whole request, task actions included
    const diagnostics = (params.context?.diagnostics ?? []).filter(
      (diagnostic) => diagnostic?.range?.start !== undefined && diagnostic.range.end !== undefined,
    );
    const fixes = quickFixes({ uri: document.uri, text: document.getText(), language, diagnostics });
    return [
      ...fixes,
      ...fixCodeActions({ uri: document.uri, diagnostics }),
      ...taskCodeActions({ uri: document.uri, path, range: params.range }),
    ];
  });

  connection.languages.inlineCompletion.on(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    return document ? inline.complete(document, params.position, token) : [];
  });

  connection.onCompletion(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const items = await inline.complete(document, params.position, token);
    return items.map((item) => {
      const text = typeof item.insertText === 'string' ? item.insertText : item.insertText.value;
      return {
        label:
          text
            .split('\n')
            .find((line) => line.trim())
            ?.trim() ?? text,
        detail: 'vouch (checked: syntax, imports, names, security)',
        textEdit: { range: { start: params.position, end: params.position }, newText: text },
        ...(item.command ? { command: item.command } : {}),
      };
    });
  });

  connection.onExecuteCommand(async (params, token) => {
    if (params.command === 'vouch.accepted') return inline.accepted(String(params.arguments?.[0] ?? ''));
    if (!host) throw new ResponseError(2, 'vouch: the server is not initialised');
    const context: TaskCommandContext = {
      connection,
      host,
      document: (uri) => documents.get(uri),
      pathOf,
      proposals,
    };
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    try {
      return await runTaskCommand({
        command: params.command,
        args: params.arguments ?? [],
        context,
        signal: controller.signal,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const hint = isVouchError(error) && error.hint ? ` (${error.hint})` : '';
      // a notification, not window/showMessageRequest: that one waits for an answer that a client without
      // it never gives (its rejection took the whole server down), and there is nothing to choose here
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Error,
        message: `vouch: ${message}${hint}`,
      });
      throw new ResponseError(1, `vouch: ${message}${hint}`);
    }
  });

  // the completion model and the privacy policy, for an editor's status bar (resolving the model reads
  // the config and may ask a local Ollama which models it has; it sends no code anywhere)
  connection.onRequest('vouch/status', async (): Promise<VouchStatus> => {
    const status: VouchStatus = { policy, workspaceRoot };
    if (!host) return { ...status, modelError: 'the server is not initialised' };
    try {
      return { ...status, model: (await host.model('complete')).id };
    } catch (error) {
      return { ...status, modelError: error instanceof Error ? error.message : String(error) };
    }
  });

  connection.onShutdown(async () => {
    // the records and audit entries handed over after their answers (setImmediate runs in order)
    await new Promise((resolve) => setImmediate(resolve));
    await suggestionLog?.close();
    for (const buffer of buffers.values()) {
      if (buffer.timer) clearTimeout(buffer.timer);
      buffer.controller?.abort();
    }
    gateYield.close();
    await gate.close();
    await session?.close();
    session = undefined;
    process.off('exit', flushOnExit);
  });

  documents.listen(connection);
  connection.listen();
}

/**
 * The language server as a task host: one model per kind of work, chosen once, kept across requests,
 * under the workspace's privacy policy, every call in the audit log as the local user.
 */
function languageServerHost({
  session,
  workspaceRoot,
  config,
  spec,
  warn,
  audit,
}: {
  session: TaskSession;
  workspaceRoot: string;
  config: Record<string, unknown>;
  spec: string | undefined;
  warn: (message: string) => void;
  audit: AuditSink;
}): { host: TaskHost; policy: PrivacyPolicy } {
  const chooser = createModelChooser({
    workspaceRoot,
    config,
    ...(spec ? { spec } : {}),
    // a language server cannot show a 1 GB first-use download: the user runs `vouch model pull`
    allowDownload: false,
    onRetry: (event) => warn(`vouch: ${event.error.message}; retrying (attempt ${event.attempt + 1})`),
  });
  return {
    host: { workspaceRoot, config, model: (task) => chooser.model(task, audit), session },
    policy: chooser.privacy.policy,
  };
}

import { fileURLToPath } from 'node:url';
import {
  type CodeAction,
  CodeActionKind,
  type Connection,
  type Diagnostic,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  type InitializeError,
  type InitializeResult,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { workspaceConfigPath } from '../config/load.js';
import { describeIgnoredSetting } from '../config/untrusted-settings.js';
import { type LanguageId, languageForPath, normalizeLanguage } from '../core/languages.js';
import type { TaskHost, TaskSession } from '../tasks/index.js';
import { createModelChooser } from '../tasks/model-host.js';
import { settingsLinesOf } from '../tasks/scan-output.js';
import type { AuditSink } from '../telemetry/privacy.js';
import { type PrivacyPolicy, readPrivacyPolicy } from '../telemetry/privacy-policy.js';
import { type TelemetryServer, telemetryServerFromEnv } from '../telemetry/remote-telemetry.js';
import { readTelemetrySetting, type TelemetrySetting } from '../telemetry/telemetry-setting.js';
import { findWorkspaceRoot } from '../workspace/root.js';
import { errorText } from './error-text.js';
import { type FolderConfigChange, WorkspaceFolders } from './folders.js';
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
  /** the first workspace folder's root: the server's own (its store, its telemetry, `vouch/status`) */
  let workspaceRoot = settings.cwd;
  /** the first folder's config as read at initialize (the gate thread's warm-up) */
  let config: Record<string, unknown> = {};
  let options: VouchLspOptions = {};
  /** messages about folders' configs (ignored untrusted settings, an invalid file): sent once the client is ready */
  let ready = false;
  const heldMessages: { type: MessageType; message: string }[] = [];
  /**
   * every workspace folder, each gated and completed with its own vouch.toml, model host and task session
   * (made on initialize for the first, at first use for the others; closed on shutdown or when removed)
   */
  const folders = new WorkspaceFolders({
    makeHost: ({ root, config: data, session }) =>
      languageServerHost({
        session,
        workspaceRoot: root,
        config: data,
        spec: options.model ?? settings.model,
        warn: (message) => connection.console.warn(message),
        // every model call's audit entry, written on the telemetry thread: its commit (an fsync) on this
        // thread held up the request after it; handed over once the completion has answered (the message
        // to the thread is copied, on the way of the answer otherwise)
        // in the folder's own audit log
        audit: async (entry) => {
          setImmediate(() => telemetryThread(root)?.audit(entry));
        },
      }),
    changed: (change) => folderConfigChanged(change),
  });
  // an editor that ends the server without a shutdown (gone, or the pipe closed): what the completion
  // caches have waiting is written as the process exits
  const flushOnExit = () => {
    for (const session of folders.sessions()) session.flushNow();
  };
  process.once('exit', flushOnExit);
  // the gate thread's imports checks are answered by this thread's warm probe of the buffer's folder
  const gate = new GateRunner((root) => folders.session(root));
  /** gate runs in flight (for the timing log, VOUCH_LSP_TIMINGS) */
  let gateRuns = 0;
  // what the gate's thread started (the whole gates' sandboxes) pauses while a completion is in flight
  const gateYield = new GateYield({ threads: () => gate.threads() });
  const inline = new InlineCompletions({
    host: (uri) => hostOf(uri),
    pathOf: (uri) => pathOf(uri),
    record: (event) => recordSuggestion(event),
    log: (message) => connection.console.log(message),
    warn: (message) =>
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
    busy: () => ({ gateRuns, gateProcessesPaused: gateYield.paused }),
    hold: () => gateYield.hold(),
  });

  /** each folder's thread that writes its suggestions and the audit log of its model calls (started on first use) */
  const suggestionLogs = new Map<string, { key: string; thread: SuggestionLogThread }>();
  /** threads of settings since changed, closed at shutdown if still writing */
  const closingLogs: Promise<void>[] = [];
  /**
   * The telemetry thread of the folder `root` (a buffer's deepest root), in that folder's store, under
   * its settings as they are now: the strictest `telemetry` and privacy policy of `root` and every root
   * it is nested in (review r34: the first folder's were used for every folder, and read once). A
   * setting changed in a vouch.toml starts a new thread; none when a config is invalid.
   */
  function telemetryThread(root: string): SuggestionLogThread | undefined {
    let recording: { setting: TelemetrySetting; policy: PrivacyPolicy };
    try {
      recording = recordingOf(root);
    } catch {
      return undefined;
    }
    const key = JSON.stringify(recording);
    const known = suggestionLogs.get(root);
    if (known?.key === key) return known.thread;
    if (known) closingLogs.push(known.thread.close());
    const thread = new SuggestionLogThread(root, (message) => connection.console.warn(message), {
      ...recording,
      ...(telemetryServer ? { server: telemetryServer } : {}),
    });
    suggestionLogs.set(root, { key, thread });
    return thread;
  }
  /** the team's server, when suggestions go there instead of the workspace's store */
  let telemetryServer: TelemetryServer | undefined;

  /**
   * What a buffer of `root` may record: `off` if any root that holds it says `telemetry = false` (or the
   * editor's `initializationOptions.telemetry: false`), else `metadata` if any says so; under the strictest
   * privacy policy of them. Throws when a config is invalid.
   */
  function recordingOf(root: string): { setting: TelemetrySetting; policy: PrivacyPolicy } {
    const data = folders.strictData(root);
    const setting = options.telemetry === false ? 'off' : readTelemetrySetting(data);
    return { setting, policy: readPrivacyPolicy(data) };
  }

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
      // recorded in the buffer's own folder, under its settings as they are now
      const root = placeOf(suggestion.uri)?.root;
      let setting: TelemetrySetting = 'off';
      try {
        if (root) setting = recordingOf(root).setting;
      } catch {
        // a config invalid now: nothing recorded
      }
      if (root && setting !== 'off') telemetryThread(root)?.record(event);
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
    options = (params.initializationOptions ?? {}) as VouchLspOptions;
    folders.primary = workspaceRoot;
    const first = folders.add(workspaceRoot);
    try {
      // an invalid vouch.toml at start (or telemetry server setting) is fatal everywhere: the editor
      // shows the message, with the line and column where there is one
      if (first.error !== undefined) throw new Error(first.error);
      config = first.data;
      telemetryServer = telemetryServerFromEnv();
      // an invalid telemetry setting refuses the start too (each record reads it again)
      readTelemetrySetting(config);
      // completions read the index kept open, and those that add an import are checked in a warm
      // sandboxed worker, not a cold Python each time
      folders.host(workspaceRoot);
    } catch (error) {
      return new ResponseError<InitializeError>(1, errorText(error), { retry: false });
    }
    // the client's other folders, each gated as its own (an invalid vouch.toml there is that folder's)
    for (const other of (params.workspaceFolders ?? []).slice(1)) {
      if (other.uri.startsWith('file:')) folders.add(findWorkspaceRoot(fileURLToPath(other.uri)));
    }
    // folders added and removed later (registered here: the library's own handler, set just before
    // this one for clients that declare workspace folders, would throw for those that do not)
    connection.onNotification(DidChangeWorkspaceFoldersNotification.type, (change) =>
      workspaceFoldersChanged(change.event),
    );
    watchConfigFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    // clients without inline completion (LSP 3.18) get the completion as a plain completion item
    const inlineClient = params.capabilities.textDocument?.inlineCompletion !== undefined;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: true },
        inlineCompletionProvider: true,
        ...(inlineClient ? {} : { completionProvider: { resolveProvider: false } }),
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Empty] },
        executeCommandProvider: { commands: [...TASK_COMMANDS, 'vouch.accepted'] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'vouch' },
    };
  });

  connection.onInitialized(() => {
    // the gate's thread loads what the first file's diagnostics need while the editor opens it
    gate.warm({ workspaceRoot, config });
    ready = true;
    for (const held of heldMessages.splice(0)) tell(held.type, held.message);
    // a client that watches files for its servers tells of every vouch.toml changed on disk, so a
    // folder's open buffers are gated again at once (without it, the next check sees the change)
    if (watchConfigFiles)
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/vouch.toml' }] })
        .catch(() => undefined);
  });
  /** whether the client registers file watchers for the server (`workspace/didChangeWatchedFiles`) */
  let watchConfigFiles = false;

  /** A message for the user: the output's log and the editor's message area. */
  function tell(type: MessageType, message: string): void {
    if (!ready) {
      heldMessages.push({ type, message });
      return;
    }
    if (type === MessageType.Error) connection.console.error(message);
    else connection.console.warn(message);
    // a notification, not window/showMessageRequest: a client that does not answer requests must not
    // leave a rejected promise behind (an unhandled rejection ends the process)
    void connection.sendNotification(ShowMessageNotification.type, { type, message });
  }

  /**
   * A folder's config was read (first time, or changed since): what was ignored of an untrusted file, or
   * why an invalid one is not used, is said for that folder; a change gates its open buffers again.
   */
  function folderConfigChanged({ root, config: read, reloaded }: FolderConfigChange): void {
    const named = root === workspaceRoot && !reloaded ? "this workspace's vouch.toml" : `${root}/vouch.toml`;
    if (read.error !== undefined) {
      // at initialize the first folder's invalid file refuses the start instead (onInitialize)
      if (root !== workspaceRoot || reloaded)
        tell(
          MessageType.Error,
          `vouch: ${read.error}. Until it is fixed, the buffers of ${root} are not verified and get no completions; other folders are not affected.`,
        );
    } else if (read.ignored.length > 0) {
      const listed = read.ignored.map(describeIgnoredSetting).join('; ');
      tell(
        MessageType.Warning,
        `vouch: ${named} is not trusted; ignored: ${listed}. If you trust this repository, run \`vouch trust\` in it (taken up at the next check, no restart needed).`,
      );
    }
    if (reloaded) regateFolder(root);
  }

  /** Every open buffer gated in `root` runs its whole gate again (its config changed). */
  function regateFolder(root: string): void {
    for (const document of documents.all()) {
      if (placeOf(document.uri)?.root === root) void check(document.uri, 'saved');
    }
  }

  /**
   * The client added or removed workspace folders: an added one is gated with its own vouch.toml (read
   * under its own trust) from now on; a removed one's session is closed. Every open buffer whose folder
   * changed is gated again in its new folder, or has its diagnostics taken back when it is in none.
   */
  async function workspaceFoldersChanged(event: WorkspaceFoldersChangeEvent): Promise<void> {
    const before = new Map(documents.all().map((document) => [document.uri, placeOf(document.uri)?.root]));
    for (const removed of event.removed) {
      if (!removed.uri.startsWith('file:')) continue;
      const root = findWorkspaceRoot(fileURLToPath(removed.uri));
      if (await folders.remove(root)) gate.forget(root);
    }
    for (const added of event.added) {
      if (added.uri.startsWith('file:')) folders.add(findWorkspaceRoot(fileURLToPath(added.uri)));
    }
    for (const [uri, root] of before) {
      const now = placeOf(uri)?.root;
      if (now === root) continue;
      if (now) {
        void check(uri, 'typing', 'saved');
        const document = documents.get(uri);
        if (document) inline.opened(document);
      } else {
        const buffer = buffers.get(uri);
        if (buffer?.timer) clearTimeout(buffer.timer);
        buffer?.controller?.abort();
        if (buffer) buffer.diagnostics = [];
        void connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    }
  }

  /** A vouch.toml changed on disk (the client's watcher): its folder reads it now, and re-gates if it differs. */
  function configFileChanged(uri: string): void {
    if (!uri.startsWith('file:')) return;
    const path = fileURLToPath(uri);
    for (const root of folders.roots()) if (workspaceConfigPath(root) === path) folders.config(root);
  }

  function bufferOf(uri: string): OpenBuffer {
    let buffer = buffers.get(uri);
    if (!buffer) {
      buffer = { diagnostics: [] };
      buffers.set(uri, buffer);
    }
    return buffer;
  }

  /**
   * The buffer's workspace: the deepest of the client's workspace folders' roots that holds it, and its
   * path there (review r27: a buffer of a multi-root workspace's second folder had no path in the
   * first's, and was not gated at all, nor with its own project's settings).
   */
  function placeOf(uri: string): { root: string; path: string } | undefined {
    return folders.placeOf(uri);
  }

  /** The buffer's path in its own folder (what its tasks and completions are given with that folder's host). */
  function pathOf(uri: string): string | undefined {
    return placeOf(uri)?.path;
  }

  /**
   * The model host of the buffer's folder: its own vouch.toml's models and privacy policy, its index and
   * session. None for a buffer in no folder, or in one whose vouch.toml is invalid (its policy unknown:
   * nothing is sent to any model until it is fixed; its gate says why).
   */
  function hostOf(uri: string): TaskHost | undefined {
    const root = placeOf(uri)?.root;
    if (!root) return undefined;
    try {
      return folders.hostWithin(root).host;
    } catch {
      return undefined;
    }
  }

  /**
   * The config the gate runs with in `root`: that folder's vouch.toml as it is now, under the strictest
   * privacy policy of every folder that holds the buffer (an invalid one of them throws: not verified).
   */
  function configOf(root: string): Record<string, unknown> {
    return folders.strictData(root);
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
    const savedIn = placeOf(event.document.uri)?.root;
    if (savedIn) folders.session(savedIn)?.fileSaved();
    // a folder's vouch.toml saved in the editor: that folder reads it now and re-gates its buffers
    configFileChanged(event.document.uri);
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
        detail: inline.detailOf(String(item.command?.arguments?.[0] ?? '')) ?? 'vouch',
        textEdit: { range: { start: params.position, end: params.position }, newText: text },
        ...(item.command ? { command: item.command } : {}),
      };
    });
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) configFileChanged(change.uri);
  });

  connection.onExecuteCommand(async (params, token) => {
    if (params.command === 'vouch.accepted') return inline.accepted(String(params.arguments?.[0] ?? ''));
    if (!folders.primary) throw new ResponseError(2, 'vouch: the server is not initialised');
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    try {
      // a command runs in the folder of the buffer it names (`uri`): its settings, privacy policy and
      // index; chat, debug, change and ask name the editor's open file for that, and without one run in
      // the first folder's. The answer names its folder (`folder`), whose paths its citations are.
      const uri = (params.arguments?.[0] as { uri?: unknown } | undefined)?.uri;
      const root = (typeof uri === 'string' && placeOf(uri)?.root) || folders.primary;
      const context: TaskCommandContext = {
        connection,
        // under the strictest policy of every folder that holds the buffer (review r34)
        host: folders.hostWithin(root).host,
        document: (uri) => documents.get(uri),
        pathOf: (uri) => (placeOf(uri)?.root === root ? pathOf(uri) : undefined),
        proposals,
      };
      return await runTaskCommand({
        command: params.command,
        args: params.arguments ?? [],
        context,
        signal: controller.signal,
      });
    } catch (error) {
      const message = errorText(error);
      // a notification, not window/showMessageRequest: that one waits for an answer that a client without
      // it never gives (its rejection took the whole server down), and there is nothing to choose here
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Error,
        message,
      });
      throw new ResponseError(1, message);
    }
  });

  // the completion model and the privacy policy, for an editor's status bar (resolving the model reads
  // the config and may ask a local Ollama which models it has; it sends no code anywhere)
  connection.onRequest('vouch/status', async (): Promise<VouchStatus> => {
    if (!folders.primary)
      return { policy: 'redact-remote', workspaceRoot, modelError: 'the server is not initialised' };
    let primary: { host: TaskHost; policy: PrivacyPolicy };
    try {
      primary = folders.hostWithin(folders.primary);
    } catch (error) {
      // its vouch.toml became invalid: no model is used there until it is fixed
      return { policy: 'local-only', workspaceRoot, modelError: (error as Error).message };
    }
    const status: VouchStatus = { policy: primary.policy, workspaceRoot };
    try {
      return { ...status, model: (await primary.host.model('complete')).id };
    } catch (error) {
      return { ...status, modelError: error instanceof Error ? error.message : String(error) };
    }
  });

  connection.onShutdown(async () => {
    // the records and audit entries handed over after their answers (setImmediate runs in order)
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([...[...suggestionLogs.values()].map((log) => log.thread.close()), ...closingLogs]);
    for (const buffer of buffers.values()) {
      if (buffer.timer) clearTimeout(buffer.timer);
      buffer.controller?.abort();
    }
    gateYield.close();
    await gate.close();
    await folders.close();
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

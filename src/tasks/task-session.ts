import type { ImportProbe } from '../core/check.js';
import type { IndexStore } from '../index/index-store.js';
import { CompletionCache } from './complete/completion-cache.js';
import { KeptIndex } from './complete/kept-index.js';
import { RecentTrees } from './complete/spliced-trees.js';
import { WarmCompiler } from './complete/warm-compiler.js';

/**
 * What a face keeps for its tasks across requests, in one object it makes beside its host
 * (`TaskHost.session`) and closes when it shuts down: the completion cache, the trees of recently
 * completed files, and — for a face that completes again and again — the index kept open and the warm
 * import probe. No task keeps anything in module variables, starts a timer no one closes, or hooks the
 * process: a task run with no session gets a fresh one for that run alone.
 */

export interface TaskSessionOptions {
  /**
   * a long-lived face that completes again and again (the language server, `vouch serve`):
   * - the index stays open (complete/kept-index.ts), so the context does not reopen it and rebuild its
   *   module tables on every completion;
   * - Python imports are checked in one sandboxed worker that keeps the modules checks imported
   *   (verify/checks/warm-import-probe.ts), warmed with each buffer's imports; without it every check of
   *   a completion that adds an import starts a sandbox and imports cold;
   * - the completion cache's disk writes wait until completions have been quiet for a moment;
   * - Python's compiler checks completions in one sandboxed worker kept warm (complete/warm-compiler.ts),
   *   started when a Python buffer opens, instead of a new sandbox per completion.
   * A one-shot command is not warm: starting a worker costs more than one cold probe.
   */
  warm?: boolean;
  /**
   * the warm import probe to hand checks when the worker lives elsewhere: the language server's gate
   * thread passes a stand-in that asks the editor thread's probe (lsp/forwarded-import-probe.ts)
   */
  importProbe?: ImportProbe;
}

type WarmImportProbe = import('../verify/checks/warm-import-probe.js').WarmImportProbe;

export class TaskSession {
  readonly warm: boolean;
  readonly completions: CompletionCache;
  readonly trees = new RecentTrees();
  /** a warm session's Python compiler for completions (undefined otherwise: a sandbox per compile) */
  readonly compiler: WarmCompiler | undefined;
  private readonly index: KeptIndex | undefined;
  private probe: WarmImportProbe | undefined;
  private readonly standIn: ImportProbe | undefined;
  private readonly probeLoaded: Promise<void>;
  private closed = false;

  constructor(
    readonly workspaceRoot: string,
    options: TaskSessionOptions = {},
  ) {
    this.warm = options.warm === true;
    this.standIn = options.importProbe;
    this.completions = new CompletionCache(workspaceRoot, { deferDisk: this.warm });
    this.index = this.warm ? new KeptIndex(workspaceRoot) : undefined;
    this.compiler = this.warm ? new WarmCompiler(workspaceRoot) : undefined;
    // loaded only for a warm session: a one-shot command never needs the worker's code
    this.probeLoaded = this.warm
      ? import('../verify/checks/warm-import-probe.js').then(({ WarmImportProbe }) => {
          if (!this.closed) this.probe = new WarmImportProbe(workspaceRoot);
        })
      : Promise.resolve();
  }

  /** what a warm session warmed already (warmCompletion: the checks of a language) */
  private readonly warmed = new Set<string>();

  /** True the first time `what` is asked about in this session (something to warm once). */
  firstOf(what: string): boolean {
    if (this.warmed.has(what)) return false;
    this.warmed.add(what);
    return true;
  }

  /** Resolves once what a warm session starts in the background (the import probe) is there. */
  ready(): Promise<void> {
    return this.probeLoaded;
  }

  /** The workspace's index kept open across tasks (a warm session); undefined otherwise or without an index. */
  keptIndex(): IndexStore | undefined {
    return this.index?.get();
  }

  /** The warm import probe checks should ask (a warm session, once loaded). */
  importProbe(): ImportProbe | undefined {
    return this.standIn ?? this.probe;
  }

  /**
   * A file of the workspace was saved (the language server's didSave): cached completions whose imports
   * check ran before are not reused, and a warm probe that holds the file restarts now, not at the next
   * check.
   */
  fileSaved(): void {
    this.completions.fileSaved();
    this.probe?.refresh();
  }

  /**
   * For a process ending without a shutdown (an editor gone without one, a closed pipe), where nothing
   * after `exit` runs: what the cache has waiting is written now, synchronously.
   */
  flushNow(): void {
    this.completions.flushNow();
  }

  /** Writes what waits, frees the trees, closes the index and stops the worker. */
  async close(): Promise<void> {
    this.closed = true;
    await this.completions.flush();
    this.trees.close();
    this.index?.close();
    await this.compiler?.close();
    await this.probeLoaded;
    const probe = this.probe;
    this.probe = undefined;
    await probe?.close();
  }
}

import { z } from 'zod';
import type { ImportProbe } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import { findPythonInterpreter, type PythonInterpreter } from '../runners/python-interpreter.js';
import { forgetHiddenFiles, hiddenProjectFiles } from '../sandbox/hidden-files.js';
import { createWarmPool, type SandboxResult, type WarmPool } from '../sandbox/index.js';
import { ProbeFreshness } from './probe-freshness.js';
import { pythonImportProbe } from './python-import-probe.js';

/**
 * A long-lived import probe per workspace, for faces that check imports again and again (the language
 * server, `complete` in a long-lived process). The cold probe starts a sandbox and a Python and imports
 * every module the code names, every time: half a second for `django.db.models`. Here one sandboxed
 * worker (python/sandbox_worker.py, the same bubblewrap confinement as the cold probe: the project
 * read-only without its secrets files, no network, its own PID namespace) imports the modules checks
 * needed into ITSELF, and each check runs the same probe program in a child forked from it: the modules
 * are there already, so the check costs milliseconds (20–30 here, most of it the fork of a large process).
 * A check whose modules and names are all held already — a completion adding `from django.urls import
 * get_resolver` while the worker holds `django.urls` — is answered by the probe in the worker itself, with
 * no child: dict lookups on modules it imported, no package code run (`inWorker`, python/import_probe.py's
 * `fast` mode, which declines anything else).
 *
 * Trust: a check never answers from a module that changed since the worker imported it. Before a
 * result is used, every module file the worker holds (by the worker, before it runs the check), the
 * folders on its sys.path and the project's folders (here) are compared with the disk
 * (probe-freshness.ts); anything changed restarts the worker, and
 * that check runs the cold probe. A worker that fails, crashes or answers what cannot be parsed costs
 * only its answer: the caller runs the cold probe, so the verdict is the cold probe's.
 *
 * Bounds: one worker per workspace; its own memory capped (RLIMIT_DATA) and no modules kept once it
 * holds KEEP_MB resident; closed after IDLE_MS without a check, and with the process (bubblewrap dies
 * with its parent).
 *
 * Who has one: the face's task session (tasks/task-session.ts) makes it when the face keeps tasks warm,
 * passes it to checks in their context (`CheckContext.importProbe`) and closes it with the session.
 */

const IDLE_MS = 10 * 60_000;
/** the worker stops keeping modules once it holds this much resident memory */
const KEEP_MB = 768;
/** the worker's own RLIMIT_DATA while it imports what it keeps */
const WORKER_MEMORY_MB = 1024;
/** a check's child gets the cold probe's 2 GB on top of what it shares with the worker */
const CHILD_MEMORY_MB = 2048 + WORKER_MEMORY_MB;
const CHECK_WALL_MS = 30_000;
const PRELOAD_WALL_MS = 60_000;
/** restarts in a row (no good answer between) after which the probe stays cold for this workspace */
const MAX_FAILED_RESTARTS = 5;

/** what python/import_probe.py imports itself: every check would import them again */
const PROBE_MODULES = [
  'ast',
  'difflib',
  'importlib.machinery',
  'importlib.util',
  'importlib.metadata',
  'json',
  'pkgutil',
  'inspect',
  're',
];

const preloadReport = z.looseObject({
  loaded: z.array(z.tuple([z.string(), z.string(), z.number(), z.string()])),
  failed: z.array(z.tuple([z.string(), z.string()])),
  startedNs: z.string(),
  path: z.array(z.string()),
  threads: z.number(),
  rssKb: z.number(),
});

export class WarmImportProbe implements ImportProbe {
  private pool: Promise<WarmPool | undefined> | undefined;
  private freshness: ProbeFreshness | undefined;
  /** the last worker's view of the project, kept across a restart for the next one to renew */
  private followed: ProbeFreshness | undefined;
  private interpreter: PythonInterpreter;
  private generation = 0;
  private failedRestarts = 0;
  /** why the last check did not get a warm answer, when it did not */
  private whyCold: string | undefined;
  private full = false;
  private disabled = false;
  private idle: NodeJS.Timeout | undefined;
  /** module specs the worker was asked to keep (and keeps again after a restart) */
  private readonly keep = new Set<string>();
  /** specs never kept again: they failed, crashed the worker or left threads running in it */
  private readonly refused = new Set<string>();
  /** buffers already warmed (their import statements), so an unchanged buffer is not probed again */
  private readonly warmed = new Set<string>();

  constructor(readonly root: string) {
    this.interpreter = findPythonInterpreter(root);
  }

  private start(): Promise<WarmPool | undefined> {
    if (this.disabled) return Promise.resolve(undefined);
    if (this.pool) return this.pool;
    const generation = this.generation;
    this.pool = (async () => {
      // the project as it is before the sandbox is made: a change after this is seen at the next check
      // (screened now, not from the cache of a moment ago: a secrets file may just have appeared)
      forgetHiddenFiles(this.root);
      const hidden = hiddenProjectFiles(this.root);
      const kept = this.followed;
      this.followed = undefined;
      if (kept) kept.renew(hidden);
      const freshness = kept ?? new ProbeFreshness(this.root, hidden);
      if (!freshness.watchable) {
        freshness.close();
        this.disabled = true;
        return undefined;
      }
      const pool = await createWarmPool({
        runtime: 'python',
        size: 1,
        pythonPath: this.interpreter.path,
        projectDir: this.root,
        readOnlyPaths: this.interpreter.readOnlyPaths,
        limits: {
          wallMs: CHECK_WALL_MS,
          cpuMs: CHECK_WALL_MS,
          memoryMb: CHILD_MEMORY_MB,
          outputBytes: 4 << 20,
        },
      });
      if (generation !== this.generation) {
        freshness.close();
        await pool.close();
        return undefined;
      }
      this.freshness = freshness;
      // what the worker holds from its start, the probe's own modules, the package → distribution map,
      // and what was kept before
      void this.preload({ pool, generation, specs: PROBE_MODULES, first: true }).then(() =>
        this.preloadEach(pool, generation, [...this.keep]),
      );
      return pool;
    })().catch((error: unknown) => {
      // no worker (no sandbox, say): every check runs the cold probe, which says why it cannot run
      this.whyCold = `the warm worker could not start: ${error instanceof Error ? error.message : String(error)}`;
      this.disabled = true;
      return undefined;
    });
    return this.pool;
  }

  /**
   * Keeps `specs` one job at a time, each queued when the last has answered: a check asked for meanwhile
   * waits for one module's import at most (a second for some of Django's), not for all of a buffer's.
   */
  private async preloadEach(pool: WarmPool, generation: number, specs: readonly string[]): Promise<void> {
    for (const [index, spec] of specs.entries()) {
      if (generation !== this.generation) return;
      if (this.full) {
        // not kept: a later worker need not import them either
        for (const rest of specs.slice(index)) this.keep.delete(rest);
        return;
      }
      await this.preload({ pool, generation, specs: [spec] });
    }
  }

  private async preload({
    pool,
    generation,
    specs,
    first = false,
  }: {
    pool: WarmPool;
    generation: number;
    specs: readonly string[];
    first?: boolean;
  }): Promise<void> {
    const result = await pool.run({
      source: '',
      cwd: this.root,
      preload: [...specs],
      preloadMemoryMb: WORKER_MEMORY_MB,
      ...(first ? { preloadDistributions: true } : {}),
      timeoutMs: PRELOAD_WALL_MS,
    });
    if (generation !== this.generation) return;
    if (result.status !== 'ok') {
      for (const spec of specs) if (!PROBE_MODULES.includes(spec)) this.refused.add(spec);
      for (const spec of specs) this.keep.delete(spec);
      this.restart(`keeping ${specs.join(', ') || 'nothing'} failed (${result.status})`);
      return;
    }
    let report: z.output<typeof preloadReport>;
    try {
      report = parseExternalJson({
        text: result.stdout,
        schema: preloadReport,
        source: 'the warm import probe',
      });
    } catch (error) {
      this.restart((error as Error).message);
      return;
    }
    for (const [spec] of report.failed) {
      this.refused.add(spec);
      this.keep.delete(spec);
    }
    const changed = this.freshness?.addLoaded(
      report.loaded.map(([path, mtimeNs, size, ino]) => ({
        path,
        mtimeNs: BigInt(mtimeNs),
        size,
        ino: BigInt(ino),
      })),
      BigInt(report.startedNs),
    );
    this.freshness?.setPath(report.path);
    if (changed) this.restart(changed, false);
    else if (report.threads > 1) {
      // forking a process with threads can leave a child holding a lock forever
      for (const spec of specs) this.refused.add(spec);
      for (const spec of specs) this.keep.delete(spec);
      this.restart(`keeping ${specs.join(', ')} left threads running in the worker`);
    } else if (report.rssKb > KEEP_MB * 1024) this.full = true;
  }

  /** Replaces the worker (in the background); the check that found the reason runs the cold probe. */
  private restart(reason: string, failure = true): void {
    this.generation++;
    this.whyCold = reason;
    if (failure) this.failedRestarts++;
    this.full = false;
    if (this.failedRestarts > MAX_FAILED_RESTARTS) this.disabled = true;
    const old = this.pool;
    this.pool = undefined;
    // the project's folders stay followed: the next worker renews them instead of walking the tree again
    if (this.freshness && this.freshness !== this.followed) {
      this.followed?.close();
      this.followed = this.freshness;
    }
    this.freshness = undefined;
    void old?.then((pool) => pool?.close());
    if (!this.disabled) void this.start();
  }

  private touch(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.close(false), IDLE_MS);
    this.idle.unref();
  }

  /** Why the warm worker last could not answer (a module changed, it crashed, it is starting), if it did not. */
  get coldReason(): string | undefined {
    return this.whyCold;
  }

  /**
   * Runs the import probe with `stdin` in the warm worker. Undefined when the worker cannot answer for
   * sure (not started, restarting, something changed, it failed): the caller runs the cold probe.
   */
  async run(stdin: string, signal?: AbortSignal, background = false): Promise<SandboxResult | undefined> {
    if (this.disabled || signal?.aborted) return undefined;
    this.whyCold = undefined;
    this.touch();
    const interpreter = findPythonInterpreter(this.root);
    if (interpreter.path !== this.interpreter.path) {
      this.interpreter = interpreter;
      this.restart(`the project's interpreter is now ${interpreter.path}`, false);
      return undefined;
    }
    const pool = await this.start();
    if (!pool) {
      this.whyCold ??= 'the warm worker is restarting';
      return undefined;
    }
    const generation = this.generation;
    const freshness = this.freshness;
    const running = pool.run({
      source: pythonImportProbe(),
      stdin,
      cwd: this.root,
      timeoutMs: CHECK_WALL_MS,
      urgent: !background,
      // imports and names the worker holds already are answered in it, with no child (import_probe.py); not
      // tried for the gate's checks of a whole buffer, whose attribute chains it would decline after parsing
      inWorker: !background,
      // the worker compares the module files it holds with the disk before it answers: a few hundred
      // stats (6–18 ms of this thread per check under load in bench:lsp) run beside it instead
      checkHeld: true,
    });
    // the folders, compared while the job runs: everything changed before this check was asked for is seen
    // (the module files: by the worker, when it takes the job up, after every keep queued before it)
    const early = freshness?.staleReason(false);
    const result = await new Promise<SandboxResult | undefined>((resolve) => {
      const onAbort = () => resolve(undefined);
      signal?.addEventListener('abort', onAbort, { once: true });
      void running.then((value) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      });
    });
    if (!result || generation !== this.generation) return undefined;
    const stale = early ?? result.stale;
    if (stale) {
      this.restart(stale, false);
      return undefined;
    }
    if (result.status !== 'ok') {
      this.restart(
        `a check failed in the worker (${result.status}${result.reason ? `: ${result.reason}` : ''})`,
      );
      return undefined;
    }
    this.failedRestarts = 0;
    return result;
  }

  /**
   * Compares the worker's modules and view with the disk now (after the editor saved a file, say), so a
   * change is met by a restart in the background rather than by the next check.
   */
  refresh(): void {
    const stale = this.freshness?.staleReason() ?? this.freshness?.fullScan();
    if (stale) this.restart(stale, false);
  }

  /** The worker imports these (module, or `module:name` for `from module import name`) into itself. */
  keepModules(specs: readonly string[]): void {
    if (this.disabled || this.full) return;
    const fresh = specs.filter((spec) => !this.keep.has(spec) && !this.refused.has(spec));
    if (fresh.length === 0) return;
    for (const spec of fresh) this.keep.add(spec);
    const generation = this.generation;
    void this.start().then((pool) => {
      if (pool && generation === this.generation) return this.preloadEach(pool, generation, fresh);
    });
  }

  /** Whether these import statements of this buffer were warmed already (and remembers them). */
  firstWarm(key: string): boolean {
    if (this.warmed.has(key)) return false;
    if (this.warmed.size >= 256) this.warmed.clear();
    this.warmed.add(key);
    return true;
  }

  async close(forever = true): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    if (forever) this.disabled = true;
    this.generation++;
    const old = this.pool;
    this.pool = undefined;
    this.freshness?.close();
    this.freshness = undefined;
    this.followed?.close();
    this.followed = undefined;
    await (await old)?.close();
  }
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../core/check.js';
import { type CpuReading, cpuReadingAtStart, readCpu } from '../core/cpu-reading.js';
import { startModuleWorker } from '../core/module-worker.js';
import type { ScanInput } from './scan.js';
import type { WorkerLoaded, WorkerRequest, WorkerResponse } from './scan-batch.js';
import { BATCH, type QueuedFile, scanQueue } from './scan-pool-queue.js';
import type { RuleText } from './semgrep/semgrep-rules.js';

/**
 * Scans many files on all cores: the engine's analysis is CPU-bound, so worker threads scale it. Files go
 * out largest first, in small batches, to whichever worker is free (scan-pool-queue.ts), so one huge file
 * does not hold up the rest; `vouch scan` scans the small files on this thread too (`thisThread`).
 * Findings come back in input order.
 */

/**
 * The pool's backstop under a file budget: a worker still on a file this long after the budget is ended.
 * The engine stops itself at the budget (engine/deadline.ts) and the worker reports the file stopped; only
 * what cannot read a clock — a regular expression V8 runs in one go — could run on past it, and the
 * engine's are linear (bench/notes/2026-11-27-scan-deadline.md).
 */
export function backstopMs(fileBudgetMs: number): number {
  return fileBudgetMs * 2 + 1000;
}

/** A scan given a deadline (`deadlineMs`) that was not done by then; its workers were ended. */
export class ScanBudgetError extends Error {
  constructor(readonly budgetMs: number) {
    super(`the scan ran past its time budget of ${budgetMs} ms`);
    this.name = 'ScanBudgetError';
  }
}

/** Below this many files, starting workers costs more than it saves. */
export const PARALLEL_FROM = 64;

/**
 * Nor below this much source in all (characters), whatever the number of files, unless the caller asks
 * for the pool (`parallel: true`). A worker starts cold: its own grammar, rules and unoptimised code
 * (since w106 it loads the engine as one script with the build's code cache, dist/security/scan-worker.cjs,
 * its start ≈ 0.55 of the instructions it took before; the figures below are from before that,
 * bench/notes/2026-11-27-warm-workers.md). BenchmarkPython's 100 small
 * files (187 KB, ≈ 0.35 s of analysis in-process) took 1.4–1.5 s of CPU on two workers against
 * 0.8–0.9 s in-process (and took longer by the clock, on a loaded machine); from about half a
 * megabyte of source the analysis (≈ 1.5 ms a KB) outweighs two cold starts (bench/notes/2026-11-27-per-file-cost.md; issue 59).
 */
export const PARALLEL_FROM_CHARACTERS = 512 * 1024;

/**
 * `prepareScanPool` for a scan known so far by its listing alone: `files` files of `bytes` bytes in all (a
 * file's characters are at most its bytes), when the pool would pay for them (PARALLEL_FROM,
 * PARALLEL_FROM_CHARACTERS). `vouch scan DIR` calls it (tasks/scan `prepareScanListing`) between the folder's
 * listing and the reading of its files, before the engine's modules load: the worker's own start (Node's
 * bootstrap of a thread, the bundle, the grammar: ≈ 0.7 s at load 11) then runs on the other core while
 * this thread reads the files, loads the engine and the settings, where it started after all of that before
 * (bench/notes/2026-11-29-scan-start.md; issue 59). This module loads no engine (scan-batch.ts is imported
 * when this thread first scans), so calling it costs the listing nothing. Returns the threads decided.
 */
export function prepareScanListing(files: number, bytes: number): number {
  if (!poolPaysFor(files, bytes)) return 1;
  return prepareScanPool(files, bytes);
}

/**
 * Whether the pool pays for a scan of `files` files of `characters` characters of source in all: enough
 * files (PARALLEL_FROM) and enough source (PARALLEL_FROM_CHARACTERS). The one test of both thresholds, for
 * a scan known by its listing (`prepareScanListing`: bytes, which bound its characters) and for one whose
 * sources are read (scan.ts).
 */
export function poolPaysFor(files: number, characters: number): boolean {
  return files >= PARALLEL_FROM && characters >= PARALLEL_FROM_CHARACTERS;
}

/**
 * How many threads to scan on (1: scan in-process instead; `vouch scan` counts this one among them,
 * `scanInParallel`'s `thisThread`). A worker starts cold (its own
 * interpreter feedback and tier-up, heap and collector), so on a machine whose cores are already busy the
 * pool is no faster than scanning in-process and costs more CPU (measured on Django under load ≈ 10 on 2
 * cores: 120 files per CPU-second in workers against 300 in-process): only free cores get a thread unless
 * `ignoreLoad`, a partly free one for a large scan only (`threadsFor`, by `characters` of source). Free
 * cores are read from the cores' idle time since the last reading (`freeCores`: for `vouch scan`, since the
 * process started, so over its listing and reading of the files); the one-minute load average only when
 * that window is too short or too old to say.
 */
export function poolSize(
  files: number,
  { ignoreLoad = false, characters = 0 }: { ignoreLoad?: boolean; characters?: number } = {},
): number {
  const cores = availableParallelism();
  const wanted = Math.min(cores, 8, Math.ceil(files / (BATCH * 2)));
  if (wanted <= 1) return 1;
  if (ignoreLoad) return wanted;
  const now = readCpu();
  // the decision `prepareScanPool` took for this scan a moment ago stands (its workers are loading)
  const decided = prepared;
  prepared = undefined;
  if (decided && now.at - decided.at <= WINDOW_MS.most) {
    lastReading = now;
    return Math.min(wanted, decided.threads);
  }
  const free = freeCores(lastReading, now, cores) ?? cores - loadavg()[0]!;
  lastReading = now;
  return Math.max(1, Math.min(wanted, threadsFor(free, characters)));
}

/**
 * Source (characters, all files) from which a core only partly free gets a thread too (`threadsFor`): twice
 * the pool's own threshold (scan.ts PARALLEL_FROM_CHARACTERS), as such a thread gets about half a core or
 * more. BenchmarkPython's 1,000 small files (1.9 M characters) and Django's 859 (5 M) are over it, its 100
 * files (187 K) far under (bench/notes/2026-11-29-scan-process.md).
 */
export const PARTLY_FREE_FROM_CHARACTERS = 1024 * 1024;

/** the least share of a core idle over the window that gets a thread, for a scan of PARTLY_FREE_FROM_CHARACTERS */
export const PARTLY_FREE_CORE = 0.25;

/**
 * Threads for `free` cores: one per whole core, and one for the core left partly free when at least half of it
 * was idle, or a quarter for a scan of PARTLY_FREE_FROM_CHARACTERS or more. A thread on a core someone else
 * keeps busy a share `d` of the time still gets about 1 − d/2 of it (the kernel shares a busy core between the
 * two), and a large scan pays for the pool's extra CPU (its cold start and code compiled again: ≈ 15% more
 * CPU on 1,050 small files, 7% on Django): a quarter of a core idle is d = 0.75, ≈ 0.6 of a core. Rounding alone kept a 1,000-file scan on one core when
 * 1.4 cores were free (a two-core machine with 0.6 of a core of someone else's work: the load average 1.6 of
 * the last BenchmarkPython record, the benchmark's own run one of it).
 */
export function threadsFor(free: number, characters: number): number {
  const whole = Math.floor(free);
  const part = free - whole;
  const partly = characters >= PARTLY_FREE_FROM_CHARACTERS ? PARTLY_FREE_CORE : 0.5;
  return whole + (part >= partly ? 1 : 0);
}

/**
 * The reading the next decision measures from: for `vouch scan`, the one taken as the process started,
 * before its bundle loaded (cli/start.ts `startScan`); elsewhere (the server, tests) this module's load.
 */
let lastReading = cpuReadingAtStart() ?? readCpu();

/**
 * Under this window the kernel's idle counts (10 ms ticks: two ticks on each of two cores are 0.4 of a
 * core over 50 ms) say too little; over the other the machine may have changed since (a server between
 * scans), and the load average is as good. `vouch scan` of Django (859 Python files) reaches the pool's
 * decision 90 ms after the module loads on an idle two-core machine: at 100 ms the lagging load average
 * decided, and counted the run before (bench/notes/2026-11-27-scan-pool.md).
 */
const WINDOW_MS = { least: 50, most: 10_000 } as const;

/**
 * Cores free for this process between two readings: the idle ones, plus those this process kept busy
 * itself (its listing and reading, or its idle workers). The one-minute load average lags by a minute:
 * it counted the Bandit or vouch run that had just ended as a busy core (≈ 1 on two cores in an
 * alternating benchmark), so Django on an idle two-core machine was scanned on one core
 * (bench/notes/2026-11-27-scan-pool.md). Undefined when the window is outside `WINDOW_MS`, and when the
 * machine has more cores than this process may use (a container's CPU set or affinity): the others' idle
 * time says nothing about this process's cores.
 */
export function freeCores(since: CpuReading, now: CpuReading, cores: number): number | undefined {
  const window = now.at - since.at;
  if (!(window >= WINDOW_MS.least && window <= WINDOW_MS.most)) return undefined;
  if (since.counted !== cores || now.counted !== cores) return undefined;
  const free = (now.idleMs - since.idleMs + (now.ownMs - since.ownMs)) / window;
  return Math.min(cores, Math.max(0, free));
}

/** the decision `prepareScanPool` took, which the next `poolSize` gives again (when it is this recent) */
let prepared: { threads: number; at: number } | undefined;

/** workers started since the process began (scanWorkersStarted) */
let workersStarted = 0;

/** How many scan workers this process has started (tests: a worker kept, not replaced). */
export function scanWorkersStarted(): number {
  return workersStarted;
}

/** what the last LOADS_KEPT workers started from the scan bundle said of their start (tests, benchmarks) */
const loads: WorkerLoaded[] = [];
/** a server starts workers for as long as it runs: only the last ones are kept */
const LOADS_KEPT = 64;

/** How the scan workers this process started loaded the engine (`WorkerLoaded`), oldest first (the last 64). */
export function scanWorkerLoads(): readonly WorkerLoaded[] {
  return loads;
}

/**
 * dist/security/scan-worker.cjs beside `module` (the compiled scan-worker.js) when the build made it: a
 * worker started from it loads the engine as one script with the build's code cache (cli/start.ts
 * `startScanWorker`), or from `module` when that script is stale.
 */
function bundledWorker(module: URL): URL {
  const starter = new URL('./scan-worker.cjs', module);
  return existsSync(starter) ? starter : module;
}

function startWorker(): Worker {
  workersStarted++;
  const options = { execArgv: workerExecArgv() };
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(bundledWorker(new URL('./scan-worker.js', import.meta.url)), options);
  // From TypeScript sources with an up-to-date `npm run build` beside them: the compiled worker starts
  // without compiling the engine first.
  const built = freshBuild();
  if (built) return new Worker(bundledWorker(built), options);
  // Running from TypeScript sources (tests, benchmarks): the TypeScript worker module, through tsx.
  return startModuleWorker(new URL('./scan-worker.ts', import.meta.url), options);
}

/**
 * The process's Node options a worker inherits, less those that only mean something for the main script:
 * vouch started from `node --input-type=module -e …` (embedded in another program) gave its workers
 * `--input-type` with a file, which Node refuses ("--input-type can only be used with string input"), and
 * the scan failed with exit 2.
 */
function workerExecArgv(): string[] {
  const kept: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (/^(?:-e|--eval|-p|--print)$/.test(arg)) i++;
    else if (arg === '--input-type') i++;
    else if (!/^(?:--input-type=|--eval=|--print=)/.test(arg)) kept.push(arg);
  }
  return kept;
}

/**
 * Workers kept between scans. A worker's first thousand files run while V8 is still compiling the
 * engine (about 2 CPU-seconds per thread on Django-sized code), so a process that scans again (the
 * server, the language server, `generate` checking its candidates) reuses warm ones. Idle workers do not
 * keep the process alive, and end after `IDLE_MS` without work.
 */
const idle: Worker[] = [];
/** the fingerprint of the team rule set each worker has compiled (scan-worker.ts keeps the last one) */
const rulesSent = new WeakMap<Worker, string>();
const exited = new WeakSet<Worker>();
const IDLE_MS = 60_000;
let idleTimer: NodeJS.Timeout | undefined;

function takeWorker(): Worker {
  const worker = idle.pop() ?? watched(startWorker());
  worker.ref();
  return worker;
}

/** A new worker that leaves the idle list if it dies between scans. */
function watched(worker: Worker): Worker {
  const forget = () => {
    exited.add(worker);
    const index = idle.indexOf(worker);
    if (index >= 0) idle.splice(index, 1);
  };
  worker.on('message', (message: WorkerResponse) => {
    if ('loaded' in message && loads.push(message) > LOADS_KEPT) loads.shift();
  });
  worker.on('exit', forget);
  // Between scans nobody else listens; an error then only means the worker is gone.
  worker.on('error', forget);
  return worker;
}

function releaseWorkers(workers: Worker[]): void {
  for (const worker of workers) {
    if (exited.has(worker)) continue;
    worker.unref();
    if (idle.length < availableParallelism()) idle.push(worker);
    else void worker.terminate();
  }
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closeScanPool(), IDLE_MS);
  idleTimer.unref();
}

/** How many warm workers wait for the next scan. */
export function idleScanWorkers(): number {
  return idle.length;
}

/** Ends the idle workers now (tests, or a server shutting down). */
export async function closeScanPool(): Promise<void> {
  clearTimeout(idleTimer);
  await Promise.all(idle.splice(0).map((worker) => worker.terminate()));
}

/**
 * Decides the pool's size for a scan of `files` files about to start, and starts its workers now (this
 * thread scans too, so `threads - 1` of them), kept idle for the scan's `scanInParallel`; the scan's own
 * `poolSize` then gives the same decision. `vouch scan` calls it as soon as it has read the files
 * (tasks/scan `prepareScan`): a worker takes ≈ 0.2 s to load its engine, which it otherwise spent after
 * the decision, while this thread scanned alone; now it loads while this thread reads the project's
 * settings and prepares the scan (bench/notes/2026-11-28-scan-speed-3.md; issue 59). The same guard as
 * the scan's: only cores idle now get a worker. Returns the threads decided (1: in-process, none started).
 */
export function prepareScanPool(files: number, characters = 0): number {
  const threads = poolSize(files, { characters });
  // one thread is a decision too: the scan's own `poolSize` keeps it, not a new reading of a window of a few ms
  prepared = { threads, at: performance.now() };
  if (threads <= 1) return 1;
  while (idle.length < threads - 1) {
    const worker = watched(startWorker());
    // idle until the scan takes it: it does not keep the process alive, as a worker between scans
    worker.unref();
    idle.push(worker);
  }
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closeScanPool(), IDLE_MS);
  idleTimer.unref();
  return threads;
}

/** What `scanInParallel` is asked to do beside scanning `inputs`. */
export interface ParallelScanOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** files whose engine findings are known already: only the team's rules run on them */
  engineCached?: ReadonlySet<ScanInput>;
  /** the project's Semgrep rules, run by vouch's matcher on `team.inputs` beside the engine (on workers only) */
  team?: { fingerprint: string; texts: RuleText[]; inputs: ReadonlySet<ScanInput> };
  /**
   * the scan fails with ScanBudgetError past this, its workers ended: a team rule's regex can backtrack
   * for ever, and a worker stuck in it is stopped only by terminating it. This thread then scans nothing
   * (`thisThread` is ignored): it could not be ended
   */
  deadlineMs?: number;
  /**
   * each file may take this long (issue 59): the thread on a file says when it begins it (its clock starts
   * then), its engine stops the file itself at the budget (engine/deadline.ts) and says so; a worker still
   * on a file at `backstopMs` (what cannot read a clock) is ended and the other files it held are queued
   * again. Either way the file is listed in `stopped`, its findings none (it was not checked, never a
   * pass). This thread has no backstop, as an in-process scan has none: its engine stops itself
   */
  fileBudgetMs?: number;
  /**
   * false: the workers' engines do not stop themselves at the file budget, only the backstop ends them
   * (the backstop's own test); default true. This thread's engine always stops itself
   */
  selfStop?: boolean;
  /**
   * this thread scans too, beside `threads - 1` workers: one worker's start and warming spared (on two
   * cores, half the pool's extra CPU). It takes the smallest file left, one at a time and none over
   * `HERE_CHARACTERS` (≈ 35 ms), and turns to its event loop between files, so Ctrl-C, the workers'
   * answers, progress and backstop timers wait at most one short file; larger files wait for a worker
   * (scan-pool-queue.ts). The team's rules on the files it scans go to a worker (a pattern-regex that
   * backtracks for ever would hold this thread, and Ctrl-C with it)
   */
  thisThread?: boolean;
}

/** What `scanInParallel` found, in the inputs' order whichever thread scanned each file. */
export interface ParallelScanResult {
  findings: Finding[];
  teamFindings: Finding[];
  stopped: ScanInput[];
  /** files nested too deep for the engine (AnalysisTooDeep), with the reason: not checked (never a pass) */
  tooDeep: { input: ScanInput; reason: string }[];
  /** files this thread scanned (`thisThread`; tests, benchmarks) */
  scannedHere: number;
}

/**
 * Scans `inputs` on `threads` workers (with `thisThread`, this thread and `threads - 1` workers), warm
 * workers from an earlier scan first. The workers take the largest files first, in small batches, this
 * thread the smallest (scan-pool-queue.ts); findings come back in the inputs' order. An earlier share of
 * this thread (w106, batches handed out as they came) measured slower: 5–11% more wall time in three
 * alternating series on two cores, since a worker waiting for its next batch waited for the file this
 * thread was in. Here a worker holds two batches and this thread's files are short; its CPU against two
 * workers is in bench/notes/2026-11-27-main-thread-share.md, its quiet wall time is not measured yet.
 */
export async function scanInParallel(
  inputs: ScanInput[],
  threads: number,
  options: ParallelScanOptions = {},
): Promise<ParallelScanResult> {
  options.signal?.throwIfAborted();
  const fileBudget = options.fileBudgetMs;
  const team = options.team;
  const here = options.thisThread === true && options.deadlineMs === undefined && threads > 1;
  const queued = inputs.flatMap((input, index): QueuedFile[] => {
    const engine = !options.engineCached?.has(input);
    const teamDue = team?.inputs.has(input) ?? false;
    return engine || teamDue ? [{ index, engine, team: teamDue, characters: input.source.length }] : [];
  });
  const engineFound: Finding[][] = inputs.map(() => []);
  const teamFound: Finding[][] = inputs.map(() => []);
  const stopped: number[] = [];
  const tooDeep: { index: number; reason: string }[] = [];
  let scannedHere = 0;
  const result = (): ParallelScanResult => ({
    findings: engineFound.flat(),
    teamFindings: teamFound.flat(),
    stopped: stopped.sort((a, b) => a - b).map((index) => inputs[index]!),
    tooDeep: tooDeep
      .sort((a, b) => a.index - b.index)
      .map(({ index, reason }) => ({ input: inputs[index]!, reason })),
    scannedHere,
  });
  if (queued.length === 0) return result();
  const queue = scanQueue(queued);
  /** parts of each file not scanned yet: 1, or 2 once this thread took its engine's and left its team's rules */
  const left = inputs.map(() => 0);
  for (const file of queued) left[file.index] = 1;
  /** parts queued or sent and not answered yet: the scan is done at 0 */
  let outstanding = queued.length;
  let filesDone = inputs.length - queued.length;
  let reported = filesDone;
  /** the files of each batch sent and not answered yet */
  const sent = new Map<number, QueuedFile[]>();
  let nextBatch = 0;
  const request = (batch: number, files: QueuedFile[], worker?: Worker): WorkerRequest => {
    const skipEngine = files.flatMap((file, index) => (file.engine ? [] : [index]));
    const teamIndexes = files.flatMap((file, index) => (file.team ? [index] : []));
    // The rules' text goes once to each worker per rule set; later batches name it.
    const texts = team && worker && rulesSent.get(worker) !== team.fingerprint ? team.texts : undefined;
    if (team && worker && teamIndexes.length > 0) rulesSent.set(worker, team.fingerprint);
    return {
      batch,
      inputs: files.map((file) => inputs[file.index]!),
      ...(skipEngine.length > 0 ? { skipEngine } : {}),
      ...(fileBudget !== undefined ? { clock: true } : {}),
      ...(fileBudget !== undefined && (worker === undefined || options.selfStop !== false)
        ? { fileBudgetMs: fileBudget }
        : {}),
      ...(team && teamIndexes.length > 0
        ? { team: { fingerprint: team.fingerprint, ...(texts ? { texts } : {}), indexes: teamIndexes } }
        : {}),
    };
  };
  const workerCount = Math.max(1, Math.min(here ? threads - 1 : threads, Math.ceil(queue.size / BATCH)));
  const pool = Array.from({ length: workerCount }, takeWorker);
  /** per worker, the timer of the file it is on (a file budget only) */
  const timers = new Map<Worker, NodeJS.Timeout>();
  /** workers ended at the file budget (not reused, already terminated) */
  const ended = new Set<Worker>();
  const listeners = new Map<
    Worker,
    { message: (response: WorkerResponse) => void; error: (error: Error) => void }
  >();
  // Batches each worker holds, sent and not answered. Workers still holding one when the scan ends (it
  // failed or was aborted) are not reused: their answer would arrive during a later scan.
  const held = new Map<Worker, number[]>();
  let failed = false;
  let abort = () => {};
  let deadline: NodeJS.Timeout | undefined;
  let local: Promise<void> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => {
        failed = true;
        reject(error);
      };
      abort = () => fail(options.signal?.reason ?? new Error('aborted'));
      options.signal?.addEventListener('abort', abort, { once: true });
      const budget = options.deadlineMs;
      if (budget !== undefined) deadline = setTimeout(() => fail(new ScanBudgetError(budget)), budget);
      /** one part of `file` scanned (or stopped: not checked) */
      const partDone = (file: QueuedFile) => {
        outstanding--;
        if (--left[file.index]! === 0) {
          filesDone++;
          // every BATCH files, as a batch's answer said it before this thread scanned file by file
          if (filesDone - reported >= BATCH || filesDone === inputs.length) {
            reported = filesDone;
            options.onProgress?.(filesDone, inputs.length);
          }
        }
        if (outstanding === 0) resolve();
      };
      const answered = (batch: number, response: Extract<WorkerResponse, { findings: Finding[][] }>) => {
        const files = sent.get(batch)!;
        sent.delete(batch);
        for (const [position, file] of files.entries())
          if (file.engine) engineFound[file.index] = response.findings[position] ?? [];
        const teamIndexes = files.flatMap((file, position) => (file.team ? [position] : []));
        for (const [order, position] of teamIndexes.entries())
          teamFound[files[position]!.index] = response.teamFindings?.[order] ?? [];
        // files the engine stopped at their budget, or found nested too deep: not checked
        for (const position of response.stopped ?? []) stopped.push(files[position]!.index);
        for (const { index: position, reason } of response.tooDeep ?? [])
          tooDeep.push({ index: files[position]!.index, reason });
        for (const file of files) partDone(file);
      };
      /** the worker's next batch, if any is left (false: none) */
      const feed = (worker: Worker): boolean => {
        if (failed) return false;
        const files = queue.batch();
        if (files.length === 0) return false;
        const batch = nextBatch++;
        sent.set(batch, files);
        held.set(worker, [...(held.get(worker) ?? []), batch]);
        worker.postMessage(request(batch, files, worker));
        return true;
      };
      /** Two batches for each worker, so a worker has the next one while its answer travels back. */
      const feedAll = () => {
        for (const worker of pool) {
          if (ended.has(worker)) continue;
          while ((held.get(worker)?.length ?? 0) < 2) if (!feed(worker)) break;
        }
      };
      /**
       * A worker still on file `index` of `batch` at the backstop: ended, that file not checked, the other
       * files it held (their findings went with it) queued again, a fresh worker goes on.
       */
      const overrun = (worker: Worker, batch: number, index: number) => {
        if (failed) return;
        timers.delete(worker);
        ended.add(worker);
        detach(worker);
        void worker.terminate();
        const files = sent.get(batch)!;
        stopped.push(files[index]!.index);
        const back = files.filter((_, position) => position !== index);
        for (const other of held.get(worker) ?? [])
          if (other !== batch) back.push(...(sent.get(other) ?? []));
        for (const other of held.get(worker) ?? []) sent.delete(other);
        held.delete(worker);
        queue.putBack(back);
        const replacement = watched(startWorker());
        pool.push(replacement);
        attach(replacement);
        feedAll();
        partDone(files[index]!);
      };
      const detach = (worker: Worker) => {
        const listener = listeners.get(worker);
        if (!listener) return;
        worker.off('message', listener.message);
        worker.off('error', listener.error);
        listeners.delete(worker);
      };
      const attach = (worker: Worker) => {
        const listener = {
          message: (response: WorkerResponse) => {
            // how the worker started (recorded by `watched`), not an answer
            if ('loaded' in response) return;
            if ('started' in response) {
              clearTimeout(timers.get(worker));
              if (fileBudget !== undefined) {
                // Timers run before the messages that came meanwhile: had this thread been busy past the
                // backstop while the worker's answer waited, the worker would be ended having finished.
                // The check after the messages' turn (setImmediate) reads that answer first; it clears or
                // replaces this timer.
                const timer: NodeJS.Timeout = setTimeout(
                  () =>
                    setImmediate(() => {
                      if (timers.get(worker) === timer) overrun(worker, response.batch, response.index);
                    }),
                  backstopMs(fileBudget),
                );
                timers.set(worker, timer);
              }
              return;
            }
            clearTimeout(timers.get(worker));
            timers.delete(worker);
            held.set(
              worker,
              (held.get(worker) ?? []).filter((batch) => batch !== response.batch),
            );
            if ('error' in response) {
              fail(new Error(`security scan worker failed: ${response.error}`));
              return;
            }
            answered(response.batch, response);
            feed(worker);
          },
          error: fail,
        };
        listeners.set(worker, listener);
        worker.on('message', listener.message);
        worker.on('error', listener.error);
      };
      for (const worker of pool) attach(worker);
      feedAll();
      if (!here) return;
      // This thread: the smallest file left, one at a time and only a short one (HERE_CHARACTERS), after a
      // turn of its event loop (signals, the workers' answers, the progress, the backstop's timers). A
      // file it takes with team rules leaves those queued for a worker (feedAll). When only large files
      // are left it stops; the workers finish them.
      const scanHere = async () => {
        // the engine, loaded on this thread's first file (a prepared pool's module loads none: prepareScanListing)
        const { scanBatch } = await import('./scan-batch.js');
        for (;;) {
          await new Promise((wake) => setImmediate(wake));
          if (failed) return;
          const taken = queue.file();
          if (!taken) return;
          const { file, teamQueued } = taken;
          if (teamQueued) {
            left[file.index] = 2;
            outstanding++;
            feedAll();
          }
          const batch = nextBatch++;
          sent.set(batch, [file]);
          let answer: WorkerResponse | undefined;
          await scanBatch(
            request(batch, [file]),
            (response) => {
              if (!('started' in response) && !('loaded' in response)) answer = response;
            },
            options.signal ? { signal: options.signal } : {},
          );
          if (failed) return;
          if (options.signal?.aborted) return abort();
          if (answer === undefined || !('findings' in answer))
            return fail(
              new Error(`security scan failed: ${answer && 'error' in answer ? answer.error : 'no answer'}`),
            );
          scannedHere++;
          answered(batch, answer);
        }
      };
      local = scanHere().catch(fail);
    });
  } finally {
    // this thread's file ends first (under a file budget an aborted signal stops it, as in-process)
    await local;
    clearTimeout(deadline);
    for (const timer of timers.values()) clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
    for (const [worker, listener] of listeners) {
      worker.off('message', listener.message);
      worker.off('error', listener.error);
    }
    const holding = (worker: Worker) => (held.get(worker)?.length ?? 0) > 0;
    const live = pool.filter((worker) => !ended.has(worker));
    const reusable = live.filter((worker) => !holding(worker));
    await Promise.all(live.filter(holding).map((worker) => worker.terminate()));
    releaseWorkers(reusable);
  }
  return result();
}

let fresh: URL | null | undefined;

/**
 * `dist/security/scan-worker.js` when it and every module it imports were compiled after their sources
 * last changed; otherwise null (a stale build would scan with yesterday's engine).
 */
export function freshBuild(): URL | null {
  if (fresh !== undefined) return fresh;
  fresh = null;
  const srcRoot = fileURLToPath(new URL('../', import.meta.url));
  const distRoot = join(srcRoot, '..', 'dist');
  const pending = [join(srcRoot, 'security', 'scan-worker.ts')];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const source = pending.pop()!;
    if (seen.has(source)) continue;
    seen.add(source);
    const compiled = join(distRoot, relative(srcRoot, source)).replace(/\.ts$/, '.js');
    let text: string;
    try {
      if (statSync(compiled).mtimeMs < statSync(source).mtimeMs) return null;
      text = readFileSync(source, 'utf8');
    } catch {
      return null;
    }
    for (const match of text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)\.js'/g))
      pending.push(join(dirname(source), `${match[1]}.ts`));
  }
  fresh = pathToFileURL(join(distRoot, 'security', 'scan-worker.js'));
  return fresh;
}

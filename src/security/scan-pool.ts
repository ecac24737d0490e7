import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../core/check.js';
import { startModuleWorker } from '../core/module-worker.js';
import type { ScanInput } from './scan.js';
import type { WorkerLoaded, WorkerRequest, WorkerResponse } from './scan-worker.js';
import type { RuleText } from './semgrep/semgrep-rules.js';

/**
 * Scans many files on all cores: tree-sitter parsing dominates and is CPU-bound, so worker threads
 * scale it. The calling thread scans too (it is warm; a worker starts cold). Files go out in small
 * batches to whichever thread is free, so one huge file does not hold up the rest. Findings come back
 * in input order.
 */
const BATCH = 16;

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

/**
 * How many worker threads to scan on (1: scan in-process instead). A worker starts cold (its own
 * interpreter feedback and tier-up, heap and collector), so on a machine whose cores are already busy the
 * pool is no faster than scanning in-process and costs more CPU (measured on Django under load ≈ 10 on 2
 * cores: 120 files per CPU-second in workers against 300 in-process): only free cores get a thread unless
 * `ignoreLoad`. Free cores are read from the cores' idle time since the last reading (`freeCores`: for
 * `vouch scan`, since the process started, so over its listing and reading of the files); the one-minute
 * load average only when that window is too short or too old to say.
 */
export function poolSize(files: number, { ignoreLoad = false } = {}): number {
  const cores = availableParallelism();
  const wanted = Math.min(cores, 8, Math.ceil(files / (BATCH * 2)));
  if (wanted <= 1) return 1;
  if (ignoreLoad) return wanted;
  const now = readCpu();
  const free = freeCores(lastReading, now, cores) ?? cores - loadavg()[0]!;
  lastReading = now;
  return Math.max(1, Math.min(wanted, Math.round(free)));
}

/** the machine's idle CPU time over all its cores and this process's own CPU time, at `at` (ms) */
export interface CpuReading {
  at: number;
  idleMs: number;
  ownMs: number;
  /** how many cores the idle time is summed over (`os.cpus()`: every online core of the machine) */
  counted: number;
}

function readCpu(): CpuReading {
  const { user, system } = process.cpuUsage();
  const all = cpus();
  let idleMs = 0;
  for (const cpu of all) idleMs += cpu.times.idle;
  return { at: performance.now(), idleMs, ownMs: (user + system) / 1000, counted: all.length };
}

/** taken when the module loads: for `vouch scan`, at the process's start */
let lastReading = readCpu();

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
 * Scans `inputs` on `threads` workers, warm ones from an earlier scan first. Batches go to whichever
 * worker is free. This thread only hands them out: scanning here too was measured slower (5-11% more
 * wall time in three alternating series on two cores), since a worker waiting for its next batch waited
 * for the file this thread was in.
 */
export async function scanInParallel(
  inputs: ScanInput[],
  threads: number,
  options: {
    signal?: AbortSignal;
    onProgress?: (done: number, total: number) => void;
    /** files whose engine findings are known already: only the team's rules run on them */
    engineCached?: ReadonlySet<ScanInput>;
    /** the project's Semgrep rules, run by vouch's matcher on `team.inputs` beside the engine */
    team?: { fingerprint: string; texts: RuleText[]; inputs: ReadonlySet<ScanInput> };
    /**
     * the scan fails with ScanBudgetError past this, its workers ended: a team rule's regex can backtrack
     * for ever, and a worker stuck in it is stopped only by terminating it
     */
    deadlineMs?: number;
    /**
     * each file may take this long (issue 59): files go out in batches as without a budget, the worker says
     * when it begins each (its clock starts then), its engine stops a file itself at the budget
     * (engine/deadline.ts) and says so; a worker still on a file at `backstopMs` (what cannot read a clock)
     * is ended and the batch's files after that one go out again as a batch of their own. Either way the file is listed in
     * `stopped`, its findings none (it was not checked, never a pass)
     */
    fileBudgetMs?: number;
    /**
     * false: the workers' engines do not stop themselves at the file budget, only the backstop ends them
     * (the backstop's own test); default true
     */
    selfStop?: boolean;
  } = {},
): Promise<{
  findings: Finding[];
  teamFindings: Finding[];
  stopped: ScanInput[];
  /** files nested too deep for the engine (AnalysisTooDeep), with the reason: not checked (never a pass) */
  tooDeep: { input: ScanInput; reason: string }[];
}> {
  options.signal?.throwIfAborted();
  const fileBudget = options.fileBudgetMs;
  // batches of BATCH under a file budget too: the worker says when it begins each file (w65 sent one
  // file per batch to time each, ~5-10% more CPU on Django)
  const size = BATCH;
  const batches: ScanInput[][] = [];
  for (let start = 0; start < inputs.length; start += size) batches.push(inputs.slice(start, start + size));
  const stopped: ScanInput[] = [];
  const tooDeep: { input: ScanInput; reason: string }[] = [];
  /** per worker, the timer of the file it is on (a file budget only) */
  const timers = new Map<Worker, NodeJS.Timeout>();
  const results: Finding[][] = new Array(batches.length);
  const teamResults: Finding[][] = [];
  const request = (batch: number, worker: Worker): WorkerRequest => {
    const batchInputs = batches[batch]!;
    const indexes = (set: ReadonlySet<ScanInput> | undefined) =>
      set ? batchInputs.flatMap((input, index) => (set.has(input) ? [index] : [])) : [];
    const skipEngine = indexes(options.engineCached);
    const team = options.team;
    // The rules' text goes once to each worker per rule set; later batches name it.
    const texts = team && rulesSent.get(worker) !== team.fingerprint ? team.texts : undefined;
    if (team) rulesSent.set(worker, team.fingerprint);
    return {
      batch,
      inputs: batchInputs,
      ...(skipEngine.length > 0 ? { skipEngine } : {}),
      ...(options.fileBudgetMs !== undefined ? { clock: true } : {}),
      ...(options.fileBudgetMs !== undefined && options.selfStop !== false
        ? { fileBudgetMs: options.fileBudgetMs }
        : {}),
      ...(team
        ? {
            team: {
              fingerprint: team.fingerprint,
              ...(texts ? { texts } : {}),
              indexes: indexes(team.inputs),
            },
          }
        : {}),
    };
  };
  const pool = Array.from({ length: Math.max(1, Math.min(threads, batches.length)) }, takeWorker);
  /** workers ended at the file budget (not reused, already terminated) */
  const ended = new Set<Worker>();
  const listeners = new Map<
    Worker,
    { message: (response: WorkerResponse) => void; error: (error: Error) => void }
  >();
  // Batches each worker holds. Workers still holding one when the scan ends (it failed or was aborted)
  // are not reused: their answer would arrive during a later scan.
  const busy = new Map<Worker, number>();
  let next = 0;
  /** batches sent to a worker and not answered yet, and those of an ended worker to send again */
  const held = new Map<Worker, number[]>();
  const requeued: number[] = [];
  let done = 0;
  let failed = false;
  let abort = () => {};
  let deadline: NodeJS.Timeout | undefined;
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
      const finished = (batch: number, findings: Finding[]) => {
        results[batch] = findings;
        done++;
        options.onProgress?.(Math.min(inputs.length, done * size), inputs.length);
        if (done === batches.length) resolve();
      };
      const feed = (worker: Worker) => {
        if ((next >= batches.length && requeued.length === 0) || failed) return;
        const batch = requeued.shift() ?? next++;
        busy.set(worker, (busy.get(worker) ?? 0) + 1);
        held.set(worker, [...(held.get(worker) ?? []), batch]);
        worker.postMessage(request(batch, worker));
      };
      /**
       * A worker still on file `index` of `batch` at the backstop: ended, that file not checked, the batch's
       * other files (their findings went with the worker) sent again as a batch of their own, a fresh
       * worker goes on.
       */
      const overrun = (worker: Worker, batch: number, index: number) => {
        if (failed) return;
        timers.delete(worker);
        ended.add(worker);
        detach(worker);
        busy.delete(worker);
        void worker.terminate();
        const files = batches[batch]!;
        stopped.push(files[index]!);
        // the batch sent ahead to the ended worker goes to the next one, and so do this batch's other files
        requeued.push(...(held.get(worker) ?? []).filter((other) => other !== batch));
        // (a batch of their own at the end: `feed` hands it out after the others)
        const rest = files.filter((_, other) => other !== index);
        if (rest.length > 0) batches.push(rest);
        held.delete(worker);
        const replacement = watched(startWorker());
        pool.push(replacement);
        attach(replacement);
        finished(batch, []);
        feed(replacement);
        feed(replacement);
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
              if (fileBudget !== undefined)
                timers.set(
                  worker,
                  setTimeout(() => overrun(worker, response.batch, response.index), backstopMs(fileBudget)),
                );
              return;
            }
            clearTimeout(timers.get(worker));
            timers.delete(worker);
            busy.set(worker, (busy.get(worker) ?? 1) - 1);
            if ('error' in response) {
              fail(new Error(`security scan worker failed: ${response.error}`));
              return;
            }
            held.set(
              worker,
              (held.get(worker) ?? []).filter((batch) => batch !== response.batch),
            );
            if (response.teamFindings) teamResults[response.batch] = response.teamFindings;
            // files the worker's engine stopped at their budget: not checked
            for (const index of response.stopped ?? []) stopped.push(batches[response.batch]![index]!);
            for (const { index, reason } of response.tooDeep ?? [])
              tooDeep.push({ input: batches[response.batch]![index]!, reason });
            finished(response.batch, response.findings);
            feed(worker);
          },
          error: fail,
        };
        listeners.set(worker, listener);
        worker.on('message', listener.message);
        worker.on('error', listener.error);
      };
      for (const worker of [...pool]) {
        attach(worker);
        // Two batches each, so a worker has the next one while its answer travels back (under a file
        // budget too: a file's clock starts when the worker says it began it).
        feed(worker);
        feed(worker);
      }
      if (batches.length === 0) resolve();
    });
  } finally {
    clearTimeout(deadline);
    for (const timer of timers.values()) clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
    for (const [worker, listener] of listeners) {
      worker.off('message', listener.message);
      worker.off('error', listener.error);
    }
    const holding = (worker: Worker) => (busy.get(worker) ?? 0) > 0;
    const live = pool.filter((worker) => !ended.has(worker));
    const reusable = live.filter((worker) => !holding(worker));
    await Promise.all(live.filter(holding).map((worker) => worker.terminate()));
    releaseWorkers(reusable);
  }
  return { findings: results.flat(), teamFindings: teamResults.flat(), stopped, tooDeep };
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

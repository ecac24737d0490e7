import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { Worker } from 'node:worker_threads';
import type { LanguageId } from '../core/languages.js';
import { startModuleWorker } from '../core/module-worker.js';
import type { FileAnalysis } from './analyze-file.js';
import { completeTextWork, plainAnalysis } from './text-analysis.js';

/**
 * The analysis (tree-sitter, its grammars, the tags queries), loaded on the first file that needs it: a
 * refresh that finds nothing changed — what `vouch context` and `search` usually do — never loads it.
 */
async function analyzeFile(language: LanguageId | undefined, text: string): Promise<FileAnalysis> {
  const analysis = await import('./analyze-file.js');
  return analysis.analyzeFile(language, text);
}

export interface Analyzer {
  analyze(language: LanguageId | undefined, text: string): Promise<FileAnalysis>;
  /** sends the files asked for so far (the pool otherwise sends them once the current task ends) */
  flush?(): void;
  /** why the workers stopped, when they did (files are then analysed on the main thread) */
  failure?(): Error | undefined;
  /** files parsed so far on the workers and, taken from the end of the queue, on the main thread */
  parsedOn?(): { workers: number; mainThread: number };
  close(): Promise<void>;
}

/** In-process analysis: no start-up cost, for small refreshes. */
export const inProcessAnalyzer: Analyzer = {
  analyze: analyzeFile,
  close: async () => {},
};

let tieringUp = true;
/**
 * V8 prints "unrecognized flag" on stderr (it does not throw) for a flag it no longer has: the flag is
 * only set on the V8 lines it was read in (11–13: Node 20, 22, 24).
 */
const KNOWN_V8 = /^1[123]\./.test(process.versions.v8);

/**
 * Whether V8 may tier the WebAssembly that runs next up to optimised code (TurboFan). A grammar's
 * lexer is one huge function — JavaScript's is 98 KB of code — whose optimisation costs far more than it
 * saves on a few files: on Django, 21 JavaScript files cost 0.3–0.5 CPU-s of compiling, ≈ a tenth of the
 * whole first index. While files of a language with few files are parsed, tier-up requests are turned
 * away (V8 checks `--wasm-tier-up-filter` when a function asks, and asks again later if it stays hot);
 * the parse runs the same code, only unoptimised, so its results are the same. V8 flags are process-wide
 * and Node documents changing them after start as unsupported: the call is kept to this one integer
 * flag, and any failure leaves V8 as it was.
 */
export function allowTierUp(allowed: boolean): void {
  if (allowed === tieringUp || !KNOWN_V8) return;
  try {
    // -1: every function may tier up (V8's default); an index no function has: none may.
    setFlagsFromString(`--wasm-tier-up-filter=${allowed ? -1 : 2 ** 30}`);
    tieringUp = allowed;
  } catch {
    // left as it was
  }
}

interface Pending {
  id: number;
  language: LanguageId;
  text: string;
  /** the text's length, counted against its worker's chunks in flight until the result is back */
  weight: number;
  resolve(result: FileAnalysis): void;
  reject(error: Error): void;
}

/** One file for a worker. */
export interface ParseTask {
  id: number;
  language: LanguageId | undefined;
  text: string;
}

/**
 * A worker's answer for one file. The references travel as three columns (names and kinds joined by
 * newlines, lines as an Int32Array) rather than one object each: the structured clone of tens of
 * thousands of small objects cost more, on both threads, than the split.
 */
export interface ParseResult {
  id: number;
  result: FileAnalysis;
  references?: { names: string; kinds: string; lines: Int32Array };
}

/** Packs `result`'s references as columns when no name or kind holds the separator (see ParseResult). */
export function packResult(id: number, result: FileAnalysis): ParseResult {
  const { references } = result;
  if (references.length === 0) return { id, result };
  const lines = new Int32Array(references.length);
  const names: string[] = new Array(references.length);
  const kinds: string[] = new Array(references.length);
  for (let index = 0; index < references.length; index++) {
    const reference = references[index]!;
    if (reference.name.includes('\n') || reference.kind.includes('\n')) return { id, result };
    names[index] = reference.name;
    kinds[index] = reference.kind;
    lines[index] = reference.line;
  }
  result.references = [];
  return { id, result, references: { names: names.join('\n'), kinds: kinds.join('\n'), lines } };
}

/** The FileAnalysis of a worker's answer, references unpacked. */
export function unpackResult(message: ParseResult): FileAnalysis {
  const { result, references } = message;
  if (!references) return result;
  const names = references.names.split('\n');
  const kinds = references.kinds.split('\n');
  const { lines } = references;
  const unpacked = new Array(lines.length);
  for (let index = 0; index < lines.length; index++)
    unpacked[index] = { name: names[index]!, kind: kinds[index]!, line: lines[index]! };
  result.references = unpacked;
  return result;
}

/**
 * Text (plus `FILE_WEIGHT` a file) sent to a worker in one message, and how many such chunks a worker may
 * have in flight: ≈ 500,000 characters, ≈ 65 of Django's files, ≈ 0.1 s of parsing, which outlasts the
 * main thread's longest stretch without a turn of its event loop (a batch's write, the next batch's
 * reads): with two chunks of 48,000 in flight the worker waited 0.5–0.8 s per index for its next chunk.
 * The rest of what was asked for stays here for the main thread to take.
 */
const CHUNK_WEIGHT = 32_000;
const CHUNKS_IN_FLIGHT = 16;
/** what every file costs to parse besides its length, in characters */
const FILE_WEIGHT = 2000;

/**
 * Parsing on worker threads, since tree-sitter in WASM is CPU-bound and one thread does not reach the
 * speed a first index needs. Each worker loads its own grammars (≈100 ms), so small refreshes stay
 * in-process. Falls back to in-process when the worker script is not found (e.g. an unusual bundling).
 *
 * Files asked for wait in one queue. Workers take them from its front, a chunk of about `CHUNK_WEIGHT`
 * characters per message (a message per file cost ≈ 0.1 ms of posting and cloning on each side), with at
 * most `CHUNKS_IN_FLIGHT` chunks each, and answer each chunk with one message. The main thread, which on
 * a first index otherwise waits for the workers (on two cores the one worker is the critical path, and the
 * main thread is idle about a quarter of the time), takes single files from the back of the queue whenever
 * its event loop comes round with nothing else to do, and parses them itself with the same `analyzeFile`
 * — same answer, whichever thread parses. It loads a grammar for that on the first file of its language
 * (not for `fewFiles` languages, left to the workers); with `size: 0` it parses every file.
 */
export function createParsePool(
  options: {
    size?: number;
    /** languages whose grammars each worker loads as soon as it starts, before any file arrives */
    warm?: readonly LanguageId[];
    /**
     * languages with only a few of the files: their grammars' WebAssembly is not tiered up to optimised
     * code while the workers parse them (see parse-worker.ts), and the main thread does not load them
     */
    fewFiles?: readonly LanguageId[];
  } = {},
): Analyzer {
  // One core is left to the main thread, which writes the index (≈ a quarter of a first index's CPU), and
  // to V8's compiler threads, which optimise each worker's code and tier its WebAssembly up separately
  // (≈ 0.4 CPU-s per worker on Django): on two cores one worker indexes faster than two.
  const size = options.size ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  const built = new URL('./parse-worker.js', import.meta.url);
  const source = new URL('./parse-worker.ts', import.meta.url);
  // From src/ (tests, tsx) the worker is TypeScript, started through tsx (a dev dependency).
  const script = existsSync(fileURLToPath(built))
    ? built
    : existsSync(fileURLToPath(source))
      ? source
      : undefined;
  if (!script && size > 0) return inProcessAnalyzer;
  const fewFiles = new Set(options.fewFiles ?? []);
  const workers: { worker: Worker; inFlight: number }[] = [];
  /** asked for and not yet sent: `unsent[head]` is the front */
  let unsent: Pending[] = [];
  let head = 0;
  const sent = new Map<number, Pending>();
  const parsed = { workers: 0, mainThread: 0 };
  let nextId = 0;
  let failed: Error | undefined;
  let closed = false;
  let flushScheduled = false;
  // The chunks, their identifier parts and the imports are added here, whichever thread parsed.
  const settle = (task: Pending, analysis: FileAnalysis) =>
    task.resolve(completeTextWork(task.language, task.text, analysis));

  const dispatch = () => {
    while (head < unsent.length && !failed && !closed) {
      let target: (typeof workers)[number] | undefined;
      for (const entry of workers) if (!target || entry.inFlight < target.inFlight) target = entry;
      if (!target || target.inFlight >= CHUNK_WEIGHT * CHUNKS_IN_FLIGHT) break;
      const chunk: ParseTask[] = [];
      let weight = 0;
      while (head < unsent.length && weight < CHUNK_WEIGHT) {
        const task = unsent[head++]!;
        sent.set(task.id, task);
        weight += task.weight;
        chunk.push({ id: task.id, language: task.language, text: task.text });
      }
      target.inFlight += weight;
      target.worker.postMessage(chunk);
    }
    if (head === unsent.length) {
      unsent = [];
      head = 0;
    }
  };

  const failAll = (error: Error) => {
    const tasks = [...sent.values(), ...unsent.slice(head)];
    sent.clear();
    unsent = [];
    head = 0;
    for (const task of tasks) task.reject(error);
  };

  for (let index = 0; index < size; index++) {
    const worker = startModuleWorker(script!);
    if (options.warm && options.warm.length > 0)
      worker.postMessage({ warm: options.warm, fewFiles: options.fewFiles ?? [] });
    const entry = { worker, inFlight: 0 };
    worker.on('message', (messages: ParseResult[]) => {
      const answered: [Pending, ParseResult][] = [];
      for (const message of messages) {
        const task = sent.get(message.id);
        if (!task) continue;
        sent.delete(message.id);
        entry.inFlight -= task.weight;
        answered.push([task, message]);
      }
      // The next chunk leaves before this one's text work is done here.
      dispatch();
      parsed.workers += answered.length;
      for (const [task, message] of answered) settle(task, unpackResult(message));
    });
    worker.on('error', (error) => {
      failed = error;
      failAll(error);
    });
    workers.push(entry);
  }

  // The main thread's share: its own tree-sitter, loaded for a language on the first file of it.
  const mainLanguages = new Set<LanguageId>();
  const mainReady = new Set<LanguageId>();
  let mainAnalysis: typeof import('./analyze-file.js') | undefined;
  let stealScheduled = false;
  const prepareMainThread = (language: LanguageId) => {
    if (mainLanguages.has(language)) return;
    if (workers.length > 0 && fewFiles.has(language)) return;
    mainLanguages.add(language);
    import('./analyze-file.js')
      .then(async (analysis) => {
        await analysis.prepareLanguage(language);
        mainAnalysis = analysis;
        mainReady.add(language);
        stealSoon();
      })
      .catch(() => {
        // the workers parse that language; analyzeFile reports a grammar that fails to load
      });
  };
  const stealSoon = () => {
    if (stealScheduled || closed || mainReady.size === 0 || head === unsent.length) return;
    stealScheduled = true;
    // An immediate runs once the event loop has handled what is waiting (the workers' answers, the
    // writes they unblock): the main thread parses only when it has nothing else to do.
    setImmediate(() => {
      stealScheduled = false;
      void stealOne();
    });
  };
  const stealOne = async () => {
    if (closed || !mainAnalysis) return;
    let index = unsent.length - 1;
    while (index >= head && !mainReady.has(unsent[index]!.language)) index--;
    if (index < head) return;
    const task = index === unsent.length - 1 ? unsent.pop()! : unsent.splice(index, 1)[0]!;
    parsed.mainThread++;
    let analysis: FileAnalysis;
    try {
      analysis = await mainAnalysis.analyzeFile(task.language, task.text, { textWork: false });
    } catch (error) {
      task.reject(error as Error);
      stealSoon();
      return;
    }
    settle(task, analysis);
    stealSoon();
  };

  const flush = () => {
    dispatch();
    stealSoon();
  };
  return {
    analyze(language, text) {
      if (failed) return analyzeFile(language, text);
      // Nothing to parse: chunked here, which costs less than the round trip (and the worker is busier).
      if (!language) return Promise.resolve(plainAnalysis({ language: undefined, text }));
      const id = nextId++;
      const result = new Promise<FileAnalysis>((resolve, reject) => {
        unsent.push({ id, language, text, weight: text.length + FILE_WEIGHT, resolve, reject });
      });
      prepareMainThread(language);
      if (!flushScheduled) {
        flushScheduled = true;
        queueMicrotask(() => {
          flushScheduled = false;
          flush();
        });
      }
      return result.catch(() => analyzeFile(language, text));
    },
    flush,
    failure: () => failed,
    parsedOn: () => ({ ...parsed }),
    async close() {
      // Files still asked for (none after a whole refresh; some when a write failed) are dropped
      // unanswered, as a terminated worker leaves them: nobody waits for them any more.
      closed = true;
      sent.clear();
      unsent = [];
      head = 0;
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
      // A worker stopped in the middle of a few-files language leaves the process-wide flag set.
      if (fewFiles.size > 0) {
        tieringUp = false;
        allowTierUp(true);
      }
    },
  };
}

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
  language: LanguageId | undefined;
  text: string;
  /** the text's length, counted against its worker's queue until the result is back */
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
 * Parsing on worker threads, since tree-sitter in WASM is CPU-bound and one thread does not reach the
 * speed a first index needs. Each worker loads its own grammars (≈100 ms), so small refreshes stay
 * in-process. Falls back to in-process when the worker script is not found (e.g. an unusual bundling).
 *
 * Files asked for in one go (a batch of the refresh, up to `flush()`) reach each worker as one message, and
 * come back as one message per worker: a message per file cost ≈ 0.1 ms of posting and cloning on each side. Each file
 * goes to the worker with the least text still queued.
 */
export function createParsePool(
  options: {
    size?: number;
    /** languages whose grammars each worker loads as soon as it starts, before any file arrives */
    warm?: readonly LanguageId[];
    /**
     * languages with only a few of the files: their grammars' WebAssembly is not tiered up to optimised
     * code while the workers parse them (see parse-worker.ts)
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
  if (!script) return inProcessAnalyzer;
  const workers: { worker: Worker; queued: number; outbox: ParseTask[] }[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failed: Error | undefined;
  let flushScheduled = false;
  const settle = (message: ParseResult) => {
    const task = pending.get(message.id);
    if (!task) return;
    pending.delete(message.id);
    // The worker left the chunks, their identifier parts and the imports to this thread, which would
    // otherwise wait for it.
    task.resolve(completeTextWork(task.language, task.text, unpackResult(message)));
  };
  for (let index = 0; index < size; index++) {
    const worker = startModuleWorker(script);
    if (options.warm && options.warm.length > 0)
      worker.postMessage({ warm: options.warm, fewFiles: options.fewFiles ?? [] });
    const entry = { worker, queued: 0, outbox: [] as ParseTask[] };
    worker.on('message', (messages: ParseResult[]) => {
      for (const message of messages) {
        entry.queued -= pending.get(message.id)?.weight ?? 0;
        settle(message);
      }
    });
    worker.on('error', (error) => {
      failed = error;
      for (const [, task] of pending) task.reject(error);
      pending.clear();
    });
    workers.push(entry);
  }
  const flush = () => {
    for (const entry of workers) {
      if (entry.outbox.length === 0) continue;
      entry.worker.postMessage(entry.outbox);
      entry.outbox = [];
    }
  };
  return {
    analyze(language, text) {
      if (failed) return analyzeFile(language, text);
      // Nothing to parse: chunked here, which costs less than the round trip (and the worker is busier).
      if (!language) return Promise.resolve(plainAnalysis(undefined, text));
      const target = workers.reduce((best, candidate) => (candidate.queued < best.queued ? candidate : best));
      // A file's cost grows with its length; a constant stands for what every file costs.
      const weight = text.length + 2000;
      target.queued += weight;
      const id = nextId++;
      const result = new Promise<FileAnalysis>((resolve, reject) => {
        pending.set(id, { language, text, weight, resolve, reject });
      });
      target.outbox.push({ id, language, text });
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
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
      // A worker stopped in the middle of a few-files language leaves the process-wide flag set.
      if (options.fewFiles && options.fewFiles.length > 0) {
        tieringUp = false;
        allowTierUp(true);
      }
    },
  };
}

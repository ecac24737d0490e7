import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LanguageId } from '../core/languages.js';
import { LineIndex } from '../core/line-index.js';
import type { FileAnalysis } from './analyze-file.js';

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
  close(): Promise<void>;
}

/** In-process analysis: no start-up cost, for small refreshes. */
export const inProcessAnalyzer: Analyzer = {
  analyze: analyzeFile,
  close: async () => {},
};

/** The chunks' text, cut again from the file's lines (the worker sends their places only). */
function withChunkText(result: FileAnalysis, text: string): FileAnalysis {
  if (result.chunks.length === 0) return result;
  // Where each line starts; a chunk is one slice of the text (its lines joined by \n are exactly that).
  const { starts } = new LineIndex(text);
  for (const chunk of result.chunks) {
    const first = chunk.startLine - 1;
    const last = Math.min(starts.length, chunk.endLine);
    if (first < 0) {
      chunk.text = text.split('\n').slice(first, chunk.endLine).join('\n');
      continue;
    }
    if (first >= last) {
      chunk.text = '';
      continue;
    }
    const end = last < starts.length ? starts[last]! - 1 : text.length;
    chunk.text = text.slice(starts[first]!, end);
  }
  return result;
}

interface Pending {
  resolve(result: FileAnalysis): void;
  reject(error: Error): void;
}

/**
 * Parsing on worker threads, since tree-sitter in WASM is CPU-bound and one thread does not reach the
 * speed a first index needs. Each worker loads its own grammars (≈100 ms), so small refreshes stay
 * in-process. Falls back to in-process when the worker script is not found (e.g. an unusual bundling).
 */
export function createParsePool(size = Math.max(1, Math.min(4, availableParallelism()))): Analyzer {
  const built = fileURLToPath(new URL('./parse-worker.js', import.meta.url));
  const source = fileURLToPath(new URL('./parse-worker.ts', import.meta.url));
  // From src/ (tests, tsx) the worker is TypeScript: load it through tsx, a dev dependency.
  const script = existsSync(built) ? built : existsSync(source) ? source : undefined;
  if (!script) return inProcessAnalyzer;
  const execArgv = script === source ? ['--import', 'tsx'] : [];
  const workers: { worker: Worker; busy: number }[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failed: Error | undefined;
  for (let index = 0; index < size; index++) {
    const worker = new Worker(script, { execArgv });
    worker.on('message', (message: { id: number; result: FileAnalysis }) => {
      const entry = workers.find((candidate) => candidate.worker === worker);
      if (entry) entry.busy--;
      pending.get(message.id)?.resolve(message.result);
      pending.delete(message.id);
    });
    worker.on('error', (error) => {
      failed = error;
      for (const [, task] of pending) task.reject(error);
      pending.clear();
    });
    workers.push({ worker, busy: 0 });
  }
  return {
    analyze(language, text) {
      if (failed) return analyzeFile(language, text);
      const target = workers.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
      target.busy++;
      const id = nextId++;
      return new Promise<FileAnalysis>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        target.worker.postMessage({ id, language, text });
      }).then(
        (result) => withChunkText(result, text),
        () => analyzeFile(language, text),
      );
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}

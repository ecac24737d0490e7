import { parentPort } from 'node:worker_threads';
import { analyzeFile } from './analyze-file.js';
import { type ParseResult, type ParseTask, packResult } from './parse-pool.js';

/**
 * Worker side of the parse pool: a batch of (id, language, text) in, one message of results out, in the
 * same order. analyzeFile never throws.
 */
parentPort?.on('message', async (tasks: ParseTask[]) => {
  const results: ParseResult[] = [];
  for (const task of tasks) {
    const result = await analyzeFile(task.language, task.text);
    // The chunks' text is lines of the file the main thread already holds: only their places travel back
    // (copying the text between threads cost as much as writing it).
    for (const chunk of result.chunks) chunk.text = '';
    results.push(packResult(task.id, result));
  }
  parentPort?.postMessage(results);
});

import { parentPort } from 'node:worker_threads';
import type { LanguageId } from '../core/languages.js';
import { analyzeFile } from './analyze-file.js';

/** Worker side of the parse pool: (language, text) in, FileAnalysis out. analyzeFile never throws. */
parentPort?.on('message', async (task: { id: number; language: LanguageId | undefined; text: string }) => {
  const result = await analyzeFile(task.language, task.text);
  // The chunks' text is lines of the file the main thread already holds: only their places travel back
  // (copying the text between threads cost as much as writing it).
  for (const chunk of result.chunks) chunk.text = '';
  parentPort?.postMessage({ id: task.id, result });
});

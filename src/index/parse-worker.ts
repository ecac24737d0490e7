import { parentPort } from 'node:worker_threads';
import type { LanguageId } from '../core/languages.js';
import { analyzeFile, prepareLanguage } from './analyze-file.js';
import { allowTierUp, type ParseResult, type ParseTask, packResult } from './parse-pool.js';

type Message = ParseTask[] | { warm: LanguageId[]; fewFiles?: LanguageId[] };

/**
 * Languages this worker parses without tiering their WebAssembly up (see `allowTierUp`): set by the first
 * message of a first index.
 */
let fewFiles: ReadonlySet<LanguageId> = new Set();

/**
 * Worker side of the parse pool: a batch of (id, language, text) in, one message of results out, in the
 * same order (analyzeFile never throws); or, first, the languages to load before files arrive. Messages
 * are handled one after another: while the first waits for its grammar, the next must not start, or the
 * batches would interleave and every batch would come back as late as the last.
 */
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (message: Message) => {
  queue = queue.then(() => handle(message));
});

async function handle(message: Message): Promise<void> {
  if (!Array.isArray(message)) {
    fewFiles = new Set(message.fewFiles ?? []);
    for (const language of message.warm) await prepareLanguage(language);
    return;
  }
  const results: ParseResult[] = [];
  for (const task of message) {
    allowTierUp(task.language === undefined || !fewFiles.has(task.language));
    // The chunks, their identifier parts and the imports need only the text and the definitions: the main
    // thread adds them while it waits for this worker, the critical path of a first index (and no chunk
    // text travels back).
    const result = await analyzeFile(task.language, task.text, { textWork: false });
    results.push(packResult(task.id, result));
  }
  allowTierUp(true);
  parentPort?.postMessage(results);
}

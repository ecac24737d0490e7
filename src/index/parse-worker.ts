import { setFlagsFromString } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { LanguageId } from '../core/languages.js';
import { analyzeFile, prepareLanguage } from './analyze-file.js';
import { type ParseResult, type ParseTask, packResult } from './parse-pool.js';

type Message = ParseTask[] | { warm: LanguageId[]; fewFiles?: LanguageId[] };

/**
 * Languages this worker parses without tiering their WebAssembly up (see `optimise`): set by the first
 * message of a first index.
 */
let fewFiles: ReadonlySet<LanguageId> = new Set();
let optimising = true;

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
function optimise(allowed: boolean): void {
  if (allowed === optimising) return;
  try {
    // -1: every function may tier up (V8's default); an index no function has: none may.
    setFlagsFromString(`--wasm-tier-up-filter=${allowed ? -1 : 2 ** 30}`);
    optimising = allowed;
  } catch {
    // left as it was
  }
}

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
    optimise(task.language === undefined || !fewFiles.has(task.language));
    // The chunks, their identifier parts and the imports need only the text and the definitions: the main
    // thread adds them while it waits for this worker, the critical path of a first index (and no chunk
    // text travels back).
    const result = await analyzeFile(task.language, task.text, { textWork: false });
    results.push(packResult(task.id, result));
  }
  optimise(true);
  parentPort?.postMessage(results);
}

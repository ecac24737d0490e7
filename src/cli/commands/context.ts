import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { AssembleContextOptions, AssembledContext } from '../../context/types.js';
import { checkCursorColumn } from '../../core/cursor-column.js';
import { UsageError } from '../../core/errors.js';
import { type IndexStore, indexPath } from '../../index/index-store.js';
import { openWorkspaceIndex, refreshFindsNothing, refreshIndex } from '../../index/open-index.js';
import type { IndexProgress } from '../../index/update-index.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { parseCursorSpec } from '../cursor-spec.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

interface ContextOptions {
  request?: string;
  budget?: string;
  json?: boolean;
}

/**
 * The context assembled from the index as it is, kept only when the refresh turns out to have had nothing
 * to do: the stat pass that tells (≈ 4,600 stats on Django, on this thread: index/listing-snapshot.ts) and
 * the assembly both run, and a cold `vouch context` on an up-to-date index assembles once, not after a
 * refresh that would change nothing. The answer is the one assembled after a
 * refresh, since that refresh would have changed nothing: the index's generation (renewed with any
 * change to a file's rows, by any process) is the same after as before. Undefined when the refresh may
 * have something to do, an embedding model is configured, or assembly failed: the caller refreshes and
 * assembles as usual (and meets the same error, if any, the usual way).
 */
async function assembledIfNothingChanged({
  root,
  store,
  request,
  onProgress,
}: {
  root: string;
  store: IndexStore;
  request: AssembleContextOptions;
  onProgress: (event: IndexProgress) => void;
}): Promise<AssembledContext | undefined> {
  if (store.rebuiltFrom || store.isEmpty()) return undefined;
  const unchanged = refreshFindsNothing(root, store).catch(() => false);
  const generation = store.graphGeneration();
  const { assembleContext } = await import('../../context/index.js');
  // With vectors (`vouch index --embed` and [model] embed), the usual path: the model is found after the refresh.
  if (store.hasEmbeddings()) {
    await unchanged;
    return undefined;
  }
  const assembled = await assembleContext(request).catch(() => undefined);
  if (!(await unchanged) || !assembled || store.graphGeneration() !== generation) return undefined;
  // The progress a refresh that finds nothing to do reports.
  onProgress({ progress: 0, desc: 'listing files', status: 'indexing', done: 0, total: 0 });
  onProgress({ progress: 1, desc: 'done', status: 'done', done: 0, total: 0 });
  return assembled;
}

export function registerContext(program: Command): void {
  program
    .command('context')
    .description(
      'the context vouch would give a model for a cursor: code, definitions, repo map, environment',
    )
    .argument('<cursor>', 'PATH:LINE[:COL]')
    .option('--request <text>', 'what the task is about, for retrieval')
    .option('--budget <tokens>', 'token budget for the whole context', '8000')
    .option('--json', 'print {snippets, environment, promptTokens} as JSON')
    .action(
      action(async (spec: string, options: ContextOptions) => {
        const cursor = parseCursorSpec(spec, { command: 'context', columnRequired: false });
        const budget = Number(options.budget);
        if (!Number.isInteger(budget) || budget < 256) {
          throw new UsageError(
            `--budget must be a whole number of tokens, at least 256, not ${options.budget}`,
            { hint: 'leave it out for the default of 8000 tokens, or give e.g. --budget 4000' },
          );
        }
        const root = findWorkspaceRoot();
        // The tokenizer's table, and the counts of lines earlier processes counted, are read off the main
        // thread while the index opens.
        const tokens = import('../../context/tokens.js');
        void import('../../context/token-table.js').then(
          (module) => module.preloadTokenTable(),
          () => {},
        );
        const countsLoaded = tokens.then(
          (module) => module.loadTokenCounts(module.tokenCountsFile(indexPath(root))),
          () => {},
        );
        // Check the cursor before any indexing work, so a typo fails at once.
        const { readCursorFile } = await import('../../context/cursor-window.js');
        const file = readCursorFile(root, { ...cursor, path: resolve(cursor.path) });
        checkCursorColumn({
          path: file.path,
          line: file.line,
          lineText: file.lines[file.line - 1]!,
          column: cursor.column,
        });
        const notice = (message: string) => process.stderr.write(`vouch: ${message}\n`);
        const store = openWorkspaceIndex(root, notice);
        try {
          // Bring the index up to date first: incremental, so usually a listing and nothing else.
          const progress = createProgress({ label: 'indexing', json: options.json === true });
          // whichever path answers, progress that was reported is finished (a JSON reader sees `done`)
          let reported = false;
          const onProgress = (event: IndexProgress) => {
            reported = true;
            progress.setTotal(event.total);
            progress.update(event.done, event.desc);
          };
          const request = {
            workspaceRoot: root,
            cursor: { ...cursor, path: resolve(cursor.path) },
            ...(options.request ? { request: options.request } : {}),
            budgetTokens: budget,
            store,
          };
          await countsLoaded;
          let context = await assembledIfNothingChanged({ root, store, request, onProgress });
          if (!context) {
            // Assembly's modules load while the refresh waits for git's listing of the files.
            const [summary, { assembleContext }] = await Promise.all([
              refreshIndex({ root, store, onWait: notice, listing: 'snapshot' }, onProgress),
              import('../../context/index.js'),
            ]);
            if (summary.parsed + summary.reused + summary.deleted > 0) reported = true;
            // Retrieval fuses BM25 with vectors when `vouch index --embed` made them and [model] embed is set.
            const embedModel = store.hasEmbeddings()
              ? await (await import('./search.js')).embedModelFor(root, store, notice)
              : undefined;
            context = await assembleContext({ ...request, ...(embedModel ? { embedModel } : {}) });
          }
          if (reported) progress.finish();
          const { renderContextForPrompt } = await import('../../context/index.js');
          for (const message of context.notices) notice(message);
          if (options.json) {
            printJson({
              snippets: context.snippets.map((snippet) => ({
                path: snippet.path,
                startLine: snippet.startLine,
                endLine: snippet.endLine,
                source: snippet.source,
                tokens: snippet.tokens,
                reason: snippet.reason,
                kind: snippet.kind,
              })),
              environment: context.environment ?? null,
              promptTokens: context.promptTokens,
            });
          } else {
            process.stdout.write(`${renderContextForPrompt(context)}\n`);
            process.stderr.write(
              `vouch: ${context.snippets.length} pieces, ${context.promptTokens} of ${context.budgetTokens} tokens` +
                `${context.dropped > 0 ? `; ${context.dropped} candidates left out for the budget` : ''}\n`,
            );
          }
          // Lines counted now are kept for the next process (after the answer is out).
          (await tokens).saveTokenCounts();
        } finally {
          store.close();
        }
      }),
    );
}

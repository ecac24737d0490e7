import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import type { IndexStore } from '../../index/index-store.js';
import { checkedDirectory, openWorkspaceIndex, refreshIndex } from '../../index/open-index.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { interruptSignal } from '../signals.js';

interface IndexOptions {
  json?: boolean;
  embed?: boolean;
  model?: string;
}

export function registerIndex(program: Command): void {
  program
    .command('index')
    .description(
      'index the workspace for search, the repo map and context (incremental; writes only .vouch/)',
    )
    .argument('[dir]', 'the workspace folder (default: the one around the current directory)')
    .option('--json', 'print {files, chunks, symbols, skipped, durationMs, …} as JSON')
    .option(
      '--embed',
      'also compute embeddings of new chunks (model: --model, VOUCH_MODEL, [model] embed, or a local Ollama)',
    )
    .option('--model <provider:name>', 'the embedding model for --embed, e.g. ollama:nomic-embed-text')
    .action(
      action(async (dir: string | undefined, options: IndexOptions) => {
        const root = dir ? checkedDirectory(dir) : findWorkspaceRoot();
        const json = options.json === true;
        const notice = (message: string) => process.stderr.write(`vouch: ${message}\n`);
        const store = openWorkspaceIndex(root, notice);
        const progress = createProgress({ label: 'indexing', json });
        const interrupt = interruptSignal();
        try {
          const summary = await refreshIndex({ root, store, signal: interrupt, onWait: notice }, (event) => {
            progress.setTotal(event.total);
            progress.update(event.done, event.desc);
          });
          progress.finish(summary.problems.length > 0 ? `${summary.problems.length} problems` : 'done');
          const embedded =
            options.embed && !interrupt.aborted
              ? await embedIndex({ root, store, options, signal: interrupt, json })
              : undefined;
          const cancelled = interrupt.aborted;
          if (json) {
            printJson({
              files: summary.files,
              chunks: summary.chunks,
              symbols: summary.symbols,
              skipped: summary.skipped,
              durationMs: summary.durationMs,
              parsed: summary.parsed,
              reused: summary.reused,
              deleted: summary.deleted,
              problems: summary.problems,
              ...(embedded ? { embedded: embedded.count, embedModel: embedded.model } : {}),
              ...(store.rebuiltFrom ? { rebuiltFrom: store.rebuiltFrom } : {}),
              ...(cancelled ? { cancelled: true } : {}),
            });
          } else {
            for (const problem of summary.problems.slice(0, 20))
              notice(`${problem.path}: ${problem.message}`);
            if (summary.problems.length > 20)
              notice(`… and ${summary.problems.length - 20} more problems (see --json)`);
            const work = `parsed ${summary.parsed}, reused ${summary.reused}, removed ${summary.deleted}`;
            process.stdout.write(
              `${cancelled ? 'cancelled; the index stays usable — ' : ''}indexed ${summary.files} files (${work}): ` +
                `${summary.chunks} chunks, ${summary.symbols} symbols; ${summary.skipped} files skipped; ` +
                `${(summary.durationMs / 1000).toFixed(1)}s\n`,
            );
            if (embedded)
              process.stdout.write(`embedded ${embedded.count} new chunks with ${embedded.model}\n`);
          }
          return cancelled ? EXIT.usage : EXIT.ok;
        } finally {
          store.close();
        }
      }),
    );
}

/**
 * Embeds the chunks that have no vector from the chosen model yet. The model layer and the config are
 * imported here, not at the top: a plain `vouch index` should not pay for loading them.
 */
async function embedIndex({
  root,
  store,
  options,
  signal,
  json,
}: {
  root: string;
  store: IndexStore;
  options: IndexOptions;
  signal: AbortSignal;
  json: boolean;
}): Promise<{ count: number; model: string }> {
  const [{ loadConfig }, { chooseModel }, { embedChunks }] = await Promise.all([
    import('../../config/load.js'),
    import('../model-choice.js'),
    import('../../index/embeddings.js'),
  ]);
  const config = loadConfig({ workspaceRoot: root }).data;
  const model = await chooseModel({
    task: 'embed',
    config,
    workspaceRoot: root,
    ...(options.model ? { flag: options.model } : {}),
  });
  const progress = createProgress({ label: `embedding (${model.id})`, json });
  const count = await embedChunks(store, model, {
    signal,
    onProgress: (done, total) => {
      progress.setTotal(total);
      progress.update(done);
    },
  });
  progress.finish(`${count} chunks`);
  return { count, model: model.id };
}

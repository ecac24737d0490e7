import type { Command } from 'commander';
import { EnvironmentError, UsageError } from '../../core/errors.js';
import type { IndexStore } from '../../index/index-store.js';
import { openIndexForReading } from '../../index/open-index.js';
import { type SearchHit, searchChunks } from '../../index/search.js';
import type { LanguageModel } from '../../model/types.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

interface SearchOptions {
  k?: string;
  json?: boolean;
}

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description(
      'search the indexed workspace (BM25 over syntax-aware chunks, identifiers split; fused with embeddings when `vouch index --embed` made them and [model] embed is set)',
    )
    .argument('<query>', 'words or identifiers, e.g. "user name" or getUserName')
    .option('--k <n>', 'how many results', '10')
    .option('--json', 'print [{path, startLine, endLine, score, symbol}] as JSON')
    .action(
      action(async (query: string, options: SearchOptions) => {
        const k = Number(options.k);
        if (!Number.isInteger(k) || k < 1 || k > 1000) {
          throw new UsageError(`--k must be a whole number from 1 to 1000, not ${options.k}`);
        }
        const root = findWorkspaceRoot();
        const notice = (message: string) => process.stderr.write(`vouch: ${message}\n`);
        const progress = createProgress({ label: 'indexing', json: options.json === true });
        const store = await openIndexForReading({
          root,
          notice,
          onProgress: (event) => {
            progress.setTotal(event.total);
            progress.update(event.done, event.desc);
          },
        });
        if (!store || store.counts().files === 0) {
          store?.close();
          throw new EnvironmentError(`the workspace ${root} has no index yet`, {
            hint: 'run `vouch index` first',
          });
        }
        try {
          const hits = await rankedHits({ root, store, query, k, notice });
          if (options.json) {
            printJson(
              hits.map((hit) => ({
                path: hit.path,
                startLine: hit.startLine,
                endLine: hit.endLine,
                score: Number(hit.score.toFixed(4)),
                symbol: hit.symbol,
              })),
            );
          } else if (hits.length === 0) {
            process.stdout.write(`no chunk matches "${query}"\n`);
          } else {
            for (const hit of hits) {
              const first = hit.text.split('\n').find((line) => line.trim()) ?? '';
              process.stdout.write(
                `${hit.path}:${hit.startLine}-${hit.endLine}  ${hit.symbol ?? ''}  (${hit.score.toFixed(2)})\n    ${first.trim().slice(0, 120)}\n`,
              );
            }
          }
        } finally {
          store.close();
        }
      }),
    );
}

/**
 * The embedding model to rank with: only when the index holds embeddings and the config names the model
 * (`[model] embed`), so a plain search never waits on a model or probes for one.
 */
/** The configured embedding model, when the index holds vectors for it to be compared with. */
export async function embedModelFor(
  root: string,
  store: IndexStore,
  notice: (message: string) => void,
): Promise<LanguageModel | undefined> {
  if (!store.hasEmbeddings()) return undefined;
  const { loadConfig } = await import('../../config/load.js');
  const { configuredEmbedModel } = await import('../embed-model.js');
  return configuredEmbedModel({ root, config: loadConfig({ workspaceRoot: root }).data, notice });
}

/**
 * BM25 alone, or BM25 and vectors fused by reciprocal rank with the configured embedding model. When the
 * embedding endpoint fails, the search still answers by BM25 and says why.
 */
async function rankedHits({
  root,
  store,
  query,
  k,
  notice,
}: {
  root: string;
  store: IndexStore;
  query: string;
  k: number;
  notice: (message: string) => void;
}): Promise<SearchHit[]> {
  const model = await embedModelFor(root, store, notice);
  if (!model) return searchChunks(store, query, { k });
  const { hybridSearch } = await import('../../index/embeddings.js');
  try {
    return await hybridSearch(store, query, { k, embedModel: model });
  } catch (error) {
    notice(`embedding the query with ${model.id} failed (${(error as Error).message}); BM25 results only`);
    return searchChunks(store, query, { k });
  }
}

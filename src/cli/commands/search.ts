import type { Command } from 'commander';
import { EnvironmentError, UsageError } from '../../core/errors.js';
import { openWorkspaceIndex } from '../../index/open-index.js';
import { searchChunks } from '../../index/search.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';

interface SearchOptions {
  k?: string;
  json?: boolean;
}

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('search the indexed workspace (BM25 over syntax-aware chunks; identifiers split)')
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
        const store = openWorkspaceIndex(root, (message) => process.stderr.write(`vouch: ${message}\n`));
        try {
          if (store.counts().files === 0) {
            throw new EnvironmentError(`the workspace ${root} has no index yet`, {
              hint: 'run `vouch index` first',
            });
          }
          const hits = searchChunks(store, query, { k });
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

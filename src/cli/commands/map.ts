import type { Command } from 'commander';
import { EnvironmentError, UsageError } from '../../core/errors.js';
import { openIndexForReading } from '../../index/open-index.js';
import { buildRepoMap } from '../../index/repo-map.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

interface MapOptions {
  tokens?: string;
  focus?: string[];
  json?: boolean;
}

export function registerMap(program: Command): void {
  program
    .command('map')
    .description(
      "the repository's most important definitions (signatures), ranked by PageRank over references",
    )
    .option('--tokens <n>', 'token budget', '1024')
    .option('--focus <path...>', 'files to personalise the ranking toward (workspace-relative)')
    .option('--json', 'print {text, tokens, definitions} as JSON')
    .action(
      action(async (options: MapOptions) => {
        const tokens = Number(options.tokens);
        if (!Number.isInteger(tokens) || tokens < 16) {
          throw new UsageError(`--tokens must be a whole number of at least 16, not ${options.tokens}`);
        }
        const root = findWorkspaceRoot();
        const progress = createProgress({ label: 'indexing', json: options.json === true });
        const store = await openIndexForReading({
          root,
          notice: (message) => process.stderr.write(`vouch: ${message}\n`),
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
          const { countTokens } = await import('../../context/tokens.js');
          const map = buildRepoMap(store, { tokens, countTokens, focusFiles: options.focus ?? [] });
          if (options.json) {
            printJson({
              text: map.text,
              tokens: map.tokens,
              definitions: map.definitions.map((definition) => ({
                path: definition.path,
                name: definition.name,
                kind: definition.kind,
                startLine: definition.startLine,
                signature: definition.signature,
                rank: Number(definition.rank.toPrecision(4)),
              })),
            });
          } else {
            process.stdout.write(`${map.text || '(no definitions indexed)'}\n`);
          }
        } finally {
          store.close();
        }
      }),
    );
}

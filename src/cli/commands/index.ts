import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import { checkedDirectory, openWorkspaceIndex, refreshIndex } from '../../index/open-index.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { interruptSignal } from '../signals.js';

interface IndexOptions {
  json?: boolean;
}

export function registerIndex(program: Command): void {
  program
    .command('index')
    .description(
      'index the workspace for search, the repo map and context (incremental; writes only .vouch/)',
    )
    .argument('[dir]', 'the workspace folder (default: the one around the current directory)')
    .option('--json', 'print {files, chunks, symbols, skipped, durationMs, …} as JSON')
    .action(
      action(async (dir: string | undefined, options: IndexOptions) => {
        const root = dir ? checkedDirectory(dir) : findWorkspaceRoot();
        const json = options.json === true;
        const notice = (message: string) => process.stderr.write(`vouch: ${message}\n`);
        const store = openWorkspaceIndex(root, notice);
        const progress = createProgress({ label: 'indexing', json });
        const interrupt = interruptSignal();
        try {
          const summary = await refreshIndex({ root, store, signal: interrupt.signal }, (event) => {
            progress.setTotal(event.total);
            progress.update(event.done, event.desc);
          });
          progress.finish(summary.problems.length > 0 ? `${summary.problems.length} problems` : 'done');
          const cancelled = interrupt.signal.aborted;
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
          }
          return cancelled ? EXIT.usage : EXIT.ok;
        } finally {
          interrupt.dispose();
          store.close();
        }
      }),
    );
}

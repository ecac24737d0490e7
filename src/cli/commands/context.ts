import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { openWorkspaceIndex, refreshIndex } from '../../index/open-index.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { embedModelFor } from './search.js';

interface ContextOptions {
  request?: string;
  budget?: string;
  json?: boolean;
}

/** `src/app.py:42` or `src/app.py:42:7` → path, line, column. */
export function parseCursorSpec(spec: string): { path: string; line: number; column?: number } {
  const match = /^(.+?):(\d+)(?::(\d+))?$/.exec(spec);
  if (!match) {
    throw new UsageError(`expected PATH:LINE[:COL], got ${spec}`, {
      hint: 'for example: vouch context src/app.py:42:7',
    });
  }
  const line = Number(match[2]);
  if (line < 1) throw new UsageError(`line numbers start at 1, got ${line}`);
  return { path: match[1]!, line, ...(match[3] ? { column: Number(match[3]) } : {}) };
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
        const cursor = parseCursorSpec(spec);
        const budget = Number(options.budget);
        if (!Number.isInteger(budget) || budget < 256) {
          throw new UsageError(
            `--budget must be a whole number of tokens, at least 256, not ${options.budget}`,
            { hint: 'leave it out for the default of 8000 tokens, or give e.g. --budget 4000' },
          );
        }
        const root = findWorkspaceRoot();
        // Check the cursor before any indexing work, so a typo fails at once.
        const { readCursorFile } = await import('../../context/cursor-window.js');
        readCursorFile(root, { ...cursor, path: resolve(cursor.path) });
        const notice = (message: string) => process.stderr.write(`vouch: ${message}\n`);
        const store = openWorkspaceIndex(root, notice);
        try {
          // Bring the index up to date first: incremental, so usually a listing and nothing else.
          const progress = createProgress({ label: 'indexing', json: options.json === true });
          // Assembly's modules load while the refresh waits for git's listing of the files.
          const [summary, { assembleContext, renderContextForPrompt }] = await Promise.all([
            refreshIndex({ root, store, onWait: notice, listing: 'snapshot' }, (event) => {
              progress.setTotal(event.total);
              progress.update(event.done, event.desc);
            }),
            import('../../context/index.js'),
          ]);
          if (summary.parsed + summary.reused + summary.deleted > 0) progress.finish();
          // Retrieval fuses BM25 with vectors when `vouch index --embed` made them and [model] embed is set.
          const embedModel = await embedModelFor(root, store, notice);
          const context = await assembleContext({
            workspaceRoot: root,
            cursor: { ...cursor, path: resolve(cursor.path) },
            ...(options.request ? { request: options.request } : {}),
            budgetTokens: budget,
            store,
            ...(embedModel ? { embedModel } : {}),
          });
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
        } finally {
          store.close();
        }
      }),
    );
}

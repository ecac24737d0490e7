import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import { withServerStore } from '../../telemetry/cli-store.js';
import { pointInTime } from '../../telemetry/durations.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';

export function registerPrune(program: Command): void {
  program
    .command('prune')
    .description(
      "retention: delete the server's suggestions, their telemetry and audit entries older than an age",
    )
    .requiredOption('--older-than <age>', 'an age (90d, 12w) or a date: what was recorded before it goes')
    .option('--json', 'print one JSON object: {before, suggestions, events, audit, conversations}')
    .action(
      action(async (options: { olderThan: string; json?: boolean }) => {
        const before = pointInTime('--older-than', options.olderThan);
        return withServerStore(findWorkspaceRoot(), async (store) => {
          const removed = await store.prune(before);
          if (options.json) printJson({ before, ...removed });
          else
            process.stdout.write(
              `removed what was recorded before ${before}: ${removed.suggestions} suggestions, ${removed.events} telemetry events, ${removed.audit} audit entries, ${removed.conversations} chat conversations\n`,
            );
          return EXIT.ok;
        });
      }),
    );
}

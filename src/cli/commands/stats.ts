import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import type { Stats, StatsBucket } from '../../store/record/server-store.js';
import { withServerStore } from '../../telemetry/cli-store.js';
import { pointInTime } from '../../telemetry/durations.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

function table(title: string, buckets: StatsBucket[]): string[] {
  if (buckets.length === 0) return [];
  const width = Math.max(title.length, ...buckets.map((bucket) => bucket.key.length));
  const lines = [`${title.padEnd(width)}  suggestions  shown  accepted  modified  rejected  acceptance`];
  for (const bucket of buckets)
    lines.push(
      `${bucket.key.padEnd(width)}  ${String(bucket.suggestions).padStart(11)}  ${String(bucket.shown).padStart(5)}  ${String(bucket.accepted).padStart(8)}  ${String(bucket.modified).padStart(8)}  ${String(bucket.rejected).padStart(8)}  ${percent(bucket.acceptanceRate).padStart(10)}`,
    );
  return [...lines, ''];
}

function render(stats: Stats, who: string): string {
  const lines = [
    `acceptance (${who}): ${percent(stats.total.acceptanceRate)} of ${stats.total.shown} shown suggestions accepted (${stats.total.modified} after editing; mean edit distance ${stats.meanEditDistance === null ? '—' : stats.meanEditDistance.toFixed(1)})`,
    '',
    ...table('confidence', stats.byConfidence),
    ...table('verification', stats.byVerification),
    ...table('task', stats.byTask),
    ...table('language', stats.byLanguage),
    ...table('model', stats.byModel),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('acceptance of suggestions: overall, by confidence, verification, task, language and model')
    .option('--since <when>', 'only suggestions made since an age (30d, 12h) or a date')
    .option('--user <name>', "only this user's suggestions (default: everyone's)")
    .option(
      '--json',
      'print one JSON object: {scope, total, byTask, byLanguage, byModel, byConfidence, byVerification, meanEditDistance}',
    )
    .action(
      action(async (options: { since?: string; user?: string; json?: boolean }) => {
        const since = options.since ? pointInTime('--since', options.since) : undefined;
        return withServerStore(findWorkspaceRoot(), async (store) => {
          let userId: string | undefined;
          if (options.user) {
            userId = (await store.findUser(options.user))?.id;
            if (!userId) throw new UsageError(`there is no user named '${options.user}'`);
          }
          const stats = await store.stats({ ...(userId ? { userId } : {}), ...(since ? { since } : {}) });
          if (options.json) printJson({ scope: userId ? 'user' : 'all', ...stats });
          else process.stdout.write(render(stats, options.user ?? 'everyone'));
          return EXIT.ok;
        });
      }),
    );
}

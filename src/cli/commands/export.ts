import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { withServerStore } from '../../telemetry/cli-store.js';
import { pointInTime } from '../../telemetry/durations.js';
import {
  buildFinetuneExport,
  FINETUNE_FORMATS,
  type FinetuneFormat,
} from '../../telemetry/finetune-export.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';

interface ExportOptions {
  format: string;
  since?: string;
  output?: string;
  provenance?: string;
  json?: boolean;
}

const jsonl = (lines: unknown[]) => lines.map((line) => `${JSON.stringify(line)}\n`).join('');

export function registerExport(program: Command): void {
  const exporter = program.command('export').description('export what the team server collected');
  exporter
    .command('finetune')
    .description(
      'a fine-tuning set from accepted and modified suggestions: secrets redacted, gate failures, verdicts a client declared itself, unverified or low-confidence code and near-duplicates left out',
    )
    .option('--format <format>', `${FINETUNE_FORMATS.join(', ')}`, 'jsonl')
    .option('--since <when>', 'only suggestions accepted since an age (30d) or a date')
    .option('--output <file>', 'write the records here (default: standard output)')
    .option(
      '--provenance <file>',
      "openai-chat: each record's provenance, one line per record in the same order (the others carry it inline)",
    )
    .option('--json', 'print one JSON object: {format, records, excluded, output, lines (without --output)}')
    .action(
      action(async (options: ExportOptions) => {
        if (!(FINETUNE_FORMATS as readonly string[]).includes(options.format))
          throw new UsageError(`unknown --format '${options.format}'`, {
            hint: `use ${FINETUNE_FORMATS.join(', ')}`,
          });
        const format = options.format as FinetuneFormat;
        const since = options.since ? pointInTime('--since', options.since) : undefined;
        const built = await withServerStore(findWorkspaceRoot(), async (store) =>
          buildFinetuneExport(await store.acceptedSuggestions(since ? { since } : {}), format),
        );
        if (options.output) writeFileSync(options.output, jsonl(built.lines));
        if (options.provenance) writeFileSync(options.provenance, jsonl(built.provenance));
        if (options.json)
          printJson({
            format,
            records: built.lines.length,
            excluded: built.excluded,
            output: options.output ?? null,
            ...(options.output ? {} : { lines: built.lines }),
          });
        else {
          if (!options.output) process.stdout.write(jsonl(built.lines));
          process.stderr.write(
            `vouch: ${built.lines.length} records (${format}); left out: ${built.excluded.gate} failed a security or licence gate, ${built.excluded.clientVerdict} with a verdict their client declared (not checked by this server), ${built.excluded.unverified} not verified, ${built.excluded.lowConfidence} at low confidence, ${built.excluded.duplicate} near-duplicates${format === 'fim' ? `, ${built.excluded.noCursor} not made at a cursor` : ''}${built.excluded.noCode ? `, ${built.excluded.noCode} recorded without their code` : ''}\n`,
          );
        }
        return EXIT.ok;
      }),
    );
}

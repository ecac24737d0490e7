import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { withoutSecrets } from '../../security/redact.js';
import { describeLocation, sqliteFileOf } from '../../store/record/open-server-store.js';
import type { EventKind } from '../../store/record/server-store.js';
import { databaseLocation } from '../../telemetry/cli-store.js';
import { editDistance } from '../../telemetry/edit-distance.js';
import { localLog } from '../../telemetry/local-log.js';
import { readPrivacyPolicy } from '../../telemetry/privacy-policy.js';
import { mayRecordCode, readTelemetrySetting } from '../../telemetry/telemetry-setting.js';
import { readInput } from '../input.js';
import { action, printJson } from '../output.js';
import { openWorkspace } from '../workspace-setup.js';

const OUTCOMES = ['accepted', 'rejected', 'modified', 'copied'] as const satisfies readonly EventKind[];
type Outcome = (typeof OUTCOMES)[number];

interface FeedbackOptions {
  file?: string;
  lines?: string;
  json?: boolean;
  config?: string;
}

function parseOutcome(value: string): Outcome {
  if ((OUTCOMES as readonly string[]).includes(value)) return value as Outcome;
  throw new UsageError(`the outcome must be ${OUTCOMES.join(', ')}, not '${value}'`, {
    hint: 'for example: vouch feedback ID accepted',
  });
}

/** `--lines 10-25` → the 1-based inclusive range. */
function parseLines(value: string): { start: number; end: number } {
  const match = /^(\d+)-(\d+)$/.exec(value);
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  if (!match || start < 1 || end < start)
    throw new UsageError(`--lines must be START-END counted from 1, not '${value}'`, {
      hint: 'for example: --lines 10-25',
    });
  return { start, end };
}

/** The code as kept: `--file` (or - for stdin), cut to `--lines`. */
function keptCode(options: FeedbackOptions): string {
  const file = options.file!;
  let text: string;
  if (file === '-') text = readInput('-');
  else {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        {
          hint: 'give the file the suggestion ended up in, or - to read the kept code from stdin',
        },
      );
    }
  }
  if (!options.lines) return text;
  const { start, end } = parseLines(options.lines);
  const lines = text.split('\n');
  if (end > lines.length)
    throw new UsageError(`--lines ${options.lines} is outside ${file} (it has ${lines.length} lines)`);
  return lines.slice(start - 1, end).join('\n');
}

export function registerFeedback(program: Command): void {
  program
    .command('feedback')
    .description('say what became of a suggestion the CLI showed: accepted, rejected, modified or copied')
    .argument('<id>', 'the suggestion id generate, complete and chat print')
    .argument('<outcome>', OUTCOMES.join('|'))
    .option('--file <path>', 'modified: the file holding the code as you kept it (- for stdin)')
    .option('--lines <start-end>', 'modified: only these lines of --file')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--json', 'print one JSON object: {suggestion_id, outcome, edit_distance}')
    .action(
      action(async (id: string, value: string, options: FeedbackOptions) => {
        const outcome = parseOutcome(value);
        if (outcome === 'modified' && !options.file)
          throw new UsageError('modified needs --file: the code as you kept it', {
            hint: `vouch feedback ${id} modified --file src/app.py --lines 10-25 (the edit distance is computed from it)`,
          });
        if (outcome !== 'modified' && (options.file || options.lines))
          throw new UsageError('--file and --lines go with modified only');
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const setting = readTelemetrySetting(workspace.config);
        if (setting === 'off')
          throw new UsageError('telemetry is off in the config (telemetry = false): nothing is recorded', {
            hint: 'remove telemetry = false from vouch.toml to record what becomes of suggestions',
          });
        // compared and kept as the suggestion was stored: without secrets
        const kept = outcome === 'modified' ? withoutSecrets(keptCode(options)) : undefined;
        const location = databaseLocation(workspace.root);
        const noSuchSuggestion = () =>
          new UsageError(`there is no suggestion ${id} of yours in ${describeLocation(location)}`, {
            hint: 'use the id a command printed (generate, complete, chat, test, refactor, debug), in the same workspace',
          });
        // no store file yet: nothing was ever recorded here, and asking must not create one
        const file = sqliteFileOf(location);
        if (file !== undefined && !existsSync(file)) throw noSuchSuggestion();
        const log = localLog(workspace.root);
        const suggestion = await log.getSuggestion(id);
        if (!suggestion) throw noSuchSuggestion();
        // a suggestion recorded without its code (metadata only) has nothing to measure the edit against
        const distance =
          kept !== undefined && suggestion.code ? editDistance(suggestion.code, kept) : undefined;
        const withCode = mayRecordCode(setting, readPrivacyPolicy(workspace.config), location);
        await log.recordEvents([
          {
            suggestionId: id,
            kind: outcome,
            face: 'cli',
            ...(distance !== undefined ? { editDistance: distance } : {}),
            ...(kept !== undefined && withCode ? { finalCode: kept } : {}),
          },
        ]);
        if (options.json) printJson({ suggestion_id: id, outcome, edit_distance: distance ?? null });
        else
          process.stdout.write(
            `recorded: ${id} ${outcome}${distance !== undefined ? ` (edit distance ${distance})` : ''}\n`,
          );
        return EXIT.ok;
      }),
    );
}

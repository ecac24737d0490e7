import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import { runTask } from '../../tasks/run-task.js';
import { parseCursorSpec } from '../cursor-spec.js';
import { insideWorkspace, parseInteger, readInput } from '../input.js';
import { action, printJson } from '../output.js';
import { paint, useColour } from '../render/colour.js';
import { renderChecks, renderVerdict } from '../render/verification.js';
import { interruptSignal } from '../signals.js';
import { feedbackHint, recordShownSuggestion } from '../suggestions.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

interface CompleteOptions {
  model?: string;
  maxTokens?: string;
  stdin?: boolean;
  context: boolean;
  checks: boolean;
  cache: boolean;
  repair?: string;
  json?: boolean;
  config?: string;
  unsafeNoSandbox?: boolean;
}

/**
 * The text around the cursor as the suggestion's request, so a fine-tuning export can make a
 * fill-in-the-middle record of it (bounded: the store keeps requests, not files).
 */
function cursorInput({
  root,
  file,
  cursor,
  text,
}: {
  root: string;
  file: string;
  cursor: { line: number; column: number };
  text: string | undefined;
}): Record<string, unknown> {
  const input: Record<string, unknown> = { file, line: cursor.line, column: cursor.column };
  let source = text;
  if (source === undefined) {
    try {
      source = readFileSync(join(root, file), 'utf8');
    } catch {
      return input;
    }
  }
  const lines = source.split('\n');
  const before = [
    ...lines.slice(0, cursor.line - 1),
    (lines[cursor.line - 1] ?? '').slice(0, cursor.column - 1),
  ];
  const prefix = before.join('\n');
  const suffix = source.slice(prefix.length);
  return { ...input, prefix: prefix.slice(-8_000), suffix: suffix.slice(0, 4_000) };
}

export function registerComplete(program: Command): void {
  program
    .command('complete')
    .description('complete the code at a cursor (fill-in-the-middle), cut where the block ends, checked')
    .argument('<cursor>', 'FILE:LINE:COL, counted from 1')
    .option('--model <provider:name>', 'model to use, e.g. ollama:qwen2.5-coder:1.5b ([model] complete)')
    .option('--max-tokens <count>', 'maximum tokens the model may write (default 128)')
    .option('--stdin', "read the file's current (unsaved) text from standard input")
    .option('--no-context', "leave the signatures of the file's imports out of the prompt")
    .option('--no-checks', 'do not check the completion (it is then reported as not verified)')
    .option('--no-cache', 'ask the model even when this prefix was completed before')
    .option(
      '--repair <n>',
      'rounds of the repair loop when the fast checks fail: what failed goes back to the model (0–5; default 0, single-shot as in an editor)',
    )
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--unsafe-no-sandbox', 'run the imports check without a sandbox (every report says so)')
    .option('--json', 'print {completion, range, checks, cached, durationMs, …} as one JSON object')
    .action(
      action(async (spec: string, options: CompleteOptions) => {
        const cursor = parseCursorSpec(spec, { command: 'complete', columnRequired: true });
        const maxTokens = parseInteger({ name: '--max-tokens', value: options.maxTokens, min: 1, max: 4096 });
        const repair = parseInteger({ name: '--repair', value: options.repair, min: 0, max: 5 });
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const file = insideWorkspace(workspace.root, cursor.path);
        const text = options.stdin ? readInput('-') : undefined;
        const interrupt = interruptSignal();
        const host = await cliTaskHost(workspace, {
          quiet: options.json === true,

          model: options.model,
          unsafeNoSandbox: options.unsafeNoSandbox,
        });
        const result = await runTask({
          name: 'complete',
          input: {
            file,
            line: cursor.line,
            column: cursor.column,
            useContext: options.context,
            runChecks: options.checks,
            cache: options.cache,
            ...(text !== undefined ? { text } : {}),
            ...(maxTokens !== undefined ? { maxTokens } : {}),
            ...(repair !== undefined ? { repair } : {}),
          },
          host,
          options: {
            signal: interrupt,
            onEvent: (event) => {
              if (event.type === 'notice' && !options.json) process.stderr.write(`vouch: ${event.message}\n`);
            },
          },
        });
        const { details } = result;
        const suggestionId = await recordShownSuggestion(
          workspace,
          cursorInput({ root: workspace.root, file, cursor, text }),
          result,
        );
        if (options.json) {
          printJson({
            suggestion_id: suggestionId,
            completion: details.completion,
            range: details.range,
            checks: result.verification.checks,
            cached: details.cached,
            durationMs: result.durationMs,
            status: result.verification.status,
            reasons: result.verification.reasons,
            rounds: result.verification.rounds,
            notes: result.notes,
            model: result.model,
            context: result.context,
            ...(details.cut ? { cut: details.cut } : {}),
          });
        } else {
          const colour = useColour(process.stderr);
          if (details.completion) process.stdout.write(`${details.completion}\n`);
          const lines = [
            ...result.verification.rounds.map(
              (round) =>
                `  repair round ${round.round}: ${round.status} (fed back: ${round.feedback.join('; ')})`,
            ),
            renderChecks(result.verification.checks, colour),
          ];
          const verdict = renderVerdict(result.verification, colour).trimEnd();
          if (verdict) lines.push(verdict);
          // a pass says what it rests on (a completion is checked, not run)
          else
            for (const reason of result.verification.reasons) lines.push(paint(colour, 'dim', `  ${reason}`));
          for (const note of result.notes) lines.push(paint(colour, 'yellow', `  note: ${note}`));
          lines.push(
            paint(
              colour,
              'dim',
              `  ${result.model} · ${result.durationMs} ms${details.cached ? ' (cached)' : ''} · inserts at ${cursor.line}:${cursor.column}, ends at ${details.range.end.line}:${details.range.end.column}`,
            ),
          );
          if (suggestionId) lines.push(paint(colour, 'dim', `  ${feedbackHint(suggestionId)}`));
          process.stderr.write(`${lines.filter(Boolean).join('\n')}\n`);
        }
        return result.verification.status === 'pass' ? EXIT.ok : EXIT.findings;
      }),
    );
}

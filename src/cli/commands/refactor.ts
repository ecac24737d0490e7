import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import type { TaskResultOf } from '../../tasks/index.js';
import { runTask } from '../../tasks/run-task.js';
import { hashContent, splitTarget } from '../../tasks/test/target.js';
import { prepareSourceWrite, writeSources } from '../../workspace/write-source.js';
import { insideWorkspace, parseInteger } from '../input.js';
import { action, printJson } from '../output.js';
import { paint, useColour } from '../render/colour.js';
import { renderDiff } from '../render/diff.js';
import { stageListener } from '../render/stages.js';
import { renderChecks, renderVerdict } from '../render/verification.js';
import { interruptSignal } from '../signals.js';
import { printFeedbackHint, recordSuggestionOutcome } from '../suggestions.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

interface RefactorOptions {
  goal?: string;
  apply?: boolean;
  maxInputs?: string;
  seed?: string;
  model?: string;
  json?: boolean;
  config?: string;
  unsafeNoSandbox?: boolean;
  timeout?: string;
}

function renderRefactor(output: TaskResultOf<'refactor'>, colour: boolean): string {
  const { details } = output;
  const parts: string[] = [];
  const diff = output.edits[0]?.diff ?? details.rejected?.diff ?? '';
  parts.push(...renderDiff(diff, colour));
  if (output.explanation) parts.push('', output.explanation);
  parts.push('', paint(colour, 'bold', `evidence: ${details.evidence?.summary ?? 'none'}`));
  for (const example of details.counterexamples ?? [])
    parts.push(
      paint(
        colour,
        'red',
        `counterexample: ${example.call} — the old version ${example.old}, the new one ${example.new}`,
      ),
    );
  for (const note of details.notChecked ?? []) parts.push(paint(colour, 'yellow', `not checked: ${note}`));
  parts.push('', renderChecks(output.verification.checks, colour));
  const verdict = renderVerdict(output.verification, colour);
  if (verdict) parts.push(verdict.trimEnd());
  for (const note of output.notes) parts.push(paint(colour, 'yellow', `  note: ${note}`));
  if (details.applied) parts.push(`applied to ${output.edits[0]?.path}`);
  return `${parts.join('\n')}\n`;
}

export function registerRefactor(program: Command): void {
  program
    .command('refactor')
    .description('refactor toward a goal, proven to preserve behaviour by the tests and differential testing')
    .argument('<target>', 'FILE or FILE:SYMBOL')
    .requiredOption('--goal <text>', 'what the refactor should achieve')
    .option('--apply', 'write the change to the file, only when behaviour was proven preserved')
    .option('--max-inputs <n>', 'generated inputs per function', '300')
    .option('--seed <n>', 'seed of the input generator', '1')
    .option('--model <provider:name>', 'model to use, e.g. ollama:qwen2.5-coder:7b, openai:gpt-4o-mini')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--timeout <seconds>', "each run of the code's tests in the sandbox ends after this (default 20)")
    .option('--unsafe-no-sandbox', 'run the code without a sandbox (every report says so)')
    .option('--json', 'print one JSON object with every output field')
    .action(
      action(async (targetArgument: string, options: RefactorOptions) => {
        const maxInputs =
          parseInteger({ name: '--max-inputs', value: options.maxInputs, min: 10, max: 10_000 }) ?? 300;
        const seed = parseInteger({ name: '--seed', value: options.seed, min: 0, max: 2 ** 31 }) ?? 1;
        if (!options.goal?.trim())
          throw new UsageError('--goal is empty', { hint: 'say what the refactor should achieve' });
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const { file, symbol } = splitTarget(targetArgument);
        const path = insideWorkspace(workspace.root, file);
        const interrupt = interruptSignal();
        const host = await cliTaskHost(workspace, {
          quiet: options.json === true,

          model: options.model,
          unsafeNoSandbox: options.unsafeNoSandbox,
          timeout: options.timeout,
        });
        const listener = stageListener(options.json === true);
        const input = { file: path, goal: options.goal, maxInputs, seed, ...(symbol ? { symbol } : {}) };
        const output = await runTask({
          name: 'refactor',
          input,
          host,
          options: {
            signal: interrupt,
            ...(listener ? { onEvent: listener } : {}),
          },
        });
        const { details } = output;
        const edit = output.edits[0];
        let refused: string | undefined;
        if (options.apply) {
          if (!edit || details.after === undefined)
            refused = 'not applied: behaviour was not proven preserved';
          else {
            // the file as it was read: its encoding, byte-order mark and line endings
            const write = prepareSourceWrite({
              root: workspace.root,
              path: edit.path,
              text: details.after,
              isCurrent: (now) => hashContent(now) === edit.baseHash,
            });
            const why = writeSources([write]);
            if (why)
              refused = `not applied: ${why.reason}${why.why === 'changed' ? '; run the refactor again' : ''}`;
            else details.applied = true;
          }
          if (refused) output.notes.push(refused);
        }
        const suggestionId = await recordSuggestionOutcome({
          workspace,
          input,
          result: output,
          written: details.applied === true,
        });
        if (options.json) printJson({ ...output, suggestion_id: suggestionId });
        else {
          process.stdout.write(renderRefactor(output, useColour()));
          printFeedbackHint(suggestionId, details.applied === true);
        }
        if (refused && edit) return EXIT.usage;
        return output.verification.status === 'pass' ? EXIT.ok : EXIT.findings;
      }),
    );
}

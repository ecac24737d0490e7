import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { applyChange } from '../../tasks/change/apply.js';
import type { TaskResultOf } from '../../tasks/index.js';
import { runTask } from '../../tasks/run-task.js';
import { parseInteger } from '../input.js';
import { action, printJson } from '../output.js';
import { paint, useColour } from '../render/colour.js';
import { renderDiff } from '../render/diff.js';
import { stageListener } from '../render/stages.js';
import { renderChecks, renderVerdict } from '../render/verification.js';
import { interruptSignal } from '../signals.js';
import { printFeedbackHint, recordSuggestionOutcome } from '../suggestions.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

interface ChangeOptions {
  file?: string[];
  apply?: boolean;
  writeUnverified?: boolean;
  selection?: boolean;
  repair?: string;
  timeout?: string;
  model?: string;
  json?: boolean;
  config?: string;
  unsafeNoSandbox?: boolean;
}

function renderChange(output: TaskResultOf<'change'>, colour: boolean): string {
  const { details } = output;
  const parts: string[] = [];
  if (output.explanation) parts.push(output.explanation, '');
  const diff = details.diff;
  if (diff)
    parts.push(
      ...(output.edits.length ? [] : [paint(colour, 'yellow', 'the change tried (not delivered):')]),
      ...renderDiff(diff, colour),
      '',
    );
  if (details.files.length) {
    parts.push(paint(colour, 'bold', 'files:'));
    for (const file of details.files) {
      const mark = file.verdict === 'pass' ? 'green' : file.verdict === 'fail' ? 'red' : 'yellow';
      parts.push(
        `  ${paint(colour, mark, file.verdict.padEnd(10))} ${file.path} (${file.change}${file.role === 'source' ? '' : `, ${file.role}`})`,
        ...file.reasons.slice(0, 4).map((reason) => paint(colour, 'dim', `      ${reason}`)),
      );
    }
  }
  const suite = details.suite;
  if (suite.before || suite.after)
    parts.push(
      paint(
        colour,
        'dim',
        `suite (${suite.framework}): before ${suite.before?.passed ?? 0} passed${suite.before?.cached ? ' (cached)' : ''}, after ${suite.after?.passed ?? 0} passed; ${suite.selected.length} of ${suite.testFiles} test files reach the change${suite.selected.length === suite.testFiles ? '' : suite.wholeSuite ? ', then the rest of the suite ran' : ', the rest of the suite did not run'}`,
      ),
    );
  for (const round of output.verification.rounds)
    parts.push(
      paint(colour, 'bold', `repair round ${round.round}: ${round.status}`),
      ...round.feedback.map((line) => `  fed back: ${line.split('\n')[0]!.slice(0, 200)}`),
    );
  parts.push('', renderChecks(output.verification.checks, colour));
  const verdict = renderVerdict(output.verification, colour).trimEnd();
  if (verdict) parts.push(verdict);
  parts.push(`confidence: ${output.confidence}`);
  for (const note of output.notes)
    parts.push(
      note.startsWith('verified') || note.startsWith('applied')
        ? paint(colour, 'green', note)
        : paint(colour, 'yellow', `  ${note}`),
    );
  return `${parts.join('\n')}\n`;
}

export function registerChange(program: Command): void {
  program
    .command('change')
    .description(
      "make a change across files from a request, proven against the project's own tests in the sandbox before it touches a file",
    )
    .argument('<request>', 'what to change, in words (e.g. "add a discount code to the cart total")')
    .option(
      '--file <path...>',
      'files the change needs, added to those the context finds (repeat, or list several; a new file may be named)',
    )
    .option('--apply', 'write the change to your files: every file or none, only when it was verified')
    .option(
      '--write-unverified',
      'with --apply: write a change that could not be verified too (never one that failed)',
    )
    .option('--no-selection', 'run the whole suite at once instead of the tests that reach the change first')
    .option('--repair <n>', 'repair rounds when the change fails its checks (0–5)', '2')
    .option('--timeout <seconds>', "each suite run's time limit in the sandbox", '600')
    .option('--model <provider:name>', 'model to use, e.g. ollama:qwen2.5-coder:7b, openai:gpt-4o-mini')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--unsafe-no-sandbox', 'run the tests without a sandbox (every report says so)')
    .option('--json', 'print one JSON object with every output field')
    .action(
      action(async (request: string, options: ChangeOptions) => {
        if (!request.trim())
          throw new UsageError('the request is empty', {
            hint: 'say what to change: vouch change "add a discount code to the cart total"',
          });
        if (options.writeUnverified && !options.apply)
          throw new UsageError('--write-unverified only applies with --apply', {
            hint: 'vouch change "…" --apply --write-unverified',
          });
        const repair = parseInteger({ name: '--repair', value: options.repair, min: 0, max: 5 }) ?? 2;
        const timeoutSeconds =
          parseInteger({ name: '--timeout', value: options.timeout, min: 1, max: 3600 }) ?? 600;
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const interrupt = interruptSignal();
        const host = await cliTaskHost(workspace, {
          quiet: options.json === true,
          model: options.model,
          unsafeNoSandbox: options.unsafeNoSandbox,
        });
        const listener = stageListener(options.json === true);
        const input = {
          request,
          ...(options.file?.length ? { files: options.file } : {}),
          ...(options.selection === false ? { selection: false } : {}),
          repair,
          timeoutSeconds,
        };
        const output = await runTask({
          name: 'change',
          input,
          host,
          options: {
            signal: interrupt,
            ...(listener ? { onEvent: listener } : {}),
          },
        });
        const { details } = output;
        let refused: string | undefined;
        if (options.apply) {
          refused = applyChange(workspace.root, output, {
            writeUnverified: options.writeUnverified === true,
            signal: interrupt,
          })?.reason;
          output.notes.push(refused ?? `applied to ${details.applied?.join(', ')}`);
        }
        const applied = details.applied !== undefined && details.applied.length > 0;
        const suggestionId = await recordSuggestionOutcome({
          workspace,
          input,
          result: output,
          written: applied && output.verification.status === 'pass',
        });
        if (options.json) printJson({ ...output, suggestion_id: suggestionId });
        else {
          process.stdout.write(renderChange(output, useColour()));
          printFeedbackHint(suggestionId, applied);
        }
        if (refused && output.verification.status === 'pass') return EXIT.usage;
        return output.verification.status === 'pass' ? EXIT.ok : EXIT.findings;
      }),
    );
}

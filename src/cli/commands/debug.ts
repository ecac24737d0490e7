import { relative } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import type { DebugDetails, TaskResultOf } from '../../tasks/index.js';
import { runTask } from '../../tasks/run-task.js';
import { hashContent } from '../../tasks/test/target.js';
import { prepareSourceWrite, writeSources } from '../../workspace/write-source.js';
import { parseInteger, readInput } from '../input.js';
import { action, printJson } from '../output.js';
import { paint, useColour } from '../render/colour.js';
import { renderDiff } from '../render/diff.js';
import { stageListener } from '../render/stages.js';
import { renderChecks, renderVerdict } from '../render/verification.js';
import { interruptSignal } from '../signals.js';
import { printFeedbackHint, recordSuggestionOutcome } from '../suggestions.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

interface DebugOptions {
  log?: string;
  repair?: string;
  apply?: boolean;
  timeout?: string;
  model?: string;
  json?: boolean;
  config?: string;
  unsafeNoSandbox?: boolean;
}

function renderDebug(output: TaskResultOf<'debug'>, colour: boolean): string {
  const { details } = output;
  const parts: string[] = [];
  if (details.alreadyPassing) {
    parts.push(
      paint(colour, 'green', 'the command passes already (exit 0 in the sandbox): nothing to debug'),
    );
    return `${parts.join('\n')}\n`;
  }
  const innermost = details.failure.frames.at(-1);
  parts.push(
    paint(
      colour,
      'bold',
      `failure: ${details.failure.error ?? 'see the output'}${innermost ? ` at ${innermost.path}:${innermost.line}` : ''}`,
    ),
  );
  if (output.explanation) parts.push('', output.explanation);
  const diff = output.edits.map((edit) => edit.diff).join('') || details.rejected?.diff || '';
  if (diff)
    parts.push(
      '',
      ...(output.edits.length ? [] : [paint(colour, 'yellow', 'the fix tried (not delivered):')]),
      ...renderDiff(diff, colour),
    );
  for (const round of output.verification.rounds)
    parts.push(
      '',
      paint(colour, 'bold', `repair round ${round.round}: ${round.status}`),
      ...round.feedback.map(
        (line) => `  fed back: ${line.split('\n')[0]!.replace(/; the end of its output:$/, '')}`,
      ),
    );
  parts.push('', renderChecks(output.verification.checks, colour));
  if (details.rerun)
    parts.push(
      paint(
        colour,
        'dim',
        `re-run: exit ${details.rerun.exitCode ?? details.rerun.status}; the end of its output:`,
      ),
      ...details.rerun.outputTail
        .trimEnd()
        .split('\n')
        .slice(-8)
        .map((line) => paint(colour, 'dim', `  ${line}`)),
    );
  const verdict = renderVerdict(output.verification, colour).trimEnd();
  if (verdict) parts.push(verdict);
  for (const note of output.notes)
    parts.push(
      note.startsWith('fixed:')
        ? paint(colour, 'green', note)
        : note.startsWith('applied')
          ? note
          : paint(colour, 'yellow', `  ${note}`),
    );
  return `${parts.join('\n')}\n`;
}

/**
 * Writes the proven fix: every file must still hold the content the fix was computed against (its
 * `baseHash`), or nothing is written at all. Returns why it refused, or undefined when it wrote.
 */
function applyFix(root: string, output: TaskResultOf<'debug'>, details: DebugDetails): string | undefined {
  if (output.edits.length === 0 || !details.after || output.verification.status !== 'pass')
    return output.edits.length && output.verification.status === 'unverified'
      ? 'not applied: the fix was not proven by a re-run (give the failing command with `-- CMD`)'
      : 'not applied: there is no proven fix';
  // each file as it was read (its encoding, byte-order mark, line endings), all of them or none
  const writes = output.edits.map((edit) =>
    prepareSourceWrite({
      root,
      path: edit.path,
      text: details.after![edit.path]!,
      isCurrent: (now) => (edit.baseHash === '' ? now === '' : hashContent(now) === edit.baseHash),
    }),
  );
  const refused = writeSources(writes);
  if (refused)
    return `not applied: ${refused.reason}${refused.why === 'changed' ? ' — run vouch debug again' : ''}`;
  details.applied = output.edits.map((edit) => edit.path);
  return undefined;
}

export function registerDebug(program: Command): void {
  program
    .command('debug')
    .description('find the cause of a failure and a fix, proven by re-running the command in the sandbox')
    .argument(
      '[command...]',
      'the failing command, after `--` (e.g. vouch debug -- pytest tests/test_app.py)',
    )
    .option('--log <file>', 'read a traceback, test or compiler output from a file (- for standard input)')
    .option('--repair <n>', 'repair rounds when a fix does not work (0–5)', '2')
    .option('--apply', 'write the fix to your files, only when it was proven and the files did not change')
    .option('--timeout <seconds>', "each run's time limit in the sandbox", '120')
    .option('--model <provider:name>', 'model to use, e.g. ollama:qwen2.5-coder:7b, openai:gpt-4o-mini')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--unsafe-no-sandbox', 'run the command without a sandbox (every report says so)')
    .option('--json', 'print one JSON object with every output field')
    .action(
      action(async (command: string[], options: DebugOptions) => {
        const repair = parseInteger({ name: '--repair', value: options.repair, min: 0, max: 5 }) ?? 2;
        const timeoutSeconds =
          parseInteger({ name: '--timeout', value: options.timeout, min: 1, max: 1800 }) ?? 120;
        if (command.length === 0 && options.log === undefined)
          throw new UsageError('give the failing command after `--`, or its output with --log FILE', {
            hint: 'vouch debug -- pytest tests/test_app.py, or vouch debug --log traceback.txt',
          });
        const log =
          options.log === undefined
            ? undefined
            : readInput(
                options.log,
                'give the path of a file holding the failure output, or - for standard input',
              );
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const here = relative(workspace.root, process.cwd()).split('\\').join('/');
        const cwd = here && !here.startsWith('..') ? here : undefined;
        const interrupt = interruptSignal();
        const host = await cliTaskHost(workspace, {
          quiet: options.json === true,

          model: options.model,
          unsafeNoSandbox: options.unsafeNoSandbox,
        });
        const listener = stageListener(options.json === true);
        const input = {
          ...(command.length ? { command } : {}),
          ...(log !== undefined ? { log } : {}),
          ...(cwd ? { cwd } : {}),
          repair,
          timeoutSeconds,
        };
        const output = await runTask({
          name: 'debug',
          input,
          host,
          options: {
            signal: interrupt,
            ...(listener ? { onEvent: listener } : {}),
          },
        });
        const { details } = output;
        let refused: string | undefined;
        if (options.apply && !details.alreadyPassing) {
          refused = applyFix(workspace.root, output, details);
          output.notes.push(refused ?? `applied to ${details.applied?.join(', ')}`);
        }
        const applied = details.applied !== undefined && details.applied.length > 0;
        const suggestionId = await recordSuggestionOutcome({
          workspace,
          input,
          result: output,
          written: applied,
        });
        if (options.json) printJson({ ...output, suggestion_id: suggestionId });
        else {
          process.stdout.write(renderDebug(output, useColour()));
          printFeedbackHint(suggestionId, applied);
        }
        if (details.alreadyPassing) return EXIT.ok;
        if (refused && output.verification.status === 'pass') return EXIT.usage;
        return output.verification.status === 'pass' ? EXIT.ok : EXIT.findings;
      }),
    );
}

import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import type { FixDetails, TaskResultOf } from '../../tasks/index.js';
import { runTask } from '../../tasks/run-task.js';
import { hashContent } from '../../tasks/test/target.js';
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
import { parseExplainTarget } from './explain.js';

interface FixOptions {
  write?: boolean;
  repair?: string;
  model?: string;
  json?: boolean;
  config?: string;
  unsafeNoSandbox?: boolean;
  timeout?: string;
}

function renderFix(output: TaskResultOf<'fix'>, colour: boolean): string {
  const { details } = output;
  const parts: string[] = [];
  if (details.targets.length === 0) {
    parts.push(paint(colour, 'green', output.explanation));
    for (const note of output.notes) parts.push(paint(colour, 'yellow', `  note: ${note}`));
    return `${parts.join('\n')}\n`;
  }
  parts.push(
    paint(colour, 'bold', `findings in ${details.file}:${details.range.startLine}-${details.range.endLine}:`),
  );
  for (const finding of details.targets)
    parts.push(`  line ${finding.line} ${finding.check} ${finding.ruleId}: ${finding.message}`);
  if (output.explanation) parts.push('', output.explanation);
  for (const edit of output.edits) parts.push('', ...renderDiff(edit.diff, colour));
  for (const finding of details.remaining)
    parts.push(
      paint(colour, 'red', `still there: line ${finding.line} ${finding.check}: ${finding.message}`),
    );
  for (const finding of details.introduced)
    parts.push(paint(colour, 'red', `new: line ${finding.line} ${finding.check}: ${finding.message}`));
  parts.push('', renderChecks(output.verification.checks, colour));
  const verdict = renderVerdict(output.verification, colour);
  if (verdict) parts.push(verdict.trimEnd());
  for (const note of output.notes) parts.push(paint(colour, 'yellow', `  note: ${note}`));
  return `${parts.join('\n')}\n`;
}

/**
 * Writes a fix that passed, only while the file still holds what the fix was made from (its `baseHash`).
 * Returns why it did not write, or undefined when it wrote.
 */
function writeFix(root: string, output: TaskResultOf<'fix'>, details: FixDetails): string | undefined {
  const [edit] = output.edits;
  if (!edit || details.fixedText === undefined || output.verification.status !== 'pass')
    return 'not written: there is no fix that passed the gate';
  // read as the task read it (its declared encoding), and written back as it was (encoding, byte-order
  // mark, line endings)
  const why = writeSources([
    prepareSourceWrite({
      root,
      path: edit.path,
      text: details.fixedText,
      isCurrent: (now) => hashContent(now) === edit.baseHash,
    }),
  ]);
  if (why) return `not written: ${why.reason}${why.why === 'changed' ? ' — run vouch fix again' : ''}`;
  details.written = true;
  return undefined;
}

export function registerFix(program: Command): void {
  program
    .command('fix')
    .description(
      "fix the gate's findings in a file with the model, checked again by the same gate before you see it",
    )
    .argument('<target>', 'FILE or FILE:START-END (only the findings on those lines)')
    .option('--write', 'write the fix to the file, only when it passed the gate and the file did not change')
    .option('--repair <n>', 'repair rounds when a fix falls short (0–3)', '1')
    .option('--model <provider:name>', 'model to use, e.g. ollama:qwen2.5-coder:7b, openai:gpt-4o-mini')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--timeout <seconds>', "each run of the code's tests in the sandbox ends after this (default 20)")
    .option('--unsafe-no-sandbox', 'run the checks without a sandbox (every report says so)')
    .option('--json', 'print one JSON object with every output field')
    .action(
      action(async (spec: string, options: FixOptions) => {
        const target = parseExplainTarget(spec);
        if (target.symbol)
          throw new UsageError(`vouch fix takes FILE or FILE:START-END, not a symbol (${spec})`, {
            hint: `give the lines of ${target.symbol}, e.g. ${target.path}:10-30`,
          });
        const repair = parseInteger({ name: '--repair', value: options.repair, min: 0, max: 3 }) ?? 1;
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const file = insideWorkspace(workspace.root, target.path);
        const interrupt = interruptSignal();
        const host = await cliTaskHost(workspace, {
          quiet: options.json === true,
          model: options.model,
          unsafeNoSandbox: options.unsafeNoSandbox,
          timeout: options.timeout,
        });
        const input = {
          file,
          repair,
          ...(target.startLine !== undefined ? { startLine: target.startLine, endLine: target.endLine } : {}),
        };
        const listener = stageListener(options.json === true);
        const output = await runTask({
          name: 'fix',
          input,
          host,
          options: {
            signal: interrupt,
            ...(listener ? { onEvent: listener } : {}),
          },
        });
        const { details } = output;
        const nothingToFix = details.targets.length === 0;
        let refused: string | undefined;
        if (options.write && !nothingToFix) {
          refused = writeFix(workspace.root, output, details);
          output.notes.push(refused ?? `written to ${details.file}`);
        } else if (!nothingToFix && output.verification.status === 'pass')
          output.notes.push('not written (add --write to write it)');
        const suggestionId = nothingToFix
          ? null
          : await recordSuggestionOutcome({
              workspace,
              input,
              result: output,
              written: details.written === true,
            });
        if (options.json) printJson({ ...output, ...(suggestionId ? { suggestion_id: suggestionId } : {}) });
        else {
          process.stdout.write(renderFix(output, useColour()));
          if (suggestionId) printFeedbackHint(suggestionId, details.written === true);
        }
        if (nothingToFix) return output.verification.status === 'unverified' ? EXIT.findings : EXIT.ok;
        if (refused && output.verification.status === 'pass') return EXIT.usage;
        return output.verification.status === 'pass' ? EXIT.ok : EXIT.findings;
      }),
    );
}

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import type { TaskResultOf } from '../../tasks/index.js';
import { runTask } from '../../tasks/run-task.js';
import { retargetSuite } from '../../tasks/test/retarget.js';
import { splitTarget } from '../../tasks/test/target.js';
import { insideWorkspace, parseInteger, writableInWorkspace } from '../input.js';
import { action, printJson } from '../output.js';
import { paint, useColour } from '../render/colour.js';
import { stageListener } from '../render/stages.js';
import { renderChecks, renderVerdict } from '../render/verification.js';
import { interruptSignal } from '../signals.js';
import { printFeedbackHint, recordSuggestionOutcome } from '../suggestions.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

interface TestOptions {
  write?: string;
  force?: boolean;
  rounds?: string;
  maxMutants?: string;
  model?: string;
  json?: boolean;
  config?: string;
  unsafeNoSandbox?: boolean;
  timeout?: string;
}

/** `write.asked`: the --write path given; `write.written`: where the suite went, if it was written */
function renderTestOutput(
  output: TaskResultOf<'test'>,
  write: { asked?: string; written?: string },
  colour: boolean,
): string {
  const { written, asked } = write;
  const { details } = output;
  const parts: string[] = [];
  if (output.generated_code) parts.push(output.generated_code, '');
  parts.push(
    paint(colour, 'bold', `tests: ${details.passed} pass on the current code (${details.framework})`),
  );
  const { coverage } = details;
  parts.push(
    coverage.measured && coverage.lines
      ? `coverage (${coverage.tool}): lines ${coverage.lines.covered}/${coverage.lines.total} (${coverage.lines.percent}%)${coverage.branches ? `, branches ${coverage.branches.covered}/${coverage.branches.total} (${coverage.branches.percent}%)` : ''}${coverage.missingLines?.length ? ` — not run: lines ${coverage.missingLines.join(', ')}` : ''}`
      : `coverage: not measured (${coverage.reason})`,
  );
  if (coverage.measured && coverage.missingBranches?.length)
    parts.push(
      paint(
        colour,
        'dim',
        `  branches not taken: ${coverage.missingBranches.slice(0, 6).join('; ')}${coverage.missingBranches.length > 6 ? '; …' : ''}`,
      ),
    );
  const mutants = details.mutants;
  parts.push(
    details.mutationScore === null || !mutants
      ? `mutation score: not measured${mutants?.problem ? ` (${mutants.problem})` : ''}`
      : `mutation score: ${Math.round(details.mutationScore * 100)}% (${mutants.killed}/${mutants.total - mutants.errors} killed, ${mutants.harness}, ${(mutants.durationMs / 1000).toFixed(1)} s)`,
  );
  for (const mutant of details.survivingMutants)
    parts.push(paint(colour, 'yellow', `  survived: ${mutant.description}`));
  for (const bug of details.suspectedBugs ?? [])
    parts.push(paint(colour, 'red', `suspected bug: ${bug.name}: ${bug.message}`));
  for (const test of details.droppedTests ?? [])
    parts.push(paint(colour, 'dim', `dropped (failed on the current code): ${test.name}: ${test.message}`));
  parts.push('', renderChecks(output.verification.checks, colour));
  const verdict = renderVerdict(output.verification, colour);
  if (verdict) parts.push(verdict.trimEnd());
  for (const note of output.notes) parts.push(paint(colour, 'yellow', `  note: ${note}`));
  const inPlace = output.verification.checks.find((check) => check.name === 'tests-where-written');
  parts.push(
    written
      ? `written to ${written}`
      : inPlace?.status === 'fail' || inPlace?.status === 'error'
        ? `not written: ${inPlace.reason}`
        : asked
          ? `not written to ${asked}: ${output.generated_code ? 'no generated test passed on the current code (a suite is written only when its tests pass there)' : 'the model gave no test code'}`
          : `not written (use --write ${details.file})`,
  );
  return `${parts.join('\n')}\n`;
}

export function registerTest(program: Command): void {
  program
    .command('test')
    .description(
      'generate unit tests, run them in the sandbox, and score them by coverage and mutation testing',
    )
    .argument('<target>', 'FILE or FILE:SYMBOL (a function, class or Class.method)')
    .option('--write <path>', 'write the test file there (never over an existing file without --force)')
    .option('--force', 'overwrite the --write file if it exists')
    .option('--rounds <n>', 'rounds of tests aimed at surviving mutants', '1')
    .option('--max-mutants <n>', 'at most this many mutants, spread over the code', '60')
    .option('--model <provider:name>', 'model to use, e.g. ollama:qwen2.5-coder:7b, openai:gpt-4o-mini')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--timeout <seconds>', "each run of the code's tests in the sandbox ends after this (default 20)")
    .option('--unsafe-no-sandbox', 'run the tests without a sandbox (every report says so)')
    .option('--json', 'print one JSON object with every output field')
    .action(
      action(async (targetArgument: string, options: TestOptions) => {
        const rounds = parseInteger({ name: '--rounds', value: options.rounds, min: 0, max: 3 }) ?? 1;
        const maxMutants =
          parseInteger({ name: '--max-mutants', value: options.maxMutants, min: 1, max: 500 }) ?? 60;
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const { file, symbol } = splitTarget(targetArgument);
        const path = insideWorkspace(workspace.root, file);
        const writeTo = options.write
          ? writableInWorkspace(workspace.root, options.write, '--write')
          : undefined;
        if (writeTo && existsSync(join(workspace.root, writeTo)) && !options.force) {
          throw new UsageError(`${options.write} exists; vouch test does not overwrite it`, {
            hint: 'choose another --write path, or add --force to replace it',
          });
        }
        const interrupt = interruptSignal();
        const host = await cliTaskHost(workspace, {
          quiet: options.json === true,

          model: options.model,
          unsafeNoSandbox: options.unsafeNoSandbox,
          timeout: options.timeout,
        });
        const listener = stageListener(options.json === true);
        const input = {
          file: path,
          rounds,
          maxMutants,
          ...(symbol ? { symbol } : {}),
          ...(writeTo ? { write: writeTo } : {}),
        };
        const output = await runTask({
          name: 'test',
          input,
          host,
          options: {
            signal: interrupt,
            ...(listener ? { onEvent: listener } : {}),
          },
        });
        const { details } = output;
        let written: string | undefined;
        // a suite is written only when it passed where it goes, as the project runs it
        const inPlace = output.verification.checks.find((check) => check.name === 'tests-where-written');
        const runsWhereWritten = inPlace?.status === 'pass' || inPlace?.status === 'skip';
        if (writeTo && output.generated_code && details.passed > 0 && runsWhereWritten) {
          const code =
            output.language === 'python'
              ? output.generated_code
              : retargetSuite(output.generated_code, path, writeTo);
          mkdirSync(dirname(join(workspace.root, writeTo)), { recursive: true });
          writeFileSync(join(workspace.root, writeTo), `${code.trimEnd()}\n`);
          written = writeTo;
          details.file = writeTo;
          details.written = true;
        } else details.written = false;
        const suggestionId = await recordSuggestionOutcome({
          workspace,
          input,
          result: output,
          written: written !== undefined,
        });
        if (options.json) printJson({ ...output, suggestion_id: suggestionId });
        else {
          process.stdout.write(
            renderTestOutput(
              output,
              { ...(writeTo ? { asked: writeTo } : {}), ...(written ? { written } : {}) },
              useColour(),
            ),
          );
          printFeedbackHint(suggestionId, written !== undefined);
        }
        const bugs = details.suspectedBugs?.length ?? 0;
        return output.verification.status === 'pass' && bugs === 0 ? EXIT.ok : EXIT.findings;
      }),
    );
}

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import type { TaskEvent, TaskResultOf } from '../../tasks/index.js';
import { runTask } from '../../tasks/run-task.js';
import { insideWorkspace, parseInteger, parseLanguage, readInput, writableInWorkspace } from '../input.js';
import { action, printJson } from '../output.js';
import { paint, useColour } from '../render/colour.js';
import { highlightCode } from '../render/highlight.js';
import { type Spinner, startSpinner } from '../render/spinner.js';
import { plainProgressListener } from '../render/stages.js';
import { renderChecks, renderVerdict } from '../render/verification.js';
import { interruptSignal } from '../signals.js';
import { printFeedbackHint, recordAccepted, recordShownSuggestion } from '../suggestions.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

interface GenerateOptions {
  lang?: string;
  file?: string;
  model?: string;
  n: string;
  temperature?: string;
  maxTokens?: string;
  context: boolean;
  checks: boolean;
  repair: string;
  explain?: boolean;
  json?: boolean;
  config?: string;
  unsafeNoSandbox?: boolean;
  timeout?: string;
  write?: string;
  writeUnverified?: boolean;
  force?: boolean;
}

function parseTemperature(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 2) {
    throw new UsageError(`--temperature must be a number from 0 to 2, not '${value}'`);
  }
  return number;
}

function readSpec(spec: string): string {
  const text = spec === '-' ? readInput('-') : spec;
  if (!text.trim())
    throw new UsageError('the spec is empty', {
      hint: 'say what the code should do: vouch generate "parse a CSV line"',
    });
  return text;
}

function section(colour: boolean, title: string): string {
  return paint(colour, 'bold', `── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`);
}

export function renderGenerateOutput(output: TaskResultOf<'generate'>, colour: boolean): string {
  const parts: string[] = [];
  const language = output.language ?? 'text';
  parts.push(section(colour, `code (${language})`));
  parts.push(
    output.generated_code
      ? colour
        ? highlightCode(output.generated_code, output.language)
        : output.generated_code
      : paint(colour, 'yellow', '(the model returned no code)'),
  );
  if (output.explanation) parts.push('', section(colour, 'explanation'), output.explanation);
  if (output.test_stubs)
    parts.push(
      '',
      section(colour, 'tests'),
      colour ? highlightCode(output.test_stubs, output.language) : output.test_stubs,
    );
  const explained = output.details?.explain;
  if (explained) {
    parts.push('', section(colour, 'explained step by step'), explained.explanation || '(no explanation)');
    for (const dependency of explained.dependencies)
      parts.push(
        paint(colour, 'dim', `  uses ${dependency.path}:${dependency.line}  ${dependency.signature}`),
      );
    if (explained.gate !== 'ran') parts.push(paint(colour, 'yellow', `  ${explained.gate}`));
    for (const finding of explained.findings)
      parts.push(paint(colour, 'red', `  line ${finding.line} (${finding.severity}): ${finding.plain}`));
  }
  const confidenceStyle =
    output.confidence === 'high' ? 'green' : output.confidence === 'medium' ? 'yellow' : 'red';
  parts.push('', section(colour, 'verification'));
  for (const round of output.verification.rounds)
    parts.push(
      paint(
        colour,
        'dim',
        `  repair round ${round.round}: ${round.feedback.length} problem${round.feedback.length === 1 ? '' : 's'} sent back → ${round.status}`,
      ),
    );
  if (output.verification.checks.length > 0) parts.push(renderChecks(output.verification.checks, colour));
  const verdict = renderVerdict(output.verification, colour);
  if (verdict) parts.push(verdict.trimEnd());
  for (const note of output.notes) parts.push(paint(colour, 'yellow', `  note: ${note}`));
  parts.push(
    `  confidence: ${paint(colour, confidenceStyle, output.confidence)} ${paint(colour, 'dim', `(${output.verification.confidenceReasons.join('; ')})`)}`,
  );
  // what earned the level: independent evidence, or only the model's own tests
  for (const item of output.verification.confidenceEvidence ?? [])
    parts.push(
      paint(
        colour,
        'dim',
        `    evidence: ${item.detail} (${item.independent ? 'independent' : "the model's own"})`,
      ),
    );
  if (output.alternatives.length > 0)
    parts.push(`  alternatives: ${output.alternatives.length} other candidate(s) — see them with --json`);
  if (output.context.length > 0)
    parts.push(
      `  context: ${output.context.map((source) => `${source.path}:${source.startLine}`).join(', ')}`,
    );
  const usage = output.usage;
  parts.push(
    paint(
      colour,
      'dim',
      `  model: ${output.model} · tokens in ${usage.inputTokens ?? '?'} / out ${usage.outputTokens ?? '?'}`,
    ),
  );
  return `${parts.join('\n')}\n`;
}

/**
 * On a terminal: a spinner while the model has not answered yet, then the answer streamed to stderr
 * (dimmed) as it is written, and the stages after it.
 */
function terminalListener(json: boolean): ((event: TaskEvent) => void) | undefined {
  if (json) return undefined;
  if (!process.stderr.isTTY) {
    // notices are printed by the caller already
    const plain = plainProgressListener();
    return (event) => {
      if (event.type !== 'notice') plain(event);
    };
  }
  const colour = useColour(process.stderr);
  let waiting: Spinner | undefined;
  return (event) => {
    if (event.type === 'stage' && event.stage === 'model' && event.status === 'start')
      waiting = startSpinner(`waiting for ${event.detail ?? 'the model'}…`);
    if (
      event.type === 'text-delta' ||
      (event.type === 'stage' && event.stage === 'model' && event.status === 'done')
    ) {
      waiting?.stop();
      waiting = undefined;
    }
    if (event.type === 'text-delta') process.stderr.write(paint(colour, 'dim', event.delta));
    else if (event.type === 'stage' && event.status === 'start' && event.stage === 'verify')
      process.stderr.write(paint(colour, 'dim', '\n\nverifying…\n'));
    else if (event.type === 'stage' && event.stage === 'repair' && event.status === 'start')
      process.stderr.write(paint(colour, 'dim', `\n\nrepairing (${event.detail ?? ''})…\n`));
  };
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('generate code from a spec, verified before you see it')
    .argument('<spec>', 'what the code should do (or - to read it from stdin)')
    .option('--lang <language>', 'target language (default: from --file, the spec, or the answer)')
    .option('--file <path>', 'the file the code is meant for (sets the language and the context)')
    .option(
      '--model <provider:name>',
      'model to use, e.g. ollama:qwen2.5-coder:7b, openai:gpt-4o-mini, replay:samples.jsonl',
    )
    .option('-n, --n <count>', 'candidates to sample; the best verified one is returned', '1')
    .option('--temperature <t>', 'sampling temperature (default 0.2, or 0.8 with --n > 1)')
    .option('--max-tokens <count>', 'maximum tokens per answer')
    .option('--no-context', 'do not draw on the codebase index')
    .option('--no-checks', 'do not verify (the report says so, and confidence is low)')
    .option('--repair <rounds>', 'rounds that send failed checks back to the model (0 to 5)', '2')
    .option(
      '--explain',
      'explain the code step by step, with what it uses and the gate’s findings, before you accept it',
    )
    .option(
      '--write <path>',
      'write the code there when it was verified (never over an existing file without --force); counts as accepted',
    )
    .option(
      '--write-unverified',
      'with --write: write the code even when it was not verified (NOT VERIFIED, --no-checks); never counts as accepted',
    )
    .option('--force', 'overwrite the --write file if it exists')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--timeout <seconds>', "each run of the code's tests in the sandbox ends after this (default 20)")
    .option('--unsafe-no-sandbox', 'run checks that execute code without a sandbox (every report says so)')
    .option('--json', 'print one JSON object with every output field (and suggestion_id, written)')
    .action(
      action(async (spec: string, options: GenerateOptions) => {
        const language = parseLanguage(options.lang);
        const n = parseInteger({ name: '--n', value: options.n, min: 1, max: 20 }) ?? 1;
        const maxTokens = parseInteger({
          name: '--max-tokens',
          value: options.maxTokens,
          min: 1,
          max: 1_000_000,
        });
        const temperature = parseTemperature(options.temperature);
        const repair = parseInteger({ name: '--repair', value: options.repair, min: 0, max: 5 }) ?? 2;
        const text = readSpec(spec);
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const file =
          options.file === undefined ? undefined : insideWorkspace(workspace.root, options.file, '--file');
        const writeTo =
          options.write === undefined
            ? undefined
            : writableInWorkspace(workspace.root, options.write, '--write');
        if (writeTo && existsSync(join(workspace.root, writeTo)) && !options.force)
          throw new UsageError(`${options.write} exists; vouch generate does not overwrite it`, {
            hint: 'choose another --write path, or add --force to replace it',
          });
        const interrupt = interruptSignal();
        const host = await cliTaskHost(workspace, {
          quiet: options.json === true,
          embeddings: options.context,
          model: options.model,
          unsafeNoSandbox: options.unsafeNoSandbox,
          timeout: options.timeout,
        });
        const listener = terminalListener(options.json === true);
        const input = {
          spec: text,
          n,
          useContext: options.context,
          runChecks: options.checks,
          repair,
          ...(options.explain ? { explain: true } : {}),
          ...(language ? { language } : {}),
          ...(file ? { file } : {}),
          ...(temperature !== undefined ? { temperature } : {}),
          ...(maxTokens !== undefined ? { maxTokens } : {}),
        };
        const output = await runTask({
          name: 'generate',
          input,
          host,
          options: {
            signal: interrupt,
            onEvent: (event) => {
              if (event.type === 'notice') process.stderr.write(`vouch: ${event.message}\n`);
              listener?.(event);
            },
          },
        });
        if (listener && process.stderr.isTTY) process.stderr.write('\n');
        const suggestionId = await recordShownSuggestion(workspace, input, output);
        // written only when nothing failed or blocks: the file is the engineer accepting the code
        let written: string | null = null;
        let notWritten: string | undefined;
        // Unverified code (its tests ran nothing, or --no-checks) is written only when asked by name, and
        // is never "accepted": the fine-tuning export would ship it as a good example.
        let writtenUnverified = false;
        if (writeTo) {
          const verified = output.verification.status === 'pass';
          if (!output.generated_code) notWritten = 'the model returned no code';
          else if (output.verification.status === 'fail' || output.verification.blocked)
            notWritten = 'the code failed its checks';
          else if (!verified && !options.writeUnverified)
            notWritten = `the code was not verified (${
              options.checks === false
                ? '--no-checks'
                : output.verification.reasons.join('; ') || 'no check proved it'
            }); add --write-unverified to write it anyway`;
          else {
            mkdirSync(dirname(join(workspace.root, writeTo)), { recursive: true });
            writeFileSync(join(workspace.root, writeTo), `${output.generated_code.trimEnd()}\n`);
            written = writeTo;
            writtenUnverified = !verified;
            if (suggestionId && verified) await recordAccepted(workspace, suggestionId);
          }
        }
        if (options.json)
          printJson({
            ...output,
            suggestion_id: suggestionId,
            ...(writeTo ? { written, ...(notWritten ? { not_written: notWritten } : {}) } : {}),
            ...(writtenUnverified ? { written_unverified: true } : {}),
          });
        else {
          const colour = useColour();
          process.stdout.write(renderGenerateOutput(output, colour));
          if (written)
            process.stdout.write(
              writtenUnverified
                ? paint(
                    colour,
                    'yellow',
                    `  written to ${written} NOT VERIFIED (--write-unverified); not recorded as accepted\n`,
                  )
                : `  written to ${written}\n`,
            );
          if (notWritten)
            process.stdout.write(paint(colour, 'yellow', `  not written to ${writeTo}: ${notWritten}\n`));
          printFeedbackHint(suggestionId, written !== null && !writtenUnverified);
        }
        return output.verification.status === 'pass' ? EXIT.ok : EXIT.findings;
      }),
    );
}

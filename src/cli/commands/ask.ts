import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import type { DesignDetails, TaskResultOf } from '../../tasks/index.js';
import { runTask } from '../../tasks/run-task.js';
import { parseInteger, readInput } from '../input.js';
import { action, printJson } from '../output.js';
import { paint, useColour } from '../render/colour.js';
import { interruptSignal } from '../signals.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

interface AskOptions {
  model?: string;
  design?: boolean;
  budget?: string;
  json?: boolean;
  config?: string;
}

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description(
      'answer a question about the codebase from the index, citing [path:line] that resolve to real code',
    )
    .argument('<question>', 'the question (or - to read it from stdin)')
    .option(
      '--design',
      'a design question ("how should we add X?"): a proposal from the patterns the codebase already uses (modules, base classes, errors, tests, cited), with alternatives and trade-offs',
    )
    .option('--model <provider:name>', 'model to use, e.g. ollama:qwen2.5-coder:7b ([model] chat)')
    .option('--budget <tokens>', 'tokens of repository context in the prompt (default: up to 6000)')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--json', 'print the answer, its citations and what was dropped as JSON')
    .action(
      action(async (question: string, options: AskOptions) => {
        const text = question === '-' ? readInput('-') : question;
        if (!text.trim())
          throw new UsageError('the question is empty', {
            hint: options.design
              ? 'for example: vouch ask --design "how should we add a CSV exporter?"'
              : 'for example: vouch ask "where are prices rounded?"',
          });
        const budgetTokens = parseInteger({
          name: '--budget',
          value: options.budget,
          min: 256,
          max: 100_000,
        });
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const interrupt = interruptSignal();
        const host = await cliTaskHost(workspace, {
          quiet: options.json === true,
          embeddings: true,
          model: options.model,
        });
        const result = await runTask({
          name: 'ask',
          input: {
            question: text,
            ...(budgetTokens !== undefined ? { budgetTokens } : {}),
            ...(options.design ? { design: true } : {}),
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
        if (options.json) printJson(result);
        else if ('design' in details) process.stdout.write(renderDesign(result, details, useColour()));
        else {
          const colour = useColour();
          const lines = [result.explanation || paint(colour, 'yellow', '(the model returned no answer)'), ''];
          lines.push(...citedAndNotes(result, colour));
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        return result.explanation && !details.ungrounded ? EXIT.ok : EXIT.findings;
      }),
    );
}

/** A design answer for the terminal: the proposal, the alternatives with their trade-offs, the patterns found. */
function renderDesign(result: TaskResultOf<'ask'>, details: DesignDetails, colour: boolean): string {
  const lines = [result.explanation || paint(colour, 'yellow', '(the model returned no proposal)'), ''];
  if (details.alternatives.length) {
    lines.push(paint(colour, 'bold', 'Alternatives'));
    for (const alternative of details.alternatives) {
      lines.push(`- ${paint(colour, 'bold', alternative.title)}: ${alternative.description}`);
      if (alternative.tradeOffs) lines.push(`  trade-offs: ${alternative.tradeOffs}`);
    }
    lines.push('');
  }
  const evidence = [
    ...details.evidence.similar,
    ...details.evidence.bases,
    ...details.evidence.errors,
    ...details.evidence.tests,
  ];
  if (evidence.length) {
    lines.push(paint(colour, 'bold', 'Patterns found in the codebase'));
    for (const item of evidence)
      lines.push(`  ${paint(colour, 'dim', `${item.path}:${item.startLine}`)}  ${item.kind}: ${item.label}`);
    lines.push('');
  }
  lines.push(...citedAndNotes(result, colour));
  return `${lines.join('\n')}\n`;
}

/** An answer's last lines: the code it cites, then its notes. */
function citedAndNotes(result: TaskResultOf<'ask'>, colour: boolean): string[] {
  const lines: string[] = [];
  if (result.citations.length > 0) {
    const cited = result.citations.map((citation) => `${citation.path}:${citation.startLine}`).join(', ');
    lines.push(paint(colour, 'dim', `cited: ${cited}`));
  }
  for (const note of result.notes) lines.push(paint(colour, 'yellow', `note: ${note}`));
  return lines;
}

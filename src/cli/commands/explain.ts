import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import type { TaskResultOf } from '../../tasks/index.js';
import { runTask } from '../../tasks/run-task.js';
import { insideWorkspace, parseLanguage } from '../input.js';
import { action, printJson } from '../output.js';
import { paint, useColour } from '../render/colour.js';
import { interruptSignal } from '../signals.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

interface ExplainOptions {
  model?: string;
  lang?: string;
  json?: boolean;
  config?: string;
}

/** `app.py`, `app.py:10-40`, `app.py:12` (one line) or `app.py:Cart.total`. */
export function parseExplainTarget(spec: string): {
  path: string;
  startLine?: number;
  endLine?: number;
  symbol?: string;
} {
  const range = /^(.+):(\d+)(?:-(\d+))?$/.exec(spec);
  if (range) {
    const startLine = Number(range[2]);
    const endLine = range[3] ? Number(range[3]) : startLine;
    if (startLine < 1) throw new UsageError(`lines count from 1, got ${startLine}`);
    return { path: range[1]!, startLine, endLine };
  }
  const symbol = /^(.+\.[A-Za-z0-9]+):([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)$/.exec(spec);
  if (symbol) return { path: symbol[1]!, symbol: symbol[2]! };
  return { path: spec };
}

function render(result: TaskResultOf<'explain'>, colour: boolean): string {
  const { details } = result;
  const heading = (title: string) =>
    paint(colour, 'bold', `── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`);
  const parts: string[] = [];
  const where = `${details.target.path}:${details.target.startLine}-${details.target.endLine}${details.target.symbol ? ` (${details.target.symbol})` : ''}`;
  parts.push(heading(`explanation of ${where}`));
  parts.push(result.explanation || paint(colour, 'yellow', '(the model returned no explanation)'));
  if (details.dependencies.length > 0) {
    parts.push('', heading('depends on (from the code and the index)'));
    for (const dependency of details.dependencies)
      parts.push(`  ${dependency.path}:${dependency.line}  ${dependency.signature}`);
  }
  parts.push('', heading('security gate'));
  if (details.gate !== 'ran') parts.push(paint(colour, 'yellow', `  ${details.gate}`));
  else if (details.findings.length === 0) parts.push('  no findings in this code');
  for (const finding of details.findings) {
    const severe = finding.severity === 'high' || finding.severity === 'critical';
    parts.push(
      `  line ${finding.line} ${paint(colour, severe ? 'red' : 'yellow', finding.severity)}: ${finding.plain}` +
        (finding.fix ? `\n    ${paint(colour, 'dim', `what to do: ${finding.fix}`)}` : ''),
    );
  }
  for (const note of result.notes) parts.push(paint(colour, 'yellow', `  note: ${note}`));
  parts.push(paint(colour, 'dim', `  model: ${result.model} · ${result.durationMs} ms`));
  return `${parts.join('\n')}\n`;
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description(
      'explain code step by step, with what it depends on (cited) and the security gate’s findings',
    )
    .argument('<target>', 'FILE, FILE:START-END or FILE:SYMBOL (a function, class or Class.method)')
    .option('--model <provider:name>', 'model to use, e.g. ollama:qwen2.5-coder:7b ([model] chat)')
    .option('--lang <language>', 'the language, when the file name does not tell')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--json', 'print the whole result (explanation, citations, dependencies, findings) as JSON')
    .action(
      action(async (spec: string, options: ExplainOptions) => {
        const target = parseExplainTarget(spec);
        const language = parseLanguage(options.lang);
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const file = insideWorkspace(workspace.root, target.path);
        const interrupt = interruptSignal();
        const host = await cliTaskHost(workspace, {
          quiet: options.json === true,

          model: options.model,
        });
        const result = await runTask({
          name: 'explain',
          input: {
            file,
            ...(target.startLine !== undefined
              ? { startLine: target.startLine, endLine: target.endLine }
              : {}),
            ...(target.symbol ? { symbol: target.symbol } : {}),
            ...(language ? { language } : {}),
          },
          host,
          options: {
            signal: interrupt,
            onEvent: (event) => {
              if (event.type === 'notice' && !options.json) process.stderr.write(`vouch: ${event.message}\n`);
            },
          },
        });
        if (options.json) printJson(result);
        else process.stdout.write(render(result, useColour()));
        return result.explanation && !result.verification.blocked ? EXIT.ok : EXIT.findings;
      }),
    );
}

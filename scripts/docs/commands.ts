import type { Argument, Command, Option } from 'commander';
import { buildProgram, COMMANDS } from '../../src/cli/main.js';
import { generatedHeader, shown, table } from './markdown.js';

/**
 * docs/commands/<name>.md, one page per command of the CLI, written from the commander definitions the
 * CLI itself parses with (src/cli/commands/), so a flag cannot be documented differently from how it
 * behaves, nor be missing.
 */

/** The hand-written page that shows each command at work (the pages of docs/ that explain, not list). */
export const GUIDES: Record<string, string> = {
  generate: 'tasks.md#generating-code',
  complete: 'tasks.md#completing-code-at-a-cursor',
  explain: 'tasks.md#explaining-code',
  debug: 'tasks.md#debugging-a-failure',
  fix: 'tasks.md#fixing-what-the-gate-finds',
  ask: 'tasks.md#asking-about-the-codebase',
  chat: 'tasks.md#chat',
  test: 'tests-refactors-reviews.md#vouch-test--tests-judged-by-mutation-testing',
  refactor: 'tests-refactors-reviews.md#vouch-refactor--refactors-proven-to-preserve-behaviour',
  review: 'tests-refactors-reviews.md#vouch-review--a-diff-reviewed-by-the-gate-and-the-model',
  model: 'models.md#the-embedded-model-local',
  index: 'codebase-context.md',
  search: 'codebase-context.md',
  map: 'codebase-context.md',
  env: 'codebase-context.md',
  context: 'codebase-context.md',
  lsp: 'editors.md',
  sandbox: 'sandbox.md',
  check: 'sandbox.md',
  scan: 'security.md',
  rules: 'security.md#your-teams-semgrep-rules',
  licence: 'licence.md',
  eval: 'evaluation.md',
  serve: 'team-server.md',
  token: 'team-server.md',
  stats: 'privacy-and-telemetry.md',
  feedback: 'privacy-and-telemetry.md',
  prune: 'team-server.md',
  export: 'team-server.md',
};

function fullName(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

function argumentsTable(command: Command): string {
  const list = command.registeredArguments as readonly Argument[];
  if (list.length === 0) return '';
  const rows = list.map((argument) => [
    `\`${argument.name()}${argument.variadic ? '...' : ''}\``,
    argument.required ? 'required' : 'optional',
    argument.description || '',
    argument.defaultValue === undefined ? '' : `\`${shown(argument.defaultValue)}\``,
  ]);
  return `Arguments:\n\n${table(['argument', '', 'what it is', 'default'], rows)}\n\n`;
}

function optionsTable(command: Command): string {
  const options = (command.options as readonly Option[]).filter((option) => !option.hidden);
  if (options.length === 0) return '';
  const rows = options.map((option) => {
    const choices = option.argChoices ? ` (one of: ${option.argChoices.join(', ')})` : '';
    const fallback =
      option.defaultValue === undefined || option.defaultValue === false || option.negate
        ? ''
        : `\`${shown(option.defaultValue)}\``;
    return [`\`${option.flags}\``, `${option.description}${choices}`, fallback];
  });
  return `Options:\n\n${table(['flag', 'what it does', 'default'], rows)}\n\n`;
}

function section(command: Command, depth: number): string {
  const heading = '#'.repeat(depth);
  let text = `${heading} \`${fullName(command)}\`\n\n${command.description()}\n\n`;
  text += `\`\`\`\n${fullName(command)} ${command.usage()}\n\`\`\`\n\n`;
  text += argumentsTable(command);
  text += optionsTable(command);
  for (const sub of command.commands as readonly Command[]) text += section(sub, depth + 1);
  return text;
}

/** Every command's page, keyed by its path in the repository, and the index that lists them. */
export async function commandPages(): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  const rows: string[][] = [];
  for (const name of Object.keys(COMMANDS)) {
    const program = await buildProgram(['node', 'vouch', name]);
    const command = (program.commands as readonly Command[]).find((each) => each.name() === name);
    if (!command) throw new Error(`src/cli/commands: registering ${name} made no command of that name`);
    const guide = GUIDES[name]
      ? `How it is used: [${GUIDES[name].split('#')[0]}](../${GUIDES[name]}).\n\n`
      : '';
    pages.set(
      `docs/commands/${name}.md`,
      `${generatedHeader(`src/cli/commands/${name}.ts`)}\n${section(command, 1)}${guide}Every command prints one JSON object with \`--json\`; exit codes: see [the command index](index.md).\n`,
    );
    rows.push([`[\`vouch ${name}\`](${name}.md)`, command.description()]);
  }
  pages.set(
    'docs/commands/index.md',
    `${generatedHeader('src/cli/main.ts and src/cli/commands/')}
# Commands

Every command of \`vouch\`, with its flags as the CLI parses them. \`vouch --help\` lists them too, and
\`vouch help COMMAND\` shows one.

${table(['command', 'what it does'], rows)}

Every command takes \`--json\` and then prints exactly one JSON object on stdout; progress goes to stderr.
Exit codes mean the same everywhere: \`0\` ok, \`1\` findings or failed checks, \`2\` usage or environment
error, \`130\` cancelled with Ctrl-C ([output and exit codes](../output.md)).
`,
  );
  return pages;
}

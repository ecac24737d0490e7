import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Help } from 'commander';
import { EXIT } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import { endQuietlyOnClosedPipe } from './pipes.js';
import { installInterruptHandling } from './signals.js';
import { filterTerminalWrites } from './terminal-text.js';

type Register = (program: Command) => void;

/**
 * Every command, loaded on demand: a command's module (and what it imports — the TypeScript compiler,
 * tokenizers, grammars) is only loaded when that command runs, so `vouch index` does not pay for
 * `vouch eval`. The overview (`vouch --help`) and unknown commands load none (`COMMAND_SUMMARIES`).
 */
export const COMMANDS: Record<string, () => Promise<Register>> = {
  generate: async () => (await import('./commands/generate.js')).registerGenerate,
  chat: async () => (await import('./commands/chat.js')).registerChat,
  complete: async () => (await import('./commands/complete.js')).registerComplete,
  explain: async () => (await import('./commands/explain.js')).registerExplain,
  ask: async () => (await import('./commands/ask.js')).registerAsk,
  debug: async () => (await import('./commands/debug.js')).registerDebug,
  fix: async () => (await import('./commands/fix.js')).registerFix,
  change: async () => (await import('./commands/change.js')).registerChange,
  index: async () => (await import('./commands/index.js')).registerIndex,
  search: async () => (await import('./commands/search.js')).registerSearch,
  map: async () => (await import('./commands/map.js')).registerMap,
  env: async () => (await import('./commands/env.js')).registerEnv,
  context: async () => (await import('./commands/context.js')).registerContext,
  sandbox: async () => (await import('./commands/sandbox.js')).registerSandbox,
  check: async () => (await import('./commands/check.js')).registerCheck,
  scan: async () => (await import('./commands/scan.js')).registerScan,
  licence: async () => (await import('./commands/licence.js')).registerLicence,
  eval: async () => (await import('./commands/eval.js')).registerEval,
  model: async () => (await import('./commands/model.js')).registerModel,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  token: async () => (await import('./commands/token.js')).registerToken,
  stats: async () => (await import('./commands/stats.js')).registerStats,
  feedback: async () => (await import('./commands/feedback.js')).registerFeedback,
  prune: async () => (await import('./commands/prune.js')).registerPrune,
  export: async () => (await import('./commands/export.js')).registerExport,
  test: async () => (await import('./commands/test.js')).registerTest,
  refactor: async () => (await import('./commands/refactor.js')).registerRefactor,
  review: async () => (await import('./commands/review.js')).registerReview,
  lsp: async () => (await import('./commands/lsp.js')).registerLsp,
  rules: async () => (await import('./commands/rules.js')).registerRules,
  trust: async () => (await import('./commands/trust.js')).registerTrust,
};

/**
 * What `vouch --help` lists, so that the overview (and an unknown command's "did you mean") loads no
 * command module at all; `vouch help X` and `vouch X --help` load X and show its own help. Kept equal to
 * each command's own `.description()` by main.test.ts.
 */
export const COMMAND_SUMMARIES: Record<string, { term: string; summary: string }> = {
  generate: {
    term: 'generate [options] <spec>',
    summary: 'generate code from a spec, verified before you see it',
  },
  chat: {
    term: 'chat [options]',
    summary: "chat about your codebase; history is kept in the user's state dir",
  },
  complete: {
    term: 'complete [options] <cursor>',
    summary: 'complete the code at a cursor (fill-in-the-middle), cut where the block ends, checked',
  },
  explain: {
    term: 'explain [options] <target>',
    summary: 'explain code step by step, with what it depends on (cited) and the security gate’s findings',
  },
  ask: {
    term: 'ask [options] <question>',
    summary:
      'answer a question about the codebase from the index, citing [path:line] that resolve to real code',
  },
  debug: {
    term: 'debug [options] [command...]',
    summary: 'find the cause of a failure and a fix, proven by re-running the command in the sandbox',
  },
  fix: {
    term: 'fix [options] <target>',
    summary:
      "fix the gate's findings in a file with the model, checked again by the same gate before you see it",
  },
  change: {
    term: 'change [options] <request>',
    summary:
      "make a change across files from a request, proven against the project's own tests in the sandbox before it touches a file",
  },
  index: {
    term: 'index [options] [dir]',
    summary: 'index the workspace for search, the repo map and context (incremental; writes only .vouch/)',
  },
  search: {
    term: 'search [options] <query>',
    summary:
      'search the indexed workspace (BM25 over syntax-aware chunks, identifiers split; fused with embeddings when `vouch index --embed` made them and [model] embed is set)',
  },
  map: {
    term: 'map [options]',
    summary: "the repository's most important definitions (signatures), ranked by PageRank over references",
  },
  env: {
    term: 'env [options] [dir]',
    summary: 'languages, pinned/installed packages, test framework and style of the workspace',
  },
  context: {
    term: 'context [options] <cursor>',
    summary: 'the context vouch would give a model for a cursor: code, definitions, repo map, environment',
  },
  sandbox: { term: 'sandbox', summary: 'run untrusted code in the bubblewrap sandbox' },
  check: {
    term: 'check [options] <file>',
    summary: 'check code against the current project: syntax, imports/APIs, types, lint, tests',
  },
  scan: {
    term: 'scan [options] [paths...]',
    summary:
      'scan code for security flaws (taint-tracked) and secrets; exit 1 on findings at or above --fail-on',
  },
  licence: {
    term: 'licence [options] [dir]',
    summary: 'dependency licences against the policy, and copied copyleft code',
  },
  eval: {
    term: 'eval [options] <benchmark>',
    summary: 'score samples on HumanEval, MBPP, HumanEval-TS or MBPP-TS exactly as their harnesses do',
  },
  test: {
    term: 'test [options] <target>',
    summary: 'generate unit tests, run them in the sandbox, and score them by coverage and mutation testing',
  },
  refactor: {
    term: 'refactor [options] <target>',
    summary: 'refactor toward a goal, proven to preserve behaviour by the tests and differential testing',
  },
  review: {
    term: 'review [options] [range]',
    summary:
      'review a diff: the gate on changed lines, model comments with suggestions, consistency with the codebase',
  },
  model: {
    term: 'model',
    summary: 'the embedded models: list, download or remove them (the runtime is node-llama-cpp)',
  },
  serve: {
    term: 'serve [options]',
    summary: 'the team server: every task over HTTP with SSE, tokens, telemetry and an audit log',
  },
  token: {
    term: 'token',
    summary: "API tokens of the team server (in this workspace's server database or VOUCH_DATABASE_URL)",
  },
  stats: {
    term: 'stats [options]',
    summary: 'acceptance of suggestions: overall, by confidence, verification, task, language and model',
  },
  feedback: {
    term: 'feedback [options] <id> <outcome>',
    summary: 'say what became of a suggestion the CLI showed: accepted, rejected, modified or copied',
  },
  prune: {
    term: 'prune [options]',
    summary:
      "retention: delete the server's suggestions, their telemetry and audit entries older than an age",
  },
  export: { term: 'export', summary: 'export what the team server collected' },
  rules: {
    term: 'rules',
    summary: "the project's Semgrep rules: test them as Semgrep does",
  },
  trust: {
    term: 'trust [options]',
    summary:
      "trust this workspace's vouch.toml as it is now: its providers, endpoints and privacy settings apply",
  },
  lsp: {
    term: 'lsp [options]',
    summary:
      'the language server (stdio): the gate as diagnostics, quick fixes, the assistant as code actions',
  },
};

/** Commands that only stand for their entry in the overview; running one loads the real command. */
function listCommands(program: Command): void {
  for (const [name, { summary }] of Object.entries(COMMAND_SUMMARIES))
    program.command(name).description(summary);
  program.configureHelp({
    subcommandTerm: (command) =>
      COMMAND_SUMMARIES[command.name()]?.term ?? new Help().subcommandTerm(command),
  });
}

/**
 * vouch's version, from its own package.json. Checked by hand, not with zod (`core/package-manifest.ts`):
 * every start of the CLI reads it, and loading zod here would cost each command its start-up time.
 */
// by hand on purpose, so main.ts loads no zod at start: src/cli/start-up-imports.test.ts holds it
function version(): string {
  const path = join(packageRoot(), 'package.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof manifest !== 'object' || manifest === null || !('version' in manifest))
    throw new Error(`${path}: unexpected content (version: missing)`);
  if (typeof manifest.version !== 'string')
    throw new Error(`${path}: unexpected content (version: not a string)`);
  return manifest.version;
}

/** The command the user asked for (`vouch X …` or `vouch help X`), if any. */
function requestedCommand(argv: string[]): string | undefined {
  const words = argv.slice(2).filter((argument) => !argument.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/** `vouch --version` alone needs no command loaded. */
function versionOnly(argv: string[]): boolean {
  const rest = argv.slice(2);
  return rest.length === 1 && (rest[0] === '--version' || rest[0] === '-V');
}

/**
 * What to do after a usage error of a command whose mistakes have a likelier cause than a misspelt flag:
 * `vouch debug pytest -q` took `-q` for vouch's (w221: "unknown option '-q'", and "run with --help").
 */
const USAGE_HINTS: Partial<Record<string, string>> = {
  debug: 'the failing command goes after `--`, its flags with it: vouch debug -- pytest -q tests/test_app.py',
};
const usageHint = (argv: string[]) =>
  USAGE_HINTS[requestedCommand(argv) ?? ''] ?? 'run with --help for usage';

export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new Command('vouch');
  program
    .description('verification-first code generation: nothing reaches you unverified')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Commander exits 1 on usage errors; vouch's contract is 2 for usage, 1 for findings only.
    .exitOverride();
  const wanted = requestedCommand(argv);
  if (wanted && Object.hasOwn(COMMANDS, wanted)) {
    (await COMMANDS[wanted]!())(program);
    const hint = USAGE_HINTS[wanted];
    if (hint) program.commands.find((command) => command.name() === wanted)?.showHelpAfterError(`(${hint})`);
  } else if (!versionOnly(argv)) listCommands(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  endQuietlyOnClosedPipe();
  installInterruptHandling();
  // model output and code reach the terminal: only vouch's own control sequences pass (terminal-text.ts);
  // the language server's stdout is JSON-RPC with byte counts, never rewritten
  if (requestedCommand(argv) !== 'lsp') filterTerminalWrites(process.stdout);
  filterTerminalWrites(process.stderr);
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      process.exitCode = benign || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      // commander has said it on stderr; a script that asked for JSON gets it on stdout as every other error
      if (!benign && error.exitCode !== 0 && argv.includes('--json')) printUsageError(error, usageHint(argv));
      return;
    }
    throw error;
  }
}

/** A usage error commander found (an unknown option, a missing argument), as `reportError` prints errors. */
function printUsageError(error: CommanderError, hint: string): void {
  const message = error.message.replace(/^error: /, '');
  process.stdout.write(
    `${JSON.stringify({ error: { name: 'UsageError', message, hint, exitCode: EXIT.usage } }, null, 2)}\n`,
  );
}

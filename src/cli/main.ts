import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { EXIT } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import { endQuietlyOnClosedPipe } from './pipes.js';
import { installInterruptHandling } from './signals.js';

type Register = (program: Command) => void;

/**
 * Every command, loaded on demand: a command's module (and what it imports — the TypeScript compiler,
 * tokenizers, grammars) is only loaded when that command runs, so `vouch index` does not pay for
 * `vouch eval`. Help and unknown commands load them all.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  generate: async () => (await import('./commands/generate.js')).registerGenerate,
  chat: async () => (await import('./commands/chat.js')).registerChat,
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
};

function version(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
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

export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new Command('vouch');
  program
    .description('verification-first code generation: nothing reaches you unverified')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Commander exits 1 on usage errors; vouch's contract is 2 for usage, 1 for findings only.
    .exitOverride();
  const wanted = requestedCommand(argv);
  const names = versionOnly(argv)
    ? []
    : wanted && Object.hasOwn(COMMANDS, wanted)
      ? [wanted]
      : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((name) => COMMANDS[name]!()));
  for (const register of registers) register(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  endQuietlyOnClosedPipe();
  installInterruptHandling();
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      process.exitCode = benign || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    throw error;
  }
}

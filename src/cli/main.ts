import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { EXIT } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import { registerChat } from './commands/chat.js';
import { registerCheck } from './commands/check.js';
import { registerContext } from './commands/context.js';
import { registerEnv } from './commands/env.js';
import { registerEval } from './commands/eval.js';
import { registerGenerate } from './commands/generate.js';
import { registerIndex } from './commands/index.js';
import { registerLicence } from './commands/licence.js';
import { registerMap } from './commands/map.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerScan } from './commands/scan.js';
import { registerSearch } from './commands/search.js';

function version(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

export function buildProgram(): Command {
  const program = new Command('vouch');
  program
    .description('verification-first code generation: nothing reaches you unverified')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Commander exits 1 on usage errors; vouch's contract is 2 for usage, 1 for findings only.
    .exitOverride();
  for (const register of [
    registerGenerate,
    registerChat,
    registerIndex,
    registerSearch,
    registerMap,
    registerEnv,
    registerContext,
    registerSandbox,
    registerCheck,
    registerScan,
    registerLicence,
    registerEval,
  ]) {
    register(program);
  }
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram();
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

import type { Command } from 'commander';
import { EnvironmentError } from '../../core/errors.js';
import { action } from '../output.js';

// Placeholder while issue 2 is built; replaced by the real command.
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('(being built: issue 2)')
    .allowUnknownOption()
    .option('--json', 'print JSON')
    .action(
      action(async () => {
        throw new EnvironmentError('`vouch generate` is not built yet (issue 2)');
      }),
    );
}

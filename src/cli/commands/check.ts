import type { Command } from 'commander';
import { EnvironmentError } from '../../core/errors.js';
import { action } from '../output.js';

// Placeholder while issue 4 is built; replaced by the real command.
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('(being built: issue 4)')
    .allowUnknownOption()
    .option('--json', 'print JSON')
    .action(
      action(async () => {
        throw new EnvironmentError('`vouch check` is not built yet (issue 4)');
      }),
    );
}

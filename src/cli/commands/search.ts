import type { Command } from 'commander';
import { EnvironmentError } from '../../core/errors.js';
import { action } from '../output.js';

// Placeholder while issue 3 is built; replaced by the real command.
export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('(being built: issue 3)')
    .allowUnknownOption()
    .option('--json', 'print JSON')
    .action(
      action(async () => {
        throw new EnvironmentError('`vouch search` is not built yet (issue 3)');
      }),
    );
}

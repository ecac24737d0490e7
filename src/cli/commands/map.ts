import type { Command } from 'commander';
import { EnvironmentError } from '../../core/errors.js';
import { action } from '../output.js';

// Placeholder while issue 3 is built; replaced by the real command.
export function registerMap(program: Command): void {
  program
    .command('map')
    .description('(being built: issue 3)')
    .allowUnknownOption()
    .option('--json', 'print JSON')
    .action(
      action(async () => {
        throw new EnvironmentError('`vouch map` is not built yet (issue 3)');
      }),
    );
}

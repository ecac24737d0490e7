import type { Command } from 'commander';
import { EnvironmentError } from '../../core/errors.js';
import { action } from '../output.js';

// Placeholder while issue 6 is built; replaced by the real command.
export function registerLicence(program: Command): void {
  program
    .command('licence')
    .description('(being built: issue 6)')
    .allowUnknownOption()
    .option('--json', 'print JSON')
    .action(
      action(async () => {
        throw new EnvironmentError('`vouch licence` is not built yet (issue 6)');
      }),
    );
}

import type { Command } from 'commander';
import { EnvironmentError } from '../../core/errors.js';
import { action } from '../output.js';

// Placeholder while issue 5 is built; replaced by the real command.
export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('(being built: issue 5)')
    .allowUnknownOption()
    .option('--json', 'print JSON')
    .action(
      action(async () => {
        throw new EnvironmentError('`vouch scan` is not built yet (issue 5)');
      }),
    );
}

import type { Command } from 'commander';
import { EnvironmentError } from '../../core/errors.js';
import { action } from '../output.js';

// Placeholder while issue 7 is built; replaced by the real command.
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('(being built: issue 7)')
    .allowUnknownOption()
    .option('--json', 'print JSON')
    .action(
      action(async () => {
        throw new EnvironmentError('`vouch eval` is not built yet (issue 7)');
      }),
    );
}

import type { Command } from 'commander';
import { EnvironmentError } from '../../core/errors.js';
import { action } from '../output.js';

// Placeholder while issue 2 is built; replaced by the real command.
export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('(being built: issue 2)')
    .allowUnknownOption()
    .option('--json', 'print JSON')
    .action(
      action(async () => {
        throw new EnvironmentError('`vouch chat` is not built yet (issue 2)');
      }),
    );
}

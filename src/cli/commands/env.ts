import type { Command } from 'commander';
import { checkedDirectory } from '../../index/open-index.js';
import { detectEnvironment, renderEnvironment } from '../../workspace/environment/index.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';

export function registerEnv(program: Command): void {
  program
    .command('env')
    .description('languages, pinned/installed packages, test framework and style of the workspace')
    .argument('[dir]', 'the workspace folder (default: the one around the current directory)')
    .option('--json', 'print the environment as JSON')
    .action(
      action(async (dir: string | undefined, options: { json?: boolean }) => {
        const root = dir ? checkedDirectory(dir) : findWorkspaceRoot();
        const environment = await detectEnvironment(root);
        if (options.json) {
          printJson(environment);
          return;
        }
        for (const warning of environment.warnings) process.stderr.write(`vouch: ${warning}\n`);
        const text = renderEnvironment(environment);
        const transitive = environment.packages.filter((pkg) => !pkg.declared).length;
        process.stdout.write(`${text || 'no manifests found'}\n`);
        if (transitive > 0)
          process.stdout.write(
            `(${transitive} more packages pinned or installed transitively; see --json)\n`,
          );
      }),
    );
}

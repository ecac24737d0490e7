import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EnvironmentError } from '../../core/errors.js';

/**
 * Programs the sandbox runs inside itself: util-linux's `prlimit` sets the limits, `setpriv` drops root;
 * `bash` closes the descriptors the program must not hold (close-inherited-fds.ts).
 */
export type SandboxTool = 'prlimit' | 'setpriv' | 'bash';

const found = new Map<SandboxTool, string>();

/**
 * Where a util-linux tool lives. It must be in the read-only system view (/usr, /bin) for the sandbox to
 * run it, so the system folders are searched before PATH.
 */
export function findTool(tool: SandboxTool): string {
  const known = found.get(tool);
  if (known) return known;
  for (const dir of [
    '/usr/bin',
    '/bin',
    '/usr/sbin',
    '/sbin',
    ...(process.env.PATH ?? '').split(delimiter),
  ]) {
    if (!dir) continue;
    const candidate = join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      found.set(tool, candidate);
      return candidate;
    } catch {
      // next
    }
  }
  if (tool === 'bash')
    throw new EnvironmentError(
      '`bash` is missing, so the sandbox cannot close the descriptors a program must not hold',
      {
        hint: 'install bash (`apt-get install bash`)',
      },
    );
  throw new EnvironmentError(
    `\`${tool}\` (util-linux) is missing, so the sandbox cannot ${tool === 'prlimit' ? 'set its limits' : 'drop root'}`,
    {
      hint: 'install util-linux (`apt-get install util-linux`)',
    },
  );
}

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Where the user's `vouch` is: the `vouch.path` setting, else the first `vouch` on PATH. The extension
 * runs that program, never `node` of the editor: vouch's native modules (SQLite) are built for the
 * user's Node, and the editor's is another version.
 */
export function findVouch(setting: string | undefined, path = process.env.PATH ?? ''): string | undefined {
  if (setting?.trim()) return isExecutable(setting.trim()) ? setting.trim() : undefined;
  for (const folder of path.split(delimiter)) {
    if (!folder || !isAbsolute(folder)) continue;
    const candidate = join(folder, 'vouch');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type LanguageId, languageForPath } from '../../core/languages.js';
import type { ExclusionReason } from '../../workspace/file-filters.js';

/**
 * Whether a folder `vouch scan` listed holds, among the files it read, every Python file the project's
 * settings listing (security/workspace-settings.ts) would take there: then that listing does not walk it a
 * second time (issue 59: Django's 2,554 folders, walked again for no file). The two listings differ where
 * the scan's starts lower, and a settings line missed gives an exemption back, so a folder is whole only
 * when none of these is so:
 * - a `.vouchignore` at its top: only the scan's listing reads it (the settings' reads the project's);
 * - `--lang` other than Python: the scan lists no Python file of it;
 * - a Python file left out for a reason that depends on where the listing starts, or that the settings
 *   report: too large (its settings not read, said as such), a link (the resolver's bounds are the
 *   listing's top), ignored, a hard link to a secrets file;
 * - a Python file listed that the scan could not read (its bytes: the settings' reader still takes its
 *   other lines).
 * Vendored folders and generated names are left out by name, the same from either top.
 */
export class ListedWhole {
  #whole: boolean;

  constructor(folder: string, language: LanguageId | undefined) {
    this.#whole =
      (language === undefined || language === 'python') && !existsSync(join(folder, '.vouchignore'));
  }

  /** A file the scan's listing left out, by its path from the folder and why. */
  leftOut(path: string, reason: ExclusionReason): void {
    if (languageForPath(path) === 'python' && reason !== 'vendored' && reason !== 'generated')
      this.#whole = false;
  }

  /** A Python file listed that the scan did not read. */
  notRead(): void {
    this.#whole = false;
  }

  get whole(): boolean {
    return this.#whole;
  }
}

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { licenceFileNames } from '../project-licence.js';
import { identifyLicenceText } from './identify-licence-text.js';

export interface FileLicence {
  expression: string;
  file: string;
}

/** Licence files larger than this are not licence texts (some packages ship a bundle of notices). */
const MAX_LICENCE_FILE = 512 * 1024;

/** Identifies the licence in the LICENSE/COPYING files of `dir` (or the one file named). */
export function licenceFromFiles(
  dir: string,
  names: string[] = licenceFileNames(dir),
): FileLicence | undefined {
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (!statSync(path).isFile() || statSync(path).size > MAX_LICENCE_FILE) continue;
      const found = identifyLicenceText(readFileSync(path, 'utf8'));
      if (found) return { expression: found.expression, file: name };
    } catch {
      // unreadable file: try the next
    }
  }
  return undefined;
}

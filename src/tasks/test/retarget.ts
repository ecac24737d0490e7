import { dirname, relative } from 'node:path';
import { escapeRegExp } from '../../core/regexp.js';

/**
 * A JavaScript or TypeScript suite imports the code as `./name` (it is generated beside it); written
 * elsewhere, the specifier must follow. The suite is run once more with this specifier where it goes
 * (`tests-where-written`), and the face writes exactly that text.
 */
export function retargetSuite(code: string, source: string, testFile: string): string {
  const base =
    source
      .split('/')
      .pop()
      ?.replace(/\.[^.]+$/, '') ?? '';
  let specifier = relative(dirname(testFile), source.replace(/\.[^.]+$/, ''))
    .split('\\')
    .join('/');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  const escaped = escapeRegExp(base);
  return code.replace(new RegExp(`(['"])\\./${escaped}((?:\\.[cm]?[jt]sx?)?)\\1`, 'g'), `$1${specifier}$2$1`);
}

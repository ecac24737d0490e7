import { join } from 'node:path';
import { cacheHome } from '../../core/user-dirs.js';
import type { CatalogueModel } from './catalogue.js';

/** Where downloaded models live: `$XDG_CACHE_HOME/vouch/models` (default `~/.cache/vouch/models`). */
export function localModelsDir(env: NodeJS.ProcessEnv): string {
  // as every other cache of vouch's: a relative XDG_CACHE_HOME is invalid under the spec and ignored
  return join(cacheHome(env), 'vouch', 'models');
}

/** The finished file of a catalogue model: present only once its size and checksum were verified. */
export function modelPath(dir: string, model: CatalogueModel): string {
  return join(dir, model.file);
}

/** The file a download writes to until it is verified; kept between attempts so a download resumes. */
export function partialPath(dir: string, model: CatalogueModel): string {
  return join(dir, `${model.file}.part`);
}

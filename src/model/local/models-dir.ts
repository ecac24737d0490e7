import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CatalogueModel } from './catalogue.js';

/** Where downloaded models live: `$XDG_CACHE_HOME/vouch/models` (default `~/.cache/vouch/models`). */
export function localModelsDir(env: NodeJS.ProcessEnv): string {
  const cache = env.XDG_CACHE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.cache');
  return join(cache, 'vouch', 'models');
}

/** The finished file of a catalogue model: present only once its size and checksum were verified. */
export function modelPath(dir: string, model: CatalogueModel): string {
  return join(dir, model.file);
}

/** The file a download writes to until it is verified; kept between attempts so a download resumes. */
export function partialPath(dir: string, model: CatalogueModel): string {
  return join(dir, `${model.file}.part`);
}

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';

/** The environment variable naming the folder that holds `humaneval/`, `humaneval-ts/` and `mbpp/`. */
export const DATASETS_ENV = 'VOUCH_DATASETS';

/**
 * Where the benchmark datasets live: `--datasets DIR`, then `$VOUCH_DATASETS`, then `../shared/datasets`
 * beside the vouch checkout. Datasets are read in place and never copied (their licences restrict use).
 */
export function datasetsDir(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (option) return resolve(option);
  const fromEnv = env[DATASETS_ENV];
  if (fromEnv) return resolve(fromEnv);
  return resolve(join(packageRoot(), '..', 'shared', 'datasets'));
}

/** The default datasets folder when it exists (tests skip with a reason otherwise). */
export function findDatasetsDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = datasetsDir(undefined, env);
  return existsSync(dir) ? dir : undefined;
}

export function datasetFile(dir: string, relative: string): string {
  const file = join(dir, relative);
  if (!existsSync(file)) {
    throw new UsageError(`cannot find the dataset file ${file}`, {
      hint: `point --datasets (or $${DATASETS_ENV}) at the folder holding humaneval/, humaneval-ts/ and mbpp/`,
    });
  }
  return file;
}

/**
 * The three sets of files the security engine's exactness checks run on (`findings-equivalence.ts`,
 * `run-order.ts`):
 *
 *   django  Debian's python3-django (/usr/lib/python3/dist-packages/django, 859 files)
 *   bench   every Python, JavaScript and TypeScript file under bench/security/ (the labelled corpora)
 *   sallm   SALLM's development half (../shared/datasets/security-real, 5,559 programs; read from there)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { languageForPath } from '../../src/core/index.js';
import type { ScanInput } from '../../src/security/index.js';
import { readPrograms } from './real/data.js';

const DJANGO = '/usr/lib/python3/dist-packages/django';
const BENCH = import.meta.dirname;
export const SETS = ['django', 'bench', 'sallm'] as const;
export type FindingSet = (typeof SETS)[number];

function walk(directory: string, keep: (path: string) => boolean): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const path = join(directory, name);
      return statSync(path).isDirectory() ? walk(path, keep) : keep(path) ? [path] : [];
    });
}

/** The files of one set, in a fixed order. */
export function inputs(set: FindingSet): ScanInput[] {
  if (set === 'sallm')
    return readPrograms().map((program) => ({
      path: program.file,
      source: program.code,
      language: 'python' as const,
    }));
  const root = set === 'django' ? DJANGO : BENCH;
  const scanned = (path: string) =>
    set === 'django' ? path.endsWith('.py') : languageForPath(path) !== undefined && !path.endsWith('.json');
  return walk(root, scanned).map((path) => ({
    path: relative(root, path),
    source: readFileSync(path, 'utf8'),
    language: languageForPath(path)!,
  }));
}

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EnvironmentError } from '../../core/errors.js';
import { PRIVATE_FILE, privateDirectory } from '../../core/private-files.js';
import { cacheStateDir, userStateDir } from '../../workspace/root.js';

/**
 * The copyleft fingerprint index: `licence-index.sqlite` (derived data) in the workspace's folder of the
 * user's cache dir, plus `licence-corpora.json` (what the user registered: name, folder, licence) in its
 * folder of the user's state dir (workspace/root.ts `cacheStateDir`, `userStateDir`). Neither is read from
 * the workspace's `.vouch/`: a repository could ship a registration with an empty index there, and the
 * copyleft check would then say it compared the code and found nothing (a pass where nothing was
 * compared); which corpora count is the user's choice. Because the registrations live outside the store, a corrupt store loses nothing the user typed — the corpora are
 * re-indexed from their folders (`vouch licence index rebuild`, or automatically by the commands that need
 * the index). Every query is a named operation of `FingerprintStore`, so no SQL leaves the store;
 * `fingerprint-store.case.ts` is the contract each implementation passes.
 */
export const registrationSchema = z.object({
  name: z.string().min(1),
  licence: z.string().min(1),
  root: z.string().min(1),
  addedAt: z.string(),
});
export type CorpusRegistration = z.infer<typeof registrationSchema>;

export interface StoredCorpus {
  id: number;
  name: string;
  licence: string;
  root: string;
  addedAt: string;
  files: number;
  bytes: number;
  skipped: number;
}

/** One corpus file and its fingerprints, as parallel columns (one entry per fingerprint). */
export interface CorpusFileWrite {
  path: string;
  language: string;
  lines: number;
  tokens: number;
  hashes: ArrayLike<number>;
  /** index of the first token of each fingerprinted k-gram */
  positions: ArrayLike<number>;
  /** the corpus file's lines the k-gram spans (1-based, inclusive) */
  startLines: ArrayLike<number>;
  endLines: ArrayLike<number>;
}

/** Where a fingerprint occurs in the corpora. */
export interface Posting {
  fileId: number;
  position: number;
  startLine: number;
  endLine: number;
}

/** A corpus file, named as a match reports it. */
export interface CorpusFileInfo {
  /** relative to the corpus folder */
  file: string;
  /** the corpus folder as registered */
  root: string;
  corpus: string;
  licence: string;
}

export interface FingerprintStore {
  readonly file: string;
  /** set when the store was corrupt and was moved aside: the path it went to (say so, and re-index) */
  readonly rebuiltFrom: string | undefined;
  /** true when the store was written with other fingerprint parameters and was emptied */
  readonly schemeChanged: boolean;

  /** every corpus, by name */
  corpora(): StoredCorpus[];
  /** adds an empty corpus and returns its id (the name must be free: delete the old one first) */
  createCorpus(corpus: { name: string; licence: string; root: string }): number;
  /** writes files and their fingerprints in one transaction */
  addFiles(corpusId: number, files: readonly CorpusFileWrite[]): void;
  /** records what indexing a corpus found once it is done */
  setCorpusTotals(corpusId: number, totals: { files: number; bytes: number; skipped: number }): void;
  /** removes a corpus and its files and fingerprints; false when there was none of that name */
  deleteCorpus(name: string): boolean;
  /** removes every corpus (before re-indexing them all) */
  clear(): void;

  /** where `hash` occurs, at most `limit` postings */
  postings(hash: number, limit: number): Posting[];
  describeFile(fileId: number): CorpusFileInfo | undefined;
  counts(): { corpora: number; files: number; fingerprints: number };
  close(): void;
}

export function storePath(root: string): string {
  const folder = cacheStateDir(root);
  privateDirectory(folder);
  return join(folder, 'licence-index.sqlite');
}

export function registrationsPath(root: string): string {
  return join(userStateDir(root), 'licence-corpora.json');
}

/** Where an older vouch kept the registrations: the workspace's `.vouch/`, no longer read. */
export function workspaceRegistrationsPath(root: string): string {
  return join(root, '.vouch', 'licence-corpora.json');
}

/**
 * What to tell a user whose registrations an older vouch kept in the workspace's `.vouch/`: they are not
 * read (the file may have come with the repository), so the corpora are registered again, by the user.
 */
export function olderRegistrationsNote(root: string): string | undefined {
  const older = workspaceRegistrationsPath(root);
  if (existsSync(registrationsPath(root)) || !existsSync(older)) return undefined;
  return `${older} is not read (a repository can ship one; registrations are yours to make): if it lists corpora you registered with an older vouch, add them again with \`vouch licence index add DIR --licence SPDX --name NAME\` (kept in ${registrationsPath(root)})`;
}

export function readRegistrations(root: string): CorpusRegistration[] {
  const file = registrationsPath(root);
  if (!existsSync(file)) return [];
  try {
    return z.array(registrationSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new EnvironmentError(
      `${file} is not a valid list of corpus registrations: ${(error as Error).message.split('\n')[0]}`,
      {
        hint: 'delete it and register the corpora again with `vouch licence index add DIR --licence SPDX --name NAME`',
      },
    );
  }
}

export function writeRegistrations(root: string, registrations: CorpusRegistration[]): void {
  const file = registrationsPath(root);
  privateDirectory(userStateDir(root));
  writeFileSync(`${file}.tmp`, `${JSON.stringify(registrations, null, 2)}\n`, { mode: PRIVATE_FILE });
  renameSync(`${file}.tmp`, file);
}

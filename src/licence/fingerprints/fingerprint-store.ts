import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EnvironmentError } from '../../core/errors.js';
import { openSqlite, type SqliteDatabase } from '../../store/sqlite.js';
import { vouchDir } from '../../workspace/root.js';
import { fingerprintScheme } from './fingerprint-source.js';

/**
 * The copyleft fingerprint index: `.vouch/licence-index.sqlite` (derived data) plus
 * `.vouch/licence-corpora.json` (what the user registered: name, folder, licence). The store is opened with
 * onCorrupt 'rebuild'; because the registrations live outside it, a corrupt store loses nothing the user
 * typed — the corpora are re-indexed from their folders (`vouch licence index rebuild`, or automatically by
 * the commands that need the index).
 */
const MIGRATIONS = [
  `create table meta (key text primary key, value text not null);
   create table corpora (
     id integer primary key, name text not null unique, licence text not null, root text not null,
     added_at text not null, files integer not null default 0, bytes integer not null default 0,
     skipped integer not null default 0);
   create table files (
     id integer primary key, corpus_id integer not null references corpora(id) on delete cascade,
     path text not null, language text not null, lines integer not null, tokens integer not null);
   create index files_corpus on files(corpus_id);
   create table fingerprints (
     hash integer not null, file_id integer not null, position integer not null,
     start_line integer not null, end_line integer not null,
     primary key (hash, file_id, position)) without rowid;`,
];

export const registrationSchema = z.object({
  name: z.string().min(1),
  licence: z.string().min(1),
  root: z.string().min(1),
  addedAt: z.string(),
});
export type CorpusRegistration = z.infer<typeof registrationSchema>;

export interface FingerprintStore {
  db: SqliteDatabase;
  file: string;
  /** set when the store was corrupt and was moved aside: say so, and re-index */
  rebuiltFrom?: string;
  /** set when the store was written with other fingerprint parameters and was reset */
  schemeChanged?: boolean;
}

export function storePath(root: string): string {
  return join(vouchDir(root), 'licence-index.sqlite');
}

export function registrationsPath(root: string): string {
  return join(vouchDir(root), 'licence-corpora.json');
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
  writeFileSync(`${file}.tmp`, `${JSON.stringify(registrations, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Opens (creating) the fingerprint store of the workspace at `root`. */
export function openFingerprintStore(root: string, file: string = storePath(root)): FingerprintStore {
  const opened = openSqlite(file, { migrations: MIGRATIONS, onCorrupt: 'rebuild' });
  const db = opened.db;
  const scheme = fingerprintScheme();
  const stored = db.prepare(`select value from meta where key = 'scheme'`).get() as
    | { value: string }
    | undefined;
  let schemeChanged = false;
  if (stored && stored.value !== scheme) {
    db.exec('delete from fingerprints; delete from files; delete from corpora;');
    schemeChanged = true;
  }
  if (!stored || schemeChanged)
    db.prepare(`insert or replace into meta (key, value) values ('scheme', ?)`).run(scheme);
  return {
    db,
    file,
    ...(opened.rebuiltFrom ? { rebuiltFrom: opened.rebuiltFrom } : {}),
    ...(schemeChanged ? { schemeChanged } : {}),
  };
}

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

export function listStoredCorpora(db: SqliteDatabase): StoredCorpus[] {
  return db
    .prepare(
      `select id, name, licence, root, added_at as addedAt, files, bytes, skipped from corpora order by name`,
    )
    .all() as StoredCorpus[];
}

/** Removes a corpus and its fingerprints (one pass over the fingerprint table). */
export function deleteStoredCorpus(db: SqliteDatabase, name: string): boolean {
  const corpus = db.prepare('select id from corpora where name = ?').get(name) as { id: number } | undefined;
  if (!corpus) return false;
  db.transaction(() => {
    db.prepare('delete from fingerprints where file_id in (select id from files where corpus_id = ?)').run(
      corpus.id,
    );
    db.prepare('delete from files where corpus_id = ?').run(corpus.id);
    db.prepare('delete from corpora where id = ?').run(corpus.id);
  })();
  return true;
}

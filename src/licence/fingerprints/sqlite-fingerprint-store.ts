import { openSqlite, type SqliteDatabase } from '../../store/sqlite.js';
import { fingerprintScheme } from './fingerprint-source.js';
import {
  type CorpusFileInfo,
  type CorpusFileWrite,
  type FingerprintStore,
  type Posting,
  type StoredCorpus,
  storePath,
} from './fingerprint-store.js';

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

/**
 * The fingerprint store in SQLite, opened with onCorrupt 'rebuild' (derived data). A store written with
 * another fingerprint scheme is emptied on opening: its fingerprints could never match.
 */
export class SqliteFingerprintStore implements FingerprintStore {
  readonly rebuiltFrom: string | undefined;
  readonly schemeChanged: boolean;
  private readonly db: SqliteDatabase;
  private readonly statements: ReturnType<typeof prepare>;

  constructor(readonly file: string) {
    const opened = openSqlite(file, { migrations: MIGRATIONS, onCorrupt: 'rebuild' });
    this.db = opened.db;
    this.rebuiltFrom = opened.rebuiltFrom;
    this.statements = prepare(this.db);
    const scheme = fingerprintScheme();
    const stored = this.db.prepare(`select value from meta where key = 'scheme'`).get() as
      | { value: string }
      | undefined;
    this.schemeChanged = stored !== undefined && stored.value !== scheme;
    if (this.schemeChanged) this.clear();
    if (!stored || this.schemeChanged)
      this.db.prepare(`insert or replace into meta (key, value) values ('scheme', ?)`).run(scheme);
  }

  corpora(): StoredCorpus[] {
    return this.statements.corpora.all() as StoredCorpus[];
  }

  createCorpus(corpus: { name: string; licence: string; root: string }): number {
    return Number(
      this.statements.insertCorpus.run(corpus.name, corpus.licence, corpus.root, new Date().toISOString())
        .lastInsertRowid,
    );
  }

  addFiles(corpusId: number, files: readonly CorpusFileWrite[]): void {
    const { insertFile, insertPrint } = this.statements;
    this.db.transaction(() => {
      for (const file of files) {
        const fileId = Number(
          insertFile.run(corpusId, file.path, file.language, file.lines, file.tokens).lastInsertRowid,
        );
        for (let i = 0; i < file.hashes.length; i++)
          insertPrint.run(
            file.hashes[i]!,
            fileId,
            file.positions[i]!,
            file.startLines[i]!,
            file.endLines[i]!,
          );
      }
    })();
  }

  setCorpusTotals(corpusId: number, totals: { files: number; bytes: number; skipped: number }): void {
    this.statements.setTotals.run(totals.files, totals.bytes, totals.skipped, corpusId);
  }

  /** One pass over the fingerprint table per corpus. */
  deleteCorpus(name: string): boolean {
    const corpus = this.statements.corpusId.get(name) as { id: number } | undefined;
    if (!corpus) return false;
    this.db.transaction(() => {
      this.statements.deletePrints.run(corpus.id);
      this.statements.deleteFiles.run(corpus.id);
      this.statements.deleteCorpus.run(corpus.id);
    })();
    return true;
  }

  clear(): void {
    this.db.exec('delete from fingerprints; delete from files; delete from corpora;');
  }

  postings(hash: number, limit: number): Posting[] {
    return this.statements.postings.all(hash, limit) as Posting[];
  }

  describeFile(fileId: number): CorpusFileInfo | undefined {
    return this.statements.describeFile.get(fileId) as CorpusFileInfo | undefined;
  }

  counts(): { corpora: number; files: number; fingerprints: number } {
    return this.statements.counts.get() as { corpora: number; files: number; fingerprints: number };
  }

  close(): void {
    this.db.close();
  }
}

function prepare(db: SqliteDatabase) {
  return {
    corpora: db.prepare(
      'select id, name, licence, root, added_at as addedAt, files, bytes, skipped from corpora order by name',
    ),
    corpusId: db.prepare('select id from corpora where name = ?'),
    insertCorpus: db.prepare('insert into corpora (name, licence, root, added_at) values (?, ?, ?, ?)'),
    insertFile: db.prepare(
      'insert into files (corpus_id, path, language, lines, tokens) values (?, ?, ?, ?, ?)',
    ),
    insertPrint: db.prepare(
      'insert or ignore into fingerprints (hash, file_id, position, start_line, end_line) values (?, ?, ?, ?, ?)',
    ),
    setTotals: db.prepare('update corpora set files = ?, bytes = ?, skipped = ? where id = ?'),
    deletePrints: db.prepare(
      'delete from fingerprints where file_id in (select id from files where corpus_id = ?)',
    ),
    deleteFiles: db.prepare('delete from files where corpus_id = ?'),
    deleteCorpus: db.prepare('delete from corpora where id = ?'),
    postings: db.prepare(
      'select file_id as fileId, position, start_line as startLine, end_line as endLine from fingerprints where hash = ? limit ?',
    ),
    describeFile: db.prepare(
      'select f.path as file, c.root as root, c.name as corpus, c.licence as licence from files f join corpora c on c.id = f.corpus_id where f.id = ?',
    ),
    counts: db.prepare(
      'select (select count(*) from corpora) as corpora, (select count(*) from files) as files, (select count(*) from fingerprints) as fingerprints',
    ),
  };
}

/**
 * Opens (creating) the fingerprint store of the workspace at `root`: here, beside its implementation, so
 * the interface (fingerprint-store.ts) knows none.
 */
export function openFingerprintStore(root: string, file: string = storePath(root)): FingerprintStore {
  return new SqliteFingerprintStore(file);
}

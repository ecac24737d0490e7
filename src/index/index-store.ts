import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import { openSqlite, type SqliteDatabase } from '../store/sqlite.js';
import { vouchDir } from '../workspace/root.js';
import type { FileAnalysis } from './analyze-file.js';
import { expandIdentifiers } from './identifiers.js';
import { INDEX_MIGRATIONS } from './schema.js';

export interface StoredFile {
  id: number;
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
}

export interface FileWrite {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
  language?: string;
  /** parsed now */
  analysis?: FileAnalysis;
  /** or: the id of a stored file with the same content (a rename, a copy, a branch switch back) */
  copyFrom?: number;
}

export interface IndexCounts {
  files: number;
  chunks: number;
  symbols: number;
  references: number;
  embeddings: number;
}

export function indexPath(workspaceRoot: string): string {
  return join(vouchDir(workspaceRoot), 'index.db');
}

/**
 * The SQLite index under `.vouch/index.db`. Holds prepared statements, hence a class. Writers commit one
 * transaction per batch (WAL), so readers see either the old or the new rows of a file, never half, and a
 * crash or Ctrl-C leaves every committed batch in place.
 */
export class IndexStore {
  readonly db: SqliteDatabase;
  /** set when the previous index file was corrupt and was moved aside: the path it went to */
  readonly rebuiltFrom: string | undefined;
  /** bumped on every write, so in-memory caches (repo-map graph) know when to reload */
  private generation = 0;
  private readonly statements: Record<string, Statement>;
  /** read statements of the context and search code, compiled once per open index */
  private readonly cached = new Map<string, Statement>();

  constructor(file: string) {
    const opened = openSqlite(file, { migrations: INDEX_MIGRATIONS, onCorrupt: 'rebuild' });
    this.db = opened.db;
    this.rebuiltFrom = opened.rebuiltFrom;
    const prepare = (sql: string) => this.db.prepare(sql);
    this.statements = {
      upsertFile: prepare(
        `insert into files (path, size, mtime_ms, hash, language, syntax_errors, problem)
         values (@path, @size, @mtimeMs, @hash, @language, @syntaxErrors, @problem)
         on conflict(path) do update set size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash,
           language = excluded.language, syntax_errors = excluded.syntax_errors, problem = excluded.problem
         returning id`,
      ),
      touchFile: prepare('update files set size = ?, mtime_ms = ? where id = ?'),
      deleteFts: prepare('delete from chunks_fts where rowid in (select id from chunks where file_id = ?)'),
      deleteChunks: prepare('delete from chunks where file_id = ?'),
      deleteSymbols: prepare('delete from symbols where file_id = ?'),
      deleteRefs: prepare('delete from refs where file_id = ?'),
      deleteFile: prepare('delete from files where id = ?'),
      insertChunk: prepare(
        'insert into chunks (file_id, start_line, end_line, kind, symbol, text) values (?, ?, ?, ?, ?, ?)',
      ),
      insertFts: prepare('insert into chunks_fts (rowid, symbol, path, body) values (?, ?, ?, ?)'),
      insertSymbol: prepare(
        `insert into symbols (file_id, name, kind, parent, start_line, end_line, signature, docstring)
         values (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertRef: prepare('insert into refs (file_id, name, kind, line) values (?, ?, ?, ?)'),
      chunksOf: prepare(
        'select start_line, end_line, kind, symbol, text from chunks where file_id = ? order by id',
      ),
      copySymbols: prepare(
        `insert into symbols (file_id, name, kind, parent, start_line, end_line, signature, docstring)
         select ?, name, kind, parent, start_line, end_line, signature, docstring from symbols where file_id = ?`,
      ),
      copyRefs: prepare(
        'insert into refs (file_id, name, kind, line) select ?, name, kind, line from refs where file_id = ?',
      ),
      fileIdByPath: prepare('select id from files where path = ?'),
      fileMeta: prepare('select language, syntax_errors, problem from files where id = ?'),
    };
  }

  static open(workspaceRoot: string): IndexStore {
    return new IndexStore(indexPath(workspaceRoot));
  }

  get version(): number {
    return this.generation;
  }

  storedFiles(): Map<string, StoredFile> {
    const rows = this.db
      .prepare('select id, path, size, mtime_ms as mtimeMs, hash from files')
      .all() as StoredFile[];
    return new Map(rows.map((row) => [row.path, row]));
  }

  /** Writes files (parsed or copied) in one transaction. */
  writeFiles(writes: readonly FileWrite[]): void {
    const s = this.statements;
    this.db.transaction(() => {
      for (const write of writes) {
        let analysis = write.analysis;
        let meta: { language: string | null; syntax_errors: number; problem: string | null } | undefined;
        if (!analysis && write.copyFrom !== undefined) {
          meta = s.fileMeta!.get(write.copyFrom) as typeof meta;
        }
        // Read the source rows before the upsert: a copy may come from the very row being replaced.
        const copiedChunks =
          write.copyFrom !== undefined
            ? (s.chunksOf!.all(write.copyFrom) as {
                start_line: number;
                end_line: number;
                kind: string;
                symbol: string | null;
                text: string;
              }[])
            : [];
        const existing = s.fileIdByPath!.get(write.path) as { id: number } | undefined;
        if (existing && existing.id !== write.copyFrom) this.clearFile(existing.id);
        const { id } = s.upsertFile!.get({
          path: write.path,
          size: write.size,
          mtimeMs: write.mtimeMs,
          hash: write.hash,
          language: write.language ?? meta?.language ?? null,
          syntaxErrors: analysis?.syntaxErrors ?? meta?.syntax_errors ?? 0,
          problem: analysis?.problem ?? meta?.problem ?? null,
        }) as { id: number };
        if (write.copyFrom !== undefined && write.copyFrom !== id) {
          for (const chunk of copiedChunks) {
            this.insertChunk(
              id,
              write.path,
              chunk.start_line,
              chunk.end_line,
              chunk.kind,
              chunk.symbol,
              chunk.text,
            );
          }
          s.copySymbols!.run(id, write.copyFrom);
          s.copyRefs!.run(id, write.copyFrom);
          analysis = undefined;
        } else if (analysis) {
          for (const chunk of analysis.chunks) {
            this.insertChunk(
              id,
              write.path,
              chunk.startLine,
              chunk.endLine,
              chunk.kind,
              chunk.symbol ?? null,
              chunk.text,
            );
          }
          for (const definition of analysis.definitions) {
            if (definition.kind === 'impl') continue;
            s.insertSymbol!.run(
              id,
              definition.name,
              definition.kind,
              definition.parent ?? null,
              definition.startLine,
              definition.endLine,
              definition.signature,
              definition.docstring ?? null,
            );
          }
          for (const reference of analysis.references)
            s.insertRef!.run(id, reference.name, reference.kind, reference.line);
        }
      }
      this.generation++;
    })();
  }

  /** Records a new size/mtime for a file whose content hash did not change. */
  touchFiles(files: readonly { id: number; size: number; mtimeMs: number }[]): void {
    if (files.length === 0) return;
    this.db.transaction(() => {
      for (const file of files) this.statements.touchFile!.run(file.size, file.mtimeMs, file.id);
    })();
  }

  deleteFiles(ids: readonly number[]): void {
    if (ids.length === 0) return;
    this.db.transaction(() => {
      for (const id of ids) {
        this.clearFile(id);
        this.statements.deleteFile!.run(id);
      }
      this.generation++;
    })();
  }

  /**
   * A prepared statement for `sql`, compiled on first use and kept: context assembly runs a dozen
   * queries per call, and compiling them each time was a measurable share of a warm assembly.
   */
  query(sql: string): Statement {
    let statement = this.cached.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cached.set(sql, statement);
    }
    return statement;
  }

  /** Whether the index holds no file yet (cheaper than `counts()`, which counts every table). */
  isEmpty(): boolean {
    return this.query('select 1 from files limit 1').get() === undefined;
  }

  counts(): IndexCounts {
    const count = (table: string) =>
      (this.db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return {
      files: count('files'),
      chunks: count('chunks'),
      symbols: count('symbols'),
      references: count('refs'),
      embeddings: count('embeddings'),
    };
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare('select value from meta where key = ?').get(key) as { value: string } | undefined)
      ?.value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'insert into meta (key, value) values (?, ?) on conflict(key) do update set value = excluded.value',
      )
      .run(key, value);
  }

  close(): void {
    this.db.close();
  }

  private clearFile(id: number): void {
    const s = this.statements;
    s.deleteFts!.run(id);
    s.deleteChunks!.run(id);
    s.deleteSymbols!.run(id);
    s.deleteRefs!.run(id);
  }

  private insertChunk(
    fileId: number,
    path: string,
    startLine: number,
    endLine: number,
    kind: string,
    symbol: string | null,
    text: string,
    searchText?: string,
  ): void {
    const { lastInsertRowid } = this.statements.insertChunk!.run(
      fileId,
      startLine,
      endLine,
      kind,
      symbol,
      text,
    );
    const symbolText = symbol ? expandIdentifiers(symbol.replace('.', ' ')) : '';
    this.statements.insertFts!.run(
      lastInsertRowid,
      symbolText,
      expandIdentifiers(path.replace(/[/._-]/g, ' ')),
      searchText ?? expandIdentifiers(text),
    );
  }
}

import type { Statement } from 'better-sqlite3';
import { openSqlite, type SqliteDatabase } from '../store/sqlite.js';
import { expandIdentifiers } from './identifiers.js';
import type { ImportRecord } from './imports.js';
import type {
  ChunkHit,
  ChunkRow,
  ClassLines,
  FileWrite,
  GraphRows,
  IndexCounts,
  IndexedFile,
  IndexStore,
  ReferenceRow,
  StoredFile,
  SymbolRow,
} from './index-store-contract.js';
import { INDEX_MIGRATIONS } from './schema.js';

/** Column weights for bm25(): a hit in the symbol name beats one in the path beats one in the body. */
const BM25_WEIGHTS = '8.0, 2.0, 1.0';

const SYMBOL_COLUMNS = `s.file_id as fileId, f.path, s.name, s.kind, s.parent, s.start_line as startLine,
  s.end_line as endLine, s.signature`;

/** Rows per multi-row insert (see `rows`); at most 8 columns, so ≤ 512 parameters a statement. */
const ROWS_PER_STATEMENT = 64;

const ROW_COLUMNS = {
  symbols: ['file_id', 'name', 'kind', 'parent', 'start_line', 'end_line', 'signature', 'docstring'],
  refs: ['file_id', 'name', 'kind', 'line'],
  imports: ['file_id', 'local', 'module', 'name', 'kind', 'line'],
} as const;

/** A chunk as written: its full-text body is its text plus its identifier parts (computed when absent). */
interface ChunkInsert {
  startLine: number;
  endLine: number;
  kind: string;
  symbol?: string | null;
  text: string;
  identifierParts?: string | undefined;
}

interface RowBatch {
  add(...row: unknown[]): void;
  flush(): void;
}

/**
 * The index in one SQLite file (`index.db`, index-store-contract.ts `indexPath`). Statements are prepared once, on first use. Writers
 * commit one transaction per batch (WAL), so readers see either the old or the new rows of a file, never
 * half, and a crash or Ctrl-C leaves every committed batch in place.
 */
export class SqliteIndexStore implements IndexStore {
  readonly rebuiltFrom: string | undefined;
  private readonly db: SqliteDatabase;
  /** bumped on every write through this connection, so in-memory caches know when to reload */
  private generation = 0;
  /** SQLite's `data_version` as read in the current synchronous run (see `version`) */
  private dataVersion: number | undefined;
  private readonly statements = new Map<string, Statement>();

  constructor(readonly location: string) {
    const opened = openSqlite(location, { migrations: INDEX_MIGRATIONS, onCorrupt: 'rebuild' });
    this.db = opened.db;
    this.rebuiltFrom = opened.rebuiltFrom;
  }

  /**
   * This connection's writes plus SQLite's `data_version`, which moves whenever another connection (a
   * `vouch index` in another process, while a server or language server holds this one) commits: both
   * only grow, so the sum changes on any write by anyone, and caches keyed by it never serve rows that
   * another process has replaced.
   */
  get version(): number {
    // Read once per synchronous run of JavaScript (assembly asks a hundred times): a cache tagged with the
    // value read before its rows is at worst rebuilt once more, never kept over newer rows.
    if (this.dataVersion === undefined) {
      this.dataVersion = this.sql('pragma data_version').pluck().get() as number;
      queueMicrotask(() => {
        this.dataVersion = undefined;
      });
    }
    return this.generation + this.dataVersion;
  }

  /** A statement compiled on first use and kept: assembly runs a dozen queries per call. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /**
   * Rows for `table` inserted many to a statement (`values (…), (…), …`): a first index writes ≈ 60,000
   * symbol, reference and import rows, and one statement run per row cost more than the rows. Rows go in
   * in the order they were added; `flush()` writes what is left (before anything else touches the table).
   */
  private rows(table: keyof typeof ROW_COLUMNS): RowBatch {
    const columns = ROW_COLUMNS[table];
    const values: unknown[] = [];
    const insert = (rows: number) => {
      const row = `(${columns.map(() => '?').join(', ')})`;
      return this.sql(
        `insert into ${table} (${columns.join(', ')}) values ${Array(rows).fill(row).join(', ')}`,
      );
    };
    const full = insert(ROWS_PER_STATEMENT);
    const width = columns.length;
    return {
      add(...row: unknown[]) {
        for (const value of row) values.push(value);
        if (values.length === ROWS_PER_STATEMENT * width) {
          full.run(values);
          values.length = 0;
        }
      },
      flush() {
        if (values.length === 0) return;
        insert(values.length / width).run(values);
        values.length = 0;
      },
    };
  }

  /**
   * Chunks and their full-text rows, many to a statement like `rows`: a first index of Django writes
   * ≈ 8,600 of each, two statement runs per chunk when one at a time. A chunk's full-text rowid is its id,
   * read back from the insert: the rows of one `insert … values (…), (…)` get consecutive ids, each the
   * one a single insert would have got, so ids (and the full-text index, whose rows go in in the same
   * order) are those of one insert per chunk. `flush()` before anything else touches either table.
   */
  private chunkRows(): { add(fileId: number, chunk: ChunkInsert, pathText: string): void; flush(): void } {
    const chunkValues: unknown[] = [];
    const ftsTexts: string[] = [];
    const chunkInsert = (rows: number) =>
      this.sql(
        `insert into chunks (file_id, start_line, end_line, kind, symbol, text) values ${Array(rows).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`,
      );
    const ftsInsert = (rows: number) =>
      this.sql(
        `insert into chunks_fts (rowid, symbol, path, body) values ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}`,
      );
    const write = () => {
      const rows = ftsTexts.length / 3;
      if (rows === 0) return;
      const statement = rows === ROWS_PER_STATEMENT ? fullChunks : chunkInsert(rows);
      const last = Number(statement.run(chunkValues).lastInsertRowid);
      const ftsValues: unknown[] = new Array(rows * 4);
      for (let row = 0; row < rows; row++) {
        ftsValues[row * 4] = last - rows + 1 + row;
        ftsValues[row * 4 + 1] = ftsTexts[row * 3];
        ftsValues[row * 4 + 2] = ftsTexts[row * 3 + 1];
        ftsValues[row * 4 + 3] = ftsTexts[row * 3 + 2];
      }
      (rows === ROWS_PER_STATEMENT ? fullFts : ftsInsert(rows)).run(ftsValues);
      chunkValues.length = 0;
      ftsTexts.length = 0;
    };
    const fullChunks = chunkInsert(ROWS_PER_STATEMENT);
    const fullFts = ftsInsert(ROWS_PER_STATEMENT);
    return {
      add(fileId, chunk, pathText) {
        chunkValues.push(
          fileId,
          chunk.startLine,
          chunk.endLine,
          chunk.kind,
          chunk.symbol ?? null,
          chunk.text,
        );
        ftsTexts.push(
          chunk.symbol ? expandIdentifiers(chunk.symbol.replace('.', ' ')) : '',
          pathText,
          expandIdentifiers(chunk.text, chunk.identifierParts),
        );
        if (ftsTexts.length === ROWS_PER_STATEMENT * 3) write();
      },
      flush: write,
    };
  }

  storedFiles(): Map<string, StoredFile> {
    const rows = this.sql(
      'select id, path, size, mtime_ms as mtimeMs, hash from files',
    ).all() as StoredFile[];
    return new Map(rows.map((row) => [row.path, row]));
  }

  storedFilesAt(paths: readonly string[]): Map<string, StoredFile> {
    if (paths.length === 0) return new Map();
    // one statement for the lot, each path found through the unique index on files.path
    const rows = this.sql(
      'select id, path, size, mtime_ms as mtimeMs, hash from files where path in (select value from json_each(?))',
    ).all(JSON.stringify(paths)) as StoredFile[];
    return new Map(rows.map((row) => [row.path, row]));
  }

  storedStats(): Map<string, readonly [path: string, size: number, mtimeMs: number]> {
    const rows = this.sql('select path, size, mtime_ms from files').raw().all() as [string, number, number][];
    const stats = new Map<string, readonly [string, number, number]>();
    for (const row of rows) stats.set(row[0], row);
    return stats;
  }

  writeFiles(writes: readonly FileWrite[]): void {
    if (writes.length === 0) return;
    const upsert = this.sql(
      `insert into files (path, size, mtime_ms, hash, language, syntax_errors, problem)
       values (@path, @size, @mtimeMs, @hash, @language, @syntaxErrors, @problem)
       on conflict(path) do update set size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash,
         language = excluded.language, syntax_errors = excluded.syntax_errors, problem = excluded.problem
       returning id`,
    );
    const fileMeta = this.sql('select language, syntax_errors, problem from files where id = ?');
    const chunksOf = this.sql(
      'select start_line, end_line, kind, symbol, text from chunks where file_id = ? order by id',
    );
    const fileIdByPath = this.sql('select id from files where path = ?');
    const symbols = this.rows('symbols');
    const refs = this.rows('refs');
    const imports = this.rows('imports');
    const chunks = this.chunkRows();
    const flushRows = () => {
      chunks.flush();
      symbols.flush();
      refs.flush();
      imports.flush();
    };
    const copySymbols = this.sql(
      `insert into symbols (file_id, name, kind, parent, start_line, end_line, signature, docstring)
       select ?, name, kind, parent, start_line, end_line, signature, docstring from symbols where file_id = ?`,
    );
    const copyRefs = this.sql(
      'insert into refs (file_id, name, kind, line) select ?, name, kind, line from refs where file_id = ?',
    );
    const copyImports = this.sql(
      `insert into imports (file_id, local, module, name, kind, line)
       select ?, local, module, name, kind, line from imports where file_id = ?`,
    );
    this.db.transaction(() => {
      for (const write of writes) {
        const analysis = write.analysis;
        let meta: { language: string | null; syntax_errors: number; problem: string | null } | undefined;
        if (!analysis && write.copyFrom !== undefined) meta = fileMeta.get(write.copyFrom) as typeof meta;
        // Read the source rows before the upsert: a copy may come from the very row being replaced (and
        // after the rows pending from earlier files of this batch are in).
        if (write.copyFrom !== undefined) flushRows();
        const copiedChunks =
          write.copyFrom !== undefined
            ? (chunksOf.all(write.copyFrom) as {
                start_line: number;
                end_line: number;
                kind: string;
                symbol: string | null;
                text: string;
              }[])
            : [];
        const existing = fileIdByPath.get(write.path) as { id: number } | undefined;
        if (existing && existing.id !== write.copyFrom) {
          // Rows are inserted in the order they were added, before anything is deleted: the ids stay
          // those of one insert per row.
          flushRows();
          this.clearFile(existing.id);
        }
        const { id } = upsert.get({
          path: write.path,
          size: write.size,
          mtimeMs: write.mtimeMs,
          hash: write.hash,
          language: write.language ?? meta?.language ?? null,
          syntaxErrors: analysis?.syntaxErrors ?? meta?.syntax_errors ?? 0,
          problem: analysis?.problem ?? meta?.problem ?? null,
        }) as { id: number };
        // The path's words, once per file (every chunk's full-text row repeats them).
        const pathText = expandIdentifiers(write.path.replace(/[/._-]/g, ' '));
        if (write.copyFrom !== undefined && write.copyFrom !== id) {
          for (const chunk of copiedChunks) {
            chunks.add(
              id,
              {
                startLine: chunk.start_line,
                endLine: chunk.end_line,
                kind: chunk.kind,
                symbol: chunk.symbol,
                text: chunk.text,
              },
              pathText,
            );
          }
          flushRows();
          copySymbols.run(id, write.copyFrom);
          copyRefs.run(id, write.copyFrom);
          copyImports.run(id, write.copyFrom);
        } else if (analysis) {
          for (const chunk of analysis.chunks) {
            chunks.add(id, chunk, pathText);
          }
          for (const definition of analysis.definitions) {
            if (definition.kind === 'impl') continue;
            symbols.add(
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
            refs.add(id, reference.name, reference.kind, reference.line);
          for (const record of analysis.imports ?? [])
            imports.add(id, record.local, record.module, record.name, record.kind, record.line);
        }
      }
      flushRows();
      this.generation++;
    })();
  }

  touchFiles(files: readonly { id: number; size: number; mtimeMs: number }[]): void {
    if (files.length === 0) return;
    const touch = this.sql('update files set size = ?, mtime_ms = ? where id = ?');
    this.db.transaction(() => {
      for (const file of files) touch.run(file.size, file.mtimeMs, file.id);
    })();
  }

  deleteFiles(ids: readonly number[]): void {
    if (ids.length === 0) return;
    const deleteFile = this.sql('delete from files where id = ?');
    this.db.transaction(() => {
      for (const id of ids) {
        this.clearFile(id);
        deleteFile.run(id);
      }
      this.generation++;
    })();
  }

  isEmpty(): boolean {
    return this.sql('select 1 from files limit 1').get() === undefined;
  }

  hasEmbeddings(): boolean {
    return this.sql('select 1 from embeddings limit 1').get() !== undefined;
  }

  counts(): IndexCounts {
    const count = (table: string) =>
      (this.sql(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return {
      files: count('files'),
      chunks: count('chunks'),
      symbols: count('symbols'),
      references: count('refs'),
      embeddings: count('embeddings'),
    };
  }

  files(): IndexedFile[] {
    return this.sql('select id, path from files order by id').all() as IndexedFile[];
  }

  symbolsNamed(names: readonly string[]): SymbolRow[] {
    if (names.length === 0) return [];
    return this.sql(
      `select ${SYMBOL_COLUMNS} from symbols s join files f on f.id = s.file_id
        where s.name in (select value from json_each(?))`,
    ).all(JSON.stringify(names)) as SymbolRow[];
  }

  topLevelDefinition(fileId: number, name: string): SymbolRow | undefined {
    return this.sql(
      `select ${SYMBOL_COLUMNS} from symbols s join files f on f.id = s.file_id
        where s.file_id = ? and s.name = ? and s.parent is null order by s.start_line limit 1`,
    ).get(fileId, name) as SymbolRow | undefined;
  }

  topLevelDefinitions(fileId: number, limit: number): SymbolRow[] {
    return this.sql(
      `select ${SYMBOL_COLUMNS} from symbols s join files f on f.id = s.file_id
        where s.file_id = ? and s.parent is null order by s.start_line limit ?`,
    ).all(fileId, limit) as SymbolRow[];
  }

  fileOutline(path: string, limit: number): SymbolRow[] {
    return this.sql(
      `select ${SYMBOL_COLUMNS} from symbols s join files f on f.id = s.file_id
        where f.path = ? order by s.start_line limit ?`,
    ).all(path, limit) as SymbolRow[];
  }

  membersOf({ fileId, name, startLine, endLine }: ClassLines): SymbolRow[] {
    return this.sql(
      `select ${SYMBOL_COLUMNS} from symbols s join files f on f.id = s.file_id
        where s.file_id = ? and s.parent = ? and s.start_line > ? and s.end_line <= ? order by s.start_line`,
    ).all(fileId, name, startLine, endLine) as SymbolRow[];
  }

  classSignatures(name: string, limit: number): string[] {
    return this.sql("select signature from symbols where name = ? and kind = 'class' limit ?")
      .pluck()
      .all(name, limit) as string[];
  }

  chunkAt(fileId: number, line: number): ChunkRow | undefined {
    return this.sql(
      `select start_line as startLine, end_line as endLine, symbol, text from chunks
        where file_id = ? and start_line <= ? and end_line >= ? order by end_line - start_line limit 1`,
    ).get(fileId, line, line) as ChunkRow | undefined;
  }

  referencesIn(path: string): ReferenceRow[] {
    return this.sql(
      'select r.name, r.kind, r.line from refs r join files f on f.id = r.file_id where f.path = ?',
    ).all(path) as ReferenceRow[];
  }

  importsOf(fileId: number): ImportRecord[] {
    return this.sql(
      'select local, module, name, kind, line from imports where file_id = ? order by rowid',
    ).all(fileId) as ImportRecord[];
  }

  searchChunks(match: string, limit: number): (ChunkHit & { score: number })[] {
    // Rank inside FTS5 first and join only the best rows: joining every match before sorting cost
    // tens of milliseconds for queries with common words.
    return this.sql(
      `select c.id as chunkId, f.path, c.start_line as startLine, c.end_line as endLine,
              best.score, c.symbol, c.kind, c.text
         from (select rowid, -bm25(chunks_fts, ${BM25_WEIGHTS}) as score from chunks_fts
                where chunks_fts match ? order by bm25(chunks_fts, ${BM25_WEIGHTS}) limit ?) best
         join chunks c on c.id = best.rowid
         join files f on f.id = c.file_id
        order by best.score desc`,
    ).all(match, limit) as (ChunkHit & { score: number })[];
  }

  chunkCount(): number {
    return this.sql('select count(*) from chunks').pluck().get() as number;
  }

  termDocumentCount(term: string): number {
    if (!this.statements.has('vocabulary')) {
      this.db.exec(
        'create virtual table if not exists temp.chunks_vocab using fts5vocab(main, chunks_fts, row)',
      );
      this.statements.set('vocabulary', this.db.prepare('select doc from temp.chunks_vocab where term = ?'));
    }
    return ((this.statements.get('vocabulary')!.get(term) as { doc: number } | undefined)?.doc ??
      0) as number;
  }

  graphGeneration(): string {
    // Renewed by triggers on `files` (schema.ts, migration 3).
    return this.getMeta('generation') ?? '';
  }

  graphRows(): GraphRows {
    // One read transaction: the generation is the one these rows belong to, even with a writer at work.
    return this.db.transaction(() => this.readGraphRows())();
  }

  private readGraphRows(): GraphRows {
    const generation = this.graphGeneration();
    const symbols = (
      this.sql(
        'select file_id, name, kind, parent, start_line, end_line, signature from symbols order by file_id, start_line',
      )
        .raw()
        .all() as [number, string, string, string | null, number, number, string][]
    ).map(([fileId, name, kind, parent, startLine, endLine, signature]) => ({
      fileId,
      name,
      kind,
      parent,
      startLine,
      endLine,
      signature,
    }));
    const references = (
      this.sql('select file_id, name, count(*) from refs group by file_id, name').raw().all() as [
        number,
        string,
        number,
      ][]
    ).map(([fileId, name, count]) => ({ fileId, name, count }));
    return { generation, files: this.files(), symbols, references };
  }

  chunksWithoutVector(model: string): { id: number; path: string; symbol: string | null; text: string }[] {
    return this.sql(
      `select c.id, f.path, c.symbol, c.text from chunks c join files f on f.id = c.file_id
        left join embeddings e on e.chunk_id = c.id
        where e.chunk_id is null or e.model != ? order by c.id`,
    ).all(model) as { id: number; path: string; symbol: string | null; text: string }[];
  }

  writeVectors(model: string, vectors: readonly { chunkId: number; vector: Float32Array }[]): void {
    const insert = this.sql(
      `insert into embeddings (chunk_id, model, vector) values (?, ?, ?)
       on conflict(chunk_id) do update set model = excluded.model, vector = excluded.vector`,
    );
    this.db.transaction(() => {
      for (const { chunkId, vector } of vectors)
        insert.run(chunkId, model, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    })();
    this.generation++;
  }

  vectors(model: string): { chunkId: number; vector: Float32Array }[] {
    const rows = this.sql('select chunk_id, vector from embeddings where model = ?').all(model) as {
      chunk_id: number;
      vector: Buffer;
    }[];
    return rows.map((row) => ({
      chunkId: row.chunk_id,
      vector: new Float32Array(row.vector.buffer, row.vector.byteOffset, row.vector.byteLength / 4),
    }));
  }

  chunk(id: number): ChunkHit | undefined {
    return this.sql(
      `select c.id as chunkId, f.path, c.start_line as startLine, c.end_line as endLine, c.symbol, c.kind, c.text
         from chunks c join files f on f.id = c.file_id where c.id = ?`,
    ).get(id) as ChunkHit | undefined;
  }

  getMeta(key: string): string | undefined {
    return (this.sql('select value from meta where key = ?').get(key) as { value: string } | undefined)
      ?.value;
  }

  setMeta(key: string, value: string): void {
    this.sql(
      'insert into meta (key, value) values (?, ?) on conflict(key) do update set value = excluded.value',
    ).run(key, value);
  }

  close(): void {
    this.db.close();
  }

  private clearFile(id: number): void {
    this.sql('delete from chunks_fts where rowid in (select id from chunks where file_id = ?)').run(id);
    this.sql('delete from chunks where file_id = ?').run(id);
    this.sql('delete from symbols where file_id = ?').run(id);
    this.sql('delete from refs where file_id = ?').run(id);
    this.sql('delete from imports where file_id = ?').run(id);
  }
}

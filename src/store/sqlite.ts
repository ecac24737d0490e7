import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { keepPrivate, PRIVATE_DIRECTORY, PRIVATE_FILE, privateStoreFile } from '../core/private-files.js';

let addon: string | null | undefined;
/**
 * better-sqlite3's compiled addon where `npm ci` builds it, found once: its default lookup (the `bindings`
 * package) tries a dozen paths, each miss an Error with a stack trace (≈ 7 ms of a cold CLI process).
 * Undefined when it is elsewhere: the default lookup then finds it.
 */
function nativeBinding(): { nativeBinding: string } | undefined {
  if (addon === undefined) {
    try {
      addon = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
    } catch {
      addon = null;
    }
  }
  return addon === null ? undefined : { nativeBinding: addon };
}

export type SqliteDatabase = Database.Database;

export interface OpenSqliteOptions {
  /** schema steps; step i runs once when `PRAGMA user_version` is below i + 1 */
  migrations: readonly string[];
  /**
   * what to do with a file that is not a readable SQLite database: `rebuild` moves it aside and starts
   * empty (for derived data such as the index); `keep` throws, so data a user wrote is never lost
   */
  onCorrupt: 'rebuild' | 'keep';
  readonly?: boolean;
}

export interface OpenedSqlite {
  db: SqliteDatabase;
  /** set when a corrupt file was moved aside: the path it was moved to */
  rebuiltFrom?: string;
}

/** How much of a database file SQLite may map into memory (address space, not memory used). */
export const MMAP_BYTES = 256 * 1024 * 1024;

function openAndMigrate(file: string, options: OpenSqliteOptions): SqliteDatabase {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...nativeBinding(),
  });
  try {
    db.pragma('busy_timeout = 5000');
    // Reads through a memory map of the file (up to 256 MB) rather than copies into SQLite's page cache:
    // a cold `vouch context` reads a few hundred pages of the index once, ≈ 2% of its CPU (bench/startup).
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    if (!options.readonly) {
      // WAL: readers keep working while a writer refreshes; a crash mid-write rolls back to the last commit.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // Each step reads the version inside a write transaction: two processes opening a new file at
      // once (an editor's language server and a CLI command) would otherwise both see version 0 and the
      // second would fail on "table ... already exists" once the first committed.
      const step = db.transaction(() => {
        const version = db.pragma('user_version', { simple: true }) as number;
        if (version >= options.migrations.length) return;
        db.exec(options.migrations[version]!);
        db.pragma(`user_version = ${version + 1}`);
      });
      while ((db.pragma('user_version', { simple: true }) as number) < options.migrations.length) {
        step.immediate();
      }
    } else {
      db.prepare('select count(*) from sqlite_master').get();
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}

/**
 * Opens (creating if needed) an SQLite file with WAL, a busy timeout and versioned migrations. The file
 * (and its -wal and -shm) is private to its owner, 0600: created so, or tightened when an older vouch
 * left it readable by others.
 */
export function openSqlite(file: string, options: OpenSqliteOptions): OpenedSqlite {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIRECTORY });
    if (options.readonly) {
      for (const path of [file, `${file}-wal`, `${file}-shm`]) keepPrivate(path, PRIVATE_FILE);
    } else privateStoreFile(file);
  }
  try {
    return { db: openAndMigrate(file, options) };
  } catch (error) {
    if (!isCorruption(error) || options.onCorrupt === 'keep' || !existsSync(file)) throw error;
    const aside = `${file}.corrupt-${Date.now()}`;
    renameSync(file, aside);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    }
    privateStoreFile(file);
    return { db: openAndMigrate(file, options), rebuiltFrom: aside };
  }
}

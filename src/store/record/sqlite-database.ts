import type { Statement } from 'better-sqlite3';
import { openSqlite } from '../sqlite.js';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql-database.js';

interface PendingWrite {
  sql: string;
  params: SqlValue[];
  resolve(result: { changes: number }): void;
  reject(error: unknown): void;
}

/**
 * better-sqlite3 behind the async SqlDatabase. Statements run synchronously; a transaction holds a lock
 * queue other statements wait in, because an async transaction body yields to the event loop between
 * statements and another request's write must not land inside it (and be rolled back with it).
 */
export function openSqliteDatabase(file: string, migrations: readonly string[]): SqlDatabase {
  const { db } = openSqlite(file, { migrations, onCorrupt: 'keep' });
  // kill -9 keeps every committed transaction with synchronous = NORMAL under WAL; FULL also survives a
  // power cut, which an acknowledged telemetry event should.
  db.pragma('synchronous = FULL');
  const statements = new Map<string, Statement<SqlValue[]>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare<SqlValue[]>(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const direct: SqlExecutor = {
    async all<Row>(sql: string, params: readonly SqlValue[] = []) {
      const values = [...params];
      return prepared(sql).all(...values) as Row[];
    },
    async get<Row>(sql: string, params: readonly SqlValue[] = []) {
      const values = [...params];
      return prepared(sql).get(...values) as Row | undefined;
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      const values = [...params];
      return { changes: prepared(sql).run(...values).changes };
    },
  };
  // Work queued behind a transaction runs strictly in order after it; with nothing queued a statement
  // runs at once (the common case: a single-statement write needs no queue).
  let group: PendingWrite[] | undefined;
  const commitGroup = (writes: PendingWrite[]) => {
    const results: ({ changes: number } | { error: unknown })[] = [];
    try {
      db.exec('begin immediate');
      // a failing statement is rolled back alone (SQLite's default ABORT): the others still commit
      for (const write of writes) {
        try {
          results.push({ changes: prepared(write.sql).run(...write.params).changes });
        } catch (error) {
          results.push({ error });
        }
      }
      db.exec('commit');
    } catch (error) {
      if (db.inTransaction) db.exec('rollback');
      for (const write of writes) write.reject(error);
      return;
    }
    for (const [index, write] of writes.entries()) {
      const result = results[index]!;
      if ('error' in result) write.reject(result.error);
      else write.resolve(result);
    }
  };
  let tail: Promise<unknown> = Promise.resolve();
  let queued = 0;
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    queued++;
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result.finally(() => {
      queued--;
    });
  };
  return {
    dialect: 'sqlite',
    all: (sql, params) => (queued ? enqueue(() => direct.all(sql, params)) : direct.all(sql, params)),
    get: (sql, params) => (queued ? enqueue(() => direct.get(sql, params)) : direct.get(sql, params)),
    run: (sql, params) => {
      // Writes outside a transaction commit in groups: every write made while the group waits for its
      // turn shares one commit (one fsync), and each answers only once that commit is done.
      if (!group) {
        const writes: PendingWrite[] = [];
        group = writes;
        // after the event loop's poll phase: every request read in this turn adds its writes first
        setImmediate(() => {
          void enqueue(async () => {
            group = undefined;
            commitGroup(writes);
          });
        });
      }
      return new Promise((resolve, reject) =>
        group!.push({ sql, params: [...(params ?? [])], resolve, reject }),
      );
    },
    transaction: (fn) =>
      enqueue(async () => {
        db.exec('begin immediate');
        try {
          const result = await fn(direct);
          db.exec('commit');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('rollback');
          throw error;
        }
      }),
    async close() {
      await enqueue(async () => db.close());
    },
  };
}

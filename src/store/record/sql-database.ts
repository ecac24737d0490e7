/**
 * The little the server store needs from a SQL database, so one store serves SQLite and PostgreSQL.
 * Statements use `?` placeholders (the PostgreSQL driver numbers them); timestamps are ISO-8601 text in
 * UTC, which sorts and compares the same way in both.
 */
export type SqlValue = string | number | null;

export interface SqlExecutor {
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** a statement that returns no rows; `changes` is the number of rows it touched */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

export interface SqlDatabase extends SqlExecutor {
  dialect: 'sqlite' | 'postgres';
  /** `fn`'s statements commit together or not at all; nothing else runs on the connection meanwhile */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

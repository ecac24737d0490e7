import pg from 'pg';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql-database.js';

/** `?` placeholders numbered as PostgreSQL wants them (`$1`, `$2`, …); the store's SQL has no `?` in literals. */
const numbered = new Map<string, string>();
function toPostgres(sql: string): string {
  let converted = numbered.get(sql);
  if (converted === undefined) {
    let n = 0;
    converted = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, converted);
  }
  return converted;
}

// bigint (counts, sums, bigserial ids) as numbers: every value the store keeps fits in 2^53
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async all<Row>(sql: string, params: readonly SqlValue[] = []) {
      return (await client.query(toPostgres(sql), params as SqlValue[])).rows as Row[];
    },
    async get<Row>(sql: string, params: readonly SqlValue[] = []) {
      return (await client.query(toPostgres(sql), params as SqlValue[])).rows[0] as Row | undefined;
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      return { changes: (await client.query(toPostgres(sql), params as SqlValue[])).rowCount ?? 0 };
    },
  };
}

/** How long to wait for a connection: libpq's `PGCONNECT_TIMEOUT` (seconds) when set, else 10 s. */
function connectTimeoutMs(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.PGCONNECT_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 10_000;
}

/**
 * A PostgreSQL pool behind SqlDatabase. Migrations run once, in order, each in a transaction, under an
 * advisory lock so several server processes starting together do not race.
 */
export async function openPostgresDatabase(
  connectionString: string,
  migrations: readonly string[],
  options: { maxConnections?: number } = {},
): Promise<SqlDatabase> {
  // idle connections do not keep a process alive: a CLI command that wrote to the store ends when done
  const pool = new pg.Pool({
    connectionString,
    types,
    max: options.maxConnections ?? 10,
    allowExitOnIdle: true,
    // a host that never answers is an error after a while, not a command that hangs
    connectionTimeoutMillis: connectTimeoutMs(process.env),
  });
  // an idle client's connection dropped by the server must not crash the process
  pool.on('error', () => undefined);
  const client = await pool.connect().catch(async (error: Error) => {
    await pool.end();
    throw error;
  });
  try {
    await client.query('select pg_advisory_lock(7406)');
    await client.query('create table if not exists schema_version (version integer not null)');
    const row = (await client.query('select max(version) as version from schema_version')).rows[0] as {
      version: number | null;
    };
    for (let step = row.version ?? 0; step < migrations.length; step++) {
      await client.query('begin');
      try {
        await client.query(migrations[step]!);
        await client.query('insert into schema_version (version) values ($1)', [step + 1]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    }
  } finally {
    await client.query('select pg_advisory_unlock(7406)').catch(() => undefined);
    client.release();
  }
  const direct = executor(pool);
  return {
    dialect: 'postgres',
    ...direct,
    async transaction(fn) {
      const connection = await pool.connect();
      try {
        await connection.query('begin');
        const result = await fn(executor(connection));
        await connection.query('commit');
        return result;
      } catch (error) {
        await connection.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

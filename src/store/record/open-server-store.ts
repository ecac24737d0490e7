import { UsageError } from '../../core/errors.js';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations.js';
import { openPostgresDatabase } from './postgres-database.js';
import type { ServerStore } from './server-store.js';
import { createSqlServerStore } from './sql-server-store.js';
import { openSqliteDatabase } from './sqlite-database.js';
import {
  recordSideFiles,
  recordStore,
  refuseForeignStore,
  type StoreOrigin,
  type StoreOriginOptions,
  withStoreRecordsLock,
} from './store-origin.js';

/** Never print a connection string's password. */
export function describeLocation(location: string): string {
  return location.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

/** The SQLite file a store location names (`path`, `sqlite:path`, `sqlite://path`), or undefined for PostgreSQL. */
export function sqliteFileOf(location: string): string | undefined {
  return /^postgres(ql)?:\/\//.test(location) ? undefined : location.replace(/^sqlite:(\/\/)?/, '');
}

/**
 * Opens the store a location names. A SQLite file is opened only when this user's vouch made it (recorded
 * in the user's state dir) or the user adopts it (`options.adopt`): store-origin.ts.
 */
export async function openServerStore(
  location: string,
  options: StoreOriginOptions = {},
): Promise<ServerStore> {
  const file = sqliteFileOf(location);
  if (file === undefined) {
    try {
      return createSqlServerStore(await openPostgresDatabase(location, POSTGRES_MIGRATIONS));
    } catch (error) {
      throw new UsageError(
        `cannot open the PostgreSQL database ${describeLocation(location)}: ${(error as Error).message}`,
        {
          hint: 'check VOUCH_DATABASE_URL (postgres://user:password@host:port/database) and that the server runs',
          cause: error,
        },
      );
    }
  }
  if (file === ':memory:') return openSqliteStore(file, undefined, options);
  // the check, the open and the record as one step among the user's vouch processes (store-origin.ts)
  return withStoreRecordsLock(options.env, async () =>
    openSqliteStore(file, await refuseForeignStore(file, options), options),
  );
}

async function openSqliteStore(
  file: string,
  origin: StoreOrigin | undefined,
  options: StoreOriginOptions,
): Promise<ServerStore> {
  try {
    const store = createSqlServerStore(openSqliteDatabase(file, SQLITE_MIGRATIONS));
    // made here now, or adopted: the user's from now on; an existing one: the -wal and -shm opened with it
    if (origin) {
      try {
        if (!origin.existed || options.adopt) recordStore(file, options.env);
        else recordSideFiles(file, options.env);
      } catch (error) {
        await store.close();
        throw error;
      }
    }
    return store;
  } catch (error) {
    throw new UsageError(`cannot open the server database ${file}: ${(error as Error).message}`, {
      hint: 'set VOUCH_DATABASE_URL to a writable file or a postgres:// URL; a corrupt file is never deleted',
      cause: error,
    });
  }
}

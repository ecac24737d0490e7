import { databaseLocation, describeLocation, openServerStore } from './store/open-server-store.js';
import type { ServerStore } from './store/server-store.js';

/**
 * The server's store as the CLI's server commands open it (`vouch token`, `stats`, `prune`, `export`):
 * the same database `vouch serve` in this workspace uses, closed when `work` ends.
 */
export async function withServerStore<T>(
  workspaceRoot: string,
  work: (store: ServerStore, where: string) => Promise<T>,
): Promise<T> {
  const location = databaseLocation(workspaceRoot);
  const store = await openServerStore(location);
  try {
    return await work(store, describeLocation(location));
  } finally {
    await store.close();
  }
}

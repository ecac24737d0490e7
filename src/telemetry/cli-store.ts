import { join } from 'node:path';
import { describeLocation, openServerStore } from '../store/record/open-server-store.js';
import type { ServerStore } from '../store/record/server-store.js';
import { vouchDir } from '../workspace/root.js';

/** Where the server keeps its data: `VOUCH_DATABASE_URL` (postgres://…, or a file path), else `.vouch/server.db`. */
export function databaseLocation(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = env.VOUCH_DATABASE_URL?.trim();
  return url ? url : join(vouchDir(workspaceRoot), 'server.db');
}

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

import { existsSync } from 'node:fs';
import { vouchDir } from '../workspace/root.js';
import { type IndexStore as IndexStoreContract, indexPath } from './index-store-contract.js';
import { SqliteIndexStore } from './sqlite-index-store.js';

export type {
  ChunkHit,
  ChunkRow,
  FileWrite,
  GraphRows,
  IndexCounts,
  IndexedFile,
  ReferenceRow,
  StoredFile,
  SymbolRow,
} from './index-store-contract.js';
export { indexPath } from './index-store-contract.js';

/** The codebase index (its interface: index-store-contract.ts). */
export type IndexStore = IndexStoreContract;

/** Opening a workspace's index, in its one implementation (SQLite, `index.db` in the user's cache dir). */
export const IndexStore = {
  /**
   * The workspace's index (SQLite, `indexPath`), created when missing: for writers. The workspace's
   * `.vouch/` is made too: it says vouch is used there (the listing snapshot and completion cache are kept
   * only then), though nothing of the index is in it.
   */
  open(workspaceRoot: string): IndexStore {
    vouchDir(workspaceRoot);
    return new SqliteIndexStore(indexPath(workspaceRoot));
  },
  /** The workspace's index if it has one; commands that only read create nothing. */
  openIfExists(workspaceRoot: string): IndexStore | undefined {
    return existsSync(indexPath(workspaceRoot)) ? new SqliteIndexStore(indexPath(workspaceRoot)) : undefined;
  },
};

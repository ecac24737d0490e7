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

/** Opening a workspace's index, in its one implementation (SQLite, `.vouch/index.db`). */
export const IndexStore = {
  /** The workspace's index, `.vouch/index.db` (SQLite), created (with `.vouch/`) when missing: for writers. */
  open(workspaceRoot: string): IndexStore {
    vouchDir(workspaceRoot);
    return new SqliteIndexStore(indexPath(workspaceRoot));
  },
  /** The workspace's index if it has one; commands that only read create nothing. */
  openIfExists(workspaceRoot: string): IndexStore | undefined {
    return existsSync(indexPath(workspaceRoot)) ? new SqliteIndexStore(indexPath(workspaceRoot)) : undefined;
  },
};

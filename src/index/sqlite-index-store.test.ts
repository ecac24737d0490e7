import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { indexStoreContract } from './index-store.case.js';
import { SqliteIndexStore } from './sqlite-index-store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

indexStoreContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-index-'));
  dirs.push(dir);
  return new SqliteIndexStore(join(dir, 'index.db'));
});

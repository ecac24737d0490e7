import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeFile } from './analyze-file.js';
import type { FileWrite } from './index-store.js';
import { resolveModule } from './module-resolution.js';
import { searchChunks } from './search.js';
import { SqliteIndexStore } from './sqlite-index-store.js';

async function write(path: string, text: string): Promise<FileWrite> {
  return {
    path,
    size: text.length,
    mtimeMs: 1,
    hash: `hash-of-${path}-${text.length}`,
    language: 'python',
    analysis: await analyzeFile('python', text),
  };
}

// A server or language server keeps its index open for hours while `vouch index` runs in another
// process: what the other connection commits must reach the long-lived one's in-memory caches.
describe('an index written by another connection', () => {
  let dir: string;
  let held: SqliteIndexStore;
  let other: SqliteIndexStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vouch-other-writer-'));
    held = new SqliteIndexStore(join(dir, 'index.db'));
    held.writeFiles([await write('app/models.py', 'class User:\n    pass\n')]);
    other = new SqliteIndexStore(join(dir, 'index.db'));
  });
  afterEach(() => {
    held.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the version of the connection that did not write', async () => {
    const before = held.version;
    expect(held.version).toBe(before);
    other.writeFiles([await write('app/billing.py', 'def invoice_total(order):\n    return 1\n')]);
    expect(held.version).not.toBe(before);
  });

  it('reaches module resolution and search in the connection that holds the caches', async () => {
    expect(resolveModule(held, 'app/views.py', 'app.billing')).toBeUndefined();
    expect(searchChunks(held, 'invoice total')).toEqual([]);
    other.writeFiles([await write('app/billing.py', 'def invoice_total(order):\n    return 1\n')]);
    expect(resolveModule(held, 'app/views.py', 'app.billing')?.path).toBe('app/billing.py');
    expect(searchChunks(held, 'invoice total').map((hit) => hit.path)).toContain('app/billing.py');
  });
});

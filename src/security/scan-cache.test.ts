import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type ScanInput, scanSources } from './scan.js';
import { scanCacheContract } from './scan-cache.case.js';
import { memoryScanCache, openScanCache } from './scan-cache.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-scan-cache-'));
  made.push(dir);
  return join(dir, 'scan-cache.db');
}

const inputs: ScanInput[] = [
  { path: 'a.py', source: 'import os, sys\nos.system("ls " + sys.argv[1])\n', language: 'python' },
  { path: 'b.py', source: 'x = 1\n', language: 'python' },
];

scanCacheContract('SQLite', () => openScanCache(cacheFile()));
scanCacheContract('in memory', memoryScanCache);

describe('scan cache', () => {
  it('answers for unchanged files and re-analyses changed ones', async () => {
    const file = cacheFile();
    const cache = openScanCache(file);
    const first = await scanSources(inputs, { external: false, cache });
    expect(first.cached).toBe(0);
    const again = await scanSources(inputs, { external: false, cache });
    expect(again.cached).toBe(2);
    expect(again.findings).toEqual(first.findings);
    const changed = [inputs[0]!, { ...inputs[1]!, source: 'import os, sys\nos.system(sys.argv[2])\n' }];
    const third = await scanSources(changed, { external: false, cache });
    expect(third.cached).toBe(1);
    expect(third.findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual(['a.py:2', 'b.py:2']);
    cache.close();
  });

  it('ignores entries another engine or rule version produced', async () => {
    const file = cacheFile();
    const cache = openScanCache(file);
    await scanSources(inputs, { external: false, cache });
    cache.close();
    const db = new Database(file);
    db.prepare("update scan_cache set engine = 'older', findings = '[]'").run();
    db.close();
    const reopened = openScanCache(file);
    const report = await scanSources(inputs, { external: false, cache: reopened });
    expect(report.cached).toBe(0);
    expect(report.findings).toHaveLength(1);
    reopened.close();
  });

  it("drops another engine's entries when it opens, also for files not scanned again", async () => {
    const file = cacheFile();
    const cache = openScanCache(file);
    await scanSources(inputs, { external: false, cache });
    cache.close();
    const db = new Database(file);
    db.prepare("update scan_cache set engine = 'older' where path = 'b.py'").run();
    db.close();
    openScanCache(file).close();
    const after = new Database(file, { readonly: true });
    const paths = after.prepare('select path from scan_cache order by path').all() as { path: string }[];
    after.close();
    expect(paths.map((row) => row.path)).toEqual(['a.py']);
  });

  it('forgets files that a scan of their folder no longer finds, and only those', () => {
    const cache = openScanCache(cacheFile());
    const paths = ['app.py', 'sub/a.py', 'sub/gone.py', 'subway/b.py', '../outside.py'];
    cache.putMany(paths.map((path) => ({ path, hash: 'h', findings: [] })));
    // A scan of sub/ found only sub/a.py: sub/gone.py goes; subway/ and the rest are other folders.
    expect(cache.forgetMissing(['sub'], new Set(['sub/a.py']))).toBe(1);
    expect(cache.get('sub/gone.py', 'h')).toBeUndefined();
    expect(cache.get('subway/b.py', 'h')).toEqual([]);
    // A scan of the current folder keeps what lies outside it.
    expect(cache.forgetMissing([''], new Set(['app.py', 'sub/a.py']))).toBe(1);
    expect(cache.get('../outside.py', 'h')).toEqual([]);
    expect(cache.get('app.py', 'h')).toEqual([]);
    cache.close();
  });

  it('rebuilds a corrupt cache file instead of failing', async () => {
    const file = cacheFile();
    writeFileSync(file, 'not a database, just bytes '.repeat(100));
    const cache = openScanCache(file);
    const report = await scanSources(inputs, { external: false, cache });
    expect(report.findings).toHaveLength(1);
    cache.close();
  });
});

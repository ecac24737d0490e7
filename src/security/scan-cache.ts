import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type Finding, finding } from '../core/check.js';
import { parseExternalJson } from '../core/external-data.js';
import { packageRoot } from '../core/package-root.js';
import { openSqlite, type SqliteDatabase } from '../store/sqlite.js';

const PACKAGE_VERSION = z.looseObject({ version: z.string() });
const FINDINGS = z.array(finding);

/**
 * vouch's own findings per file, remembered in `.vouch/scan-cache.db` so that scanning a tree again
 * re-analyses only what changed. An entry is used only when the file's content hash and the engine's
 * fingerprint (rules, engine code, grammar versions) both match what produced it, so a cached answer is
 * always the answer a fresh scan would give. Suppressions and external scanners are never cached: they
 * run on every scan.
 */
export interface ScanCache {
  get(path: string, hash: string): Finding[] | undefined;
  putMany(entries: readonly { path: string; hash: string; findings: Finding[] }[]): void;
  /**
   * An external scanner's findings for a file's content, kept under the tool and its version (`bandit
   * 1.6.2`): used only for the same content hash and the same version.
   */
  getExternal(tool: string, path: string, hash: string): Finding[] | undefined;
  putExternal(tool: string, entries: readonly { path: string; hash: string; findings: Finding[] }[]): void;
  /**
   * Drops the entries of files under `folders` (as stored: relative paths, `''` for the current folder)
   * that a full scan of those folders did not find any more: deleted, renamed or now ignored. Returns
   * how many went.
   */
  forgetMissing(folders: readonly string[], present: ReadonlySet<string>): number;
  close(): void;
}

/** Whether a stored path lies in `folder` (`''`: the current folder, not `../` or absolute paths). */
function inside(path: string, folder: string): boolean {
  if (folder === '') return !path.startsWith('../') && !path.startsWith('/') && path !== '..';
  return path === folder || path.startsWith(`${folder}/`);
}

const MIGRATIONS = [
  `create table scan_cache (
     path text primary key,
     hash text not null,
     engine text not null,
     findings text not null
   )`,
  `create table external_cache (
     tool text not null,
     path text not null,
     hash text not null,
     findings text not null,
     primary key (tool, path)
   )`,
];

export function contentHash(source: string): string {
  return createHash('sha256').update(source).digest('base64url');
}

let fingerprint: string | undefined;

/** A hash of everything that decides vouch's findings for a given file content. */
export function engineFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const root = packageRoot();
  const require = createRequire(import.meta.url);
  for (const name of ['web-tree-sitter', 'tree-sitter-wasms']) {
    const path = require.resolve(`${name}/package.json`);
    const manifest = parseExternalJson({
      text: readFileSync(path, 'utf8'),
      schema: PACKAGE_VERSION,
      source: path,
    });
    hash.update(`${name}@${manifest.version}\n`);
  }
  const here = fileURLToPath(new URL('.', import.meta.url));
  const folders = [
    join(root, 'rules', 'security'),
    here,
    join(here, 'engine'),
    join(here, 'semgrep'),
    join(here, '..', 'syntax'),
  ];
  for (const folder of folders) {
    for (const name of readdirSync(folder).sort()) {
      if (!/\.(?:json|js|ts)$/.test(name) || name.endsWith('.test.ts')) continue;
      hash.update(`${name}\n`);
      hash.update(readFileSync(join(folder, name)));
    }
  }
  fingerprint = hash.digest('base64url');
  return fingerprint;
}

/** Opens the cache in `.vouch/`; a corrupt cache file is set aside and rebuilt (it is derived data). */
export function openScanCache(file: string): ScanCache {
  const { db } = openSqlite(file, { migrations: MIGRATIONS, onCorrupt: 'rebuild' });
  return sqliteCache(db, engineFingerprint());
}

function sqliteCache(db: SqliteDatabase, engine: string): ScanCache {
  // Entries of another engine or rule version can never be used again: an upgrade drops them at once
  // rather than leaving the old answers on disk until each file happens to be rescanned.
  db.prepare('delete from scan_cache where engine != ?').run(engine);
  const select = db.prepare<[string], { hash: string; engine: string; findings: string }>(
    'select hash, engine, findings from scan_cache where path = ?',
  );
  const upsert = db.prepare<[string, string, string, string]>(
    'insert into scan_cache (path, hash, engine, findings) values (?, ?, ?, ?) ' +
      'on conflict(path) do update set hash = excluded.hash, engine = excluded.engine, findings = excluded.findings',
  );
  const paths = db.prepare<[], { path: string }>(
    'select path from scan_cache union select path from external_cache',
  );
  const remove = db.prepare<[string]>('delete from scan_cache where path = ?');
  const removeExternal = db.prepare<[string]>('delete from external_cache where path = ?');
  const forget = db.transaction((gone: readonly string[]) => {
    for (const path of gone) {
      remove.run(path);
      removeExternal.run(path);
    }
  });
  const selectExternal = db.prepare<[string, string], { hash: string; findings: string }>(
    'select hash, findings from external_cache where tool = ? and path = ?',
  );
  const upsertExternal = db.prepare<[string, string, string, string]>(
    'insert into external_cache (tool, path, hash, findings) values (?, ?, ?, ?) ' +
      'on conflict(tool, path) do update set hash = excluded.hash, findings = excluded.findings',
  );
  const putExternal = db.transaction(
    (tool: string, entries: readonly { path: string; hash: string; findings: Finding[] }[]) => {
      // Another version of the tool answers differently: its entries go.
      db.prepare('delete from external_cache where tool != ? and tool like ?').run(
        tool,
        `${toolName(tool)} %`,
      );
      for (const entry of entries)
        upsertExternal.run(tool, entry.path, entry.hash, JSON.stringify(entry.findings));
    },
  );
  const putMany = db.transaction(
    (entries: readonly { path: string; hash: string; findings: Finding[] }[]) => {
      for (const entry of entries) upsert.run(entry.path, entry.hash, engine, JSON.stringify(entry.findings));
    },
  );
  return {
    get(path, hash) {
      const row = select.get(path);
      if (!row || row.hash !== hash || row.engine !== engine) return undefined;
      return parseExternalJson({ text: row.findings, schema: FINDINGS, source: 'the scan cache' });
    },
    putMany(entries) {
      if (entries.length > 0) putMany(entries);
    },
    getExternal(tool, path, hash) {
      const row = selectExternal.get(tool, path);
      if (!row || row.hash !== hash) return undefined;
      return parseExternalJson({ text: row.findings, schema: FINDINGS, source: 'the scan cache' });
    },
    putExternal(tool, entries) {
      if (entries.length > 0) putExternal(tool, entries);
    },
    forgetMissing(folders, present) {
      if (folders.length === 0) return 0;
      const gone = paths
        .all()
        .map((row) => row.path)
        .filter((path) => !present.has(path) && folders.some((folder) => inside(path, folder)));
      forget(gone);
      return gone.length;
    },
    close() {
      db.close();
    },
  };
}

/** `bandit` of `bandit 1.6.2`. */
function toolName(tool: string): string {
  return tool.split(' ')[0] ?? tool;
}

/**
 * A cache that lives as long as the object: for a long-running process with no project folder (and the
 * contract suite's reference implementation).
 */
export function memoryScanCache(): ScanCache {
  const own = new Map<string, { hash: string; findings: Finding[] }>();
  const external = new Map<string, { hash: string; findings: Finding[] }>();
  const copy = (findings: Finding[]) => findings.map((finding) => ({ ...finding }));
  return {
    get(path, hash) {
      const entry = own.get(path);
      return entry && entry.hash === hash ? copy(entry.findings) : undefined;
    },
    putMany(entries) {
      for (const entry of entries) own.set(entry.path, { hash: entry.hash, findings: copy(entry.findings) });
    },
    getExternal(tool, path, hash) {
      const entry = external.get(`${tool}\n${path}`);
      return entry && entry.hash === hash ? copy(entry.findings) : undefined;
    },
    putExternal(tool, entries) {
      for (const key of [...external.keys()]) {
        const [stored] = key.split('\n');
        if (stored !== tool && toolName(stored!) === toolName(tool)) external.delete(key);
      }
      for (const entry of entries)
        external.set(`${tool}\n${entry.path}`, { hash: entry.hash, findings: copy(entry.findings) });
    },
    forgetMissing(folders, present) {
      if (folders.length === 0) return 0;
      const gone = new Set<string>();
      for (const path of [
        ...own.keys(),
        ...[...external.keys()].map((key) => key.slice(key.indexOf('\n') + 1)),
      ])
        if (!present.has(path) && folders.some((folder) => inside(path, folder))) gone.add(path);
      for (const path of gone) own.delete(path);
      for (const key of [...external.keys()])
        if (gone.has(key.slice(key.indexOf('\n') + 1))) external.delete(key);
      return gone.size;
    },
    close() {},
  };
}

import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MMAP_BYTES, openSqlite } from './sqlite.js';

const MIGRATIONS = ['create table files (path text primary key)', 'create table meta (key text, value text)'];

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** openSqlite in a thread of its own, which says when it is about to open (the call blocks that thread). */
function openInThread(file: string): {
  opening: Promise<void>;
  result: Promise<{ version?: number; error?: string }>;
} {
  const api = import.meta.resolve('tsx/esm/api');
  const module = new URL('./sqlite.ts', import.meta.url).href;
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(${JSON.stringify(api)})
      .then(({ register }) => { register(); return import(${JSON.stringify(module)}); })
      .then(({ openSqlite }) => {
        parentPort.postMessage('opening');
        try {
          const { db } = openSqlite(workerData.file, { migrations: workerData.migrations, onCorrupt: 'keep' });
          parentPort.postMessage({ version: db.pragma('user_version', { simple: true }) });
          db.close();
        } catch (error) {
          parentPort.postMessage({ error: String(error.message) });
        }
      });`;
  const worker = new Worker(code, { eval: true, workerData: { file, migrations: MIGRATIONS } });
  let opened!: () => void;
  const opening = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const result = new Promise<{ version?: number; error?: string }>((resolve, reject) => {
    worker.on('message', (message) => {
      if (message === 'opening') opened();
      else {
        resolve(message);
        void worker.terminate();
      }
    });
    worker.on('error', reject);
  });
  return { opening, result };
}

describe('openSqlite', () => {
  it('reads the file through a memory map, read-only or not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-sqlite-'));
    made.push(dir);
    const file = join(dir, 'index.db');
    const { db } = openSqlite(file, { migrations: MIGRATIONS, onCorrupt: 'keep' });
    db.prepare('insert into files values (?)').run('a.py');
    expect(db.pragma('mmap_size', { simple: true })).toBe(MMAP_BYTES);
    db.close();
    const reader = openSqlite(file, { migrations: MIGRATIONS, onCorrupt: 'keep', readonly: true }).db;
    expect(reader.pragma('mmap_size', { simple: true })).toBe(MMAP_BYTES);
    expect(reader.prepare('select path from files').pluck().all()).toEqual(['a.py']);
    reader.close();
  });

  it('runs the migrations once and records the version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-sqlite-'));
    made.push(dir);
    const file = join(dir, 'index.db');
    openSqlite(file, { migrations: MIGRATIONS.slice(0, 1), onCorrupt: 'keep' }).db.close();
    const { db } = openSqlite(file, { migrations: MIGRATIONS, onCorrupt: 'keep' });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(
      db.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all(),
    ).toEqual(['files', 'meta']);
    db.close();
  });

  it('opens a new file that another process is migrating at that moment without running a step twice', async () => {
    // an editor's language server and a CLI command opening a workspace's new index at once
    const dir = mkdtempSync(join(tmpdir(), 'vouch-sqlite-'));
    made.push(dir);
    const file = join(dir, 'index.db');
    const other = new Database(file);
    other.pragma('journal_mode = WAL');
    other.exec('begin immediate');
    const { opening, result } = openInThread(file);
    await opening;
    // the thread has read version 0 by now and waits for the write lock the other connection holds
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const step of MIGRATIONS) other.exec(step);
    other.pragma(`user_version = ${MIGRATIONS.length}`);
    other.exec('commit');
    other.close();
    expect(await result).toEqual({ version: 2 });
  });

  it('keeps the store private to its owner: 0600, its -wal and -shm too; an older 0644 store is tightened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-sqlite-'));
    made.push(dir);
    const mode = (path: string) => statSync(path).mode & 0o777;
    const file = join(dir, 'server.db');
    const { db } = openSqlite(file, { migrations: MIGRATIONS, onCorrupt: 'keep' });
    db.prepare('insert into files values (?)').run('a.py');
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    db.close();

    // a store an older vouch made world-readable, with its write-ahead log
    const old = join(dir, 'old.db');
    const made0644 = new Database(old);
    made0644.pragma('journal_mode = WAL');
    made0644.exec('create table t (x)');
    writeFileSync(`${old}-wal`, '');
    made0644.close();
    chmodSync(old, 0o644);
    writeFileSync(`${old}-wal`, '');
    chmodSync(`${old}-wal`, 0o644);
    openSqlite(old, { migrations: MIGRATIONS, onCorrupt: 'keep' }).db.close();
    expect(mode(old)).toBe(0o600);
    chmodSync(old, 0o644);
    openSqlite(old, { migrations: MIGRATIONS, onCorrupt: 'keep', readonly: true }).db.close();
    expect(mode(old)).toBe(0o600);
  });
});

import type { ExecFileOptionsWithStringEncoding } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../../core/errors.js';
import { stateHome } from '../../core/user-dirs.js';
import { withLockFile } from './store-lock.js';

/** `git`, with node:child_process loaded at the first call (the stores' module is in `vouch scan`'s bundle, which never runs it). */
async function run(file: string, args: string[], options: ExecFileOptionsWithStringEncoding) {
  const { execFile } = await import('node:child_process');
  return promisify(execFile)(file, args, options);
}

/** The files SQLite reads with a store: the database, and the -wal and -journal it replays, the -shm it maps. */
const SIDE_FILES = ['-wal', '-shm', '-journal'];

export interface StoreOriginOptions {
  /** the user said this existing store is theirs (`vouch serve --adopt-store`): record it and open it */
  adopt?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** What the check found: whether the database file was there, so the caller records one vouch makes. */
export interface StoreOrigin {
  existed: boolean;
}

/**
 * Whether the team server's SQLite file is one this user's vouch made. The store holds the users, their
 * tokens (an admin's among them) and the audit log, so a `.vouch/server.db` that came with a repository or
 * an archive would let its author in as admin to whoever serves it (r41, r43). Mode and git tracking
 * cannot tell (an archive unpacked under umask 077 gives a 0600 file the user owns, outside git), so vouch
 * records each store it creates in the user's own state dir, keyed on the file's real path, device and
 * inode (`recordStore`), and opens an existing store only when that record names it, or when the user
 * adopts it (`vouch serve --adopt-store`). The checks of the file itself stay: another user's, a symbolic
 * link, one others may read or write, or one git tracks is refused even when adopted. The -wal, -shm and
 * -journal files are held to the same, since SQLite replays a -wal or a hot -journal; one without its
 * database is refused (SQLite would replay it into the new file). Beside a recorded store, a side file must
 * be one the record names too (`recordSideFiles`, after every open: the -wal and -shm a running vouch of
 * the user's has, or a crashed one left): a -wal an archive unpacked beside the user's own store replayed
 * the archive's whole database into it, its admin and tokens with it.
 */
export async function refuseForeignStore(
  file: string,
  options: StoreOriginOptions = {},
): Promise<StoreOrigin> {
  let existed = false;
  let sideFile: string | undefined;
  const sides: string[] = [];
  for (const suffix of ['', ...SIDE_FILES]) {
    const path = `${file}${suffix}`;
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      continue; // not there: vouch creates it, private
    }
    if (suffix === '') existed = true;
    else {
      sideFile ??= path;
      // what SQLite could replay: a -wal holding frames past its 32-byte header, a -journal with content. An
      // empty -wal and the -shm (an index of the -wal's frames) carry no data: a read-only reader (sqlite3,
      // a test) leaves them, and they were refusing the user's own store (the LSP's multi-root test)
      if ((suffix === '-wal' && stat.size > 32) || (suffix === '-journal' && stat.size > 0)) sides.push(path);
    }
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid)
      throw foreign(path, `is owned by another user (uid ${stat.uid})`);
    if (!stat.isFile()) throw foreign(path, 'is not a regular file (a symbolic link?)');
    if ((stat.mode & 0o077) !== 0)
      throw foreign(path, `is readable or writable by others (mode ${(stat.mode & 0o777).toString(8)})`);
  }
  if (!existed) {
    if (sideFile !== undefined) throw foreign(sideFile, 'is there without its database');
    return { existed };
  }
  if (await trackedByGit(file)) throw foreign(file, 'is tracked by git: it came with the repository');
  const record = options.adopt ? undefined : recordOf(file, options.env ?? process.env);
  if (!options.adopt && !record)
    throw new UsageError(
      `the server database ${file} was not made by your vouch (no record of it in ${storeRecordsPath(options.env)}); vouch will not open it (its users and tokens would be whoever made it)`,
      {
        hint: `a store that came in an archive or a repository is its author's: delete it, or set VOUCH_DATABASE_URL to a file of your own; if it is yours (made by a vouch before 2026-11-28, copied or restored from a backup), \`vouch serve --adopt-store\` records it as yours once`,
      },
    );
  for (const path of options.adopt ? [] : sides) {
    // gone since it was seen: another process's last connection closed, and SQLite removed it
    const id = sideIdentityIfThere(path);
    if (id && !record?.sides?.some((side) => sameFile(side, id)))
      throw new UsageError(
        `${path} beside the server database was not left by your vouch (no record of it in ${storeRecordsPath(options.env)}); vouch will not open the store, since SQLite would replay it into your database`,
        {
          hint: `a file that came in an archive or a repository is its author's: delete it (your store stays as your vouch last closed it); if your vouch stopped without closing the store (a crash, kill -9) before 2026-11-28 and the file is that run's, \`vouch serve --adopt-store\` records it as yours`,
        },
      );
  }
  return { existed };
}

function foreign(path: string, why: string): UsageError {
  return new UsageError(
    `the server database ${path} ${why}; vouch will not open it (its users and tokens would be whoever made it)`,
    {
      hint: `a store that came with a repository is its author's: delete it (and \`git rm --cached\` it) or set VOUCH_DATABASE_URL to a file of your own; a store of yours made by a vouch before 2026-11-25 is 0644: \`chmod 600 ${path}\`, then \`vouch serve --adopt-store\``,
    },
  );
}

interface FileIdentity {
  dev: number;
  ino: number;
  /**
   * a side file's birth time (ms): SQLite deletes the -wal and -shm when the last connection closes, and
   * the next file made there often gets the freed inode (ext4 gave it at once), an archive's file too
   */
  born?: number;
}

const sameFile = (a: FileIdentity, b: FileIdentity) =>
  a.dev === b.dev && a.ino === b.ino && (a.born ?? 0) === (b.born ?? 0);

interface StoreRecord extends FileIdentity {
  path: string;
  recordedAt: string;
  /** the -wal, -shm and -journal beside the store when a vouch of the user's last opened it */
  sides?: FileIdentity[];
}

/** `$XDG_STATE_HOME/vouch/server-stores.json` (default `~/.local/state/vouch/…`): the stores vouch made for this user. */
export function storeRecordsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateHome(env), 'vouch', 'server-stores.json');
}

/** The records: none when the file is missing or unreadable (every existing store then needs adopting). */
function readRecords(env: NodeJS.ProcessEnv): StoreRecord[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(storeRecordsPath(env), 'utf8'));
    const stores = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'stores') : undefined;
    if (!Array.isArray(stores)) return [];
    return stores
      .filter(
        (entry): entry is StoreRecord =>
          typeof entry === 'object' &&
          entry !== null &&
          typeof (entry as StoreRecord).path === 'string' &&
          isIdentity(entry),
      )
      .map((entry) => {
        const sides: unknown = entry.sides;
        // a record written before side files were recorded names none
        return { ...entry, sides: Array.isArray(sides) ? sides.filter(isIdentity) : [] };
      });
  } catch {
    return [];
  }
}

function isIdentity(value: unknown): value is FileIdentity {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FileIdentity).dev === 'number' &&
    typeof (value as FileIdentity).ino === 'number'
  );
}

function identity(file: string): { path: string; dev: number; ino: number } {
  const stat = lstatSync(file);
  return { path: realpathSync(file), dev: stat.dev, ino: stat.ino };
}

function recordOf(file: string, env: NodeJS.ProcessEnv): StoreRecord | undefined {
  const id = identity(file);
  return readRecords(env).find(
    (entry) => entry.path === id.path && entry.dev === id.dev && entry.ino === id.ino,
  );
}

function sideIdentity(path: string): FileIdentity {
  const stat = lstatSync(path);
  return { dev: stat.dev, ino: stat.ino, born: stat.birthtimeMs };
}

function sideIdentityIfThere(path: string): FileIdentity | undefined {
  try {
    return sideIdentity(path);
  } catch {
    return undefined;
  }
}

/** The side files beside `file` now, by device, inode and birth time. */
function sideIdentities(file: string): FileIdentity[] {
  return SIDE_FILES.map((suffix) => sideIdentityIfThere(`${file}${suffix}`)).filter(
    (side): side is FileIdentity => side !== undefined,
  );
}

function writeRecords(stores: StoreRecord[], env: NodeJS.ProcessEnv): void {
  const path = storeRecordsPath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ version: 1, stores }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/**
 * Records `file` (made by this vouch, or adopted by the user) as the user's store, with the side files
 * beside it now; the entry for its path is replaced.
 */
export function recordStore(file: string, env: NodeJS.ProcessEnv = process.env): void {
  const id = identity(file);
  // a store deleted since is dropped (its path may hold someone else's file later)
  const stores = readRecords(env).filter((entry) => entry.path !== id.path && existsSync(entry.path));
  stores.push({ ...id, recordedAt: new Date().toISOString(), sides: sideIdentities(file) });
  writeRecords(stores, env);
}

/**
 * Adds the side files beside the recorded store `file` now (SQLite made them when this process opened it)
 * to its record, so that the next open, while this process runs or after it crashed, finds them named.
 * The ones recorded before are kept while they are still there (another process of the user's may hold
 * them); nothing is written when nothing is new.
 */
export function recordSideFiles(file: string, env: NodeJS.ProcessEnv = process.env): void {
  const id = identity(file);
  const stores = readRecords(env);
  const entry = stores.find(
    (store) => store.path === id.path && store.dev === id.dev && store.ino === id.ino,
  );
  if (!entry) return;
  const now = sideIdentities(file);
  const known = (side: FileIdentity) => entry.sides?.some((recorded) => sameFile(recorded, side)) === true;
  if (now.every(known)) return;
  entry.sides = now;
  writeRecords(stores, env);
}

/** Whether git tracks `file` (false when git is missing or the file is in no repository). */
async function trackedByGit(file: string): Promise<boolean> {
  try {
    // core.fsmonitor off: the repository's own config could name a command for git to run
    await run('git', ['-c', 'core.fsmonitor=false', 'ls-files', '--error-unmatch', '--', basename(file)], {
      cwd: dirname(file),
      encoding: 'utf8',
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `open` — check a store's origin, open it, record it or its side files — while no other vouch of the
 * user's does the same (a lock file beside the records: `server-stores.json.lock`; its protocol is
 * store-lock.ts). Two processes opening one new store at once (the language server's telemetry thread and
 * `vouch stats`, two editors' servers) refused each other (w210: 3 pairs in 10): one found the file the
 * other had just made, or the -wal its migrations wrote, before the other recorded them, and the records
 * file is read, changed and written whole, so two writers lost one's entry.
 */
export function withStoreRecordsLock<T>(
  env: NodeJS.ProcessEnv | undefined,
  open: () => Promise<T>,
): Promise<T> {
  return withLockFile(`${storeRecordsPath(env)}.lock`, open);
}

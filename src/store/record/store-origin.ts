import { execFile } from 'node:child_process';
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

const run = promisify(execFile);

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
 * database is refused (SQLite would replay it into the new file).
 */
export async function refuseForeignStore(
  file: string,
  options: StoreOriginOptions = {},
): Promise<StoreOrigin> {
  let existed = false;
  let sideFile: string | undefined;
  for (const suffix of ['', ...SIDE_FILES]) {
    const path = `${file}${suffix}`;
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      continue; // not there: vouch creates it, private
    }
    if (suffix === '') existed = true;
    else sideFile ??= path;
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
  if (!options.adopt && !isRecorded(file, options.env ?? process.env))
    throw new UsageError(
      `the server database ${file} was not made by your vouch (no record of it in ${storeRecordsPath(options.env)}); vouch will not open it (its users and tokens would be whoever made it)`,
      {
        hint: `a store that came in an archive or a repository is its author's: delete it, or set VOUCH_DATABASE_URL to a file of your own; if it is yours (made by a vouch before 2026-11-28, copied or restored from a backup), \`vouch serve --adopt-store\` records it as yours once`,
      },
    );
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

interface StoreRecord {
  path: string;
  dev: number;
  ino: number;
  recordedAt: string;
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
    return stores.filter(
      (entry): entry is StoreRecord =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as StoreRecord).path === 'string' &&
        typeof (entry as StoreRecord).dev === 'number' &&
        typeof (entry as StoreRecord).ino === 'number',
    );
  } catch {
    return [];
  }
}

function identity(file: string): { path: string; dev: number; ino: number } {
  const stat = lstatSync(file);
  return { path: realpathSync(file), dev: stat.dev, ino: stat.ino };
}

function isRecorded(file: string, env: NodeJS.ProcessEnv): boolean {
  const id = identity(file);
  return readRecords(env).some(
    (entry) => entry.path === id.path && entry.dev === id.dev && entry.ino === id.ino,
  );
}

/**
 * Records `file` (made by this vouch, or adopted by the user) as the user's store; the entry for its path is
 * replaced.
 */
export function recordStore(file: string, env: NodeJS.ProcessEnv = process.env): void {
  const id = identity(file);
  const path = storeRecordsPath(env);
  // a store deleted since is dropped (its path may hold someone else's file later)
  const stores = readRecords(env).filter((entry) => entry.path !== id.path && existsSync(entry.path));
  stores.push({ ...id, recordedAt: new Date().toISOString() });
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ version: 1, stores }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
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

import { execFile } from 'node:child_process';
import { lstatSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../../core/errors.js';

const run = promisify(execFile);

/**
 * Whether the team server's SQLite file is one this user's vouch made. The store holds the users, their
 * tokens (an admin's among them) and the audit log, so a `.vouch/server.db` that came with a repository
 * would let its author in as admin to whoever serves the clone (r41). vouch makes its stores 0600, owned by
 * the user who ran it; a file git tracks, one another user owns, or one readable by group or others (a
 * clone or an unpacked archive gives 0644) was made some other way, and is refused before anything
 * tightens or opens it. The -wal and -shm files are held to the same, since SQLite replays a -wal.
 */
export async function refuseForeignStore(file: string): Promise<void> {
  let found = false;
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      continue; // not there: vouch creates it, private
    }
    found = true;
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid)
      throw foreign(path, `is owned by another user (uid ${stat.uid})`);
    if (!stat.isFile()) throw foreign(path, 'is not a regular file (a symbolic link?)');
    if ((stat.mode & 0o077) !== 0)
      throw foreign(path, `is readable or writable by others (mode ${(stat.mode & 0o777).toString(8)})`);
  }
  if (found && (await trackedByGit(file)))
    throw foreign(file, 'is tracked by git: it came with the repository');
}

function foreign(path: string, why: string): UsageError {
  return new UsageError(
    `the server database ${path} ${why}; vouch will not open it (its users and tokens would be whoever made it)`,
    {
      hint: `a store that came with a repository is its author's: delete it (and \`git rm --cached\` it) or set VOUCH_DATABASE_URL to a file of your own; a store of yours made by a vouch before 2026-11-25 is 0644: \`chmod 600 ${path}\``,
    },
  );
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

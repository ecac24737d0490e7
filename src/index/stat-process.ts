import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Stats of many paths at once from one `stat` process, for the refresh check of a listing snapshot
 * (listing-snapshot.ts): cheaper than a worker thread's start when a cold process asks once.
 */

/** What a stat said of each path asked, by position. */
export interface StatsInOrder {
  /** 0: could not be stat'ed (missing, unreadable, a dangling link); 1: a regular file; 2: anything else */
  kinds: Uint8Array;
  sizes: Float64Array;
  mtimes: Float64Array;
}

/**
 * What `stat(2)` says of each path (relative to `root`, or absolute), asked of GNU coreutils' `stat -L`
 * (it follows links as `statSync` does) in a process of its own, run by `xargs`: ≈ 10 ms of CPU for
 * Django's 4,600 paths, against ≈ 40 ms for a worker thread's start and ≈ 50 ms for the stats in a cold
 * one; the paths go to xargs in a file, so there is no limit of one command line's length. A path that cannot
 * be stat'ed is kind 0, as `statNow` answers undefined. mtimeMs is made from the seconds and nanoseconds
 * as Node makes it (the same double, checked against `statSync` by the tests). Undefined when `stat`
 * cannot answer so (not GNU's, or absent, or an answer that does not read as asked): the caller stats
 * another way.
 */
export async function statByProcess(
  root: string,
  paths: readonly string[],
): Promise<StatsInOrder | undefined> {
  const records = await statRecordsByProcess(root, paths);
  return records === undefined ? undefined : readStatRecords(records, paths);
}

/**
 * `stat`'s records of `paths` as it printed them (see `statByProcess`), for a caller that may find it
 * has seen the very same text before and need not read it; undefined when `stat` could not answer.
 */
export function statRecordsByProcess(root: string, paths: readonly string[]): Promise<string | undefined> {
  if (paths.length === 0 || paths.some((path) => path.includes('\0'))) return Promise.resolve(undefined);
  // The paths and the records go through files, not pipes: a pipe holds 64 KB, and its other end is
  // this thread's event loop, which a caller assembling meanwhile does not run — xargs then waits for
  // the rest of its paths, stat for room to write, and the stats ran only after the assembly (≈ 30–50 ms
  // of a cold `vouch context` spent waiting). Each file is unlinked as soon as it is open: nothing is
  // left behind, whatever happens to this process.
  let files: { paths: number; records: number } | undefined;
  try {
    files = temporaryFiles(`${paths.join('\0')}\0`);
  } catch {
    return Promise.resolve(undefined);
  }
  const { paths: pathsFile, records } = files;
  return new Promise((resolve) => {
    const done = (text: string | undefined) => {
      closeSync(records);
      resolve(text);
    };
    let child: ReturnType<typeof spawn>;
    try {
      // xargs runs stat with as many paths as a command line of up to a million bytes holds (one stat
      // for Django), in order. findutils' and coreutils' own, not a shim earlier on PATH; where they are
      // elsewhere or absent, the caller stats another way.
      child = spawn(
        '/usr/bin/xargs',
        ['-0', '-s', '1000000', '/usr/bin/stat', '-L', '--printf=%f %s %.9Y %n\\0', '--'],
        {
          cwd: root,
          env: { ...process.env, LC_ALL: 'C' },
          stdio: [pathsFile, records, 'ignore'],
        },
      );
    } catch {
      closeSync(pathsFile);
      done(undefined);
      return;
    }
    closeSync(pathsFile);
    let settled = false;
    child.once('error', () => {
      if (settled) return;
      settled = true;
      done(undefined);
    });
    // 123: a stat exited 1, as it does when some path could not be stat'ed (those are kind 0)
    child.once('close', (code) => {
      if (settled) return;
      settled = true;
      let text: string | undefined;
      try {
        text = code === 0 || code === 123 ? readWhole(records) : undefined;
      } catch {
        text = undefined;
      }
      done(text);
    });
  });
}

/**
 * Two unnamed files in the system's temporary folder: the paths (written, and opened again for reading
 * from the start) and an empty one for the records; both unlinked once open.
 */
function temporaryFiles(pathsText: string): { paths: number; records: number } {
  const base = join(tmpdir(), `vouch-stat-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const opened: number[] = [];
  try {
    const writer = openSync(`${base}.paths`, 'wx', 0o600);
    opened.push(writer);
    writeSync(writer, pathsText);
    const paths = openSync(`${base}.paths`, 'r');
    opened.push(paths);
    const records = openSync(`${base}.records`, 'wx+', 0o600);
    opened.push(records);
    closeSync(writer);
    opened.shift();
    return { paths, records };
  } catch (error) {
    for (const fd of opened) closeSync(fd);
    throw error;
  } finally {
    rmSync(`${base}.paths`, { force: true });
    rmSync(`${base}.records`, { force: true });
  }
}

/** The whole of an open file, read from its start. */
function readWhole(fd: number): string {
  const size = fstatSync(fd).size;
  const buffer = Buffer.allocUnsafe(size);
  let at = 0;
  while (at < size) {
    const read = readSync(fd, buffer, at, size - at, at);
    if (read === 0) break;
    at += read;
  }
  return buffer.toString('utf8', 0, at);
}

/**
 * `stat`'s records (`%f %s %.9Y %n` and a NUL each: raw mode in hex, size, mtime in seconds with nine
 * decimals, the path as given), which come in the order the paths were asked, a path that could not be
 * stat'ed having none. Read field by field, each record matched to the next path asked that it names;
 * undefined when a record does not read so or names no path left, or the first path has none.
 */
export function readStatRecords(text: string, paths: readonly string[]): StatsInOrder | undefined {
  const kinds = new Uint8Array(paths.length);
  const sizes = new Float64Array(paths.length);
  const mtimes = new Float64Array(paths.length);
  let at = 0;
  for (
    let start = 0, end = text.indexOf('\0');
    end !== -1;
    start = end + 1, end = text.indexOf('\0', start)
  ) {
    const mode = text.indexOf(' ', start);
    const size = text.indexOf(' ', mode + 1);
    const dot = text.indexOf('.', size + 1);
    const name = dot + 11;
    if (mode < 0 || size < 0 || dot < 0 || name > end || text.charCodeAt(name - 1) !== 32) return undefined;
    const seconds = Number(text.slice(size + 1, dot));
    const nanoseconds = Number(text.slice(dot + 1, name - 1));
    const bytes = Number(text.slice(mode + 1, size));
    const raw = Number.parseInt(text.slice(start, mode), 16);
    if (
      !Number.isInteger(seconds) ||
      seconds < 0 ||
      !Number.isInteger(nanoseconds) ||
      !Number.isInteger(bytes)
    )
      return undefined;
    const length = end - name;
    while (at < paths.length && !(paths[at]!.length === length && text.startsWith(paths[at]!, name))) at++;
    if (at === paths.length) return undefined;
    // S_IFMT, S_IFREG; mtimeMs as Node computes it from the two fields
    kinds[at] = (raw & 0o170000) === 0o100000 ? 1 : 2;
    sizes[at] = bytes;
    mtimes[at] = seconds * 1e3 + nanoseconds / 1e6;
    at++;
  }
  return kinds[0] === 0 ? undefined : { kinds, sizes, mtimes };
}

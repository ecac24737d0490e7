import { type Dirent, type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { dirname, join } from 'node:path';
import { VENDORED_DIRECTORIES } from '../../workspace/file-filters.js';
import { isSecretsFile } from '../../workspace/secrets-file.js';

/**
 * What a long-lived import probe must notice before it answers (warm-import-probe.ts): it holds modules
 * imported earlier, and it sees the project through mounts made when it started. Both go stale:
 *
 * - a module file it holds was edited, replaced (a new inode: editors save by renaming) or removed —
 *   compared by mtime (ns), size and inode against the stat the worker took when it imported it, and a
 *   file whose mtime is not older than the import itself counts as edited during the import;
 * - a folder on its sys.path changed (a package installed or removed: pip and dpkg add and rename
 *   entries, which moves the folder's mtime), which also invalidates the kept package → distribution map;
 * - the project's view: bubblewrap binds whole folders live, but a folder on the way to a hidden secrets
 *   file is a tmpfs whose entries were bound one by one when the sandbox started, so an entry added,
 *   removed or replaced there is not seen; and a secrets file created anywhere after the start would be
 *   visible, where a fresh sandbox hides it.
 *
 * The module files are stat'ed for every check (a few hundred stats) by the worker itself, as it takes the
 * check up (`checkHeld`, python/sandbox_worker.py), beside this thread rather than on it (6–18 ms of it per
 * check in bench:lsp under load): inside the sandbox a file reads as on the disk, except an entry
 * replaced or removed in a tmpfs'd folder, which that folder's own check below sees. `refresh` (after a save) stats
 * them here. The sys.path folders and the tmpfs'd folders are stat'ed here for every check. The project's
 * other folders — thousands in a large tree, tens of milliseconds to stat — are watched instead (inotify
 * through fs.watch): a folder the watcher reports is listed again at the next check, and only a new
 * secrets file means a restart (an editor's swap file or a new module in an ordinary folder does not: the
 * folder is bound live and a child invalidates Python's finder caches).
 * Where watching is not possible (out of inotify watches), every folder is stat'ed on every check.
 */

export interface LoadedFile {
  path: string;
  mtimeNs: bigint;
  size: number;
  ino: bigint;
}

interface FolderState {
  mtimeNs: bigint;
  names: Set<string>;
}

/** A project with more folders than this (outside dependency folders) is not followed: the probe stays cold. */
export const MAX_WATCHED_FOLDERS = 20_000;

function mtimeOf(path: string): bigint | undefined {
  try {
    return statSync(path, { bigint: true }).mtimeNs;
  } catch {
    return undefined;
  }
}

function listing(path: string): Dirent[] | undefined {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch {
    return undefined;
  }
}

/** Every folder on the way to a hidden file ('' is the root): the sandbox makes each a tmpfs. */
function pinnedFolders(hidden: readonly string[]): Set<string> {
  const pinned = new Set<string>();
  for (const file of hidden) {
    let folder = dirname(file);
    for (;;) {
      pinned.add(folder === '.' ? '' : folder);
      if (folder === '.' || folder === '') break;
      folder = dirname(folder);
    }
  }
  return pinned;
}

export class ProbeFreshness {
  private readonly loaded: LoadedFile[] = [];
  private readonly pathFolders = new Map<string, bigint | undefined>();
  private readonly folders = new Map<string, FolderState>();
  /** project folders that are a tmpfs in the sandbox (entries bound one by one): '' is the root */
  private readonly pinned: Set<string>;
  private readonly watchers = new Map<string, FSWatcher>();
  /** folders the watcher reported since the last check */
  private readonly dirty = new Set<string>();
  /** false once a folder could not be watched: every folder is stat'ed on every check */
  private watching = true;
  private closed = false;

  /**
   * @param root the project folder
   * @param hidden the secrets files the sandbox was started without (relative paths)
   */
  constructor(
    private readonly root: string,
    hidden: readonly string[],
  ) {
    this.pinned = pinnedFolders(hidden);
    this.walk('');
  }

  /**
   * For a new worker: what the old one held is forgotten, and the folders are brought up to date (the
   * ones the watcher reported, and the tmpfs'd ones of both sandboxes) instead of walking the whole
   * project again — a tree of thousands of folders takes a tenth of a second on the editor's thread.
   */
  renew(hidden: readonly string[]): void {
    this.loaded.length = 0;
    this.pathFolders.clear();
    const look = this.watching
      ? new Set([...this.pinned, ...this.dirty, ...pinnedFolders(hidden)])
      : new Set(this.folders.keys());
    this.dirty.clear();
    this.pinned.clear();
    for (const folder of pinnedFolders(hidden)) this.pinned.add(folder);
    for (const relative of look) {
      if (!this.folders.has(relative)) continue;
      const path = this.absolute(relative);
      const mtimeNs = mtimeOf(path);
      const entries = mtimeNs === undefined ? undefined : listing(path);
      if (mtimeNs === undefined || !entries) {
        this.folders.delete(relative);
        this.watchers.get(relative)?.close();
        this.watchers.delete(relative);
        continue;
      }
      const known = this.folders.get(relative)!.names;
      this.folders.set(relative, { mtimeNs, names: new Set(entries.map((entry) => entry.name)) });
      for (const entry of entries)
        if (entry.isDirectory() && !VENDORED_DIRECTORIES.has(entry.name) && !known.has(entry.name))
          this.walk(relative ? `${relative}/${entry.name}` : entry.name);
    }
  }

  /** false when the project has too many folders to follow */
  get watchable(): boolean {
    return this.folders.size <= MAX_WATCHED_FOLDERS;
  }

  private absolute(relative: string): string {
    return relative ? join(this.root, relative) : this.root;
  }

  private walk(relative: string): void {
    const entries = listing(this.absolute(relative));
    const mtimeNs = mtimeOf(this.absolute(relative));
    if (!entries || mtimeNs === undefined) return;
    this.folders.set(relative, { mtimeNs, names: new Set(entries.map((entry) => entry.name)) });
    this.watch(relative);
    for (const entry of entries) {
      if (!entry.isDirectory() || VENDORED_DIRECTORIES.has(entry.name)) continue;
      if (this.folders.size > MAX_WATCHED_FOLDERS) return;
      this.walk(relative ? `${relative}/${entry.name}` : entry.name);
    }
  }

  private watch(relative: string): void {
    if (!this.watching || this.closed || this.watchers.has(relative)) return;
    try {
      const watcher = watch(this.absolute(relative), { persistent: false }, () => this.dirty.add(relative));
      watcher.on('error', () => {
        // the folder went away (or the watch broke): look at it at the next check, and at every folder after
        this.dirty.add(relative);
        this.watching = false;
      });
      this.watchers.set(relative, watcher);
    } catch {
      this.watching = false;
    }
  }

  /** Files the worker reports it imported, with the stat it took; a file edited during the import is stale at once. */
  addLoaded(files: readonly LoadedFile[], importStartedNs: bigint): string | undefined {
    for (const file of files) {
      this.loaded.push(file);
      if (file.mtimeNs >= importStartedNs) return `${file.path} changed while it was being imported`;
    }
    return undefined;
  }

  /** The worker's sys.path: each folder's mtime now. */
  setPath(folders: readonly string[]): void {
    for (const folder of folders)
      if (!this.pathFolders.has(folder)) this.pathFolders.set(folder, mtimeOf(folder));
  }

  /**
   * Why the worker can no longer be trusted, or undefined when nothing it depends on changed. `modules`
   * false leaves the module files to the worker, which compares them itself before a check (`checkHeld`).
   */
  staleReason(modules = true): string | undefined {
    for (const file of modules ? this.loaded : []) {
      const now = statSync(file.path, { bigint: true, throwIfNoEntry: false });
      if (!now) {
        if (file.mtimeNs < 0n) continue;
        return `${file.path} was removed`;
      }
      if (file.mtimeNs < 0n) return `${file.path} appeared`;
      if (now.mtimeNs !== file.mtimeNs || Number(now.size) !== file.size || now.ino !== file.ino)
        return `${file.path} changed since it was imported`;
    }
    for (const [folder, mtimeNs] of this.pathFolders)
      if (mtimeOf(folder) !== mtimeNs) return `${folder} (on sys.path) changed`;
    const look = this.watching ? new Set([...this.pinned, ...this.dirty]) : new Set(this.folders.keys());
    this.dirty.clear();
    for (const relative of look) {
      const reason = this.folderChanged(relative);
      if (reason) return reason;
    }
    return undefined;
  }

  private folderChanged(relative: string): string | undefined {
    const state = this.folders.get(relative);
    if (!state) return undefined;
    const path = this.absolute(relative);
    const mtimeNs = mtimeOf(path);
    if (mtimeNs === state.mtimeNs) return undefined;
    // an entry added, removed or replaced by a rename in a tmpfs'd folder: the sandbox shows it as it was
    if (this.pinned.has(relative))
      return `${relative || 'the project folder'} changed, and the sandbox shows it as it was`;
    if (mtimeNs === undefined) {
      this.folders.delete(relative);
      this.watchers.get(relative)?.close();
      this.watchers.delete(relative);
      return undefined;
    }
    const entries = listing(path) ?? [];
    const added = entries.filter((entry) => !state.names.has(entry.name));
    this.folders.set(relative, { mtimeNs, names: new Set(entries.map((entry) => entry.name)) });
    for (const entry of added) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (!entry.isDirectory() && isSecretsFile(child)) return `a secrets file appeared: ${child}`;
      if (entry.isDirectory() && !VENDORED_DIRECTORIES.has(entry.name)) {
        const before = new Set(this.folders.keys());
        this.walk(child);
        for (const [folder, inner] of this.folders) {
          if (before.has(folder)) continue;
          for (const name of inner.names)
            if (isSecretsFile(`${folder}/${name}`)) return `a secrets file appeared: ${folder}/${name}`;
        }
      }
    }
    return undefined;
  }

  /** Every project folder, watched or not (after a save: cheap enough once, not on every check). */
  fullScan(): string | undefined {
    for (const relative of [...this.folders.keys()]) {
      const reason = this.folderChanged(relative);
      if (reason) return reason;
    }
    return undefined;
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}

import { type BigIntStats, type Dirent, readdirSync, statSync } from 'node:fs';
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
 * Project folders are stat'ed on every check (mtime only); a folder whose mtime moved is listed again, and
 * only a new secrets file, a change in a tmpfs'd folder or on sys.path means a restart — an editor's swap
 * file or a new module in an ordinary folder does not (a child invalidates Python's finder caches).
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

/** A project with more folders than this (outside dependency folders) is not watched: the probe stays cold. */
export const MAX_WATCHED_FOLDERS = 5_000;

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

export class ProbeFreshness {
  private readonly loaded = new Map<string, LoadedFile>();
  private readonly pathFolders = new Map<string, bigint | undefined>();
  private readonly folders = new Map<string, FolderState>();
  /** project folders that are a tmpfs in the sandbox (entries bound one by one): '' is the root */
  private readonly pinned: Set<string>;

  /**
   * @param root the project folder
   * @param hidden the secrets files the sandbox was started without (relative paths)
   */
  constructor(
    private readonly root: string,
    hidden: readonly string[],
  ) {
    this.pinned = new Set<string>();
    for (const file of hidden) {
      let folder = dirname(file);
      for (;;) {
        this.pinned.add(folder === '.' ? '' : folder);
        if (folder === '.' || folder === '') break;
        folder = dirname(folder);
      }
    }
    this.walk('');
  }

  /** false when the project has too many folders to stat on every check */
  get watchable(): boolean {
    return this.folders.size <= MAX_WATCHED_FOLDERS;
  }

  private walk(relative: string): string | undefined {
    const entries = listing(relative ? join(this.root, relative) : this.root);
    const mtimeNs = mtimeOf(relative ? join(this.root, relative) : this.root);
    if (!entries || mtimeNs === undefined) return undefined;
    this.folders.set(relative, { mtimeNs, names: new Set(entries.map((entry) => entry.name)) });
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !VENDORED_DIRECTORIES.has(entry.name)) {
        if (this.folders.size > MAX_WATCHED_FOLDERS) return undefined;
        const found = this.walk(path);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** Files the worker reports it imported, with the stat it took; a file edited during the import is stale at once. */
  addLoaded(files: readonly LoadedFile[], importStartedNs: bigint): string | undefined {
    for (const file of files) {
      this.loaded.set(file.path, file);
      if (file.mtimeNs >= importStartedNs) return `${file.path} changed while it was being imported`;
    }
    return undefined;
  }

  /** The worker's sys.path: each folder's mtime now. */
  setPath(folders: readonly string[]): void {
    for (const folder of folders)
      if (!this.pathFolders.has(folder)) this.pathFolders.set(folder, mtimeOf(folder));
  }

  /** Why the worker can no longer be trusted, or undefined when nothing it depends on changed. */
  staleReason(): string | undefined {
    for (const file of this.loaded.values()) {
      let now: BigIntStats;
      try {
        now = statSync(file.path, { bigint: true });
      } catch {
        if (file.mtimeNs < 0n) continue;
        return `${file.path} was removed`;
      }
      if (file.mtimeNs < 0n) return `${file.path} appeared`;
      if (now.mtimeNs !== file.mtimeNs || Number(now.size) !== file.size || now.ino !== file.ino)
        return `${file.path} changed since it was imported`;
    }
    for (const [folder, mtimeNs] of this.pathFolders)
      if (mtimeOf(folder) !== mtimeNs) return `${folder} (on sys.path) changed`;
    for (const [relative, state] of [...this.folders]) {
      const path = relative ? join(this.root, relative) : this.root;
      const mtimeNs = mtimeOf(path);
      if (mtimeNs === state.mtimeNs) continue;
      if (mtimeNs === undefined) {
        this.folders.delete(relative);
        continue;
      }
      const entries = listing(path) ?? [];
      const names = new Set(entries.map((entry) => entry.name));
      const added = entries.filter((entry) => !state.names.has(entry.name));
      // an entry added, removed or replaced by a rename in a tmpfs'd folder: the sandbox shows it as it was
      if (this.pinned.has(relative))
        return `${relative || 'the project folder'} changed, and the sandbox shows it as it was`;
      for (const entry of added) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (!entry.isDirectory() && isSecretsFile(child)) return `a secrets file appeared: ${child}`;
        if (entry.isDirectory() && !VENDORED_DIRECTORIES.has(entry.name)) {
          this.walk(child);
          for (const [folder, inner] of this.folders)
            if (folder.startsWith(`${child}/`) || folder === child)
              for (const name of inner.names)
                if (isSecretsFile(`${folder}/${name}`)) return `a secrets file appeared: ${folder}/${name}`;
        }
      }
      this.folders.set(relative, { mtimeNs, names });
    }
    return undefined;
  }
}

import { statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, userConfigPath, workspaceConfigPath } from '../config/load.js';
import type { IgnoredSetting } from '../config/untrusted-settings.js';
import { trustStorePath } from '../config/workspace-trust.js';
import { isVouchError } from '../core/errors.js';
import { type TaskHost, TaskSession } from '../tasks/index.js';
import type { PrivacyPolicy } from '../telemetry/privacy-policy.js';

/**
 * The language server's workspace folders (a multi-root workspace: VS Code's, Neovim's several roots),
 * each with what its buffers are gated and completed with: its `vouch.toml` (under that folder's trust:
 * `loadConfig` restricts an untrusted one as it does the first's), the model host and privacy policy made
 * from it, and a warm task session (its index, completion cache, import probe), made at the folder's first
 * completion or opened buffer. Folders come at `initialize` and later (`workspace/didChangeWorkspaceFolders`);
 * a removed one's session is closed.
 *
 * A folder's config is read again when one of the files it is made of changed (its `vouch.toml`, the
 * user's config, the trust store, `$VOUCH_CONFIG`: their size, times and inode, a few `stat`s per check),
 * so an edit takes effect without a restart whether the editor saved it, a watcher told of it or nothing
 * did. An invalid file leaves that folder without a config (its buffers "not verified", no model calls:
 * its policy is unknown) and the others as they were.
 */

/** What a folder's config files gave: the merged config, or why it could not be read. */
export type FolderConfig =
  | { data: Record<string, unknown>; ignored: IgnoredSetting[]; error?: undefined }
  | { error: string; data?: undefined; ignored?: undefined };

/** A folder's config that changed (or was read for the first time), for the server to act on. */
export interface FolderConfigChange {
  root: string;
  config: FolderConfig;
  /** false the first time a folder's config is read */
  reloaded: boolean;
}

interface Folder {
  root: string;
  /** how many of the client's folders stand for this root (two may climb to the same `.git`) */
  refs: number;
  stamp: string;
  config: FolderConfig;
  /** what `config` was made from, to tell a touched file from a changed one */
  key: string;
  host?: { host: TaskHost; policy: PrivacyPolicy };
  session?: TaskSession;
}

export interface WorkspaceFoldersOptions {
  /** the model host of a folder under its config (server.ts: one chooser per folder) */
  makeHost: (options: { root: string; config: Record<string, unknown>; session: TaskSession }) => {
    host: TaskHost;
    policy: PrivacyPolicy;
  };
  /** a folder's config was read anew and differs (or was read for the first time) */
  changed: (change: FolderConfigChange) => void;
  env?: NodeJS.ProcessEnv;
}

export class WorkspaceFolders {
  private readonly folders = new Map<string, Folder>();
  /** the first folder's root: the server's own workspace (its store, `vouch/status`) */
  primary = '';

  constructor(private readonly options: WorkspaceFoldersOptions) {}

  /** A folder the client named; its config is read now (an invalid one is kept as its error). */
  add(root: string): FolderConfig {
    const known = this.folders.get(root);
    if (known) {
      known.refs++;
      return this.config(root);
    }
    const stamp = this.stampOf(root);
    const config = this.read(root);
    this.folders.set(root, { root, refs: 1, stamp, config, key: keyOf(config) });
    this.options.changed({ root, config, reloaded: false });
    return config;
  }

  /**
   * A folder the client removed: once no folder stands for its root it gates nothing, and its session is
   * closed (the first folder's stays until shutdown: the server's store and status are there). Returns
   * whether the root is gone.
   */
  async remove(root: string): Promise<boolean> {
    const folder = this.folders.get(root);
    if (!folder) return false;
    folder.refs = Math.max(0, folder.refs - 1);
    if (folder.refs > 0) return false;
    if (root !== this.primary) {
      this.folders.delete(root);
      await folder.session?.close();
    }
    return true;
  }

  /** The roots gated now. */
  roots(): string[] {
    return [...this.folders.values()].filter((folder) => folder.refs > 0).map((folder) => folder.root);
  }

  /** The deepest gated root that holds the document, and its path there. */
  placeOf(uri: string): { root: string; path: string } | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const absolute = fileURLToPath(uri);
    let found: { root: string; path: string } | undefined;
    for (const root of this.roots()) {
      const path = relative(root, absolute);
      if (path.startsWith('..') || isAbsolute(path) || path === '') continue;
      if (!found || root.length > found.root.length) found = { root, path };
    }
    return found;
  }

  /** The folder's config as its files are now (read again when one changed). */
  config(root: string): FolderConfig {
    const folder = this.folders.get(root);
    if (!folder) return { error: `${root} is not a workspace folder of this server` };
    const stamp = this.stampOf(root);
    if (stamp === folder.stamp) return folder.config;
    folder.stamp = stamp;
    const config = this.read(root);
    const key = keyOf(config);
    if (key === folder.key) return folder.config;
    folder.config = config;
    folder.key = key;
    // the model chooser was made under the old config (its policy, providers): made again at next use
    folder.host = undefined;
    this.options.changed({ root, config, reloaded: true });
    return config;
  }

  /** The folder's config data; an invalid vouch.toml throws its message (the gate's "not verified"). */
  data(root: string): Record<string, unknown> {
    const config = this.config(root);
    if (config.error !== undefined) throw new Error(config.error);
    return config.data;
  }

  /** The folder's model host under its own config; throws when its config is invalid. */
  host(root: string): { host: TaskHost; policy: PrivacyPolicy } {
    const data = this.data(root);
    const folder = this.folders.get(root)!;
    folder.session ??= new TaskSession(root, { warm: true });
    folder.host ??= this.options.makeHost({ root, config: data, session: folder.session });
    return folder.host;
  }

  /** The folder's session if it has one (the gate's imports checks ask its warm probe). */
  session(root: string): TaskSession | undefined {
    return this.folders.get(root)?.session;
  }

  sessions(): TaskSession[] {
    return [...this.folders.values()].flatMap((folder) => (folder.session ? [folder.session] : []));
  }

  async close(): Promise<void> {
    const sessions = this.sessions();
    for (const folder of this.folders.values()) folder.session = undefined;
    await Promise.all(sessions.map((session) => session.close()));
  }

  private read(root: string): FolderConfig {
    try {
      const loaded = loadConfig({
        workspaceRoot: root,
        ...(this.options.env ? { env: this.options.env } : {}),
      });
      return { data: loaded.data, ignored: loaded.ignored };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const hint = isVouchError(error) && error.hint ? ` (${error.hint})` : '';
      return { error: `${message}${hint}` };
    }
  }

  /** What the folder's config is made of, as `stat` sees it: a change here reads it again. */
  private stampOf(root: string): string {
    const env = this.options.env ?? process.env;
    const files = [workspaceConfigPath(root), userConfigPath(env), trustStorePath(env)];
    if (env.VOUCH_CONFIG) files.push(env.VOUCH_CONFIG);
    return files.map(statStamp).join('|');
  }
}

function statStamp(path: string): string {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch {
    return '-';
  }
}

function keyOf(config: FolderConfig): string {
  return JSON.stringify(config);
}

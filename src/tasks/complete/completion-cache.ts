import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type CheckResult, checkResult } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import { PRIVATE_FILE, privateDirectory } from '../../core/private-files.js';
import { cacheStateDir, stateDir } from '../../workspace/root.js';
import { citation } from '../result-schema.js';
import type { Citation } from '../task.js';

/**
 * Completions already computed, keyed by what the model saw: the model, the file, the text before the
 * cursor and the text after it. One cache per workspace, held by the face's task session
 * (tasks/task-session.ts) and closed with it. Two layers:
 * - in memory, for as long as the session (the language server and the HTTP server keep it across
 *   requests), with
 *   "typed ahead" hits: when the engineer types the first characters of a completion shown a moment ago,
 *   the rest of it is still the answer, so no model call is made;
 * - on disk when the workspace has a `.vouch/` folder (so repeated CLI calls hit too), in the user's cache
 *   dir (`$XDG_CACHE_HOME/vouch/workspaces/<name>-<hash of its real path>/complete-cache/`, files 0600 in
 *   0700 folders, workspace/root.ts `cacheStateDir`), never in the workspace: an entry there is the
 *   completion and its checks' verdict, and a repository's author could commit one that answers with their
 *   code and `pass` (review r43). Entries older than `MAX_AGE_MS` or dated in the future are ignored, and
 *   the folder is pruned to `MAX_DISK_ENTRIES`.
 * The checks are cached with the completion: they judged the same file text.
 */

export interface CachedCompletion {
  completion: string;
  checks: CheckResult[];
  /** the model's finish reason (`length` means it may be cut short) */
  truncated: boolean;
  /** what went into the prompt from the project */
  context?: Citation[];
  createdAt: number;
}

/** An entry as stored on disk; one of another shape (an older vouch's) is a miss. */
const CACHED_COMPLETION = z.object({
  completion: z.string(),
  checks: z.array(checkResult),
  truncated: z.boolean(),
  context: z.array(citation).optional(),
  createdAt: z.number(),
});

export interface CacheKeyParts {
  model: string;
  path: string;
  prefix: string;
  suffix: string;
  /** anything else that changes the answer (token limit, context on/off) */
  variant: string;
}

const MAX_MEMORY_ENTRIES = 500;
const MAX_DISK_ENTRIES = 1000;
/** The project's environment (installed packages) may change: cached checks are trusted this long. */
const MAX_AGE_MS = 10 * 60 * 1000;
/** Disk writes between two prunes of the folder: it is pruned every `PRUNE_EVERY` writes, not on each. */
const PRUNE_EVERY = 50;
/**
 * A long-lived face's disk writes wait until completions have been quiet this long, then go together:
 * written at once, each write's open, write and close came back to the thread that answers the editor
 * while it answered the next request (a cache hit asked right after a miss: ≈ 0.6 ms of its time in a
 * profile of bench:lsp). The disk layer is for the next process, which is in no hurry.
 */
const QUIET_MS = 1_000;
/** …but no entry waits longer than this, however steadily completions keep coming. */
const LONGEST_WAIT_MS = 5_000;

function hash(parts: string[]): string {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part).update('\0');
  return digest.digest('hex');
}

/**
 * The keys of one request's parts, hashed once: a miss looks the completion up and stores it with the
 * same parts, and the prefix and suffix are the whole file (a sha-256 of 100 kB each time otherwise).
 * Keyed weakly by the parts object itself, so it holds nothing once the request is gone.
 */
const keysOf = new WeakMap<CacheKeyParts, { exact?: string; stream?: string }>();

function keys(parts: CacheKeyParts): { exact?: string; stream?: string } {
  let known = keysOf.get(parts);
  if (!known) {
    known = {};
    keysOf.set(parts, known);
  }
  return known;
}

function exactKey(parts: CacheKeyParts): string {
  const known = keys(parts);
  known.exact ??= hash([parts.model, parts.path, parts.variant, parts.prefix, parts.suffix]);
  return known.exact;
}

function streamKey(parts: CacheKeyParts): string {
  const known = keys(parts);
  known.stream ??= hash([parts.model, parts.path, parts.variant, parts.suffix]);
  return known.stream;
}

export interface CompletionCacheOptions {
  /** a long-lived face: write to disk once completions have been quiet for a moment, not at once */
  deferDisk?: boolean;
}

export class CompletionCache {
  private readonly memory = new Map<string, CachedCompletion>();
  /** per model + file + suffix: the latest completion, for typed-ahead hits */
  private readonly latest = new Map<string, { prefix: string; entry: CachedCompletion }>();
  /** when one of the workspace's files was last saved (the language server's didSave) */
  private savedAt: number | undefined;
  private writesSincePrune = Number.POSITIVE_INFINITY;
  private readonly waiting = new Map<string, { folder: string; entry: CachedCompletion }>();
  private waitingTimer: NodeJS.Timeout | undefined;
  /** when the oldest entry waiting began to wait */
  private waitingSince = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly workspaceRoot: string,
    private readonly options: CompletionCacheOptions = {},
  ) {}

  /**
   * A file of the workspace was saved: completions whose imports check ran before that are not answered
   * from the cache any more (the module they imported may have changed); the others still are.
   */
  fileSaved(now = Date.now()): void {
    this.savedAt = now;
  }

  lookup(parts: CacheKeyParts, now = Date.now()): CachedCompletion | undefined {
    const key = exactKey(parts);
    const hit = this.memory.get(key);
    if (this.fresh(hit, now)) {
      this.remember(key, hit);
      return hit;
    }
    // Typed ahead: the new prefix is the old one plus the start of the completion shown for it.
    const previous = this.latest.get(streamKey(parts));
    if (previous && this.fresh(previous.entry, now) && parts.prefix.startsWith(previous.prefix)) {
      const typed = parts.prefix.slice(previous.prefix.length);
      const { completion } = previous.entry;
      if (typed.length > 0 && typed.length < completion.length && completion.startsWith(typed))
        return { ...previous.entry, completion: completion.slice(typed.length) };
    }
    const folder = this.diskFolder();
    if (!folder) return undefined;
    try {
      const file = join(folder, `${key}.json`);
      const entry = parseExternalJson({
        text: readFileSync(file, 'utf8'),
        schema: CACHED_COMPLETION,
        source: file,
      });
      if (!this.fresh(entry, now) || typeof entry.completion !== 'string') return undefined;
      this.remember(key, entry);
      return entry;
    } catch {
      return undefined;
    }
  }

  store(parts: CacheKeyParts, entry: CachedCompletion): void {
    const key = exactKey(parts);
    this.remember(key, entry);
    this.latest.set(streamKey(parts), { prefix: parts.prefix, entry });
    if (this.latest.size > MAX_MEMORY_ENTRIES) this.latest.delete(this.latest.keys().next().value!);
    const folder = this.diskFolder();
    if (!folder) return;
    if (this.options.deferDisk) {
      const now = Date.now();
      if (this.waiting.size === 0) this.waitingSince = now;
      this.waiting.delete(key);
      this.waiting.set(key, { folder, entry });
      if (this.waitingTimer) clearTimeout(this.waitingTimer);
      const delay = Math.max(0, Math.min(QUIET_MS, this.waitingSince + LONGEST_WAIT_MS - now));
      this.waitingTimer = setTimeout(() => void this.flush(), delay);
      this.waitingTimer.unref();
      return;
    }
    // Written after the answer is made (the disk layer is for the next process); a one-shot command's
    // session is closed, and this write done, before its task returns (`flush`).
    this.writing = this.writing.then(() => this.writeEntries([[key, { folder, entry }]]));
  }

  /** Writes what a long-lived face left waiting (see QUIET_MS), and waits for every write begun. */
  flush(): Promise<void> {
    if (this.waitingTimer) clearTimeout(this.waitingTimer);
    this.waitingTimer = undefined;
    const entries = [...this.waiting];
    this.waiting.clear();
    this.writing = this.writing.then(() => this.writeEntries(entries));
    return this.writing;
  }

  /**
   * What is waiting, written now and synchronously: for a face whose process is ending without a
   * shutdown (an editor that exits without one, a closed pipe), where nothing after `exit` runs.
   */
  flushNow(): void {
    if (this.waitingTimer) clearTimeout(this.waitingTimer);
    this.waitingTimer = undefined;
    for (const [key, { folder, entry }] of this.waiting) {
      try {
        privateDirectory(folder);
        writeFileSync(join(folder, `${key}.json`), JSON.stringify(entry), { mode: PRIVATE_FILE });
      } catch {
        // a cache that cannot be written costs the next call a model request, nothing more
      }
    }
    this.waiting.clear();
  }

  /** Empties the in-memory layer (a face told the environment changed). */
  clear(): void {
    this.memory.clear();
    this.latest.clear();
    // what was waiting to be written was judged before, like what was in memory
    this.waiting.clear();
  }

  private fresh(entry: CachedCompletion | undefined, now: number): entry is CachedCompletion {
    // an entry dated in the future is no entry this process made: stale
    if (entry === undefined || entry.createdAt > now || now - entry.createdAt > MAX_AGE_MS) return false;
    if (this.savedAt === undefined || entry.createdAt > this.savedAt) return true;
    return !entry.checks.some((check) => check.name === 'imports' && check.status !== 'skip');
  }

  private remember(key: string, entry: CachedCompletion): void {
    this.memory.delete(key);
    this.memory.set(key, entry);
    if (this.memory.size > MAX_MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value!);
  }

  private diskFolder(): string | undefined {
    // the workspace's `.vouch/` only says vouch is used there; the entries live in the user's cache dir
    return existsSync(stateDir(this.workspaceRoot))
      ? join(cacheStateDir(this.workspaceRoot), 'complete-cache')
      : undefined;
  }

  private async writeEntries(
    entries: [string, { folder: string; entry: CachedCompletion }][],
  ): Promise<void> {
    for (const [key, { folder, entry }] of entries) {
      const prune = ++this.writesSincePrune >= PRUNE_EVERY;
      if (prune) this.writesSincePrune = 0;
      try {
        privateDirectory(folder);
        await writeFile(join(folder, `${key}.json`), JSON.stringify(entry), { mode: PRIVATE_FILE });
        if (prune) await pruneDisk(folder);
      } catch {
        // A cache that cannot be written costs the next call a model request, nothing more.
      }
    }
  }
}

async function pruneDisk(folder: string): Promise<void> {
  const names = await readdir(folder);
  if (names.length <= MAX_DISK_ENTRIES) return;
  const byAge = await Promise.all(
    names.map(async (name) => ({
      name,
      mtime: await stat(join(folder, name)).then(
        (info) => info.mtimeMs,
        () => 0,
      ),
    })),
  );
  byAge.sort((a, b) => a.mtime - b.mtime);
  for (const { name } of byAge.slice(0, names.length - MAX_DISK_ENTRIES))
    await rm(join(folder, name), { force: true });
}

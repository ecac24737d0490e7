import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult } from '../../core/check.js';
import type { Citation } from '../task.js';

/**
 * Completions already computed, keyed by what the model saw: the model, the file, the text before the
 * cursor and the text after it. Two layers:
 * - in memory, per process (the language server and the HTTP server keep it across requests), with
 *   "typed ahead" hits: when the engineer types the first characters of a completion shown a moment ago,
 *   the rest of it is still the answer, so no model call is made;
 * - on disk in `.vouch/complete-cache/` when the workspace has a `.vouch/` folder (so repeated CLI calls
 *   hit too); entries older than `MAX_AGE_MS` are ignored, and the folder is pruned to `MAX_DISK_ENTRIES`.
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

const memory = new Map<string, CachedCompletion>();
/** per model + file + suffix: the latest completion, for typed-ahead hits */
const latest = new Map<string, { prefix: string; entry: CachedCompletion }>();

function hash(parts: string[]): string {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part).update('\0');
  return digest.digest('hex');
}

/**
 * The keys of one request's parts, hashed once: a miss looks the completion up and stores it with the
 * same parts, and the prefix and suffix are the whole file (a sha-256 of 100 kB each time otherwise).
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

/** per workspace: when this process last saw one of its files saved (the language server's didSave) */
const savedAt = new Map<string, number>();

/**
 * A file of the workspace was saved: completions whose imports check ran before that are not answered
 * from the cache any more (the module they imported may have changed); the others still are.
 */
export function workspaceFileSaved(workspaceRoot: string, now = Date.now()): void {
  savedAt.set(workspaceRoot, now);
}

function fresh(
  entry: CachedCompletion | undefined,
  now: number,
  workspaceRoot: string,
): entry is CachedCompletion {
  if (entry === undefined || now - entry.createdAt > MAX_AGE_MS) return false;
  const saved = savedAt.get(workspaceRoot);
  if (saved === undefined || entry.createdAt > saved) return true;
  return !entry.checks.some((check) => check.name === 'imports' && check.status !== 'skip');
}

function remember(key: string, entry: CachedCompletion): void {
  memory.delete(key);
  memory.set(key, entry);
  if (memory.size > MAX_MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
}

function diskFolder(workspaceRoot: string): string | undefined {
  const vouch = join(workspaceRoot, '.vouch');
  return existsSync(vouch) ? join(vouch, 'complete-cache') : undefined;
}

export function lookupCompletion(
  workspaceRoot: string,
  parts: CacheKeyParts,
  now = Date.now(),
): CachedCompletion | undefined {
  const key = exactKey(parts);
  const hit = memory.get(key);
  if (fresh(hit, now, workspaceRoot)) {
    remember(key, hit);
    return hit;
  }
  // Typed ahead: the new prefix is the old one plus the start of the completion shown for it.
  const previous = latest.get(streamKey(parts));
  if (previous && fresh(previous.entry, now, workspaceRoot) && parts.prefix.startsWith(previous.prefix)) {
    const typed = parts.prefix.slice(previous.prefix.length);
    const { completion } = previous.entry;
    if (typed.length > 0 && typed.length < completion.length && completion.startsWith(typed))
      return { ...previous.entry, completion: completion.slice(typed.length) };
  }
  const folder = diskFolder(workspaceRoot);
  if (!folder) return undefined;
  try {
    const entry = JSON.parse(readFileSync(join(folder, `${key}.json`), 'utf8')) as CachedCompletion;
    if (!fresh(entry, now, workspaceRoot) || typeof entry.completion !== 'string') return undefined;
    remember(key, entry);
    return entry;
  } catch {
    return undefined;
  }
}

/** Disk writes since the folder was last pruned; it is pruned every `PRUNE_EVERY` writes, not on each. */
let writesSincePrune = Number.POSITIVE_INFINITY;
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
const waiting = new Map<string, { folder: string; entry: CachedCompletion }>();
let waitingTimer: NodeJS.Timeout | undefined;
/** when the oldest entry waiting began to wait */
let waitingSince = 0;
let writing: Promise<void> = Promise.resolve();
let exitHooked = false;

/**
 * A process that ends with entries still waiting (an editor that exits without a shutdown, a closed
 * pipe, a signal) writes them as it goes: a few small files, synchronously, since nothing after `exit`
 * runs.
 */
function writeWaitingNow(): void {
  for (const [key, { folder, entry }] of waiting) {
    try {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `${key}.json`), JSON.stringify(entry));
    } catch {
      // a cache that cannot be written costs the next call a model request, nothing more
    }
  }
  waiting.clear();
}

export interface StoreOptions {
  /** a long-lived face: write to disk once completions have been quiet for a moment, not at once */
  deferDisk?: boolean;
}

export function storeCompletion(
  workspaceRoot: string,
  parts: CacheKeyParts,
  entry: CachedCompletion,
  options: StoreOptions = {},
): void {
  const key = exactKey(parts);
  remember(key, entry);
  latest.set(streamKey(parts), { prefix: parts.prefix, entry });
  if (latest.size > MAX_MEMORY_ENTRIES) latest.delete(latest.keys().next().value!);
  const folder = diskFolder(workspaceRoot);
  if (!folder) return;
  if (options.deferDisk) {
    if (!exitHooked) {
      exitHooked = true;
      process.on('exit', writeWaitingNow);
    }
    const now = Date.now();
    if (waiting.size === 0) waitingSince = now;
    waiting.delete(key);
    waiting.set(key, { folder, entry });
    if (waitingTimer) clearTimeout(waitingTimer);
    const delay = Math.max(0, Math.min(QUIET_MS, waitingSince + LONGEST_WAIT_MS - now));
    waitingTimer = setTimeout(() => void flushCompletionCache(), delay);
    waitingTimer.unref();
    return;
  }
  // Written after the answer has gone out (the disk layer is for the next process). A one-shot command
  // still writes it: the process ends when the write is done.
  writing = writing.then(() => writeEntries([[key, { folder, entry }]]));
}

/** Writes what long-lived faces left waiting (see QUIET_MS), and waits for every write begun. */
export function flushCompletionCache(): Promise<void> {
  if (waitingTimer) clearTimeout(waitingTimer);
  waitingTimer = undefined;
  const entries = [...waiting];
  waiting.clear();
  writing = writing.then(() => writeEntries(entries));
  return writing;
}

async function writeEntries(entries: [string, { folder: string; entry: CachedCompletion }][]): Promise<void> {
  for (const [key, { folder, entry }] of entries) {
    const prune = ++writesSincePrune >= PRUNE_EVERY;
    if (prune) writesSincePrune = 0;
    try {
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, `${key}.json`), JSON.stringify(entry));
      if (prune) await pruneDisk(folder);
    } catch {
      // A cache that cannot be written costs the next call a model request, nothing more.
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

/** Empties the in-memory layer (tests, and a server told the environment changed). */
export function clearCompletionCache(): void {
  memory.clear();
  latest.clear();
  // what was waiting to be written was judged before, like what was in memory
  waiting.clear();
}

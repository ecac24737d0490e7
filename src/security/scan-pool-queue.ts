/**
 * The files a pooled scan has still to scan, largest first (scan-pool.ts). A worker takes them in small
 * batches (at most `BATCH` files and, past the first, `BATCH_CHARACTERS` of source), the pool's own thread
 * one file at a time. Largest first, so that what is left at the end is small: neither thread waits long
 * for the other's last file, and a worker's queued batch lasts at least as long as the file this thread
 * takes after it (no larger), so a worker seldom waits for this thread to hand it the next one.
 */
export interface QueuedFile {
  /** the file's index among the scan's inputs */
  index: number;
  /** vouch's engine runs on it (false: its engine findings are cached, only the team's rules run) */
  engine: boolean;
  /** the project's Semgrep rules run on it (vouch's matcher: on a worker only, scan-pool.ts) */
  team: boolean;
  characters: number;
}

/** files in one worker's batch, at most */
export const BATCH = 16;

/**
 * characters of source in one worker's batch past its first file (≈ 35 ms of analysis at 1.1 ms a KB):
 * small enough that a worker's last batch ends close to this thread's last file, large enough that
 * Django's 859 files (5 MB) go out in about two hundred messages
 */
export const BATCH_CHARACTERS = 32 * 1024;

export interface ScanQueue {
  /** a worker's next batch (empty: none left): the files only a worker can take first, then the largest */
  batch(): QueuedFile[];
  /**
   * this thread's next file (undefined: none left for it): the largest the engine still has to scan, its
   * engine only; its team's rules, if any, stay queued for a worker (`teamQueued`)
   */
  file(): { file: QueuedFile; teamQueued: boolean } | undefined;
  /** files a worker held when it was ended, queued again ahead of the rest */
  putBack(files: readonly QueuedFile[]): void;
  /** files still queued */
  readonly size: number;
}

const bySize = (a: QueuedFile, b: QueuedFile) => b.characters - a.characters || a.index - b.index;

export function scanQueue(files: readonly QueuedFile[]): ScanQueue {
  const engine = files.filter((file) => file.engine).sort(bySize);
  /** the team's rules alone: files whose engine findings are cached, and those this thread took */
  const teamOnly = files.filter((file) => !file.engine && file.team).sort(bySize);
  return {
    batch() {
      const batch: QueuedFile[] = [];
      let characters = 0;
      while (batch.length < BATCH && (batch.length === 0 || characters < BATCH_CHARACTERS)) {
        const next = teamOnly.shift() ?? engine.shift();
        if (!next) break;
        batch.push(next);
        characters += next.characters;
      }
      return batch;
    },
    file() {
      const next = engine.shift();
      if (!next) return undefined;
      if (next.team) teamOnly.push({ ...next, engine: false });
      return { file: { ...next, team: false }, teamQueued: next.team };
    },
    putBack(back) {
      engine.unshift(...back.filter((file) => file.engine));
      teamOnly.unshift(...back.filter((file) => !file.engine));
    },
    get size() {
      return engine.length + teamOnly.length;
    },
  };
}

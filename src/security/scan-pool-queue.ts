/**
 * The files a pooled scan has still to scan, sorted by size, taken from both ends (scan-pool.ts). A worker
 * takes the largest in small batches (at most `BATCH` files and, past the first, `BATCH_CHARACTERS` of
 * source); the pool's own thread the smallest, one file at a time, and never one over `HERE_CHARACTERS`.
 * This thread is the one that hears Ctrl-C, the workers' answers, the progress and the backstop timers, and
 * hears nothing while it analyses a file: a large file left to it once held Ctrl-C for 27 s (review r33).
 * The two ends meet in the middle, so what is left at the end is small on both sides, and the batches shrink
 * in the tail (TAIL_SHARE): neither thread waits long for the other's last file.
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

/**
 * In the scan's tail a batch holds less: it closes once it holds a TAIL_SHARE-th of the characters still
 * queued (its first file always goes), so what a worker still holds when the queue runs dry is small, and the
 * other threads do not wait long for it. A worker holds two batches (scan-pool.ts): with batches of
 * BATCH_CHARACTERS to the end, Django's last two held four files of ≈ 20 K characters, and this thread, its own
 * files done, waited for them — the last 1.2 s of a 24.9 s scan at load 14 (a ≈ 2% tail at 6.3 s quiet;
 * bench/notes/2026-11-29-scan-start.md). Guided self-scheduling: from 8 × 32 K = 256 K characters left down,
 * batches shrink with the queue, to TAIL_FLOOR_CHARACTERS (a file of that size or more then goes alone).
 */
export const TAIL_SHARE = 8;

/**
 * a batch may always hold this many characters: half of HERE_CHARACTERS, so that the two batches a worker
 * holds are at least as long as the longest file this thread takes, and the worker does not run dry while
 * this thread is in a file and cannot hand it its next batch (why it holds two: scan-pool.ts). Smaller
 * batches would trade the tail's wait for such gaps.
 */
export const TAIL_FLOOR_CHARACTERS = 16 * 1024;

/**
 * the largest file the pool's own thread takes (characters): ≈ 35 ms of analysis at ~1.1 ms a KB, what
 * Django's 859 files cost in-process (5.41 s of CPU for 4.97 MB, measured quiet; start included, so an
 * upper bound), so its event loop turns about every 35 ms on ordinary code. Not fitted to one file: on Django it leaves 21 files, 1.3 of
 * its 5.0 MB, to the worker alone, under half, so the worker is not the one left scanning at the end.
 * A small file of a pathological shape can still take longer; its engine stops it at the file budget.
 */
export const HERE_CHARACTERS = 32 * 1024;

export interface ScanQueue {
  /** a worker's next batch (empty: none left): the files only a worker can take first, then the largest */
  batch(): QueuedFile[];
  /**
   * this thread's next file (undefined: none left for it): the smallest the engine still has to scan, if
   * it is no larger than `HERE_CHARACTERS`, its engine only; its team's rules, if any, stay queued for a
   * worker (`teamQueued`). Larger files wait for a worker
   */
  file(): { file: QueuedFile; teamQueued: boolean } | undefined;
  /** files a worker held when it was ended, queued again ahead of the rest (at the workers' end) */
  putBack(files: readonly QueuedFile[]): void;
  /** files still queued */
  readonly size: number;
}

const bySize = (a: QueuedFile, b: QueuedFile) => b.characters - a.characters || a.index - b.index;

export function scanQueue(files: readonly QueuedFile[]): ScanQueue {
  const engine = files.filter((file) => file.engine).sort(bySize);
  /** the team's rules alone: files whose engine findings are cached, and those this thread took */
  const teamOnly = files.filter((file) => !file.engine && file.team).sort(bySize);
  /** characters of the files queued (both lists) */
  let queued = 0;
  for (const file of [...engine, ...teamOnly]) queued += file.characters;
  return {
    batch() {
      const batch: QueuedFile[] = [];
      let characters = 0;
      // smaller in the tail (TAIL_SHARE), never more than BATCH_CHARACTERS
      const full = Math.min(BATCH_CHARACTERS, Math.max(TAIL_FLOOR_CHARACTERS, queued / TAIL_SHARE));
      while (batch.length < BATCH && (batch.length === 0 || characters < full)) {
        const next = teamOnly.shift() ?? engine.shift();
        if (!next) break;
        batch.push(next);
        characters += next.characters;
      }
      queued -= characters;
      return batch;
    },
    file() {
      const next = engine.at(-1);
      if (!next || next.characters > HERE_CHARACTERS) return undefined;
      engine.pop();
      if (next.team) teamOnly.push({ ...next, engine: false });
      else queued -= next.characters;
      return { file: { ...next, team: false }, teamQueued: next.team };
    },
    putBack(back) {
      engine.unshift(...back.filter((file) => file.engine));
      teamOnly.unshift(...back.filter((file) => !file.engine));
      for (const file of back) queued += file.characters;
    },
    get size() {
      return engine.length + teamOnly.length;
    },
  };
}

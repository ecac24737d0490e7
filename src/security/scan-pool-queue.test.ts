import { describe, expect, it } from 'vitest';
import { BATCH, BATCH_CHARACTERS, HERE_CHARACTERS, type QueuedFile, scanQueue } from './scan-pool-queue.js';

const file = (index: number, characters: number, parts: Partial<QueuedFile> = {}): QueuedFile => ({
  index,
  engine: true,
  team: false,
  characters,
  ...parts,
});

describe('scanQueue', () => {
  it('hands a worker the largest files first, its batch closed at 16 files or past 32 K characters, and this thread the smallest', () => {
    const files = [file(0, 100), file(1, 40_000), file(2, 20_000), file(3, 20_000), file(4, 5)];
    const queue = scanQueue(files);
    // one file past the characters alone; then two of 20 K (ties in the inputs' order)
    expect(queue.batch().map((each) => each.index)).toEqual([1]);
    expect(queue.batch().map((each) => each.index)).toEqual([2, 3]);
    expect(queue.file()?.file.index).toBe(4);
    expect(queue.batch().map((each) => each.index)).toEqual([0]);
    expect(queue.batch()).toEqual([]);
    expect(queue.file()).toBeUndefined();
    expect(queue.size).toBe(0);
    const many = scanQueue(Array.from({ length: 40 }, (_, index) => file(index, 10)));
    expect(many.batch()).toHaveLength(BATCH);
    expect(BATCH_CHARACTERS).toBeGreaterThan(BATCH * 10);
  });

  it('gives this thread the engine’s part only, and a worker the team’s rules of that file first', () => {
    const queue = scanQueue([
      file(0, 10, { team: true }),
      file(1, 500),
      file(2, 50, { engine: false, team: true }),
    ]);
    expect(queue.file()).toEqual({ file: file(0, 10), teamQueued: true });
    expect(queue.file()).toEqual({ file: file(1, 500), teamQueued: false });
    // this thread takes no file that needs the team's rules alone
    expect(queue.file()).toBeUndefined();
    expect(queue.size).toBe(2);
    expect(queue.batch()).toEqual([
      file(2, 50, { engine: false, team: true }),
      file(0, 10, { engine: false, team: true }),
    ]);
  });

  it('queues an ended worker’s files again ahead of the rest', () => {
    const queue = scanQueue([file(0, 300), file(1, 200), file(2, 100)]);
    const taken = queue.batch();
    expect(taken.map((each) => each.index)).toEqual([0, 1, 2]);
    queue.putBack([taken[2]!, taken[0]!]);
    expect(queue.batch().map((each) => each.index)).toEqual([2, 0]);
    expect(queue.size).toBe(0);
  });

  it('never gives this thread a file over HERE_CHARACTERS: it waits for a worker (Ctrl-C is heard here)', () => {
    const queue = scanQueue([file(0, HERE_CHARACTERS + 1), file(1, 10), file(2, HERE_CHARACTERS)]);
    expect(queue.file()?.file.index).toBe(1);
    expect(queue.file()?.file.index).toBe(2);
    // only the large file is left: none for this thread, the file still queued for a worker
    expect(queue.file()).toBeUndefined();
    expect(queue.size).toBe(1);
    expect(queue.batch().map((each) => each.index)).toEqual([0]);
    // ≈ 35 ms of analysis at ~1.1 ms a KB: short beside a person's Ctrl-C
    expect(HERE_CHARACTERS).toBeLessThanOrEqual(64 * 1024);
  });
});

import { describe, expect, it } from 'vitest';
import {
  BATCH,
  BATCH_CHARACTERS,
  HERE_CHARACTERS,
  type QueuedFile,
  scanQueue,
  TAIL_FLOOR_CHARACTERS,
  TAIL_SHARE,
} from './scan-pool-queue.js';

const file = (index: number, characters: number, parts: Partial<QueuedFile> = {}): QueuedFile => ({
  index,
  engine: true,
  team: false,
  characters,
  ...parts,
});

describe('scanQueue', () => {
  it('hands a worker the largest files first, its batch closed at 16 files or past 32 K characters, and this thread the smallest', () => {
    // 300 K characters of 30 K files behind them keep these batches out of the tail (TAIL_SHARE)
    const behind = Array.from({ length: 10 }, (_, index) => file(10 + index, 30_000));
    const files = [file(0, 100), file(1, 40_000), file(2, 35_000), file(3, 35_000), file(4, 5), ...behind];
    const queue = scanQueue(files);
    // each file of 35 K or more is past 32 K alone
    expect(queue.batch().map((each) => each.index)).toEqual([1]);
    expect(queue.batch().map((each) => each.index)).toEqual([2]);
    expect(queue.batch().map((each) => each.index)).toEqual([3]);
    // two of 30 K (ties in the inputs' order) while 300 K are queued
    expect(queue.batch().map((each) => each.index)).toEqual([10, 11]);
    expect(queue.file()?.file.index).toBe(4);
    const many = scanQueue(Array.from({ length: 400 }, (_, index) => file(index, 10_000)));
    // 4 M characters queued: four files of 10 K pass 32 K
    expect(many.batch()).toHaveLength(4);
    const small = scanQueue(Array.from({ length: 40_000 }, (_, index) => file(index, 10)));
    expect(small.batch()).toHaveLength(BATCH);
    expect(BATCH_CHARACTERS).toBeGreaterThan(BATCH * 10);
  });

  it('shrinks the batches in the tail: what a worker holds when the queue runs dry is small (TAIL_SHARE)', () => {
    // Django's tail: files of ≈ 20 K characters met from both ends; two to a batch before, each alone now
    const queue = scanQueue(Array.from({ length: 6 }, (_, index) => file(index, 20_000)));
    expect(queue.batch().map((each) => each.index)).toEqual([0]);
    expect(queue.batch().map((each) => each.index)).toEqual([1]);
    expect(queue.file()?.file.index).toBe(5);
    expect(queue.batch().map((each) => each.index)).toEqual([2]);
    // small files still go several to a batch, at least 16 K: half the longest file this thread takes
    const small = scanQueue(Array.from({ length: 64 }, (_, index) => file(index, 1000)));
    expect(small.batch()).toHaveLength(16);
    const some = scanQueue(Array.from({ length: 40 }, (_, index) => file(index, 1500)));
    expect(some.batch()).toHaveLength(11);
    expect(2 * TAIL_FLOOR_CHARACTERS).toBeGreaterThanOrEqual(HERE_CHARACTERS);
    // a batch is never empty while files are queued, however little is left
    const last = scanQueue([file(0, 5)]);
    expect(last.batch().map((each) => each.index)).toEqual([0]);
    expect(last.batch()).toEqual([]);
    expect(TAIL_SHARE).toBeGreaterThanOrEqual(2);
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

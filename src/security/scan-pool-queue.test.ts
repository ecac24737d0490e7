import { describe, expect, it } from 'vitest';
import { BATCH, BATCH_CHARACTERS, type QueuedFile, scanQueue } from './scan-pool-queue.js';

const file = (index: number, characters: number, parts: Partial<QueuedFile> = {}): QueuedFile => ({
  index,
  engine: true,
  team: false,
  characters,
  ...parts,
});

describe('scanQueue', () => {
  it('hands out the largest files first, a worker’s batch closed at 16 files or past 32 K characters', () => {
    const files = [file(0, 100), file(1, 40_000), file(2, 20_000), file(3, 20_000), file(4, 5)];
    const queue = scanQueue(files);
    // one file past the characters alone; then two of 20 K (ties in the inputs' order)
    expect(queue.batch().map((each) => each.index)).toEqual([1]);
    expect(queue.batch().map((each) => each.index)).toEqual([2, 3]);
    expect(queue.file()?.file.index).toBe(0);
    expect(queue.batch().map((each) => each.index)).toEqual([4]);
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
    expect(queue.file()).toEqual({ file: file(1, 500), teamQueued: false });
    expect(queue.file()).toEqual({ file: file(0, 10), teamQueued: true });
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
    expect(queue.file()?.file.index).toBe(2);
    expect(queue.file()?.file.index).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { type KeptCounts, keptCount, keptCountsFile, readKeptCounts } from './kept-counts.js';

const IDENTITY = 'o200k_base test 1';

const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, at) => [
    `    value_${from + at} = compute(${from + at})\n`,
    (from + at) % 97,
  ]);

function saved(previous: KeptCounts | undefined, fresh: [string, number][], cap = 100): KeptCounts {
  const file = keptCountsFile({ previous, fresh: new Map(fresh), identity: IDENTITY, cap });
  const read = readKeptCounts(file, IDENTITY);
  expect(read).toBeDefined();
  return read!;
}

describe('kept token counts', () => {
  it('gives back every count written, and nothing for a text it does not hold', () => {
    const texts: [string, number][] = [
      ...(lines(0, 40) as [string, number][]),
      ['émigré ünïcode → 漢字 😀\n', 17],
      ['\n', 1],
      ['with a NUL \u0000 inside\n', 9],
    ];
    const kept = saved(undefined, texts);
    for (const [text, count] of texts) expect([text, keptCount(kept, text)]).toEqual([text, count]);
    for (const other of ['    value_0 = compute(0)', '    value_0 = compute(0)\n\n', 'émigré\n', ''])
      expect(keptCount(kept, other)).toBeUndefined();
  });

  it('never keeps a text with a lone surrogate, which UTF-8 would turn into another text', () => {
    const kept = saved(undefined, [
      ['a \ud800 b\n', 5],
      ['ok \ud83d\ude00\n', 3],
    ]);
    expect(keptCount(kept, 'a \ud800 b\n')).toBeUndefined();
    // the text the lone surrogate would have become in UTF-8
    expect(keptCount(kept, 'a \ufffd b\n')).toBeUndefined();
    expect(keptCount(kept, 'ok \ud83d\ude00\n')).toBe(3);
  });

  it('adds to what it loaded, and past the cap keeps the newest: counted or used by the last saves', () => {
    let kept = saved(undefined, lines(0, 60) as [string, number][]);
    kept = saved(kept, lines(60, 90) as [string, number][]);
    expect(kept.hashes.length).toBe(90);
    for (const [text, count] of lines(0, 90) as [string, number][]) expect(keptCount(kept, text)).toBe(count);
    // A fresh kept (every entry of it marked used above): now only lines 10..19 are used.
    kept = saved(undefined, lines(0, 60) as [string, number][]);
    kept = saved(kept, lines(60, 90) as [string, number][]);
    for (const [text] of lines(10, 20) as [string, number][]) keptCount(kept, text);
    // 90 + 20 > 100: rebuilt with the newest half (the 20 new, the 10 used, then the last counted).
    kept = saved(kept, lines(90, 110) as [string, number][]);
    expect(kept.hashes.length).toBe(50);
    const held = (from: number, to: number) =>
      (lines(from, to) as [string, number][]).filter(([text]) => keptCount(kept, text) !== undefined).length;
    expect(held(90, 110)).toBe(20);
    expect(held(10, 20)).toBe(10);
    expect(held(60, 90)).toBe(20);
    expect(held(0, 10) + held(20, 60)).toBe(0);
  });

  it('does not use a file of another tokenizer, a torn, corrupt or foreign file', () => {
    const file = keptCountsFile({
      previous: undefined,
      fresh: new Map(lines(0, 30) as [string, number][]),
      identity: IDENTITY,
      cap: 100,
    });
    expect(readKeptCounts(file, IDENTITY)).toBeDefined();
    expect(readKeptCounts(file, `${IDENTITY} of another build`)).toBeUndefined();
    for (const length of [0, 3, 27, 40, file.length >> 1, file.length - 1])
      expect(readKeptCounts(file.subarray(0, length), IDENTITY)).toBeUndefined();
    expect(readKeptCounts(Buffer.concat([file, Buffer.from([0])]), IDENTITY)).toBeUndefined();
    // any one byte changed after the magic (a count, a text, a slot, the header) is caught by the checksum
    for (const at of [4, 9, 40, file.length >> 2, file.length >> 1, file.length - 1]) {
      const flipped = Buffer.from(file);
      flipped[at]! ^= 0x10;
      expect(readKeptCounts(flipped, IDENTITY), `byte ${at}`).toBeUndefined();
    }
    expect(readKeptCounts(Buffer.from('{"format":1,"segments":[]}'), IDENTITY)).toBeUndefined();
    // a file whose buffer does not start on a word (a small file read into Node's pool)
    const shifted = Buffer.alloc(file.length + 1);
    file.copy(shifted, 1);
    const read = readKeptCounts(shifted.subarray(1), IDENTITY);
    expect(keptCount(read!, '    value_7 = compute(7)\n')).toBe(7);
  });
});

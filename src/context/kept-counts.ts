import { crc32 } from 'node:zlib';
import { hasLoneSurrogate, wordAligned } from './token-table.js';

/**
 * Token counts of lines kept on disk between processes (`token-counts.bin` beside the index, see tokens.ts), in a
 * form a cold process uses without parsing it: a hash table over the texts' UTF-8 bytes, read as typed
 * arrays over the file. A text is looked up by its CRC-32 (one native call) and confirmed by decoding
 * the one entry it names; no other text is ever turned into a string. Reading the former JSON file cost a
 * cold `vouch context` ≈ 10–20 ms at its cap of 16,000 lines (the parse, then a Map of every line), and
 * writing it back as much again; this reads in about a millisecond and writes in a few.
 *
 * Layout (little-endian uint32 words unless said): magic; CRC-32 of everything after these two words;
 * entry count N, identity length I (bytes), text length B (bytes), slot count S (a power of two), newest
 * generation; the identity (UTF-8, padded to 4 bytes); per entry, in five columns of N words: its text's
 * CRC-32, offset and length in the texts, count, and the generation (the save) that last counted or used
 * it; S slots (entry + 1, or 0; linear probing from the CRC); the texts (UTF-8). A file of another magic
 * or identity, of the wrong length or checksum, or with an entry outside the texts is not used (and is
 * rewritten by the next save): a count read from it is exactly the one written.
 */
const MAGIC = 0x3243_4b56; // "VKC2"
const HEADER_WORDS = 7;
const COLUMNS = 5;

export interface KeptCounts {
  hashes: Uint32Array;
  offsets: Uint32Array;
  lengths: Uint32Array;
  counts: Uint32Array;
  /** the save that last counted or used each text: the oldest are dropped first */
  generations: Uint32Array;
  slots: Uint32Array;
  texts: Buffer;
  /** the newest generation in the file */
  generation: number;
  /** which entries this process found (they count as used by the next save) */
  used: Uint8Array;
}

const padded = (bytes: number) => (bytes + 3) & ~3;

/** The counts in `file` when it is a whole, intact file of this tokenizer's `identity`; otherwise undefined. */
export function readKeptCounts(file: Uint8Array, identity: string): KeptCounts | undefined {
  if (file.length < HEADER_WORDS * 4) return undefined;
  const bytes = wordAligned(file);
  const header = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_WORDS);
  const [magic, checksum, count, identityLength, textLength, slotCount, generation] = [...header] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (magic !== MAGIC || slotCount < count || slotCount === 0 || (slotCount & (slotCount - 1)) !== 0)
    return undefined;
  const columnsAt = HEADER_WORDS * 4 + padded(identityLength);
  const slotsAt = columnsAt + COLUMNS * count * 4;
  const textAt = slotsAt + slotCount * 4;
  if (bytes.length !== textAt + textLength) return undefined;
  if (crc32(bytes.subarray(8)) !== checksum) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.toString('utf8', HEADER_WORDS * 4, HEADER_WORDS * 4 + identityLength) !== identity)
    return undefined;
  const column = (index: number) =>
    new Uint32Array(bytes.buffer, bytes.byteOffset + columnsAt + index * count * 4, count);
  const kept: KeptCounts = {
    hashes: column(0),
    offsets: column(1),
    lengths: column(2),
    counts: column(3),
    generations: column(4),
    slots: new Uint32Array(bytes.buffer, bytes.byteOffset + slotsAt, slotCount),
    texts: buffer.subarray(textAt),
    generation: generation,
    used: new Uint8Array(count),
  };
  for (let at = 0; at < count; at++) if (kept.offsets[at]! + kept.lengths[at]! > textLength) return undefined;
  return kept;
}

/** The kept count of `text`, or undefined; marks it used. */
export function keptCount(kept: KeptCounts, text: string): number | undefined {
  const hash = crc32(text);
  const mask = kept.slots.length - 1;
  if (mask < 0) return undefined;
  for (let slot = hash & mask, probes = 0; probes <= mask; slot = (slot + 1) & mask, probes++) {
    const entry = kept.slots[slot]!;
    if (entry === 0 || entry > kept.hashes.length) return undefined;
    const at = entry - 1;
    if (kept.hashes[at] !== hash) continue;
    const offset = kept.offsets[at]!;
    if (kept.texts.toString('utf8', offset, offset + kept.lengths[at]!) !== text) continue;
    kept.used[at] = 1;
    return kept.counts[at];
  }
  return undefined;
}

/** Slots for a file of at most `cap` entries: kept at this size, so a save can copy them and add its own. */
export function slotsFor(cap: number): number {
  let slots = 1;
  while (slots < cap * 2) slots *= 2;
  return slots;
}

/**
 * The file to write: the entries of `previous` (as loaded) and `fresh` (texts counted by this process,
 * with their counts), at most `cap`. While they fit, the earlier file is copied as it is (its columns,
 * slots and texts, each in one piece) and the new entries added, entries used now marked as this save's;
 * past `cap`, the file is rebuilt with the newest entries up to half of `cap` (this save's fresh and used
 * ones, then the ones counted or used most recently), so that a rebuild, which touches every entry, is
 * needed only every few saves.
 */
export function keptCountsFile({
  previous,
  fresh,
  identity,
  cap,
}: {
  previous: KeptCounts | undefined;
  fresh: ReadonlyMap<string, number>;
  identity: string;
  cap: number;
}): Buffer {
  const generation = ((previous?.generation ?? 0) + 1) >>> 0;
  const added: string[] = [];
  for (const [text, tokens] of fresh) {
    if (added.length >= cap) break;
    // a lone surrogate would not survive UTF-8: its text would read back as another
    if (tokens <= 0xffff_ffff && !hasLoneSurrogate(text)) added.push(text);
  }
  const earlier = previous?.hashes.length ?? 0;
  const slotCount = slotsFor(cap);
  const fits = previous !== undefined && earlier + added.length <= cap && previous.slots.length === slotCount;
  // Which earlier entries stay, with their generations (entries used now are this save's).
  const stays = new Uint8Array(earlier);
  const ages = previous ? previous.generations.slice() : new Uint32Array(0);
  if (previous) for (const at of usedEntries(previous)) ages[at] = generation;
  const room = fits ? earlier : Math.max(0, Math.floor(cap / 2) - added.length);
  if (earlier <= room) stays.fill(1);
  else if (room > 0) {
    const threshold = ages.slice().sort()[earlier - room]!;
    let left = room;
    for (let at = 0; at < earlier; at++) {
      if (ages[at]! > threshold) {
        stays[at] = 1;
        left--;
      }
    }
    for (let at = 0; at < earlier && left > 0; at++) {
      if (ages[at] === threshold) {
        stays[at] = 1;
        left--;
      }
    }
  }
  const kept = fits ? earlier : stays.reduce((sum, stay) => sum + stay, 0);
  const count = kept + added.length;
  const identityBytes = Buffer.from(identity, 'utf8');
  const columnsAt = HEADER_WORDS * 4 + padded(identityBytes.length);
  const slotsAt = columnsAt + COLUMNS * count * 4;
  const textAt = slotsAt + slotCount * 4;
  const earlierText = fits ? previous.texts.length : 0;
  let addedText = 0;
  for (const text of added) addedText += Buffer.byteLength(text, 'utf8');
  const rebuiltText = fits ? 0 : keptTextLength(previous, stays);
  const file = Buffer.alloc(textAt + earlierText + rebuiltText + addedText);
  const words = new Uint32Array(file.buffer, file.byteOffset, textAt / 4);
  identityBytes.copy(file, HEADER_WORDS * 4);
  const column = (index: number) => (columnsAt >> 2) + index * count;
  const slots = slotsAt >> 2;
  const mask = slotCount - 1;
  let entry = 0;
  let offset = 0;
  const put = ({
    hash,
    length,
    tokens,
    age,
  }: {
    hash: number;
    length: number;
    tokens: number;
    age: number;
  }) => {
    words[column(0) + entry] = hash;
    words[column(1) + entry] = offset;
    words[column(2) + entry] = length;
    words[column(3) + entry] = tokens;
    words[column(4) + entry] = age;
    let slot = hash & mask;
    while (words[slots + slot] !== 0) slot = (slot + 1) & mask;
    words[slots + slot] = ++entry;
    offset += length;
  };
  if (fits) {
    // The earlier file as it is: each column, the slots and the texts copied whole.
    const columns = [previous.hashes, previous.offsets, previous.lengths, previous.counts, ages];
    for (const [index, values] of columns.entries()) words.set(values, column(index));
    words.set(previous.slots, slots);
    previous.texts.copy(file, textAt);
    entry = earlier;
    offset = earlierText;
  } else if (previous) {
    // Earlier entries in their order: their texts lie in that order, so each run that stays is one copy.
    let runStart = -1;
    let runEnd = -1;
    for (let at = 0; at < earlier; at++) {
      if (!stays[at]) continue;
      const from = previous.offsets[at]!;
      const length = previous.lengths[at]!;
      if (from !== runEnd) {
        if (runStart >= 0) previous.texts.copy(file, textAt + offset - (runEnd - runStart), runStart, runEnd);
        runStart = from;
      }
      runEnd = from + length;
      put({ hash: previous.hashes[at]!, length, tokens: previous.counts[at]!, age: ages[at]! });
    }
    if (runStart >= 0) previous.texts.copy(file, textAt + offset - (runEnd - runStart), runStart, runEnd);
  }
  for (const text of added) {
    const length = file.write(text, textAt + offset, 'utf8');
    put({ hash: crc32(text), length, tokens: fresh.get(text)!, age: generation });
  }
  words.set([MAGIC, 0, count, identityBytes.length, offset, slotCount, generation]);
  words[1] = crc32(file.subarray(8));
  return file;
}

function* usedEntries(kept: KeptCounts): Generator<number> {
  for (let at = kept.used.indexOf(1); at !== -1; at = kept.used.indexOf(1, at + 1)) yield at;
}

function keptTextLength(previous: KeptCounts | undefined, stays: Uint8Array): number {
  let length = 0;
  for (let at = 0; at < stays.length; at++) if (stays[at]) length += previous!.lengths[at]!;
  return length;
}

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { GraphEdges, ReferenceGraph } from './reference-graph.js';
import { StringTable } from './string-table.js';

/**
 * The reference graph on disk, beside the index (`graph-cache.bin`, in the user's cache dir: index-store-contract.ts `indexPath`), so that a new process reads one
 * file instead of every symbol and reference (and flattening them again): about 300 ms of CPU on Django.
 *
 * Layout: `VGRC`, the format version, the header's length and a CRC-32 of everything after these 16 bytes
 * (uint32, little-endian); the header (JSON: generation, counts, and each section's kind, offset and
 * length); then the sections, each at a multiple of 8 bytes, read as typed arrays over the file's own
 * bytes. A string table is its UTF-8 text and its offsets (UTF-16 units).
 *
 * The file is used only when its format, its checksum and its generation all match; anything else (no
 * file, another build's format, a torn or corrupt file, an older generation) reads as no cache, and the
 * caller builds the graph from the index and writes the file again. Writes go to a temporary file renamed
 * over the old one, so a reader never sees half a file.
 */
const MAGIC = 0x43524756; // "VGRC" read as a little-endian uint32
const FORMAT = 1;
const PREAMBLE = 16;

type Section = [name: string, kind: 'i32' | 'f64' | 'utf8', offset: number, length: number];

interface Header {
  generation: string;
  counts: { edges: number; pairs: number; definitionKeys: number };
  sections: Section[];
}

const INT_ARRAYS = [
  'definerStart',
  'definerFiles',
  'nameSymbolStart',
  'nameSymbols',
  'fileSymbolStart',
  'fileSymbols',
  'symbolFile',
  'symbolName',
  'symbolKind',
  'symbolParent',
  'symbolSignature',
  'symbolStartLine',
  'symbolEndLine',
] as const;
const EDGE_INT_ARRAYS = [
  'from',
  'name',
  'pair',
  'pairFrom',
  'targetStart',
  'definition',
  'symbolKey',
  'byName',
  'nameStart',
] as const;
const EDGE_FLOAT_ARRAYS = ['base', 'pairBase', 'outBase'] as const;
const STRING_TABLES = ['paths', 'names', 'strings'] as const;

/** Where the cache of the index at `indexFile` lives. */
export function graphCachePath(indexFile: string): string {
  return join(dirname(indexFile), 'graph-cache.bin');
}

/** The cached graph when the file holds `generation`'s graph, intact; otherwise undefined. */
export function readGraphCache(indexFile: string, generation: string): ReferenceGraph | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(graphCachePath(indexFile));
  } catch {
    return undefined;
  }
  try {
    return decode(bytes, generation);
  } catch {
    return undefined; // unreadable in any way: rebuilt by the caller
  }
}

/**
 * The header's shape, checked by hand rather than with a zod schema: every cold `vouch context` reads the
 * cache, and that command never loads zod otherwise. A header of another shape is a cache miss.
 */
function isHeader(value: unknown): value is Header {
  if (typeof value !== 'object' || value === null) return false;
  const header = value as Record<string, unknown>;
  const counts = header.counts as Record<string, unknown> | null | undefined;
  return (
    typeof header.generation === 'string' &&
    typeof counts === 'object' &&
    counts !== null &&
    ['edges', 'pairs', 'definitionKeys'].every((key) => typeof counts[key] === 'number') &&
    Array.isArray(header.sections) &&
    header.sections.every(
      (section) =>
        Array.isArray(section) &&
        section.length === 4 &&
        typeof section[0] === 'string' &&
        ['i32', 'f64', 'utf8'].includes(section[1]) &&
        typeof section[2] === 'number' &&
        typeof section[3] === 'number',
    )
  );
}

function decode(file: Buffer, generation: string): ReferenceGraph | undefined {
  if (file.length < PREAMBLE) return undefined;
  if (file.readUInt32LE(0) !== MAGIC || file.readUInt32LE(4) !== FORMAT) return undefined;
  const headerLength = file.readUInt32LE(8);
  if (PREAMBLE + headerLength > file.length) return undefined;
  // The generation is checked before the checksum: a cache of another generation is the common miss.
  const header: unknown = JSON.parse(file.toString('utf8', PREAMBLE, PREAMBLE + headerLength));
  if (!isHeader(header)) return undefined;
  if (header.generation !== generation) return undefined;
  if (crc32(file.subarray(PREAMBLE)) !== file.readUInt32LE(12)) return undefined;
  // Typed arrays are views of the file's bytes, which must then start at a multiple of 8.
  const bytes = file.byteOffset % 8 === 0 ? file : Buffer.from(file);
  const sections = new Map<string, Int32Array | Float64Array | string>();
  for (const [name, kind, offset, length] of header.sections) {
    const size = kind === 'utf8' ? length : length * (kind === 'f64' ? 8 : 4);
    if (offset % 8 !== 0 || offset < PREAMBLE + headerLength || offset + size > bytes.length)
      return undefined;
    const at = bytes.byteOffset + offset;
    sections.set(
      name,
      kind === 'utf8'
        ? bytes.toString('utf8', offset, offset + length)
        : kind === 'f64'
          ? new Float64Array(bytes.buffer, at, length)
          : new Int32Array(bytes.buffer, at, length),
    );
  }
  const ints = (name: string): Int32Array => {
    const value = sections.get(name);
    if (!(value instanceof Int32Array)) throw new Error(`no section ${name}`);
    return value;
  };
  const floats = (name: string): Float64Array => {
    const value = sections.get(name);
    if (!(value instanceof Float64Array)) throw new Error(`no section ${name}`);
    return value;
  };
  const table = (name: string): StringTable => {
    const text = sections.get(`${name}.text`);
    const offsets = ints(`${name}.offsets`);
    if (typeof text !== 'string' || offsets[offsets.length - 1] !== text.length)
      throw new Error(`string table ${name} does not match its offsets`);
    return new StringTable(text, offsets);
  };
  const edges = {
    count: header.counts.edges,
    pairs: header.counts.pairs,
    definitionKeys: header.counts.definitionKeys,
  } as GraphEdges;
  for (const name of EDGE_INT_ARRAYS) edges[name] = ints(`edges.${name}`);
  for (const name of EDGE_FLOAT_ARRAYS) edges[name] = floats(`edges.${name}`);
  const graph = { generation: header.generation, edges } as ReferenceGraph;
  for (const name of INT_ARRAYS) graph[name] = ints(name);
  for (const name of STRING_TABLES) graph[name] = table(name);
  return graph;
}

/** Writes the graph's cache file (atomically); a failure to write only costs the next process the rebuild. */
export function writeGraphCache(indexFile: string, graph: ReferenceGraph): void {
  const path = graphCachePath(indexFile);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, encode(graph));
    renameSync(temporary, path);
  } catch {
    rmSync(temporary, { force: true });
  }
}

export function encode(graph: ReferenceGraph): Buffer {
  const parts: [string, 'i32' | 'f64' | 'utf8', Uint8Array, number][] = [];
  const add = (name: string, array: Int32Array | Float64Array) =>
    parts.push([
      name,
      array instanceof Float64Array ? 'f64' : 'i32',
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
      array.length,
    ]);
  for (const name of INT_ARRAYS) add(name, graph[name]);
  for (const name of EDGE_INT_ARRAYS) add(`edges.${name}`, graph.edges[name]);
  for (const name of EDGE_FLOAT_ARRAYS) add(`edges.${name}`, graph.edges[name]);
  for (const name of STRING_TABLES) {
    const utf8 = Buffer.from(graph[name].text, 'utf8');
    parts.push([`${name}.text`, 'utf8', utf8, utf8.length]);
    add(`${name}.offsets`, graph[name].offsets);
  }
  const align = (value: number) => Math.ceil(value / 8) * 8;
  const counts = {
    edges: graph.edges.count,
    pairs: graph.edges.pairs,
    definitionKeys: graph.edges.definitionKeys,
  };
  // The header holds the sections' offsets, which depend on its own length: lay out with a header long
  // enough for any offsets of this many digits, then pad the header to that length.
  let headerText = '';
  let sections: Section[] = [];
  for (let reserve = 0; ; ) {
    let offset = align(PREAMBLE + reserve);
    sections = parts.map(([name, kind, bytes, length]) => {
      const section: Section = [name, kind, offset, length];
      offset = align(offset + bytes.byteLength);
      return section;
    });
    headerText = JSON.stringify({ generation: graph.generation, counts, sections } satisfies Header);
    if (Buffer.byteLength(headerText) <= reserve) break;
    reserve = Buffer.byteLength(headerText) + 64;
  }
  const headerBytes = Buffer.from(headerText, 'utf8');
  const last = sections[sections.length - 1]!;
  const total = align(last[2] + parts[parts.length - 1]![2].byteLength);
  const file = Buffer.alloc(total);
  file.writeUInt32LE(MAGIC, 0);
  file.writeUInt32LE(FORMAT, 4);
  file.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(file, PREAMBLE);
  parts.forEach(([, , bytes], index) => {
    file.set(bytes, sections[index]![2]);
  });
  file.writeUInt32LE(crc32(file.subarray(PREAMBLE)), 12);
  return file;
}

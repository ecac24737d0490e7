import { open } from 'node:fs/promises';
import { ModelError } from '../model-error.js';

/**
 * Reads and checks a GGUF file's header before llama.cpp is given it, so that a file that is not a
 * model, a truncated download or an unsupported version gets a message saying which — llama.cpp only
 * says that loading failed. It reads the metadata (skipping large arrays such as the vocabulary) and
 * the tensor table, and checks that the file is long enough for every tensor.
 */
export interface GgufHeader {
  version: number;
  tensorCount: number;
  /** scalar metadata (strings, numbers, booleans); arrays are left out */
  metadata: Record<string, string | number | boolean>;
  /** the bytes the header says the file holds (the end of the last tensor) */
  expectedBytes: number;
  fileBytes: number;
}

/** ggml type → [block size in elements, bytes per block]; enough to size every tensor in common files */
const GGML_TYPE_SIZES: Record<number, [number, number]> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  9: [32, 36], // Q8_1
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  16: [256, 66], // IQ2_XXS
  17: [256, 74], // IQ2_XS
  18: [256, 98], // IQ3_XXS
  19: [256, 50], // IQ1_S
  20: [32, 18], // IQ4_NL
  21: [256, 110], // IQ3_S
  22: [256, 82], // IQ2_S
  23: [256, 136], // IQ4_XS
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  29: [256, 56], // IQ1_M
  30: [1, 2], // BF16
  34: [256, 54], // TQ1_0
  35: [256, 66], // TQ2_0
  39: [32, 17], // MXFP4
};

const VALUE_SIZES: Record<number, number> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};
const STRING = 8;
const ARRAY = 9;
const MAX_STRING = 64 * 1024 * 1024;

class Truncated extends Error {}

/** Reads a file front to back through a 1 MiB window. */
class FileCursor {
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;
  position = 0;

  constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    readonly size: number,
  ) {}

  private async need(bytes: number): Promise<void> {
    if (this.position + bytes > this.size) throw new Truncated();
    const end = this.bufferStart + this.buffer.length;
    if (this.position >= this.bufferStart && this.position + bytes <= end) return;
    const length = Math.max(bytes, 1 << 20);
    const buffer = Buffer.alloc(Math.min(length, this.size - this.position));
    await this.handle.read(buffer, 0, buffer.length, this.position);
    this.buffer = buffer;
    this.bufferStart = this.position;
  }
  private at(): number {
    return this.position - this.bufferStart;
  }
  async u32(): Promise<number> {
    await this.need(4);
    const value = this.buffer.readUInt32LE(this.at());
    this.position += 4;
    return value;
  }
  async u64(): Promise<number> {
    await this.need(8);
    const value = this.buffer.readBigUInt64LE(this.at());
    this.position += 8;
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Truncated();
    return Number(value);
  }
  async string(): Promise<string> {
    const length = await this.u64();
    if (length > MAX_STRING) throw new Truncated();
    await this.need(length);
    const value = this.buffer.toString('utf8', this.at(), this.at() + length);
    this.position += length;
    return value;
  }
  async scalar(type: number): Promise<string | number | boolean> {
    const size = VALUE_SIZES[type];
    if (size === undefined) throw new Error(`unknown metadata value type ${type}`);
    await this.need(size);
    const at = this.at();
    this.position += size;
    switch (type) {
      case 0:
        return this.buffer.readUInt8(at);
      case 1:
        return this.buffer.readInt8(at);
      case 2:
        return this.buffer.readUInt16LE(at);
      case 3:
        return this.buffer.readInt16LE(at);
      case 4:
        return this.buffer.readUInt32LE(at);
      case 5:
        return this.buffer.readInt32LE(at);
      case 6:
        return this.buffer.readFloatLE(at);
      case 7:
        return this.buffer.readUInt8(at) !== 0;
      case 10:
        return Number(this.buffer.readBigUInt64LE(at));
      case 11:
        return Number(this.buffer.readBigInt64LE(at));
      default:
        return this.buffer.readDoubleLE(at);
    }
  }
  async skipArray(type: number, count: number): Promise<void> {
    if (type === STRING) {
      for (let index = 0; index < count; index++) {
        const length = await this.u64();
        this.position += length;
      }
      if (this.position > this.size) throw new Truncated();
      return;
    }
    const size = VALUE_SIZES[type];
    if (size === undefined) throw new Error(`unknown array element type ${type}`);
    this.position += size * count;
    if (this.position > this.size) throw new Truncated();
  }
}

function badFile(path: string, problem: string, hint: string): ModelError {
  return new ModelError('configuration', `${path} ${problem}`, { hint });
}

const REDOWNLOAD_HINT =
  'download it again (`vouch model pull NAME` resumes or restarts a catalogue model), or give another .gguf file';

export async function readGgufHeader(path: string): Promise<GgufHeader> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelError(
      'configuration',
      code === 'ENOENT'
        ? `there is no model file at ${path}`
        : `cannot read the model file ${path} (${code})`,
      {
        hint: 'local:PATH takes the path of a .gguf file; `vouch model list` shows the catalogue models and where they are',
        cause: error,
      },
    );
  }
  try {
    const fileBytes = (await handle.stat()).size;
    const cursor = new FileCursor(handle, fileBytes);
    if (fileBytes < 4) throw badFile(path, `is empty or cut short (${fileBytes} bytes)`, REDOWNLOAD_HINT);
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    if (magic.toString('latin1') !== 'GGUF') {
      throw badFile(
        path,
        `is not a GGUF model file (it starts with ${JSON.stringify(magic.toString('latin1'))}, not "GGUF")`,
        'local models must be in GGUF format, as llama.cpp, Ollama and LM Studio use; convert other formats with llama.cpp’s convert_hf_to_gguf.py',
      );
    }
    cursor.position = 4;
    try {
      const version = await cursor.u32();
      if (version < 2 || version > 3) {
        throw badFile(
          path,
          `is GGUF version ${version}; llama.cpp reads versions 2 and 3`,
          'convert the model again with a current llama.cpp',
        );
      }
      const tensorCount = await cursor.u64();
      const metadataCount = await cursor.u64();
      const metadata: GgufHeader['metadata'] = {};
      for (let index = 0; index < metadataCount; index++) {
        const key = await cursor.string();
        const type = await cursor.u32();
        if (type === STRING) metadata[key] = await cursor.string();
        else if (type === ARRAY) await cursor.skipArray(await cursor.u32(), await cursor.u64());
        else metadata[key] = await cursor.scalar(type);
      }
      const alignment =
        typeof metadata['general.alignment'] === 'number' ? metadata['general.alignment'] : 32;
      let dataEnd = 0;
      for (let index = 0; index < tensorCount; index++) {
        const name = await cursor.string();
        const dimensions = await cursor.u32();
        let elements = 1;
        for (let dimension = 0; dimension < dimensions; dimension++) {
          const size = await cursor.u64();
          elements *= size;
        }
        const type = await cursor.u32();
        const offset = await cursor.u64();
        const size = GGML_TYPE_SIZES[type];
        // An unknown (newer) type: llama.cpp will judge it; the length check below counts it as empty.
        const bytes = size ? Math.ceil(elements / size[0]) * size[1] : 0;
        if (!name) throw new Error('a tensor has no name');
        dataEnd = Math.max(dataEnd, offset + bytes);
      }
      const dataStart = Math.ceil(cursor.position / alignment) * alignment;
      const expectedBytes = dataStart + dataEnd;
      if (fileBytes < expectedBytes) {
        throw badFile(
          path,
          `is truncated: it has ${fileBytes} bytes, but its ${tensorCount} tensors end at byte ${expectedBytes}`,
          REDOWNLOAD_HINT,
        );
      }
      return { version, tensorCount, metadata, expectedBytes, fileBytes };
    } catch (error) {
      if (error instanceof ModelError) throw error;
      if (error instanceof Truncated) {
        throw badFile(
          path,
          `is truncated or damaged: its header runs past the end of the file (${fileBytes} bytes)`,
          REDOWNLOAD_HINT,
        );
      }
      throw badFile(path, `has a damaged GGUF header (${(error as Error).message})`, REDOWNLOAD_HINT);
    }
  } finally {
    await handle.close();
  }
}

/** The context length the model was trained for, from `<architecture>.context_length`. */
export function trainedContextLength(header: GgufHeader): number | undefined {
  const architecture = header.metadata['general.architecture'];
  const value =
    typeof architecture === 'string' ? header.metadata[`${architecture}.context_length`] : undefined;
  return typeof value === 'number' && value > 0 ? value : undefined;
}

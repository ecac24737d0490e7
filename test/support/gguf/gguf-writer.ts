/**
 * A small GGUF (version 3) writer: typed metadata and F32 tensors, laid out as llama.cpp's loader expects
 * (little-endian, 64-bit counts, tensor data aligned to `general.alignment`). Enough to build a model
 * file at test time; it does no quantisation.
 */

/** GGUF's value type ids (ggml/include/gguf.h). */
const TYPE = {
  u8: 0,
  i8: 1,
  u16: 2,
  i16: 3,
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  string: 8,
  array: 9,
  u64: 10,
  i64: 11,
  f64: 12,
} as const;

export type GgufScalar =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string };

export type GgufValue =
  | GgufScalar
  | { type: 'array'; of: 'string'; value: readonly string[] }
  | { type: 'array'; of: 'f32' | 'i32'; value: ArrayLike<number> };

export const u32 = (value: number): GgufValue => ({ type: 'u32', value });
export const f32 = (value: number): GgufValue => ({ type: 'f32', value });
export const bool = (value: boolean): GgufValue => ({ type: 'bool', value });
export const str = (value: string): GgufValue => ({ type: 'string', value });
export const strings = (value: readonly string[]): GgufValue => ({ type: 'array', of: 'string', value });
export const f32s = (value: ArrayLike<number>): GgufValue => ({ type: 'array', of: 'f32', value });
export const i32s = (value: ArrayLike<number>): GgufValue => ({ type: 'array', of: 'i32', value });

export interface GgufTensor {
  name: string;
  /** ggml order: the first dimension varies fastest (a weight of `out × in` is `[in, out]`) */
  dims: number[];
  data: Float32Array;
}

const GGML_TYPE_F32 = 0;
const ALIGNMENT = 32;

/** Appends little-endian values to a growing list of chunks. */
class ByteSink {
  readonly chunks: Buffer[] = [];
  length = 0;

  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    this.push(buffer);
  }
  i32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeInt32LE(value);
    this.push(buffer);
  }
  u64(value: number): void {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(BigInt(value));
    this.push(buffer);
  }
  f32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeFloatLE(value);
    this.push(buffer);
  }
  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  padTo(alignment: number): void {
    const rest = this.length % alignment;
    if (rest !== 0) this.push(Buffer.alloc(alignment - rest));
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  if (value.type === 'array') {
    sink.u32(TYPE.array);
    sink.u32(TYPE[value.of]);
    sink.u64(value.value.length);
    for (let index = 0; index < value.value.length; index++) {
      const item = value.value[index]!;
      if (value.of === 'string') sink.string(item as string);
      else if (value.of === 'f32') sink.f32(item as number);
      else sink.i32(item as number);
    }
    return;
  }
  sink.u32(TYPE[value.type]);
  switch (value.type) {
    case 'u32':
      sink.u32(value.value);
      break;
    case 'i32':
      sink.i32(value.value);
      break;
    case 'f32':
      sink.f32(value.value);
      break;
    case 'bool':
      sink.push(Buffer.from([value.value ? 1 : 0]));
      break;
    case 'string':
      sink.string(value.value);
      break;
  }
}

/** The bytes of a GGUF file holding `metadata` and `tensors` (in the given order). */
export function encodeGguf(metadata: ReadonlyArray<[string, GgufValue]>, tensors: GgufTensor[]): Buffer {
  const sink = new ByteSink();
  sink.push(Buffer.from('GGUF', 'ascii'));
  sink.u32(3);
  sink.u64(tensors.length);
  sink.u64(metadata.length);
  for (const [key, value] of metadata) {
    sink.string(key);
    writeValue(sink, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of tensors) {
    const elements = tensor.dims.reduce((product, dim) => product * dim, 1);
    if (elements !== tensor.data.length) {
      throw new Error(`tensor ${tensor.name}: dims ${tensor.dims.join('×')} need ${elements} values`);
    }
    sink.string(tensor.name);
    sink.u32(tensor.dims.length);
    for (const dim of tensor.dims) sink.u64(dim);
    sink.u32(GGML_TYPE_F32);
    sink.u64(offset);
    offsets.push(offset);
    offset += Math.ceil((elements * 4) / ALIGNMENT) * ALIGNMENT;
  }
  sink.padTo(ALIGNMENT);
  for (const tensor of tensors) {
    sink.push(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    sink.padTo(ALIGNMENT);
  }
  return Buffer.concat(sink.chunks);
}

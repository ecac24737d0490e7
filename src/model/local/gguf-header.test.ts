import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyModel } from '../../../test/support/gguf/tiny-model.js';
import { readGgufHeader, trainedContextLength } from './gguf-header.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vouch-gguf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the GGUF header check', () => {
  it('reads the metadata and sees that every tensor is in the file', async () => {
    const bytes = buildTinyModel({ contextLength: 4096, chatScript: 'hello there' });
    const path = join(dir, 'ok.gguf');
    await writeFile(path, bytes);
    const header = await readGgufHeader(path);
    expect(header.version).toBe(3);
    expect(header.metadata['general.architecture']).toBe('llama');
    expect(header.metadata['tokenizer.chat_template']).toContain('<|im_start|>');
    expect(header.metadata['tokenizer.ggml.tokens']).toBeUndefined();
    expect(trainedContextLength(header)).toBe(4096);
    expect(header.expectedBytes).toBe(bytes.length);
  });

  it('names the problem: wrong version, cut tensors, cut header', async () => {
    const bytes = buildTinyModel();
    const old = Buffer.from(bytes);
    old.writeUInt32LE(1, 4);
    await writeFile(join(dir, 'v1.gguf'), old);
    await expect(readGgufHeader(join(dir, 'v1.gguf'))).rejects.toThrow(
      /GGUF version 1; llama.cpp reads versions 2 and 3/,
    );

    await writeFile(join(dir, 'cut.gguf'), bytes);
    await truncate(join(dir, 'cut.gguf'), bytes.length - 1);
    await expect(readGgufHeader(join(dir, 'cut.gguf'))).rejects.toThrow(
      new RegExp(`has ${bytes.length - 1} bytes, but its 21 tensors end at byte ${bytes.length}`),
    );

    await writeFile(join(dir, 'empty.gguf'), Buffer.alloc(0));
    await expect(readGgufHeader(join(dir, 'empty.gguf'))).rejects.toThrow(/is empty or cut short/);
  });
});

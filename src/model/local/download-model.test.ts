import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogueEntry, type HubFile, startFakeModelHub } from '../../../test/support/fake-model-hub.js';
import { isModelError, type ModelError } from '../model-error.js';
import { type DownloadProgress, ensureModelDownloaded, importModelFile } from './download-model.js';
import { modelPath, partialPath } from './models-dir.js';

// Every download here goes to a loopback server that speaks HTTP ranges; the real hub is never asked.

const file: HubFile = { repository: 'Test/Tiny-GGUF', file: 'tiny-q8_0.gguf', bytes: randomBytes(3_000_000) };
const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vouch-models-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    if (isModelError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('downloading a catalogue model', () => {
  it('downloads, reports progress, verifies the checksum and then keeps the file', async () => {
    await using hub = await startFakeModelHub([file]);
    const model = catalogueEntry(file);
    const progress: DownloadProgress[] = [];
    const result = await ensureModelDownloaded({
      model,
      dir,
      env: { HF_ENDPOINT: hub.url },
      onProgress: (event) => progress.push(event),
    });
    expect(result).toEqual({ path: modelPath(dir, model), downloaded: true, resumedFrom: 0 });
    expect(digest(await readFile(result.path))).toBe(model.sha256);
    expect(existsSync(partialPath(dir, model))).toBe(false);
    expect(progress.at(-1)).toEqual({
      model: model.name,
      phase: 'download',
      receivedBytes: file.bytes.length,
      totalBytes: file.bytes.length,
    });
    expect(hub.requests).toEqual([{ path: '/Test/Tiny-GGUF/resolve/main/tiny-q8_0.gguf', range: undefined }]);

    const again = await ensureModelDownloaded({ model, dir, env: { HF_ENDPOINT: hub.url } });
    expect(again.downloaded).toBe(false);
    expect(hub.requests).toHaveLength(1);
  });

  it('keeps what an interrupted transfer fetched and resumes from there', async () => {
    await using hub = await startFakeModelHub([file]);
    const model = catalogueEntry(file);
    hub.dropAfter(file.file, 1_000_000);
    const stopped = await failure(ensureModelDownloaded({ model, dir, env: { HF_ENDPOINT: hub.url } }));
    expect(stopped.kind).toBe('network');
    expect(stopped.message).toMatch(/stopped at \d+ (kB|MB) of 3 MB: other side closed/);
    expect(stopped.hint).toContain(`vouch model pull ${model.name}`);
    const kept = (await readFile(partialPath(dir, model))).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(1_000_000);

    const resumed = await ensureModelDownloaded({ model, dir, env: { HF_ENDPOINT: hub.url } });
    expect(resumed).toMatchObject({ downloaded: true, resumedFrom: kept });
    expect(hub.requests.at(-1)!.range).toBe(`bytes=${kept}-`);
    expect(digest(await readFile(resumed.path))).toBe(model.sha256);
  });

  it('starts over when the server ignores the range', async () => {
    await using hub = await startFakeModelHub([file]);
    const model = catalogueEntry(file);
    await mkdir(dir, { recursive: true });
    await writeFile(partialPath(dir, model), file.bytes.subarray(0, 500_000));
    hub.ignoreRanges(true);
    const result = await ensureModelDownloaded({ model, dir, env: { HF_ENDPOINT: hub.url } });
    expect(hub.requests[0]!.range).toBe('bytes=500000-');
    expect(digest(await readFile(result.path))).toBe(model.sha256);
  });

  it('deletes a download whose checksum does not match, and says so', async () => {
    await using hub = await startFakeModelHub([file]);
    const model = catalogueEntry(file, 'tiny-test-model', '0'.repeat(64));
    const error = await failure(ensureModelDownloaded({ model, dir, env: { HF_ENDPOINT: hub.url } }));
    expect(error.kind).toBe('malformed-response');
    expect(error.message).toContain(`SHA-256 ${digest(file.bytes)}, expected ${'0'.repeat(64)}`);
    expect(error.message).toContain('it was deleted');
    expect(existsSync(partialPath(dir, model))).toBe(false);
    expect(existsSync(modelPath(dir, model))).toBe(false);
  });

  it('catches a damaged partial download by its checksum after resuming', async () => {
    await using hub = await startFakeModelHub([file]);
    const model = catalogueEntry(file);
    await writeFile(partialPath(dir, model), randomBytes(400_000));
    const error = await failure(ensureModelDownloaded({ model, dir, env: { HF_ENDPOINT: hub.url } }));
    expect(error.kind).toBe('malformed-response');
    expect(existsSync(partialPath(dir, model))).toBe(false);
    // and the next attempt starts clean
    expect((await ensureModelDownloaded({ model, dir, env: { HF_ENDPOINT: hub.url } })).downloaded).toBe(
      true,
    );
  });

  it('says exactly what to do when the hub cannot be reached', async () => {
    const model = catalogueEntry(file);
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const error = await failure(
      ensureModelDownloaded({
        model,
        dir,
        env: { HF_ENDPOINT: endpoint },
        alternatives: 'use --model ollama:x',
      }),
    );
    expect(error.kind).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.hint).toContain(`vouch model pull ${model.name}`);
    expect(error.hint).toContain(`${endpoint}/Test/Tiny-GGUF/resolve/main/tiny-q8_0.gguf`);
    expect(error.hint).toContain('--from FILE');
    expect(error.hint).toContain('local:/path/to/model.gguf');
    expect(error.hint).toContain('use --model ollama:x');
  });

  it('names a file the hub does not have', async () => {
    await using hub = await startFakeModelHub([]);
    const error = await failure(
      ensureModelDownloaded({ model: catalogueEntry(file), dir, env: { HF_ENDPOINT: hub.url } }),
    );
    expect(error.kind).toBe('not-found');
    expect(error.statusCode).toBe(404);
  });

  it('stops when cancelled and keeps the part for later', async () => {
    await using hub = await startFakeModelHub([file]);
    const model = catalogueEntry(file);
    const controller = new AbortController();
    const error = await failure(
      ensureModelDownloaded({
        model,
        dir,
        env: { HF_ENDPOINT: hub.url },
        signal: controller.signal,
        onProgress: (event) => {
          if (event.receivedBytes > 0) controller.abort();
        },
      }),
    );
    expect(error.kind).toBe('aborted');
    expect(existsSync(modelPath(dir, model))).toBe(false);
  });

  it('takes a file fetched by other means, after the same checks', async () => {
    const model = catalogueEntry(file);
    const source = join(dir, 'fetched.gguf');
    await writeFile(source, file.bytes);
    const path = await importModelFile(model, join(dir, 'models'), source);
    expect(digest(await readFile(path))).toBe(model.sha256);

    const other = join(dir, 'other.gguf');
    await writeFile(other, randomBytes(file.bytes.length));
    expect((await failure(importModelFile(model, join(dir, 'models2'), other))).message).toContain(
      "does not match tiny-test-model's checksum",
    );
    await writeFile(other, file.bytes.subarray(0, 10));
    expect((await failure(importModelFile(model, join(dir, 'models2'), other))).message).toContain(
      'has 10 bytes',
    );
  });
});

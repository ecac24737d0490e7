import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import type { FetchFunction } from '../http/transport.js';
import { ModelError, safeUrl } from '../model-error.js';
import { defaultFetch } from '../providers/adapter-options.js';
import { type CatalogueModel, downloadUrl, formatBytes } from './catalogue.js';
import { modelPath, partialPath } from './models-dir.js';

export interface DownloadProgress {
  model: string;
  /** `download` while bytes arrive; `verify` while an earlier partial download is hashed before resuming */
  phase: 'download' | 'verify';
  receivedBytes: number;
  totalBytes: number;
}

export interface DownloadOptions {
  model: CatalogueModel;
  /** the models folder (`localModelsDir`) */
  dir: string;
  /** `HF_ENDPOINT` moves the hub */
  env: NodeJS.ProcessEnv;
  fetch?: FetchFunction | undefined;
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** more ways out, added to the hint when the download cannot be made (e.g. the other providers) */
  alternatives?: string | undefined;
}

export interface DownloadResult {
  path: string;
  /** false when the verified file was already there */
  downloaded: boolean;
  /** bytes a previous attempt had fetched, which this one kept */
  resumedFrom: number;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** What to do when the hub cannot be reached: every way to get the model, and the ways around it. */
export function offlineHint(model: CatalogueModel, env: NodeJS.ProcessEnv, alternatives?: string): string {
  return [
    `when online, run \`vouch model pull ${model.name}\` (${formatBytes(model.sizeBytes)}; an interrupted download resumes)`,
    `or fetch ${downloadUrl(model, env)} on another machine and run \`vouch model pull ${model.name} --from FILE\``,
    'or use a GGUF file you have: --model local:/path/to/model.gguf',
    ...(alternatives ? [`or ${alternatives}`] : []),
  ].join('; ');
}

function sinceAbort(signal: AbortSignal | undefined, error: unknown): ModelError | undefined {
  if (!signal?.aborted) return undefined;
  return new ModelError('aborted', 'the model download was cancelled', {
    hint: 'the part already fetched is kept; the next `vouch model pull` resumes from it',
    cause: error,
  });
}

async function hashFile(path: string, hash: Hash, onBytes?: (bytes: number) => void): Promise<number> {
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onBytes?.(bytes);
  }
  return bytes;
}

/** `bytes 100-199/200` → 100; anything else → undefined */
function contentRangeStart(header: string | null): number | undefined {
  const match = header ? /^bytes\s+(\d+)-\d+\/(?:\d+|\*)$/i.exec(header.trim()) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * Makes sure a catalogue model is in the models folder: downloads it into `<file>.part`, resuming what
 * an earlier attempt left there (an HTTP range request; a server that ignores the range makes it start
 * over), checks the size and SHA-256, and only then renames it into place. A transfer that stops keeps
 * its part; a checksum mismatch deletes it. Nothing is retried behind the user's back: the hint says
 * how to go on.
 */
export async function ensureModelDownloaded(options: DownloadOptions): Promise<DownloadResult> {
  const { model, dir } = options;
  const path = modelPath(dir, model);
  const existing = await sizeOf(path);
  if (existing === model.sizeBytes) return { path, downloaded: false, resumedFrom: 0 };
  if (existing !== undefined) {
    throw new ModelError(
      'configuration',
      `${path} has ${existing} bytes, but ${model.name} has ${model.sizeBytes}: it is not the catalogue's file`,
      { hint: `remove it with \`vouch model rm ${model.name}\` and pull it again` },
    );
  }
  await mkdir(dir, { recursive: true });
  const part = partialPath(dir, model);
  const url = downloadUrl(model, options.env);
  const fetch = options.fetch ?? defaultFetch();
  const report = (phase: DownloadProgress['phase'], receivedBytes: number) =>
    options.onProgress?.({ model: model.name, phase, receivedBytes, totalBytes: model.sizeBytes });

  let hash = createHash('sha256');
  let start = (await sizeOf(part)) ?? 0;
  if (start > model.sizeBytes) {
    await rm(part, { force: true });
    start = 0;
  }
  if (start > 0) await hashFile(part, hash, (bytes) => report('verify', bytes));
  const resumedFrom = start;

  if (start < model.sizeBytes) {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: start > 0 ? { range: `bytes=${start}-` } : {},
        ...(options.signal ? { signal: options.signal } : {}),
        redirect: 'follow',
      });
    } catch (error) {
      throw (
        sinceAbort(options.signal, error) ??
        new ModelError('network', `cannot download ${model.name} from ${safeUrl(url)}: ${describe(error)}`, {
          hint: offlineHint(model, options.env, options.alternatives),
          url,
          cause: error,
        })
      );
    }
    if (response.status === 404) {
      throw new ModelError('not-found', `the hub has no ${model.file} at ${safeUrl(url)} (404)`, {
        hint: offlineHint(model, options.env, options.alternatives),
        url,
        statusCode: 404,
      });
    }
    if (response.status !== 200 && response.status !== 206) {
      throw new ModelError('network', `the hub answered ${response.status} for ${safeUrl(url)}`, {
        hint: offlineHint(model, options.env, options.alternatives),
        url,
        statusCode: response.status,
        isRetryable: response.status >= 500,
      });
    }
    // A resumed request must continue exactly where the part ends; anything else starts over.
    if (
      start > 0 &&
      (response.status !== 206 || contentRangeStart(response.headers.get('content-range')) !== start)
    ) {
      start = 0;
      hash = createHash('sha256');
    }
    const file = await open(part, start === 0 ? 'w' : 'a');
    let received = start;
    try {
      if (!response.body) throw new Error('the response has no body');
      const reader = response.body.getReader();
      while (true) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        if (received + chunk.length > model.sizeBytes) {
          throw new Error(`the hub sent more than the ${model.sizeBytes} bytes the catalogue expects`);
        }
        await file.write(chunk);
        hash.update(chunk);
        received += chunk.length;
        report('download', received);
      }
    } catch (error) {
      await file.close();
      throw (
        sinceAbort(options.signal, error) ??
        new ModelError(
          'network',
          `the download of ${model.name} stopped at ${formatBytes(received)} of ${formatBytes(model.sizeBytes)}: ${describe(error)}`,
          {
            hint: `run \`vouch model pull ${model.name}\` to resume it; ${offlineHint(model, options.env, options.alternatives)}`,
            url,
            cause: error,
          },
        )
      );
    }
    await file.close();
    if (received < model.sizeBytes) {
      throw new ModelError(
        'network',
        `the download of ${model.name} ended early, at ${formatBytes(received)} of ${formatBytes(model.sizeBytes)}`,
        { hint: `run \`vouch model pull ${model.name}\` to resume it`, url },
      );
    }
  }

  const digest = hash.digest('hex');
  if (digest !== model.sha256) {
    await rm(part, { force: true });
    throw new ModelError(
      'malformed-response',
      `the download of ${model.name} does not match its checksum (SHA-256 ${digest}, expected ${model.sha256}); it was deleted`,
      {
        hint: `it was damaged on the way or the file on the hub changed; run \`vouch model pull ${model.name}\` to download it again`,
        url,
      },
    );
  }
  await rename(part, path);
  return { path, downloaded: true, resumedFrom };
}

/**
 * `vouch model pull NAME --from FILE`: takes a file fetched by other means, after the same size and
 * checksum checks as a download.
 */
export async function importModelFile(model: CatalogueModel, dir: string, source: string): Promise<string> {
  const size = await sizeOf(source);
  if (size === undefined) {
    throw new ModelError('configuration', `cannot read ${source}`, {
      hint: 'give the path of the downloaded .gguf file',
    });
  }
  if (size !== model.sizeBytes) {
    throw new ModelError(
      'configuration',
      `${source} has ${size} bytes, but ${model.name} (${model.file}) has ${model.sizeBytes}`,
      { hint: 'the file is incomplete or another model; download it again' },
    );
  }
  const hash = createHash('sha256');
  await hashFile(source, hash);
  const digest = hash.digest('hex');
  if (digest !== model.sha256) {
    throw new ModelError(
      'configuration',
      `${source} does not match ${model.name}'s checksum (SHA-256 ${digest}, expected ${model.sha256})`,
      { hint: 'the file is damaged or another build of the model; download it again' },
    );
  }
  await mkdir(dir, { recursive: true });
  const part = partialPath(dir, model);
  await copyFile(source, part);
  const path = modelPath(dir, model);
  await rename(part, path);
  return path;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const message =
    typeof cause?.message === 'string'
      ? cause.message
      : error instanceof Error
        ? error.message
        : String(error);
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

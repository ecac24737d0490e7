import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CatalogueModel } from '../../src/model/local/catalogue.js';

/**
 * A loopback stand-in for the Hugging Face hub: `GET /<repository>/resolve/main/<file>` with HTTP range
 * requests, as the real one answers them, plus faults a test can ask for — a transfer that drops after
 * some bytes, a server that ignores ranges, a 404. Point `HF_ENDPOINT` at `url`.
 */
export interface HubFile {
  repository: string;
  file: string;
  bytes: Buffer;
}

export interface HubRequest {
  path: string;
  range: string | undefined;
}

export interface FakeModelHub {
  url: string;
  requests: HubRequest[];
  /** the next transfer of this file stops (the socket is destroyed) after this many body bytes */
  dropAfter(file: string, bytes: number): void;
  /** answer every request with the whole file (200), as a server without range support does */
  ignoreRanges(on: boolean): void;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A catalogue entry for a hub file, with its real size and digest (or a wrong digest, to test the check). */
export function catalogueEntry(file: HubFile, name = 'tiny-test-model', sha256?: string): CatalogueModel {
  return {
    name,
    repository: file.repository,
    file: file.file,
    sizeBytes: file.bytes.length,
    sha256: sha256 ?? createHash('sha256').update(file.bytes).digest('hex'),
    licence: 'Apache-2.0',
    licenceUrl: 'https://example.invalid/licence',
    quantisation: 'F32',
    parameters: '0.0001B',
    trainedContext: 2048,
    scores: { humanEval: 0, humanEvalPlus: 0, mbpp: 0, mbppPlus: 0 },
    note: 'a test model',
  };
}

export async function startFakeModelHub(files: HubFile[]): Promise<FakeModelHub> {
  const requests: HubRequest[] = [];
  const drops = new Map<string, number>();
  let rangesIgnored = false;

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://hub').pathname);
    const range = request.headers.range;
    requests.push({ path, range });
    const file = files.find((entry) => path === `/${entry.repository}/resolve/main/${entry.file}`);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    let start = 0;
    const match = range && !rangesIgnored ? /^bytes=(\d+)-$/.exec(range) : null;
    if (match) {
      start = Number(match[1]);
      if (start >= file.bytes.length) {
        response.writeHead(416, { 'content-range': `bytes */${file.bytes.length}` }).end();
        return;
      }
      response.writeHead(206, {
        'content-length': file.bytes.length - start,
        'content-range': `bytes ${start}-${file.bytes.length - 1}/${file.bytes.length}`,
        'accept-ranges': 'bytes',
      });
    } else {
      response.writeHead(200, { 'content-length': file.bytes.length, 'accept-ranges': 'bytes' });
    }
    const body = file.bytes.subarray(start);
    const drop = drops.get(file.file);
    if (drop !== undefined) {
      drops.delete(file.file);
      response.write(body.subarray(0, drop), () => {
        // give the client the bytes before the connection goes
        setTimeout(() => response.socket?.destroy(), 50);
      });
      return;
    }
    response.end(body);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    dropAfter(file, bytes) {
      drops.set(file, bytes);
    },
    ignoreRanges(on) {
      rangesIgnored = on;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

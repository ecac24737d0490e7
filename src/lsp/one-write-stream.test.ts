import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamMessageWriter, WriteableStreamMessageWriter } from 'vscode-languageserver/node';
import { oneWriteStream } from './one-write-stream.js';

/** A stdout stand-in that keeps every write apart. */
function recorder(): { stream: Writable; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, writes };
}

const messages = [
  { jsonrpc: '2.0', id: 1, result: [{ insertText: 'return total  # ünïcode' }] },
  { jsonrpc: '2.0', method: 'vouch/suggestion', params: { id: 'a', outcome: 'shown' } },
  { jsonrpc: '2.0', id: 2, result: null },
];

describe('oneWriteStream', () => {
  it('writes each message, header and body, in one write, byte for byte as the stock writer frames it', async () => {
    const one = recorder();
    const writer = new WriteableStreamMessageWriter(oneWriteStream(one.stream));
    const stock = recorder();
    const reference = new StreamMessageWriter(stock.stream);
    for (const message of messages) {
      await writer.write(message);
      await reference.write(message);
    }
    // the stock writer: a header and a body apart for every message
    expect(stock.writes).toHaveLength(messages.length * 2);
    expect(one.writes).toHaveLength(messages.length);
    expect(Buffer.concat(one.writes).equals(Buffer.concat(stock.writes))).toBe(true);
    one.writes.forEach((write, index) => {
      const text = write.toString('utf8');
      const body = JSON.stringify(messages[index]);
      expect(text).toBe(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  });

  it('passes the stream’s errors and close to the writer', async () => {
    const { stream } = recorder();
    const writer = new WriteableStreamMessageWriter(oneWriteStream(stream));
    const closed = new Promise<void>((resolve) => writer.onClose(() => resolve()));
    const errors: unknown[] = [];
    writer.onError((error) => errors.push(error));
    stream.emit('error', new Error('pipe broke'));
    stream.emit('close');
    await closed;
    expect(errors).toHaveLength(1);
  });
});

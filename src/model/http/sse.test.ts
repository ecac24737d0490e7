import { describe, expect, it } from 'vitest';
import { readLines } from './ndjson.js';
import { readServerSentEvents } from './sse.js';

async function* from(chunks: string[]) {
  for (const chunk of chunks) yield chunk;
}

async function events(chunks: string[]) {
  const out: { event?: string | undefined; data: string }[] = [];
  for await (const event of readServerSentEvents(from(chunks)))
    out.push({ event: event.event, data: event.data });
  return out;
}

describe('server-sent events', () => {
  it('joins multi-line data, skips comments, reads CRLF and CR line ends', async () => {
    expect(
      await events([
        ': keep-alive\r\n',
        'event: a\r\ndata: one\r\ndata: two\r\n\r\n',
        'data: three\r\r',
        'data: four\n\n',
      ]),
    ).toEqual([
      { event: 'a', data: 'one\ntwo' },
      { event: undefined, data: 'three' },
      { event: undefined, data: 'four' },
    ]);
  });

  it('reassembles events split at every possible byte', async () => {
    const stream = 'event: message_start\ndata: {"a":1}\n\ndata: [DONE]\n\n';
    for (let cut = 1; cut < stream.length; cut++) {
      expect(await events([stream.slice(0, cut), stream.slice(cut)])).toEqual([
        { event: 'message_start', data: '{"a":1}' },
        { event: undefined, data: '[DONE]' },
      ]);
    }
  });

  it('drops an unterminated last event', async () => {
    expect(await events(['data: whole\n\n', 'data: half'])).toEqual([{ event: undefined, data: 'whole' }]);
  });
});

describe('NDJSON lines', () => {
  it('splits anywhere, skips blank lines, keeps a last line without newline', async () => {
    const out: string[] = [];
    for await (const line of readLines(from(['{"a"', ':1}\r\n\n{"b":2}\n{"c"', ':3}']))) out.push(line);
    expect(out).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });
});

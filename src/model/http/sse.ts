import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type { EventSourceMessage };

/**
 * Server-sent events from a stream of text chunks. The parser (eventsource-parser) handles what
 * hand-rolled splitters get wrong: CRLF and CR line ends, multi-line `data:`, comments (`: ping`),
 * and events split across chunks at any byte. An unterminated last event is dropped, as the spec says;
 * adapters detect the missing end marker themselves.
 */
export async function* readServerSentEvents(
  chunks: AsyncIterable<string>,
): AsyncGenerator<EventSourceMessage> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  for await (const chunk of chunks) {
    parser.feed(chunk);
    while (pending.length > 0) yield pending.shift()!;
  }
}

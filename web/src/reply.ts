/**
 * A reply as the page shows it: prose and fenced code blocks, in order, and in the prose the `path:line`
 * references that become links to the cited code.
 */

export type ReplySegment = { kind: 'text'; text: string } | { kind: 'code'; language: string; code: string };

const FENCE = /^(`{3,}|~{3,})([^\n`]*)\n([\s\S]*?)^\1[ \t]*$/gm;

export function splitReply(reply: string): ReplySegment[] {
  const segments: ReplySegment[] = [];
  let last = 0;
  for (const match of reply.matchAll(FENCE)) {
    if (match.index > last) segments.push({ kind: 'text', text: reply.slice(last, match.index) });
    segments.push({
      kind: 'code',
      language: match[2]!.trim().split(/\s+/)[0] ?? '',
      code: match[3]!.replace(/\n$/, ''),
    });
    last = match.index + match[0].length;
  }
  // a fence still open while the answer streams: show it as code already
  const rest = reply.slice(last);
  const open = /^(`{3,}|~{3,})([^\n`]*)\n([\s\S]*)$/m.exec(rest);
  if (open) {
    if (open.index > 0) segments.push({ kind: 'text', text: rest.slice(0, open.index) });
    segments.push({ kind: 'code', language: open[2]!.trim(), code: open[3]! });
  } else if (rest) segments.push({ kind: 'text', text: rest });
  return segments;
}

export type TextPiece =
  | { kind: 'text'; text: string }
  | { kind: 'cite'; path: string; start: number; end: number };

/** `src/app.ts:12`, `[src/app.ts:12-20]`, `lib/db.py:3–9`: a relative path with an extension, then lines. */
const CITATION = /\[?((?:[\w.@-]+\/)*[\w@-][\w.@-]*\.[A-Za-z0-9]+):(\d+)(?:\s*[-–]\s*(\d+))?\]?/g;

export function findCitations(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(CITATION)) {
    const path = match[1]!;
    if (path.split('/').includes('..')) continue;
    if (match.index > last) pieces.push({ kind: 'text', text: text.slice(last, match.index) });
    const start = Number(match[2]);
    const end = match[3] ? Math.max(start, Number(match[3])) : start;
    pieces.push({ kind: 'cite', path, start, end });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}

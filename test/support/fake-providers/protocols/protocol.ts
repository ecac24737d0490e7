import type { ErrorSpec, ReplySpec } from '../script-types.js';

/** One endpoint as the real service speaks it. `request` is the parsed request body. */
export interface Endpoint {
  wantsStream(request: Record<string, unknown>): boolean;
  json(request: Record<string, unknown>, reply: ReplySpec): unknown;
  /** the raw stream, one string per event/line, exactly as written to the socket */
  events(request: Record<string, unknown>, reply: ReplySpec): string[];
  streamContentType: string;
}

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface Protocol {
  endpoints: Record<string, Endpoint>;
  error(spec: ErrorSpec): ErrorResponse;
  /** the provider's real answer to a missing or wrong key */
  unauthorized(): ErrorResponse;
}

export function replyText(reply: ReplySpec): string {
  return reply.choices?.[0] ?? reply.text ?? 'Hello from the fake provider.';
}

export function replyDeltas(reply: ReplySpec): string[] {
  if (reply.deltas) return reply.deltas;
  const text = replyText(reply);
  const size = Math.max(1, Math.ceil(text.length / 4));
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces;
}

export function replyChoices(reply: ReplySpec, n: number): string[] {
  if (reply.choices) return reply.choices;
  return Array.from({ length: n }, () => replyText(reply));
}

export function replyUsage(
  reply: ReplySpec,
  request: Record<string, unknown>,
): { input: number; output: number } {
  if (reply.usage) return reply.usage;
  const input = Math.max(1, Math.ceil(JSON.stringify(request).length / 4));
  return { input, output: Math.max(1, Math.ceil(replyText(reply).length / 4)) };
}

/** Deterministic small vectors so tests can tell inputs apart without a model. */
export function fakeEmbedding(text: string): number[] {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619) >>> 0;
  return [text.length / 100, (hash % 1000) / 1000, ((hash >>> 10) % 1000) / 1000, 0.5];
}

export function sse(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`;
}

export const FIXED_CREATED = 1_763_700_000;

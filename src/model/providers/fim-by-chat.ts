import type { ChatRequest, FimRequest } from '../types.js';

/**
 * Fill-in-the-middle for chat-only models (Anthropic): the gap is marked in one user message and the
 * reply is taken as the middle, stripped of the fences chat models add even when told not to.
 */
const CURSOR = '<<<FILL>>>';

export function fimAsChat(request: FimRequest): ChatRequest {
  return {
    ...request,
    messages: [
      {
        role: 'system',
        content: `You complete code. The user's file contains the marker ${CURSOR} exactly once. Reply with only the text that replaces the marker: no explanation, no code fences, no repetition of the surrounding code.`,
      },
      { role: 'user', content: `${request.prefix}${CURSOR}${request.suffix}` },
    ],
  };
}

export function middleFromReply(reply: string): string {
  const fenced = /^\s*```[\w+-]*\n([\s\S]*?)\n?```\s*$/.exec(reply);
  return fenced ? fenced[1]! : reply;
}

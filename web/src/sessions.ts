import { deleteJson, getJson, postJson } from './api.js';
import { rememberOutcome } from './components/suggestion-actions.js';
import type { ConversationTurn, ConversationView, TaskResult } from './types.js';

/**
 * Chat sessions, kept on the server (`/v1/conversations`) so they can be resumed from any browser and
 * outlive a restart of the server. Each belongs to the signed-in user; this browser keeps nothing of them
 * but the decisions already made about their suggestions (so Accept is not offered twice).
 */

export interface Turn {
  question: string;
  reply: string;
  result?: TaskResult;
  error?: string;
}

export interface ChatSession {
  /** null until the first turn is saved: an empty conversation is not worth keeping */
  id: string | null;
  title: string;
  turns: Turn[];
}

export const newSession = (): ChatSession => ({ id: null, title: 'New conversation', turns: [] });

export async function listSessions(): Promise<ConversationView[]> {
  return (await getJson<{ conversations: ConversationView[] }>('/v1/conversations')).conversations;
}

export async function loadSession(id: string): Promise<ChatSession> {
  const { conversation, turns } = await getJson<{
    conversation: ConversationView;
    turns: ConversationTurn[];
  }>(`/v1/conversations/${encodeURIComponent(id)}`);
  for (const turn of turns)
    if (turn.decision && turn.result?.suggestion_id)
      rememberOutcome(turn.result.suggestion_id, turn.decision);
  return {
    id: conversation.id,
    title: conversation.title,
    turns: turns.map(({ question, reply, result, error }) => ({
      question,
      reply,
      ...(result ? { result } : {}),
      ...(error !== undefined ? { error } : {}),
    })),
  };
}

/** Saves a finished turn, creating the conversation (titled by its first question) when it is new. */
export async function saveTurn(session: ChatSession, turn: Turn): Promise<ChatSession> {
  let { id, title } = session;
  if (id === null) {
    title = turn.question.replace(/\s+/g, ' ').trim().slice(0, 60) || 'Conversation';
    id = (await postJson<ConversationView>('/v1/conversations', { title })).id;
  }
  await postJson(`/v1/conversations/${encodeURIComponent(id)}/turns`, turn);
  return { id, title, turns: [...session.turns, turn] };
}

export async function deleteSession(id: string): Promise<void> {
  await deleteJson(`/v1/conversations/${encodeURIComponent(id)}`);
}

import type { TaskResult } from './types.js';

/**
 * Chat sessions. The server keeps suggestions and their telemetry, not conversations, so sessions live in
 * this browser's localStorage, per signed-in user: another browser, or a cleared storage, does not have
 * them. The page says so where it lists them.
 */

export interface Turn {
  question: string;
  reply: string;
  result?: TaskResult;
  error?: string;
}

export interface ChatSession {
  id: string;
  title: string;
  updatedAt: string;
  turns: Turn[];
}

const MAX_SESSIONS = 50;

const key = (userId: string) => `vouch.sessions.${userId}`;

export function loadSessions(userId: string): ChatSession[] {
  try {
    const stored = JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as ChatSession[];
    return Array.isArray(stored) ? stored : [];
  } catch {
    return [];
  }
}

export function saveSession(userId: string, session: ChatSession): ChatSession[] {
  const others = loadSessions(userId).filter((entry) => entry.id !== session.id);
  const sessions = [session, ...others].slice(0, MAX_SESSIONS);
  try {
    localStorage.setItem(key(userId), JSON.stringify(sessions));
  } catch {
    // storage full: keep the newest session only rather than lose the one in progress
    localStorage.setItem(key(userId), JSON.stringify([session]));
  }
  return sessions;
}

export function deleteSession(userId: string, id: string): ChatSession[] {
  const sessions = loadSessions(userId).filter((entry) => entry.id !== id);
  localStorage.setItem(key(userId), JSON.stringify(sessions));
  return sessions;
}

export function newSession(): ChatSession {
  return {
    id: crypto.randomUUID(),
    title: 'New conversation',
    updatedAt: new Date().toISOString(),
    turns: [],
  };
}

/**
 * Conversation history. Async so a server-side implementation (PostgreSQL for teams) fits the same
 * interface as the embedded SQLite one.
 */
export interface ChatSession {
  id: string;
  title: string;
  model: string | undefined;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
}

/**
 * A message as kept: the model contract's `ChatMessage` shape (role, content) plus what the store records.
 * Declared here rather than imported, since stores sit beside `model/` and import nothing of it.
 */
export interface StoredMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  createdAt: string;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
}

export interface ChatStore {
  createSession(init: { title: string; model?: string }): Promise<ChatSession>;
  /** by full id or an unambiguous prefix of one */
  findSession(idOrPrefix: string): Promise<ChatSession | undefined>;
  listSessions(limit?: number): Promise<ChatSession[]>;
  appendMessage(sessionId: string, message: Omit<StoredMessage, 'createdAt'>): Promise<void>;
  messages(sessionId: string): Promise<StoredMessage[]>;
  close(): Promise<void>;
}

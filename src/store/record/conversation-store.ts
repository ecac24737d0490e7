/**
 * Chat conversations kept on the server, so a user resumes them from any browser: a conversation is its
 * turns in order, each the question, the reply as shown and the task's result (with its verification
 * report) or the error it ended with. Every operation is keyed by the owner: another user's conversation
 * is not found. Part of the ServerStore; the SQL is in sql-conversation-store.ts.
 */

export interface Conversation {
  id: string;
  userId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  turns: number;
}

export interface NewTurn {
  question: string;
  reply: string;
  /** the task result as the API returned it (JSON); absent when the turn failed */
  result?: unknown;
  error?: string;
}

export interface ConversationTurn extends NewTurn {
  index: number;
  createdAt: string;
  /**
   * what the user last decided about the turn's suggestion (its `suggestion_id`), from any face: a
   * resumed conversation shows it and does not offer the decision again
   */
  decision?: 'accepted' | 'rejected' | 'modified';
}

export interface ConversationStore {
  createConversation(init: { userId: string; title: string }): Promise<Conversation>;
  /** a user's conversations, the most recently written first */
  listConversations(userId: string, options?: { limit?: number }): Promise<Conversation[]>;
  getConversation(
    id: string,
    userId: string,
  ): Promise<{ conversation: Conversation; turns: ConversationTurn[] } | undefined>;
  /** appends a turn (and renames the conversation when `title` is given); undefined when not the user's */
  appendTurn(
    id: string,
    userId: string,
    append: { turn: NewTurn; title?: string },
  ): Promise<ConversationTurn | undefined>;
  /** false when there is no such conversation of this user */
  deleteConversation(id: string, userId: string): Promise<boolean>;
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatStore } from './chat-store.js';

/** The contract every ChatStore passes; each implementation's test calls this with a factory. */
export function chatStoreContract(name: string, open: () => Promise<ChatStore>): void {
  describe(`ChatStore contract: ${name}`, () => {
    let store: ChatStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps the messages of a session in order', async () => {
      const session = await store.createSession({ title: 'first', model: 'replay:x' });
      await store.appendMessage(session.id, { role: 'user', content: 'hi' });
      await store.appendMessage(session.id, {
        role: 'assistant',
        content: 'hello',
        model: 'replay:x',
        outputTokens: 3,
      });
      const messages = await store.messages(session.id);
      expect(messages.map((m) => [m.role, m.content])).toEqual([
        ['user', 'hi'],
        ['assistant', 'hello'],
      ]);
      expect(messages[1]!.outputTokens).toBe(3);
    });

    it('finds a session by an unambiguous prefix and lists the newest first', async () => {
      const a = await store.createSession({ title: 'a' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const b = await store.createSession({ title: 'b' });
      expect((await store.findSession(a.id.slice(0, 8)))?.title).toBe('a');
      expect(await store.findSession('zzzz-not-there')).toBeUndefined();
      await store.appendMessage(a.id, { role: 'user', content: 'bump' });
      const listed = await store.listSessions();
      expect(listed.map((s) => s.id)).toEqual([a.id, b.id]);
      expect(listed[0]!.messageCount).toBe(1);
    });
  });
}

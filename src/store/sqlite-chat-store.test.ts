import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../test/support/test-folders.js';
import { UsageError } from '../core/errors.js';
import { chatStoreContract } from './chat-store.case.js';
import { openSqliteChatStore } from './sqlite-chat-store.js';

chatStoreContract('sqlite', async () => openSqliteChatStore(testFolder('vouch-chat-')));

describe('sqlite chat store', () => {
  it('keeps history across reopening', async () => {
    const dir = testFolder('vouch-chat-');
    const first = openSqliteChatStore(dir);
    const session = await first.createSession({ title: 't' });
    await first.appendMessage(session.id, { role: 'user', content: 'remember me' });
    await first.close();
    const second = openSqliteChatStore(dir);
    expect((await second.messages(session.id))[0]!.content).toBe('remember me');
    await second.close();
  });

  it('refuses a corrupt history file without deleting it', () => {
    const dir = testFolder('vouch-chat-');
    writeFileSync(
      join(dir, 'chat.db'),
      'this is not a database, it is the only copy of something'.repeat(100),
    );
    expect(() => openSqliteChatStore(dir)).toThrow(UsageError);
    expect(readdirSync(dir)).toContain('chat.db');
  });
});

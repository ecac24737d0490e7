import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewEvalRun } from './insight-store.js';
import type { NewSuggestion, ServerStore } from './server-store.js';
import { newSuggestion } from './suggestion-fixture.js';

/**
 * The contract of what the dashboard and the web chat keep (security gate and CWE counts, eval runs,
 * conversations): the SQLite and the PostgreSQL store tests each call this.
 */
export function dashboardStoreContract(name: string, open: () => Promise<ServerStore>): void {
  describe(`dashboard data contract: ${name}`, () => {
    let store: ServerStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const suggestion = (userId: string, overrides: Partial<NewSuggestion> = {}): NewSuggestion =>
      newSuggestion(userId, {
        input: { spec: 'run a query' },
        code: 'cursor.execute(query)\n',
        ...overrides,
      });

    const evalRun = (userId: string, overrides: Partial<NewEvalRun> = {}): NewEvalRun => ({
      userId,
      benchmark: 'humaneval',
      form: 'original',
      harness: 'python-exec',
      model: 'openai:gpt-4o-mini',
      problems: 164,
      samples: 1640,
      passed: 1100,
      passAtK: { '1': 0.67, '10': 0.85 },
      selectedPassAt1: null,
      pipelinePassAt1: 0.7,
      failureKinds: { assertion: 500, timeout: 40 },
      sandboxed: true,
      durationMs: 61_000,
      source: 'cli',
      ...overrides,
    });

    it('counts the security gate per day and the findings by CWE, per user or for everyone', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const bob = await store.createUser({ name: 'bob' });
      await store.recordSuggestion(suggestion(alice.id, { securityGate: 'pass' }));
      const failed = await store.recordSuggestion(
        suggestion(alice.id, { securityGate: 'fail', cwes: { 89: 2, 798: 1 } }),
      );
      await store.recordSuggestion(suggestion(alice.id, { securityGate: 'skip', language: 'go' }));
      await store.recordSuggestion(suggestion(alice.id));
      await store.recordSuggestion(suggestion(bob.id, { securityGate: 'fail', cwes: { 89: 1 } }));

      const today = new Date().toISOString().slice(0, 10);
      const mine = await store.securityStats({ userId: alice.id });
      expect(mine.days).toEqual([
        { day: today, suggestions: 4, passed: 1, failed: 1, notRun: 1, unknown: 1 },
      ]);
      expect(mine.byCwe).toEqual([
        { cwe: 89, suggestions: 1, findings: 2, days: [{ day: today, suggestions: 1, findings: 2 }] },
        { cwe: 798, suggestions: 1, findings: 1, days: [{ day: today, suggestions: 1, findings: 1 }] },
      ]);
      const everyone = await store.securityStats();
      expect(everyone.days[0]).toMatchObject({ suggestions: 5, failed: 2 });
      expect(everyone.byCwe[0]).toMatchObject({ cwe: 89, suggestions: 2, findings: 3 });
      expect((await store.securityStats({ since: '2999-01-01T00:00:00.000Z' })).days).toEqual([]);
      expect((await store.getSuggestion(failed.id, alice.id))?.securityGate).toBe('fail');

      // retention takes the CWE counts with their suggestions
      await store.prune('2999-01-01T00:00:00.000Z');
      expect(await store.securityStats()).toEqual({ days: [], byCwe: [] });
    });

    it('keeps eval runs, newest first, per user or for everyone', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const bob = await store.createUser({ name: 'bob' });
      const first = await store.recordEvalRun(evalRun(alice.id));
      const second = await store.recordEvalRun(
        evalRun(alice.id, { benchmark: 'mbpp', model: null, selectedPassAt1: 0.5, sandboxed: false }),
      );
      await store.recordEvalRun(evalRun(bob.id, { passAtK: { '1': 0.1 } }));
      const mine = await store.listEvalRuns({ userId: alice.id });
      expect(mine.map((run) => run.id)).toEqual([second.id, first.id]);
      expect(mine[1]).toEqual(first);
      expect(mine[0]).toMatchObject({ model: null, selectedPassAt1: 0.5, sandboxed: false });
      expect(await store.listEvalRuns({ userId: alice.id, benchmark: 'humaneval' })).toEqual([first]);
      expect(await store.listEvalRuns()).toHaveLength(3);
      expect(await store.listEvalRuns({ limit: 1 })).toHaveLength(1);
    });

    it('keeps conversations turn by turn, visible to their owner only', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const bob = await store.createUser({ name: 'bob' });
      const conversation = await store.createConversation({ userId: alice.id, title: 'tokens' });
      const suggested = await store.recordSuggestion(suggestion(alice.id));
      const result = {
        task: 'chat',
        verification: { status: 'pass', checks: [] },
        suggestion_id: suggested.id,
      };
      const first = await store.appendTurn(conversation.id, alice.id, {
        turn: { question: 'Where are tokens checked?', reply: 'In auth.py.', result },
      });
      expect(first).toMatchObject({ index: 0, question: 'Where are tokens checked?' });
      await store.appendTurn(conversation.id, alice.id, {
        turn: { question: 'And revoked?', reply: '', error: 'the model answered 400' },
        title: 'tokens, revoked',
      });
      const loaded = await store.getConversation(conversation.id, alice.id);
      expect(loaded?.conversation).toMatchObject({ title: 'tokens, revoked', turns: 2 });
      expect(loaded?.turns.map((turn) => turn.index)).toEqual([0, 1]);
      expect(loaded?.turns[0]?.result).toEqual(result);
      expect(loaded?.turns[0]?.decision).toBeUndefined();
      // a decision made about the turn's suggestion, from any face, comes back with the turn: the last one
      await store.recordEvents(alice.id, [
        { suggestionId: suggested.id, kind: 'accepted', face: 'web' },
        { suggestionId: suggested.id, kind: 'modified', face: 'lsp', finalCode: 'x = 1\n' },
      ]);
      expect((await store.getConversation(conversation.id, alice.id))?.turns[0]?.decision).toBe('modified');
      expect(loaded?.turns[1]).toMatchObject({ error: 'the model answered 400' });
      expect(loaded?.turns[1]?.result).toBeUndefined();

      // another user sees nothing, writes nothing, deletes nothing
      expect(await store.getConversation(conversation.id, bob.id)).toBeUndefined();
      expect(await store.listConversations(bob.id)).toEqual([]);
      expect(
        await store.appendTurn(conversation.id, bob.id, { turn: { question: 'x', reply: 'y' } }),
      ).toBeUndefined();
      expect(await store.deleteConversation(conversation.id, bob.id)).toBe(false);

      // appends that race each get their own place
      const raced = await Promise.all(
        Array.from({ length: 5 }, (_, n) =>
          store.appendTurn(conversation.id, alice.id, { turn: { question: `q${n}`, reply: `r${n}` } }),
        ),
      );
      expect(raced.map((turn) => turn?.index).sort()).toEqual([2, 3, 4, 5, 6]);

      const later = await store.createConversation({ userId: alice.id, title: 'later' });
      // the most recently written first (two written in the same millisecond may come either way)
      const listed = await store.listConversations(alice.id);
      expect(listed.map((entry) => entry.id).sort()).toEqual([later.id, conversation.id].sort());
      expect(listed[0]!.updatedAt >= listed[1]!.updatedAt).toBe(true);
      expect(listed.find((entry) => entry.id === conversation.id)?.turns).toBe(7);
      expect(await store.deleteConversation(conversation.id, alice.id)).toBe(true);
      expect(await store.getConversation(conversation.id, alice.id)).toBeUndefined();
      expect(await store.deleteConversation(conversation.id, alice.id)).toBe(false);
    });

    it('says what retention would remove, and removes old conversations', async () => {
      const alice = await store.createUser({ name: 'alice' });
      expect(await store.retained()).toEqual({
        suggestions: 0,
        oldestSuggestion: null,
        auditEntries: 0,
        oldestAuditEntry: null,
        conversations: 0,
        oldestConversation: null,
      });
      await store.recordSuggestion(suggestion(alice.id));
      const conversation = await store.createConversation({ userId: alice.id, title: 'x' });
      await store.appendTurn(conversation.id, alice.id, { turn: { question: 'q', reply: 'r' } });
      const retained = await store.retained();
      expect(retained).toMatchObject({ suggestions: 1, conversations: 1, auditEntries: 0 });
      expect(retained.oldestConversation).toMatch(/^\d{4}-\d\d-\d\dT/);
      const removed = await store.prune('2999-01-01T00:00:00.000Z');
      expect(removed).toMatchObject({ suggestions: 1, conversations: 1 });
      expect(await store.listConversations(alice.id)).toEqual([]);
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerStore } from './server-store.js';
import { newSuggestion } from './suggestion-fixture.js';

/** The contract every ServerStore passes: the SQLite and the PostgreSQL test each call this. */
export function serverStoreContract(name: string, open: () => Promise<ServerStore>): void {
  describe(`ServerStore contract: ${name}`, () => {
    let store: ServerStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const suggestion = newSuggestion;

    it('keeps users and refuses a duplicate name', async () => {
      const alice = await store.createUser({ name: 'alice', admin: true });
      await store.createUser({ name: 'bob' });
      expect(await store.findUser('alice')).toEqual(alice);
      expect(alice.admin).toBe(true);
      expect((await store.listUsers()).map((user) => user.name)).toEqual(['alice', 'bob']);
      await expect(store.createUser({ name: 'alice' })).rejects.toThrow();
      expect(await store.findUser('nobody')).toBeUndefined();
    });

    it('authenticates a token by its secret, keeps only its hash, and forgets it once revoked', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const { token, record } = await store.createToken({
        userId: alice.id,
        name: 'laptop',
        scopes: ['tasks', 'telemetry'],
      });
      expect(token).toMatch(/^vouch_[A-Za-z0-9_-]{43}$/);
      const found = await store.authenticate(token);
      expect(found?.user.name).toBe('alice');
      expect(found?.token.scopes).toEqual(['tasks', 'telemetry']);
      expect(JSON.stringify(await store.listTokens())).not.toContain(token.slice(6));
      expect(await store.authenticate(`${token}x`)).toBeUndefined();
      expect(await store.authenticate('not-a-token')).toBeUndefined();
      expect(await store.revokeToken(record.id)).toBe(true);
      expect(await store.authenticate(token)).toBeUndefined();
      expect((await store.listTokens(alice.id))[0]!.revokedAt).not.toBeNull();
      expect(await store.revokeToken('no-such-token')).toBe(false);
    });

    it("never lets one user revoke or see another user's tokens", async () => {
      const alice = await store.createUser({ name: 'alice' });
      const bob = await store.createUser({ name: 'bob' });
      const { token, record } = await store.createToken({ userId: alice.id, name: 't', scopes: ['tasks'] });
      expect(await store.listTokens(bob.id)).toEqual([]);
      expect(await store.revokeToken(record.id, bob.id)).toBe(false);
      expect(await store.authenticate(token)).toBeDefined();
      expect(await store.revokeToken(record.id, alice.id)).toBe(true);
    });

    it("records events only about the user's own suggestions, all or none", async () => {
      const alice = await store.createUser({ name: 'alice' });
      const bob = await store.createUser({ name: 'bob' });
      const mine = await store.recordSuggestion(suggestion(alice.id));
      const theirs = await store.recordSuggestion(suggestion(bob.id));
      expect(await store.getSuggestion(mine.id, alice.id)).toMatchObject({
        code: mine.code,
        input: { spec: 'add two numbers' },
      });
      expect(await store.getSuggestion(theirs.id, alice.id)).toBeUndefined();
      const refused = await store.recordEvents(alice.id, [
        { suggestionId: mine.id, kind: 'shown', face: 'api' },
        { suggestionId: theirs.id, kind: 'accepted', face: 'api' },
      ]);
      expect(refused).toEqual({ recorded: 0, unknown: [theirs.id] });
      expect((await store.stats({ userId: alice.id })).total.shown).toBe(0);
      expect(
        await store.recordEvents(alice.id, [{ suggestionId: mine.id, kind: 'shown', face: 'api' }]),
      ).toEqual({ recorded: 1, unknown: [] });
    });

    it('computes acceptance by task, language, model, confidence and verification', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const bob = await store.createUser({ name: 'bob' });
      const high = await store.recordSuggestion(suggestion(alice.id));
      const low = await store.recordSuggestion(
        suggestion(alice.id, { confidence: 'low', verification: 'fail', language: 'typescript' }),
      );
      const edited = await store.recordSuggestion(suggestion(alice.id, { task: 'complete' }));
      await store.recordSuggestion(suggestion(alice.id, { task: 'complete' })); // never shown
      const other = await store.recordSuggestion(suggestion(bob.id));
      await store.recordEvents(alice.id, [
        { suggestionId: high.id, kind: 'shown', face: 'cli' },
        { suggestionId: high.id, kind: 'accepted', face: 'cli' },
        { suggestionId: low.id, kind: 'shown', face: 'cli' },
        { suggestionId: low.id, kind: 'rejected', face: 'cli' },
        { suggestionId: edited.id, kind: 'shown', face: 'lsp' },
        { suggestionId: edited.id, kind: 'copied', face: 'lsp' },
        { suggestionId: edited.id, kind: 'modified', editDistance: 4, finalCode: 'x', face: 'lsp' },
      ]);
      await store.recordEvents(bob.id, [{ suggestionId: other.id, kind: 'rejected', face: 'web' }]);

      const stats = await store.stats({ userId: alice.id });
      expect(stats.total).toMatchObject({ suggestions: 4, shown: 3, accepted: 2, rejected: 1, modified: 1 });
      expect(stats.total.acceptanceRate).toBeCloseTo(2 / 3);
      const byConfidence = Object.fromEntries(stats.byConfidence.map((b) => [b.key, b.acceptanceRate]));
      expect(byConfidence).toEqual({ high: 1, low: 0 });
      expect(stats.byTask.find((b) => b.key === 'complete')).toMatchObject({ suggestions: 2, shown: 1 });
      expect(stats.byVerification.find((b) => b.key === 'fail')?.rejected).toBe(1);
      expect(stats.byLanguage.map((b) => b.key).sort()).toEqual(['python', 'typescript']);
      expect(stats.meanEditDistance).toBe(4);

      const everyone = await store.stats();
      expect(everyone.total).toMatchObject({ suggestions: 5, shown: 4, accepted: 2, rejected: 2 });
      const future = await store.stats({ since: '2999-01-01T00:00:00.000Z' });
      expect(future.total).toMatchObject({ suggestions: 0, acceptanceRate: null });
    });

    it('counts each suggestion under its last decision, so the outcomes add up to what was shown', async () => {
      const carol = await store.createUser({ name: 'carol' });
      const [changed, edited, undecided] = [
        await store.recordSuggestion(suggestion(carol.id)),
        await store.recordSuggestion(suggestion(carol.id)),
        await store.recordSuggestion(suggestion(carol.id)),
      ];
      await store.recordEvents(carol.id, [
        // accepted, then rejected: a change of mind counts once, as the last decision
        { suggestionId: changed!.id, kind: 'accepted', face: 'web' },
        { suggestionId: changed!.id, kind: 'rejected', face: 'web' },
        // accepted, then edited: modified, and not accepted as is too
        { suggestionId: edited!.id, kind: 'accepted', face: 'lsp' },
        { suggestionId: edited!.id, kind: 'modified', editDistance: 2, finalCode: 'y', face: 'lsp' },
        { suggestionId: undecided!.id, kind: 'copied', face: 'web' },
      ]);
      const { total } = await store.stats({ userId: carol.id });
      expect(total).toMatchObject({
        suggestions: 3,
        shown: 3,
        accepted: 1,
        modified: 1,
        rejected: 1,
        copied: 1,
      });
      const asIs = total.accepted - total.modified;
      const noDecision = total.shown - total.accepted - total.rejected;
      expect([asIs, total.modified, total.rejected, noDecision]).toEqual([0, 1, 1, 1]);
      expect(total.acceptanceRate).toBeCloseTo(1 / 3);
    });

    it('lists accepted and modified suggestions for export, the kept code last written winning', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const accepted = await store.recordSuggestion(suggestion(alice.id));
      const modified = await store.recordSuggestion(suggestion(alice.id, { code: 'old' }));
      const rejected = await store.recordSuggestion(suggestion(alice.id));
      await store.recordEvents(alice.id, [
        { suggestionId: accepted.id, kind: 'accepted', face: 'api' },
        { suggestionId: modified.id, kind: 'modified', finalCode: 'new', editDistance: 3, face: 'api' },
        { suggestionId: rejected.id, kind: 'rejected', face: 'api' },
      ]);
      const records = await store.acceptedSuggestions();
      expect(records.map((r) => [r.suggestion.id, r.outcome, r.finalCode, r.userName])).toEqual([
        [accepted.id, 'accepted', accepted.code, 'alice'],
        [modified.id, 'modified', 'new', 'alice'],
      ]);
      expect(await store.acceptedSuggestions({ since: '2999-01-01T00:00:00.000Z' })).toEqual([]);
    });

    it('appends audit entries, newest first, and refuses to change one', async () => {
      const alice = await store.createUser({ name: 'alice' });
      for (const outcome of ['ok', 'error: rate-limit']) {
        await store.appendAudit({
          userId: alice.id,
          provider: 'openai',
          model: 'gpt-4o-mini',
          endpoint: 'api.openai.com/v1/chat/completions',
          location: 'remote',
          operation: 'chat',
          promptChars: 120,
          outputChars: 40,
          redactions: 1,
          outcome,
          policy: 'remote-redacted',
        });
      }
      const entries = await store.listAudit({ userId: alice.id });
      expect(entries.map((entry) => entry.outcome)).toEqual(['error: rate-limit', 'ok']);
      expect(entries[0]).toMatchObject({ promptChars: 120, redactions: 1, location: 'remote' });
      expect(await store.listAudit({ limit: 1 })).toHaveLength(1);
    });

    it('keeps a change for an Accept for its user only, bounded a user and in all, oldest out first', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const bob = await store.createUser({ name: 'bob' });
      const at = (minute: number) => `2026-11-26T12:${String(minute).padStart(2, '0')}:00.000Z`;
      const keep = (userId: string, result: unknown, minute: number, notBefore = at(0)) =>
        store.keepChangeProposal({ userId, result, at: at(minute), perUser: 2, total: 3, notBefore });
      const found = (id: string, userId: string, notBefore = at(0)) =>
        store.findChangeProposal(id, userId, notBefore);
      const result = {
        task: 'change',
        edits: [{ path: 'cart.py', baseHash: '' }],
        details: { after: { 'cart.py': 'é\r\n' } },
      };
      const a1 = await keep(alice.id, result, 1);
      expect(a1).toMatch(/^change-/);
      expect(await found(a1, alice.id)).toEqual(result);
      // another user's is not found; nor one made before `notBefore`
      expect(await found(a1, bob.id)).toBeUndefined();
      expect(await found(a1, alice.id, at(2))).toBeUndefined();
      const a2 = await keep(alice.id, { n: 2 }, 2);
      const a3 = await keep(alice.id, { n: 3 }, 3);
      // two a user: alice's oldest went
      expect(await found(a1, alice.id)).toBeUndefined();
      const b1 = await keep(bob.id, { n: 4 }, 4);
      expect(await found(a2, alice.id)).toEqual({ n: 2 });
      const b2 = await keep(bob.id, { n: 5 }, 5);
      // three in all: the oldest of everyone's went (alice's), bob's stay
      expect(await found(a2, alice.id)).toBeUndefined();
      expect(await found(a3, alice.id)).toEqual({ n: 3 });
      expect(await found(b1, bob.id)).toEqual({ n: 4 });
      expect(await found(b2, bob.id)).toEqual({ n: 5 });
      await store.forgetChangeProposal(a3);
      expect(await found(a3, alice.id)).toBeUndefined();
      // keeping one drops those made before `notBefore`
      const a4 = await keep(alice.id, { n: 6 }, 30, at(10));
      expect(await found(b2, bob.id)).toBeUndefined();
      expect(await found(a4, alice.id)).toEqual({ n: 6 });
    });

    it('lets exactly one of many racing claims take a kept change; the others are told who holds it since when', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const bob = await store.createUser({ name: 'bob' });
      const notBefore = '2026-11-26T12:00:00.000Z';
      const id = await store.keepChangeProposal({
        userId: alice.id,
        result: { n: 1 },
        at: '2026-11-26T12:01:00.000Z',
        perUser: 5,
        total: 5,
        notBefore,
      });
      // a claim holds for a minute here
      const claim = (userId: string, minute: number) =>
        store.claimChangeProposal({
          id,
          userId,
          notBefore,
          at: `2026-11-26T12:${minute}:00.000Z`,
          staleBefore: `2026-11-26T12:${minute - 1}:00.000Z`,
        });
      // another user's, or an unknown id: nothing to claim
      expect(await claim(bob.id, 10)).toBeUndefined();
      expect(
        await store.claimChangeProposal({
          id: 'change-none',
          userId: alice.id,
          notBefore,
          at: notBefore,
          staleBefore: notBefore,
        }),
      ).toBeUndefined();
      // eight at once (on PostgreSQL over several pooled connections): one wins, seven are refused
      const racing = await Promise.all(Array.from({ length: 8 }, () => claim(alice.id, 11)));
      expect(racing.filter((outcome) => outcome?.claimed === true)).toEqual([
        { claimed: true, result: { n: 1 } },
      ]);
      expect(racing.filter((outcome) => outcome?.claimed === false)).toHaveLength(7);
      // being applied, it is no longer found as a change waiting for an Accept
      expect(await store.findChangeProposal(id, alice.id, notBefore)).toBeUndefined();
      expect(racing.find((outcome) => outcome?.claimed === false)).toEqual({
        claimed: false,
        state: 'applying',
        since: '2026-11-26T12:11:00.000Z',
      });
      // released (nothing written), it can be claimed again; applied, it stays taken and says when
      await store.releaseChangeProposal(id);
      expect(await claim(alice.id, 12)).toEqual({ claimed: true, result: { n: 1 } });
      // a claim older than its lease (the server holding it died mid-write) is taken over, not stuck
      expect(await claim(alice.id, 14)).toEqual({ claimed: true, result: { n: 1 } });
      await store.markChangeProposalApplied(id, '2026-11-26T12:13:00.000Z');
      expect(await claim(alice.id, 14)).toEqual({
        claimed: false,
        state: 'applied',
        since: '2026-11-26T12:13:00.000Z',
      });
      // a release after it was applied changes nothing: only a claim in progress is released
      await store.releaseChangeProposal(id);
      expect((await claim(alice.id, 15))?.claimed).toBe(false);
    });

    it('does not count applied changes against the bounds: a waiting change survives them', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const notBefore = '2026-11-26T12:00:00.000Z';
      const at = (minute: number) => `2026-11-26T12:${String(minute).padStart(2, '0')}:00.000Z`;
      const keep = (n: number) =>
        store.keepChangeProposal({
          userId: alice.id,
          result: { n },
          at: at(n),
          perUser: 2,
          total: 2,
          notBefore,
        });
      const claim = (id: string, minute: number) =>
        store.claimChangeProposal({
          id,
          userId: alice.id,
          notBefore,
          at: at(minute),
          staleBefore: notBefore,
        });
      const waiting = await keep(1);
      const applied = await keep(2);
      expect((await claim(applied, 3))?.claimed).toBe(true);
      await store.markChangeProposalApplied(applied, at(3));
      // a third: two waiting, one applied — the waiting one is not evicted for the applied one
      await keep(4);
      expect(await claim(waiting, 5)).toEqual({ claimed: true, result: { n: 1 } });
      // and the applied one still says when it was applied
      expect(await claim(applied, 5)).toEqual({ claimed: false, state: 'applied', since: at(3) });
    });

    it('prunes suggestions, their events and audit entries older than a time', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const old = await store.recordSuggestion(suggestion(alice.id));
      await store.recordEvents(alice.id, [{ suggestionId: old.id, kind: 'accepted', face: 'api' }]);
      await store.appendAudit({
        userId: null,
        provider: 'ollama',
        model: 'm',
        endpoint: '127.0.0.1:11434/api/chat',
        location: 'local',
        operation: 'stream',
        promptChars: 1,
        outputChars: 1,
        redactions: 0,
        outcome: 'ok',
        policy: 'default',
      });
      expect(await store.prune('2000-01-01T00:00:00.000Z')).toEqual({
        suggestions: 0,
        events: 0,
        audit: 0,
        conversations: 0,
      });
      expect(await store.prune('2999-01-01T00:00:00.000Z')).toEqual({
        suggestions: 1,
        events: 1,
        audit: 1,
        conversations: 0,
      });
      expect(await store.getSuggestion(old.id, alice.id)).toBeUndefined();
      expect((await store.stats()).total.suggestions).toBe(0);
    });

    it('prunes changes kept for an Accept with everything else, and drops an expired one when asked for it', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const epoch = '1970-01-01T00:00:00.000Z';
      const keep = (at: string) =>
        store.keepChangeProposal({
          userId: alice.id,
          result: { at },
          at,
          perUser: 5,
          total: 5,
          notBefore: epoch,
        });
      const kept = await keep('2026-11-26T12:00:00.000Z');
      await store.prune('2000-01-01T00:00:00.000Z');
      expect(await store.findChangeProposal(kept, alice.id, epoch)).toEqual({
        at: '2026-11-26T12:00:00.000Z',
      });
      await store.prune('2999-01-01T00:00:00.000Z');
      expect(await store.findChangeProposal(kept, alice.id, epoch)).toBeUndefined();
      // asked for after it expired: gone from the store, not merely unread
      const expired = await keep('2026-11-26T12:00:00.000Z');
      expect(await store.findChangeProposal(expired, alice.id, '2026-11-26T13:00:00.000Z')).toBeUndefined();
      expect(await store.findChangeProposal(expired, alice.id, epoch)).toBeUndefined();
    });

    it('runs concurrent event batches without losing or mixing any', async () => {
      const alice = await store.createUser({ name: 'alice' });
      const ids = await Promise.all(
        Array.from({ length: 5 }, async () => (await store.recordSuggestion(suggestion(alice.id))).id),
      );
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.recordEvents(alice.id, [
            { suggestionId: ids[i % 5]!, kind: 'shown', face: 'api' },
            { suggestionId: i % 4 === 0 ? 'missing' : ids[i % 5]!, kind: 'copied', face: 'api' },
          ]),
        ),
      );
      expect(results.filter((result) => result.recorded === 2)).toHaveLength(15);
      expect((await store.stats()).total).toMatchObject({ shown: 5, copied: 5 });
    });

    it('counts requests against a sliding-window limit: refused ones are not counted, windows roll over', async () => {
      const take = (window: number, previousWeight: number) =>
        store.takeRateLimit('token-a', { window, previousWeight, limit: 3 });
      const first = [
        await take(100, 1000),
        await take(100, 1000),
        await take(100, 1000),
        await take(100, 1000),
      ];
      expect(first.map((count) => count.allowed)).toEqual([true, true, true, false]);
      expect(first[3]).toEqual({ allowed: false, current: 3, previous: 0 });
      // another key has its own count
      expect(await store.takeRateLimit('token-b', { window: 100, previousWeight: 1000, limit: 3 })).toEqual({
        allowed: true,
        current: 1,
        previous: 0,
      });
      // the next window at its start still carries the whole previous one: 3 × 1 + 1 > 3
      expect(await take(101, 1000)).toEqual({ allowed: false, current: 0, previous: 3 });
      // two thirds in, a third of it: 3 × 0.333 + 1 ≤ 3, twice; the third would make 3.999
      const later = [await take(101, 333), await take(101, 333), await take(101, 333)];
      expect(later.map((count) => count.allowed)).toEqual([true, true, false]);
      expect(later[2]).toEqual({ allowed: false, current: 2, previous: 3 });
      // a process whose clock is a window behind counts into the newest window
      expect(await take(100, 0)).toEqual({ allowed: true, current: 3, previous: 3 });
      // a window skipped: nothing carried over
      expect(await take(105, 1000)).toEqual({ allowed: true, current: 1, previous: 0 });
    });

    it('keeps rate-limit counts exact under concurrent requests', async () => {
      const results = await Promise.all(
        Array.from({ length: 40 }, () =>
          store.takeRateLimit('token-c', { window: 7, previousWeight: 0, limit: 25 }),
        ),
      );
      expect(results.filter((count) => count.allowed)).toHaveLength(25);
      expect(Math.max(...results.map((count) => count.current))).toBe(25);
    });

    it('counts limits of millions a minute without overflowing', async () => {
      const take = () =>
        store.takeRateLimit('token-d', { window: 1, previousWeight: 1000, limit: 10_000_000 });
      expect((await take()).allowed).toBe(true);
      expect(await take()).toMatchObject({ allowed: true, current: 2 });
    });
  });
}

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerStore } from '../../store/index.js';
import type { ServerStore } from '../../store/record/server-store.js';
import type { TaskResultOf } from '../../tasks/index.js';
import { createServerApp } from '../app.js';
import { DEFAULT_SETTINGS, readServerSettings, type ServerSettings } from '../settings.js';
import { ChangeProposals } from './changes.js';

/** A verified change that creates one file, as `POST /v1/tasks/change` keeps it (the task's real result shape). */
function verifiedChange(path: string, text: string): TaskResultOf<'change'> {
  return {
    edits: [{ path, baseHash: '' }],
    details: { after: { [path]: text } },
    verification: { status: 'pass', blocked: false, reasons: [] },
  } as unknown as TaskResultOf<'change'>;
}

describe('writing a change into the team workspace (POST /v1/changes/{id}/apply)', () => {
  const made: string[] = [];
  let store: ServerStore;
  let userId: string;
  let token: string;
  beforeAll(async () => {
    const data = mkdtempSync(join(tmpdir(), 'vouch-apply-grant-db-'));
    made.push(data);
    store = await openServerStore(join(data, 'server.db'));
    userId = (await store.createUser({ name: 'ada', admin: false })).id;
    token = (await store.createToken({ userId, name: 'web', scopes: ['tasks', 'telemetry'] })).token;
  });
  afterAll(async () => {
    await store.close();
    for (const path of made) rmSync(path, { recursive: true, force: true });
  });

  /** The real app in-process over a fresh workspace, one change kept for ada. */
  async function serverWith(settings: Partial<ServerSettings>, root = newWorkspace()) {
    const proposals = new ChangeProposals(store);
    const id = (await proposals.add(userId, verifiedChange('cart.py', 'TOTAL = 2\n')))!;
    const app = appOver(root, settings);
    const apply = () =>
      app.request(`/v1/changes/${id}/apply`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
    const health = async () => (await (await app.request('/v1/health')).json()) as { apply_changes: boolean };
    return { root, apply, health, proposals, id };
  }

  const newWorkspace = () => {
    const root = mkdtempSync(join(tmpdir(), 'vouch-apply-grant-ws-'));
    made.push(root);
    return root;
  };
  const appOver = (root: string, settings: Partial<ServerSettings>) =>
    createServerApp({
      store,
      workspaceRoot: root,
      config: {},
      settings: { ...DEFAULT_SETTINGS, ...settings },
      env: { PATH: process.env.PATH ?? '' },
    });

  it('is off unless the team sets [server] apply_changes = true', () => {
    expect(DEFAULT_SETTINGS.applyChanges).toBe(false);
    expect(readServerSettings({}).applyChanges).toBe(false);
    expect(readServerSettings({ server: { apply_changes: true } }).applyChanges).toBe(true);
    expect(() => readServerSettings({ server: { apply_changes: 'yes' } })).toThrow(/\[server\]/);
  });

  it('answers 403 saying what the administrator must set, and writes nothing, when it is off', async () => {
    const server = await serverWith({});
    const response = await server.apply();
    const body = (await response.json()) as { error: { code: string; message: string; hint: string } };
    expect(response.status).toBe(403);
    expect(body.error.code).toBe('apply_changes_off');
    expect(body.error.message).toContain('[server] apply_changes is off');
    expect(body.error.hint).toContain('`apply_changes = true` under [server]');
    expect(existsSync(join(server.root, 'cart.py'))).toBe(false);
    // (the store keeps what it is given; the app, writing nothing, keeps nothing: see 'keeps no change' below)
    // and the server says so to its faces, so the web UI offers no Accept
    expect((await server.health()).apply_changes).toBe(false);
  });

  it('writes the change when the team allows it', async () => {
    const server = await serverWith({ applyChanges: true });
    expect((await server.health()).apply_changes).toBe(true);
    const response = await server.apply();
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toEqual({ applied: ['cart.py'] });
    expect(readFileSync(join(server.root, 'cart.py'), 'utf8')).toBe('TOTAL = 2\n');
    // applied: a second Accept writes nothing and is told when it was applied
    const again = await server.apply();
    expect(again.status).toBe(409);
    const refusal = ((await again.json()) as { error: { code: string; message: string } }).error;
    expect(refusal.code).toBe('change_already_applied');
    expect(refusal.message).toMatch(/was already applied at \d{4}-\d\d-\d\dT/);
  });

  it('answers an Accept while another is writing the change with change_being_applied: try again', async () => {
    const proposals = new ChangeProposals(store);
    const id = (await proposals.add(userId, verifiedChange('cart.py', 'TOTAL = 5\n')))!;
    // another Accept holds the claim (it is writing)
    expect((await proposals.claim(userId, id))?.proposal).toBeDefined();
    const root = newWorkspace();
    const answer = await appOver(root, { applyChanges: true }).request(`/v1/changes/${id}/apply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(409);
    const refusal = ((await answer.json()) as { error: { code: string; message: string; hint: string } })
      .error;
    expect(refusal.code).toBe('change_being_applied');
    expect(refusal.message).toMatch(/is being applied by another Accept of yours \(since \d{4}-/);
    expect(refusal.hint).toContain('try again in a moment');
    expect(existsSync(join(root, 'cart.py'))).toBe(false);
  });

  it('lets exactly one of two servers behind one store write a change both are asked to apply at once', async () => {
    // two server processes, each with its own checkout of the workspace, so each one's check of the file
    // passes (as two processes on one checkout can both pass it, reading before either writes)
    const proposals = new ChangeProposals(store);
    const id = (await proposals.add(userId, verifiedChange('cart.py', 'TOTAL = 4\n')))!;
    const roots = [newWorkspace(), newWorkspace()];
    const apply = (root: string) =>
      appOver(root, { applyChanges: true }).request(`/v1/changes/${id}/apply`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
    const answers = await Promise.all(roots.map(apply));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 409]);
    const loser = answers.find((answer) => answer.status === 409)!;
    const refusal = ((await loser.json()) as { error: { code: string; message: string } }).error;
    // the other is either still writing (409 change_being_applied) or done (409 change_already_applied)
    expect(refusal.code).toMatch(/^change_(being|already)_applied$/);
    expect(refusal.message).toContain(id);
    // exactly one wrote
    expect(roots.filter((root) => existsSync(join(root, 'cart.py')))).toHaveLength(1);
  });

  it('a change refused for a reason the client can answer waits for its Accept again', async () => {
    const root = newWorkspace();
    const proposals = new ChangeProposals(store);
    const unverified = verifiedChange('cart.py', 'TOTAL = 5\n');
    unverified.verification.status = 'unverified';
    const id = (await proposals.add(userId, unverified))!;
    const apply = (body: string) =>
      appOver(root, { applyChanges: true }).request(`/v1/changes/${id}/apply`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
    const refused = await apply('{}');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('change_not_applied');
    expect(existsSync(join(root, 'cart.py'))).toBe(false);
    const written = await apply('{"write_unverified": true}');
    expect(written.status, await written.clone().text()).toBe(200);
    expect(readFileSync(join(root, 'cart.py'), 'utf8')).toBe('TOTAL = 5\n');
  });

  it('refuses, and never overwrites, a file that changed since the change was made (409 change_outdated)', async () => {
    const root = newWorkspace();
    const server = await serverWith({ applyChanges: true }, root);
    // the user wrote cart.py after the change was computed against its absence
    writeFileSync(join(root, 'cart.py'), 'TOTAL = 99  # mine\n');
    const response = await server.apply();
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('change_outdated');
    expect(readFileSync(join(root, 'cart.py'), 'utf8')).toBe('TOTAL = 99  # mine\n');
    // it can never be written: forgotten
    expect((await server.apply()).status).toBe(404);
  });

  it('finds a kept change after the server restarts (a new app over the same store)', async () => {
    const root = newWorkspace();
    const id = await new ChangeProposals(store).add(userId, verifiedChange('cart.py', 'TOTAL = 3\n'));
    const restarted = appOver(root, { applyChanges: true });
    const response = await restarted.request(`/v1/changes/${id}/apply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(readFileSync(join(root, 'cart.py'), 'utf8')).toBe('TOTAL = 3\n');
  });

  it("keeps at most 20 a user, evicting that user's oldest, never another user's, and none for an hour past", async () => {
    let clock = Date.parse('2026-11-26T12:00:00Z');
    const proposals = new ChangeProposals(store, { now: () => clock });
    const bob = (await store.createUser({ name: 'bob-evict' })).id;
    const theirs = (await proposals.add(userId, verifiedChange('a.py', 'A = 1\n')))!;
    const mine: string[] = [];
    for (let n = 0; n < 25; n++) mine.push((await proposals.add(bob, verifiedChange('b.py', 'B = 1\n')))!);
    expect(await proposals.find(userId, theirs)).toBeDefined();
    const kept = await Promise.all(mine.map((id) => proposals.find(bob, id)));
    expect(kept.filter(Boolean).length).toBe(20);
    expect(kept[0]).toBeUndefined();
    expect(kept[24]).toBeDefined();
    // and only its owner finds it
    expect(await proposals.find(bob, theirs)).toBeUndefined();
    clock += 60 * 60 * 1000 + 1;
    expect(await proposals.find(userId, theirs)).toBeUndefined();
  });

  it('keeps none on a server that writes no change: it could never be applied', async () => {
    expect(
      await new ChangeProposals(store, { keep: false }).add(userId, verifiedChange('c.py', 'C\n')),
    ).toBeNull();
  });
});

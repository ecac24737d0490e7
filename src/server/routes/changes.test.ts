import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerStore } from '../../store/index.js';
import type { ServerStore } from '../../store/record/server-store.js';
import type { TaskResultOf } from '../../tasks/index.js';
import { createServerApp } from '../app.js';
import { DEFAULT_SETTINGS, readServerSettings, type ServerSettings } from '../settings.js';
import { ChangeProposals } from './changes.js';

const delivered = {
  edits: [{ path: 'cart.py', baseHash: '' }],
  details: { after: { 'cart.py': 'TOTAL = 2\n' } },
} as unknown as TaskResultOf<'change'>;

describe('the changes the server keeps for an Accept', () => {
  it("one user asking for many evicts their own oldest, never another user's", () => {
    const proposals = new ChangeProposals();
    const theirs = proposals.add('ada', delivered)!;
    const mine = Array.from({ length: 25 }, () => proposals.add('bob', delivered)!);
    expect(proposals.find('ada', theirs)).toBeDefined();
    expect(mine.filter((id) => proposals.find('bob', id)).length).toBe(20);
    expect(proposals.find('bob', mine[0]!)).toBeUndefined();
    expect(proposals.find('bob', mine[24]!)).toBeDefined();
    // and only its owner finds it
    expect(proposals.find('bob', theirs)).toBeUndefined();
  });

  it('keeps none on a server that writes no change: it could never be applied', () => {
    expect(new ChangeProposals({ keep: false }).add('ada', delivered)).toBeNull();
    expect(new ChangeProposals({ keep: true }).add('ada', delivered)).toMatch(/^change-/);
  });
});

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
  function serverWith(settings: Partial<ServerSettings>) {
    const root = mkdtempSync(join(tmpdir(), 'vouch-apply-grant-ws-'));
    made.push(root);
    const proposals = new ChangeProposals();
    const id = proposals.add(userId, verifiedChange('cart.py', 'TOTAL = 2\n'))!;
    const app = createServerApp({
      store,
      workspaceRoot: root,
      config: {},
      settings: { ...DEFAULT_SETTINGS, ...settings },
      env: { PATH: process.env.PATH ?? '' },
      proposals,
    });
    const apply = () =>
      app.request(`/v1/changes/${id}/apply`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
    const health = async () => (await (await app.request('/v1/health')).json()) as { apply_changes: boolean };
    return { root, apply, health, proposals, id };
  }

  it('is off unless the team sets [server] apply_changes = true', () => {
    expect(DEFAULT_SETTINGS.applyChanges).toBe(false);
    expect(readServerSettings({}).applyChanges).toBe(false);
    expect(readServerSettings({ server: { apply_changes: true } }).applyChanges).toBe(true);
    expect(() => readServerSettings({ server: { apply_changes: 'yes' } })).toThrow(/\[server\]/);
  });

  it('answers 403 saying what the administrator must set, and writes nothing, when it is off', async () => {
    const server = serverWith({});
    const response = await server.apply();
    const body = (await response.json()) as { error: { code: string; message: string; hint: string } };
    expect(response.status).toBe(403);
    expect(body.error.code).toBe('apply_changes_off');
    expect(body.error.message).toContain('[server] apply_changes is off');
    expect(body.error.hint).toContain('`apply_changes = true` under [server]');
    expect(existsSync(join(server.root, 'cart.py'))).toBe(false);
    // the change is still kept: once the team allows writing, it can be accepted
    expect(server.proposals.find(userId, server.id)).toBeDefined();
    // and the server says so to its faces, so the web UI offers no Accept
    expect((await server.health()).apply_changes).toBe(false);
  });

  it('writes the change when the team allows it', async () => {
    const server = serverWith({ applyChanges: true });
    expect((await server.health()).apply_changes).toBe(true);
    const response = await server.apply();
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toEqual({ applied: ['cart.py'] });
    expect(readFileSync(join(server.root, 'cart.py'), 'utf8')).toBe('TOTAL = 2\n');
  });
});

import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { openServerStore } from './open-server-store.js';
import { withStoreRecordsLock } from './store-origin.js';

/**
 * r43: mode and git tracking cannot tell whose a store is (an archive unpacked under umask 077 gives a 0600
 * file the user owns, outside git), so vouch opens an existing SQLite store only when it recorded making it
 * for this user, or when the user adopts it.
 */

const made: string[] = [];
const tempDir = (prefix = 'vouch-store-origin-') => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The author's store with an admin token, made under the author's own state dir. */
async function authorsStore(): Promise<{ file: string; token: string }> {
  const file = join(tempDir(), 'server.db');
  const store = await openServerStore(file, { env: { XDG_STATE_HOME: tempDir('vouch-author-state-') } });
  const user = await store.createUser({ name: 'mallory', admin: true });
  const { token } = await store.createToken({ userId: user.id, name: 't', scopes: ['tasks'] });
  await store.close();
  return { file, token };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('a server store vouch did not make for this user', () => {
  it('is refused when unpacked from an archive under umask 077 (0600, the user’s, no git)', async () => {
    const author = await authorsStore();
    const unpacked = join(tempDir(), 'server.db');
    copyFileSync(author.file, unpacked);
    chmodSync(unpacked, 0o600);
    const env = { XDG_STATE_HOME: tempDir('vouch-victim-state-') };
    const error = await refusal(openServerStore(unpacked, { env }));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(`the server database ${unpacked} was not made by your vouch`);
    expect((error as UsageError).hint).toContain('vouch serve --adopt-store');
  });

  it('opens the user’s own store again, and one the user adopts from then on', async () => {
    const env = { XDG_STATE_HOME: tempDir('vouch-user-state-') };
    const own = join(tempDir(), 'server.db');
    const first = await openServerStore(own, { env });
    const user = await first.createUser({ name: 'alice' });
    const { token } = await first.createToken({ userId: user.id, name: 't', scopes: ['tasks'] });
    await first.close();
    const again = await openServerStore(own, { env });
    expect((await again.authenticate(token))?.user.name).toBe('alice');
    await again.close();

    // a store of the user's that no record names (an older vouch, a restored copy): refused, then adopted
    const restored = join(tempDir(), 'server.db');
    copyFileSync(own, restored);
    expect(await refusal(openServerStore(restored, { env }))).toBeInstanceOf(UsageError);
    const adopted = await openServerStore(restored, { env, adopt: true });
    await adopted.close();
    const later = await openServerStore(restored, { env });
    expect((await later.authenticate(token))?.user.name).toBe('alice');
    await later.close();
  });

  it('holds a -journal to the same checks, and refuses one left without its database', async () => {
    const env = { XDG_STATE_HOME: tempDir('vouch-user-state-') };
    const own = join(tempDir(), 'server.db');
    await (await openServerStore(own, { env })).close();
    writeFileSync(`${own}-journal`, 'x', { mode: 0o644 });
    chmodSync(`${own}-journal`, 0o644);
    expect(String(await refusal(openServerStore(own, { env })))).toContain(`${own}-journal is readable`);

    const lone = join(tempDir(), 'server.db');
    writeFileSync(`${lone}-wal`, 'x', { mode: 0o600 });
    expect(String(await refusal(openServerStore(lone, { env })))).toContain('is there without its database');
  });

  it('does not replay a -wal an archive unpacked beside the user’s own recorded store', async () => {
    // the author's store written whole into its write-ahead log (VACUUM, no checkpoint), the log copied out
    // while open: what an archive can carry as `.vouch/server.db-wal`
    const author = await authorsStore();
    const db = new Database(author.file);
    db.pragma('wal_autocheckpoint = 0');
    db.exec('vacuum');
    const wal = readFileSync(`${author.file}-wal`);
    db.close();

    const env = { XDG_STATE_HOME: tempDir('vouch-user-state-') };
    const own = join(tempDir(), 'server.db');
    const first = await openServerStore(own, { env });
    await first.createUser({ name: 'alice', admin: true });
    await first.close();
    writeFileSync(`${own}-wal`, wal, { mode: 0o600 });
    const error = await refusal(
      openServerStore(own, { env }).then(async (store) => {
        const seen = await store.authenticate(author.token);
        await store.close();
        return seen;
      }),
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(`${own}-wal`);
    expect((error as UsageError).hint).toContain('vouch serve --adopt-store');
    // the user's store itself is as they left it once the stranger is gone
    rmSync(`${own}-wal`);
    const again = await openServerStore(own, { env });
    expect(await again.authenticate(author.token)).toBeUndefined();
    await again.close();
  });

  it('opens the user’s store with the -wal and -shm its own vouch left (a crash, or another process of theirs)', async () => {
    const env = { XDG_STATE_HOME: tempDir('vouch-user-state-') };
    const own = join(tempDir(), 'server.db');
    const running = await openServerStore(own, { env });
    const user = await running.createUser({ name: 'alice' });
    const { token } = await running.createToken({ userId: user.id, name: 't', scopes: ['tasks'] });
    // a second process of the user's while the first still runs: the -wal and -shm are the first's
    expect(existsSync(`${own}-wal`)).toBe(true);
    const second = await openServerStore(own, { env });
    expect((await second.authenticate(token))?.user.name).toBe('alice');
    await second.close();
    await running.close();
  });

  it('is refused even when adopted if others may write it', async () => {
    const env = { XDG_STATE_HOME: tempDir('vouch-user-state-') };
    const author = await authorsStore();
    chmodSync(author.file, 0o644);
    expect(String(await refusal(openServerStore(author.file, { env, adopt: true })))).toContain('mode 644');
  });
});

describe('the lock on the user’s store records', () => {
  // its protocol (stale locks, holders, moved-aside files) is store-lock.test.ts's
  it('is released by its holder, leaving nothing beside the records', async () => {
    const state = tempDir('vouch-user-state-');
    expect(await withStoreRecordsLock({ XDG_STATE_HOME: state }, async () => 'done')).toBe('done');
    expect(readdirSync(join(state, 'vouch'))).toEqual([]);
  });
});

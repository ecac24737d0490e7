import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { dashboardStoreContract } from './dashboard-store.case.js';
import { openServerStore } from './open-server-store.js';
import { serverStoreContract } from './server-store.case.js';

const made: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-server-store-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
// the stores these tests make are recorded here, not in the user's own state dir (store-origin.ts)
const env = { XDG_STATE_HOME: tempDir() };

serverStoreContract('sqlite', () => openServerStore(join(tempDir(), 'server.db'), { env }));
dashboardStoreContract('sqlite', () => openServerStore(join(tempDir(), 'server.db'), { env }));

describe('sqlite server store', () => {
  it('keeps tokens across reopening (migrations run once)', async () => {
    const file = join(tempDir(), 'server.db');
    const first = await openServerStore(file, { env });
    const user = await first.createUser({ name: 'alice' });
    const { token } = await first.createToken({ userId: user.id, name: 't', scopes: ['tasks'] });
    await first.close();
    const second = await openServerStore(`sqlite:${file}`, { env });
    expect((await second.authenticate(token))?.user.name).toBe('alice');
    await second.close();
  });

  it('refuses a file that is not a database without deleting it', async () => {
    const file = join(tempDir(), 'server.db');
    // the user's own file, adopted (0600: one readable by others, or one vouch did not make and the user
    // did not adopt, is refused before it is read, store-origin.ts)
    writeFileSync(file, 'not a database '.repeat(200), { mode: 0o600 });
    const error = await openServerStore(file, { env, adopt: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/cannot open the server database/);
    expect(existsSync(file)).toBe(true);
  });
});

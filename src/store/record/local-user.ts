import { userInfo } from 'node:os';
import type { ServerStore, User } from './server-store.js';

/** The local user as the store names users (letters, digits and . _ @ -): the OS account's name. */
export function localUserName(): string {
  let name = 'local';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  const cleaned = name.replace(/[^A-Za-z0-9._@-]/g, '_').replace(/^[^A-Za-z0-9]+/, '');
  return (cleaned || 'local').slice(0, 64);
}

/** The user a command run on this machine records as, created on first use. */
export async function localUser(store: ServerStore): Promise<User> {
  const name = localUserName();
  return (await store.findUser(name)) ?? (await store.createUser({ name }));
}

import { userInfo } from 'node:os';

/**
 * The local user as the store names users (letters, digits and . _ @ -): who the CLI's suggestions and
 * audit entries belong to — the same name the language server records under.
 */
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

import { HttpError } from '../http-error.js';
import type { Auth } from '../route.js';

/**
 * `?all=true` asks for the whole team's data: only an administrator whose token carries the admin scope
 * gets it (the rule `GET /v1/stats` applies); anyone else sees their own.
 */
export function teamScope(all: 'true' | 'false' | undefined, auth: Auth, what: string): 'user' | 'all' {
  if (all !== 'true') return 'user';
  if (!(auth.user.admin && auth.token.scopes.includes('admin')))
    throw new HttpError({
      status: 403,
      code: 'forbidden',
      message: `everyone's ${what} need an administrator's token with the admin scope`,
    });
  return 'all';
}

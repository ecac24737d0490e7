import { HttpError } from './http-error.js';
import type { Auth } from './route.js';

/**
 * Which commands a remote user may have the server run (`debug`'s `command`, in the sandbox over the
 * server's workspace). The sandbox contains what runs — no network, no secrets files, no stores, nothing
 * writable outside a scratch folder — but which programs run on a shared machine is the team's choice,
 * not every token holder's: a request runs a command only when it starts with one the workspace's config
 * names (`[server] debug_commands = [["python", "-m", "pytest"], ["npm", "test"]]`; an entry allows any
 * further arguments, so name the test runner, never a bare interpreter or shell), or when the token is an
 * administrator's with the admin scope. Without a command a request can still send the failure's output
 * (`log`), which runs nothing.
 */
export function commandRefusal(
  command: readonly string[],
  allowed: readonly (readonly string[])[],
  auth: Auth,
): HttpError | undefined {
  if (auth.user.admin && auth.token.scopes.includes('admin')) return undefined;
  const listed = allowed.some(
    (entry) =>
      entry.length > 0 && entry.length <= command.length && entry.every((word, i) => command[i] === word),
  );
  if (listed) return undefined;
  const shown = command.join(' ').slice(0, 120);
  return new HttpError({
    status: 403,
    code: 'command_not_allowed',
    message: allowed.length
      ? `this server runs only the commands its configuration names ([server] debug_commands: ${allowed.map((entry) => entry.join(' ')).join(', ')}); \`${shown}\` is not one of them`
      : `this server runs no command a request names ([server] debug_commands is empty); \`${shown}\` was not run`,
    hint: "send the failing output as `log` instead, or ask an administrator to add the command to [server] debug_commands in the server's config",
  });
}

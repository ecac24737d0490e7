import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { userName } from '../../server/schemas.js';
import { SCOPES, type Scope, type TokenRecord } from '../../store/record/server-store.js';
import { withServerStore } from '../../telemetry/cli-store.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';

function parseScopes(value: string | undefined, admin: boolean): Scope[] {
  const scopes = (value ?? (admin ? 'tasks,telemetry,admin' : 'tasks,telemetry'))
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean);
  for (const scope of scopes)
    if (!(SCOPES as readonly string[]).includes(scope))
      throw new UsageError(`unknown scope '${scope}'`, { hint: `scopes: ${SCOPES.join(', ')}` });
  if (scopes.length === 0)
    throw new UsageError('--scope needs at least one scope', { hint: `scopes: ${SCOPES.join(', ')}` });
  return scopes as Scope[];
}

function describeToken(token: TokenRecord, users: Map<string, string>): string {
  const state = token.revokedAt ? `revoked ${token.revokedAt}` : 'active';
  return `${token.id}  ${users.get(token.userId) ?? token.userId}  ${token.name}  ${token.scopes.join(',')}  created ${token.createdAt}  ${state}`;
}

export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .description("API tokens of the team server (in this workspace's server database or VOUCH_DATABASE_URL)");
  token
    .command('create')
    .description('create a token (and the user, if new); the secret is printed once')
    .requiredOption('--user <name>', 'whose token it is')
    .option('--name <label>', 'what the token is for', 'default')
    .option(
      '--scope <scopes>',
      `comma-separated: ${SCOPES.join(', ')} (default tasks,telemetry; with --admin all)`,
    )
    .option('--admin', 'the user is an administrator (only when creating the user)')
    .option('--json', 'print one JSON object: {token, record, user}')
    .action(
      action(
        async (options: { user: string; name: string; scope?: string; admin?: boolean; json?: boolean }) => {
          const name = userName.safeParse(options.user);
          if (!name.success)
            throw new UsageError(`--user '${options.user}' is not a valid user name`, {
              hint: 'letters, digits and . _ @ - (at most 64)',
            });
          const scopes = parseScopes(options.scope, options.admin === true);
          return withServerStore(findWorkspaceRoot(), async (store, where) => {
            const existing = await store.findUser(options.user);
            if (existing && options.admin && !existing.admin)
              throw new UsageError(`${existing.name} exists and is not an administrator`, {
                hint: '--admin applies when the user is created',
              });
            // every refusal comes before anything is written: a failed command leaves no user behind
            const admin = existing ? existing.admin : options.admin === true;
            if (scopes.includes('admin') && !admin)
              throw new UsageError(
                `${options.user} ${existing ? 'is' : 'would not be'} an administrator: no admin scope for them`,
                {
                  hint: existing
                    ? 'give the scopes tasks,telemetry, or a token of an administrator'
                    : 'add --admin to create them as an administrator, or leave out the admin scope',
                },
              );
            const user =
              existing ?? (await store.createUser({ name: options.user, admin: options.admin === true }));
            const created = await store.createToken({ userId: user.id, name: options.name, scopes });
            if (options.json) printJson({ ...created, user, store: where });
            else {
              process.stdout.write(`${created.token}\n`);
              process.stderr.write(
                `token ${created.record.id} for ${user.name}${user.admin ? ' (admin)' : ''}, scopes ${scopes.join(', ')}, in ${where}\nthe secret above is shown once: keep it now\n`,
              );
            }
            return EXIT.ok;
          });
        },
      ),
    );
  token
    .command('list')
    .description('list tokens (never their secrets)')
    .option('--user <name>', "only this user's")
    .option('--json', 'print one JSON object: {tokens}')
    .action(
      action(async (options: { user?: string; json?: boolean }) =>
        withServerStore(findWorkspaceRoot(), async (store) => {
          const users = new Map((await store.listUsers()).map((user) => [user.id, user.name]));
          let userId: string | undefined;
          if (options.user) {
            userId = (await store.findUser(options.user))?.id;
            if (!userId) throw new UsageError(`there is no user named '${options.user}'`);
          }
          const tokens = await store.listTokens(userId);
          if (options.json)
            printJson({ tokens: tokens.map((entry) => ({ ...entry, user: users.get(entry.userId) })) });
          else if (tokens.length === 0)
            process.stdout.write('no tokens; create one with `vouch token create --user NAME`\n');
          else for (const entry of tokens) process.stdout.write(`${describeToken(entry, users)}\n`);
          return EXIT.ok;
        }),
      ),
    );
  token
    .command('revoke')
    .description('revoke a token: requests with it get 401 from now on')
    .argument('<id>', 'the token id (`vouch token list` shows them)')
    .option('--json', 'print one JSON object: {revoked}')
    .action(
      action(async (id: string, options: { json?: boolean }) =>
        withServerStore(findWorkspaceRoot(), async (store) => {
          if (!(await store.revokeToken(id)))
            throw new UsageError(`there is no token with the id '${id}'`, {
              hint: '`vouch token list` shows them',
            });
          if (options.json) printJson({ revoked: id });
          else process.stdout.write(`revoked ${id}\n`);
          return EXIT.ok;
        }),
      ),
    );
}

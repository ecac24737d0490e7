import { z } from 'zod';
import { HttpError } from '../http-error.js';
import { defineRoute, type RouteContext } from '../route.js';
import {
  auditEntry,
  auditQuery,
  createdToken,
  createTokenRequest,
  createUserRequest,
  tokenView,
  userView,
} from '../schemas.js';

const revoked = z.object({ revoked: z.string() });

/** Users' own tokens, and the administrator's users, tokens and audit log. */
export function registerAccountRoutes(context: RouteContext): void {
  const { store } = context;
  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/tokens',
      summary: "the calling user's tokens (never their secrets)",
      tag: 'accounts',
      scope: 'telemetry',
      response: z.object({ tokens: z.array(tokenView) }),
    },
    async (c, { auth }) => c.json({ tokens: await store.listTokens(auth.user.id) }),
  );
  defineRoute(
    context,
    {
      method: 'delete',
      path: '/v1/tokens/{id}',
      summary: 'revoke one of your own tokens',
      tag: 'accounts',
      scope: 'telemetry',
      response: revoked,
    },
    async (c, { params, auth }) => {
      if (!(await store.revokeToken(params.id!, auth.user.id)))
        throw new HttpError({
          status: 404,
          code: 'not_found',
          message: `you have no token with the id ${JSON.stringify(params.id)}`,
        });
      return c.json({ revoked: params.id! });
    },
  );

  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/admin/users',
      summary: 'every user',
      tag: 'admin',
      scope: 'admin',
      response: z.object({ users: z.array(userView) }),
    },
    async (c) => c.json({ users: await store.listUsers() }),
  );
  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/admin/users',
      summary: 'create a user',
      tag: 'admin',
      scope: 'admin',
      body: createUserRequest,
      response: userView,
      status: 201,
    },
    async (c, { body }) => {
      if (await store.findUser(body.name))
        throw new HttpError({
          status: 409,
          code: 'conflict',
          message: `a user named ${JSON.stringify(body.name)} exists`,
        });
      return c.json(await store.createUser({ name: body.name, admin: body.admin === true }), 201);
    },
  );
  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/admin/tokens',
      summary: "every user's tokens (never their secrets)",
      tag: 'admin',
      scope: 'admin',
      response: z.object({ tokens: z.array(tokenView) }),
    },
    async (c) => c.json({ tokens: await store.listTokens() }),
  );
  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/admin/tokens',
      summary: 'create a token for a user; the secret is in this answer only',
      tag: 'admin',
      scope: 'admin',
      body: createTokenRequest,
      response: createdToken,
      status: 201,
    },
    async (c, { body }) => {
      const user = await store.findUser(body.user);
      if (!user)
        throw new HttpError({
          status: 404,
          code: 'not_found',
          message: `there is no user named ${JSON.stringify(body.user)}`,
        });
      if (body.scopes.includes('admin') && !user.admin)
        throw new HttpError({
          status: 400,
          code: 'invalid_request',
          message: `${user.name} is not an administrator: no admin scope for them`,
        });
      return c.json(await store.createToken({ userId: user.id, name: body.name, scopes: body.scopes }), 201);
    },
  );
  defineRoute(
    context,
    {
      method: 'delete',
      path: '/v1/admin/tokens/{id}',
      summary: "revoke anyone's token",
      tag: 'admin',
      scope: 'admin',
      response: revoked,
    },
    async (c, { params }) => {
      if (!(await store.revokeToken(params.id!)))
        throw new HttpError({
          status: 404,
          code: 'not_found',
          message: `there is no token with the id ${JSON.stringify(params.id)}`,
        });
      return c.json({ revoked: params.id! });
    },
  );
  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/admin/audit',
      summary: 'the audit log of outgoing model requests, newest first',
      tag: 'admin',
      scope: 'admin',
      query: auditQuery,
      response: z.object({ entries: z.array(auditEntry) }),
    },
    async (c, { query }) =>
      c.json({
        entries: await store.listAudit({
          ...(query.since ? { since: query.since } : {}),
          ...(query.limit ? { limit: query.limit } : {}),
        }),
      }),
  );
}

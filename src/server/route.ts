import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { Scope, ServerStore, TokenRecord, User } from '../store/record/server-store.js';
import { describeIssues } from '../tasks/index.js';
import type { Admission } from './admission.js';
import { HttpError } from './http-error.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import type { RateLimiter } from './rate-limit.js';

/**
 * Every route is declared once, with its schemas: the declaration registers the handler (with
 * authentication, the scope check, the rate limit and validation of the body and query) and is what the
 * OpenAPI document is generated from.
 */

export interface Auth {
  user: User;
  token: TokenRecord;
}

export type AppEnv = { Variables: { auth: Auth } };

export interface RouteSpec<Body extends z.ZodType | undefined, Query extends z.ZodType | undefined> {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI style: `/v1/tokens/{id}` */
  path: string;
  summary: string;
  tag: string;
  /** undefined: no token needed */
  scope: Scope | undefined;
  body?: Body;
  query?: Query;
  /** the success answer */
  response: z.ZodType;
  status?: 200 | 201;
  /** the route also answers `Accept: text/event-stream` with server-sent events */
  stream?: boolean;
}

export interface RouteInput<Body, Query> {
  body: Body;
  query: Query;
  params: Record<string, string>;
  /** the body as sent (before the schema's defaults and transforms) */
  rawBody: unknown;
  /** set on every route with a scope */
  auth: Auth;
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteContext {
  app: Hono<AppEnv>;
  store: ServerStore;
  limiter: RateLimiter;
  /** every route declared, for the OpenAPI document */
  routes: RouteSpec<z.ZodType | undefined, z.ZodType | undefined>[];
  /** who may run checks and tasks now, who waits, and who gets a 429 (admission.ts) */
  admission: Admission;
}

function bearer(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

async function authenticate(c: Context, context: RouteContext, scope: Scope): Promise<Auth> {
  const secret = bearer(c);
  const unauthenticated = (message: string) =>
    new HttpError({
      status: 401,
      code: 'unauthenticated',
      message,
      hint: 'create a token with `vouch token create --user NAME`',
      headers: {
        'www-authenticate': 'Bearer realm="vouch"',
      },
    });
  if (!secret)
    throw unauthenticated('this endpoint needs an API token: send `Authorization: Bearer <token>`');
  const found = await context.store.authenticate(secret);
  if (!found) throw unauthenticated('the API token is unknown or was revoked');
  const scopes = found.token.scopes;
  if (!scopes.includes(scope) && !(scopes.includes('admin') && found.user.admin))
    throw new HttpError({
      status: 403,
      code: 'forbidden',
      message: `this token lacks the '${scope}' scope`,
      hint: `its scopes: ${scopes.join(', ')}`,
    });
  if (scope === 'admin' && !found.user.admin)
    throw new HttpError({
      status: 403,
      code: 'forbidden',
      message: `${found.user.name} is not an administrator`,
    });
  const wait = await context.limiter.take(found.token.id);
  if (wait !== undefined)
    throw new HttpError({
      status: 429,
      code: 'rate_limited',
      message: 'too many requests for this token',
      hint: `retry in ${wait} s`,
      headers: {
        'retry-after': String(wait),
      },
    });
  return found;
}

export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new HttpError({
      status: 415,
      code: 'unsupported_media_type',
      message: 'send the body as JSON',
      hint: 'set `Content-Type: application/json`',
    });
  const text = await c.req.text();
  if (nestsDeeperThan(text, MAX_JSON_DEPTH))
    throw new HttpError({
      status: 400,
      code: 'invalid_json',
      message: `the body nests arrays and objects more than ${MAX_JSON_DEPTH} deep`,
      hint: 'no request of this API nests that deep; send a flatter body',
    });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError({
      status: 400,
      code: 'invalid_json',
      message: `the body is not valid JSON: ${(error as Error).message}`,
    });
  }
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new HttpError({
      status: 400,
      code: 'invalid_request',
      message: `invalid ${what}: ${describeIssues(parsed.error)}`,
    });
  return parsed.data;
}

export function defineRoute<Body extends z.ZodType | undefined, Query extends z.ZodType | undefined>(
  context: RouteContext,
  spec: RouteSpec<Body, Query>,
  handler: (c: Context<AppEnv>, input: RouteInput<Parsed<Body>, Parsed<Query>>) => Promise<Response>,
): void {
  context.routes.push(spec);
  const honoPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
  context.app.on(spec.method.toUpperCase(), honoPath, async (c) => {
    const auth = spec.scope ? await authenticate(c, context, spec.scope) : (undefined as unknown as Auth);
    if (auth) c.set('auth', auth);
    const rawBody = spec.body ? await readJson(c) : undefined;
    const body = spec.body ? parseWith(spec.body, rawBody, 'body') : undefined;
    const query = spec.query ? parseWith(spec.query, c.req.query(), 'query') : undefined;
    return handler(c, {
      body: body as Parsed<Body>,
      query: query as Parsed<Query>,
      params: c.req.param() as Record<string, string>,
      rawBody,
      auth,
    });
  });
}

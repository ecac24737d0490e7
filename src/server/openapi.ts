import { z } from 'zod';
import type { RouteSpec } from './route.js';
import { errorBody } from './schemas.js';

type JsonSchema = Record<string, unknown>;

/**
 * zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect). Named sub-schemas (`.meta({ id })`) come out as
 * `$defs`; they are hoisted into `components.schemas` and their references rewritten to point there.
 */
function toSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  components: Record<string, JsonSchema>,
): JsonSchema {
  let converted: JsonSchema;
  try {
    converted = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  } catch (error) {
    // a schema zod cannot express (a cycle through a transform, say) must not keep the server from starting:
    // the route still validates with zod, the document just says less
    return { description: `not expressible in JSON Schema: ${(error as Error).message}` };
  }
  delete converted.$schema;
  const defs = converted.$defs as Record<string, JsonSchema> | undefined;
  delete converted.$defs;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [
          key,
          key === '$ref' && typeof inner === 'string'
            ? inner.replace('#/$defs/', '#/components/schemas/')
            : rewrite(inner),
        ]),
      );
    }
    return value;
  };
  for (const [name, definition] of Object.entries(defs ?? {}))
    components[name] = rewrite(definition) as JsonSchema;
  return rewrite(converted) as JsonSchema;
}

const ERRORS: Record<string, string> = {
  '400': 'the request is invalid: the message says which field and why',
  '401': 'no API token, or an unknown or revoked one',
  '403': 'the token lacks the scope, or the privacy policy refuses the model',
  '404': 'no such route, or nothing of yours with that id',
  '413': 'the body is larger than the server accepts',
  '415': 'the body is not JSON',
  '429': 'too many requests for this token: see Retry-After',
};

/** The OpenAPI 3.1 document of every declared route, generated from the routes' zod schemas. */
export function openApiDocument(
  routes: RouteSpec<z.ZodType | undefined, z.ZodType | undefined>[],
  version: string,
): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  components.Error = toSchema(errorBody, 'output', components);
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: unknown[] = [];
    for (const match of route.path.matchAll(/\{(\w+)\}/g))
      parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
    if (route.query) {
      const query = toSchema(route.query, 'input', components);
      const required = new Set((query.required as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries((query.properties as Record<string, JsonSchema>) ?? {}))
        parameters.push({ name, in: 'query', required: required.has(name), schema });
    }
    const success = String(route.status ?? 200);
    const content: Record<string, unknown> = {
      'application/json': { schema: toSchema(route.response, 'output', components) },
    };
    if (route.stream)
      content['text/event-stream'] = {
        schema: {
          type: 'string',
          description:
            'with `Accept: text/event-stream`: server-sent events `stage`, `text-delta`, `check`, `notice`, then `result` (data: {type, result}) or `error` (data: {type, error})',
        },
      };
    const responses: Record<string, unknown> = { [success]: { description: 'success', content } };
    const errors = route.scope ? ERRORS : { '400': ERRORS['400'], '404': ERRORS['404'] };
    for (const [status, description] of Object.entries(errors)) {
      if (!route.body && (status === '413' || status === '415')) continue;
      responses[status] = errorResponse(description!);
    }
    const operation: Record<string, unknown> = {
      operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: route.summary,
      tags: [route.tag],
      security: route.scope ? [{ bearer: [] }] : [],
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(route.body, 'input', components) } },
            },
          }
        : {}),
      responses,
      ...(route.scope ? { 'x-vouch-scope': route.scope } : {}),
    };
    paths[route.path] = { ...paths[route.path], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'vouch',
      version,
      description:
        'The vouch team server: every task, check, scan and licence report over HTTP, acceptance telemetry and accounts. Authenticate with `Authorization: Bearer <token>` (`vouch token create`).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a vouch API token' } },
    },
  };
}

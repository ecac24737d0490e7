import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../../../test/support/temp-project.js';
import { startTestServer, type TestServer } from '../../../test/support/vouch-server.js';
import { IndexStore } from '../../index/index-store.js';
import { refreshIndex } from '../../index/open-index.js';
import { taskEvent } from '../../tasks/index.js';
import { taskResponse, taskResult } from '../schemas.js';

const CODE = 'def add(a, b):\n    return a + b\n';
const ANSWER = `Here it is:\n\`\`\`python\n${CODE}\`\`\`\n`;

/** Reads a server-sent event stream to its end: [{event, data}] in order. */
async function readEvents(response: Response): Promise<{ event: string; data: unknown }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event =
        lines
          .find((line) => line.startsWith('event:'))
          ?.slice(6)
          .trim() ?? 'message';
      const data = lines
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('task routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('runs a task and answers its result with a suggestion id, in the documented shape', async () => {
    server.fake.script('/v1/chat/completions', { text: ANSWER });
    const response = await server.request('/v1/tasks/generate', {
      token: server.tokens.alice,
      json: { spec: 'add two numbers', language: 'python', runChecks: false },
    });
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    const result = taskResult.parse(body);
    expect(result.generated_code).toBe(CODE.trimEnd());
    // the confidence and what earned it, as every face gets them (checks off: low, and nothing vouched)
    expect(result.confidence).toBe('low');
    expect(result.verification.confidenceEvidence).toEqual([]);
    expect(result.suggestion_id).toMatch(/^[0-9a-f-]{36}$/);
    const sent = JSON.stringify(server.fake.requestsTo('/v1/chat/completions').at(-1)!.body);
    expect(sent).toContain('add two numbers');
    const alice = (await server.store.findUser('alice'))!;
    expect(await server.store.getSuggestion(result.suggestion_id!, alice.id)).toMatchObject({
      task: 'generate',
      code: CODE.trimEnd(),
      input: { spec: 'add two numbers', language: 'python', runChecks: false },
    });
    const audit = await server.store.listAudit({ userId: alice.id, limit: 1 });
    expect(audit[0]).toMatchObject({ outcome: 'ok', provider: 'team', model: 'gpt-4o-mini' });
    expect(audit[0]!.endpoint).toBe(`${server.fake.openAiUrl}/chat/completions`);
    expect(audit[0]!.promptChars).toBeGreaterThan(0);
  });

  it('streams the task events as server-sent events, the result last', async () => {
    server.fake.script('/v1/chat/completions', {
      text: ANSWER,
      deltas: ['Here it is:\n```python\n', CODE, '```\n'],
    });
    const response = await server.request('/v1/tasks/generate', {
      token: server.tokens.alice,
      headers: { accept: 'text/event-stream' },
      json: { spec: 'add two numbers', language: 'python', runChecks: false },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEvents(response);
    const kinds = events.map((event) => event.event);
    expect(kinds).toContain('stage');
    expect(kinds).toContain('text-delta');
    expect(kinds.at(-1)).toBe('result');
    const streamed = events
      .filter((event) => event.event === 'text-delta')
      .map((event) => (event.data as { delta: string }).delta)
      .join('');
    expect(streamed).toContain(CODE);
    const last = events.at(-1)!.data as { result: unknown };
    expect(taskResult.parse(last.result).suggestion_id).toBeTruthy();
  });

  it("sends each task's result and events in the schemas its route documents (details included)", async () => {
    server.fake.script('/v1/chat/completions', { text: ANSWER });
    const requests = [
      ['generate', { spec: 'add two numbers', language: 'python', runChecks: false }],
      ['check', { code: CODE, language: 'python', profile: 'typing' }],
      ['scan', { files: [{ path: 'add.py', source: CODE }], external: false }],
      ['licence', {}],
    ] as const;
    for (const [name, json] of requests) {
      const response = await server.request(`/v1/tasks/${name}`, { token: server.tokens.alice, json });
      const body = await response.json();
      expect(response.status, JSON.stringify(body)).toBe(200);
      // strict: a field the schema does not name, or one of another shape, fails here
      const parsed = taskResponse(name).safeParse(body);
      expect(parsed.error?.issues ?? [], name).toEqual([]);
    }
    const streamed = await server.request('/v1/tasks/check', {
      token: server.tokens.alice,
      headers: { accept: 'text/event-stream' },
      json: { code: CODE, language: 'python', profile: 'typing' },
    });
    const events = await readEvents(streamed);
    expect(events.length).toBeGreaterThan(2);
    for (const { data } of events) expect(taskEvent.safeParse(data).error?.issues ?? []).toEqual([]);
  });

  it('streams a model failure as an error event with the reason', async () => {
    server.fake.script('/v1/chat/completions', { kind: 'error', error: 'authentication' });
    const response = await server.request('/v1/tasks/generate', {
      token: server.tokens.alice,
      headers: { accept: 'text/event-stream' },
      json: { spec: 'add two numbers', language: 'python', runChecks: false },
    });
    const events = await readEvents(response);
    expect(events.at(-1)).toMatchObject({
      event: 'error',
      data: { error: { code: 'model_authentication' } },
    });
    // the same failure without streaming is a bad gateway, not a 500
    server.fake.script('/v1/chat/completions', { kind: 'error', error: 'authentication' });
    const plain = await server.request('/v1/tasks/generate', {
      token: server.tokens.alice,
      json: { spec: 'add two numbers', language: 'python', runChecks: false },
    });
    expect(plain.status).toBe(502);
  });

  it('aborts the model request when the client goes away', async () => {
    server.fake.script('/v1/chat/completions', { text: ANSWER, fault: 'stall', cutAfter: 2 });
    const bob = (await server.store.findUser('bob'))!;
    const client = new AbortController();
    const response = await server.request('/v1/tasks/generate', {
      token: server.tokens.bob,
      headers: { accept: 'text/event-stream' },
      json: { spec: 'add two numbers', language: 'python', runChecks: false },
      signal: client.signal,
    });
    const reader = response.body!.getReader();
    // wait until the model's first words reached the client: the model request is in flight
    let seen = '';
    while (!seen.includes('text-delta')) seen += new TextDecoder().decode((await reader.read()).value);
    client.abort();
    // the stalled model stream never ends by itself: an audit entry for it means the server cut it off
    const entry = await until(async () => {
      const [latest] = await server.store.listAudit({ userId: bob.id, limit: 1 });
      return latest?.operation === 'stream' ? latest : undefined;
    }, 'the aborted model request in the audit log');
    expect(entry.outcome).toMatch(/cancelled|aborted/);
  });

  it('aborts the model request of a plain JSON request when the client goes away', async () => {
    server.fake.script('/v1/chat/completions', { kind: 'fault', fault: 'hang' });
    const root = (await server.store.findUser('root'))!;
    const { token } = await server.store.createToken({ userId: root.id, name: 'hang', scopes: ['tasks'] });
    const before = server.fake.requestsTo('/v1/chat/completions').length;
    const client = new AbortController();
    const pending = server
      .request('/v1/tasks/generate', {
        token,
        json: { spec: 'add two numbers', language: 'python', runChecks: false },
        signal: client.signal,
      })
      .catch(() => undefined);
    await until(
      async () => (server.fake.requestsTo('/v1/chat/completions').length > before ? true : undefined),
      'the model request',
    );
    client.abort();
    await pending;
    // the fake never answers: an audit entry means the server gave up on the model when the client left
    const entry = await until(async () => {
      const [latest] = await server.store.listAudit({ userId: root.id, limit: 1 });
      return latest;
    }, 'the aborted model request in the audit log');
    expect(entry.outcome).toMatch(/aborted|cancelled/);
  });

  it("records telemetry about the user's own suggestions and computes acceptance", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      server.fake.script('/v1/chat/completions', { text: ANSWER });
      const result = await (
        await server.request('/v1/tasks/generate', {
          token: server.tokens.bob,
          json: { spec: `task ${i}`, language: 'python', runChecks: false },
        })
      ).json();
      ids.push((result as { suggestion_id: string }).suggestion_id);
    }
    const events = [
      ...ids.map((id) => ({ suggestion_id: id, kind: 'shown', face: 'lsp' })),
      { suggestion_id: ids[0], kind: 'accepted' },
      { suggestion_id: ids[1], kind: 'modified', final_code: CODE.trimEnd().replace('+', '-') },
      { suggestion_id: ids[2], kind: 'rejected' },
    ];
    const posted = await server.request('/v1/events', { token: server.tokens.bob, json: { events } });
    expect(posted.status).toBe(201);
    expect(await posted.json()).toEqual({ recorded: 6 });
    // alice cannot report on bob's suggestions, and sees none of them in her stats
    const foreign = await server.request('/v1/events', {
      token: server.tokens.alice,
      json: { events: [{ suggestion_id: ids[0], kind: 'rejected' }] },
    });
    expect(foreign.status).toBe(404);
    const stats = (await (await server.request('/v1/stats', { token: server.tokens.bob })).json()) as {
      scope: string;
      total: { shown: number; accepted: number; rejected: number; acceptanceRate: number };
      meanEditDistance: number;
    };
    expect(stats.scope).toBe('user');
    expect(stats.total).toMatchObject({ shown: 3, accepted: 2, rejected: 1 });
    expect(stats.total.acceptanceRate).toBeCloseTo(2 / 3);
    expect(stats.meanEditDistance).toBe(1);
    const aliceStats = (await (await server.request('/v1/stats', { token: server.tokens.alice })).json()) as {
      total: { rejected: number };
    };
    expect(aliceStats.total.rejected).toBe(0);
    const everyone = await server.request('/v1/stats?all=true', { token: server.tokens.admin });
    expect(((await everyone.json()) as { scope: string }).scope).toBe('all');
  });
});

describe('privacy policy', () => {
  it('local-only refuses a remote model, naming the policy, and audits the refusal', async () => {
    const server = await startTestServer({
      settings: { privacy: 'local-only' },
      provider: { location: 'remote' },
    });
    try {
      const response = await server.request('/v1/tasks/generate', {
        token: server.tokens.alice,
        json: { spec: 'add two numbers', language: 'python', runChecks: false },
      });
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status).toBe(403);
      expect(body.error.code).toBe('privacy_policy');
      expect(body.error.message).toContain("'local-only'");
      expect(server.fake.requestsTo('/v1/chat/completions')).toHaveLength(0);
      const [entry] = await server.store.listAudit({ limit: 1 });
      expect(entry).toMatchObject({
        outcome: 'refused: local-only',
        location: 'remote',
        policy: 'local-only',
        // where the prompt would have gone: scheme, host and path, though nothing was sent
        endpoint: server.fake.openAiUrl.replace(/\/+$/, ''),
      });
      expect(entry?.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    } finally {
      await server.close();
    }
  });

  it('redacts secrets bound for a remote model even when the provider says never, and audits the count', async () => {
    const server = await startTestServer({ provider: { location: 'remote', redact: 'never' } });
    try {
      server.fake.script('/v1/chat/completions', { text: ANSWER });
      // built from parts so that no scanner takes this file for a leak
      const secret = ['ghp_', 'R7xK2mV9pL4qW8zT3nB6yH1jD5fC0sA2gE7u'].join('');
      const response = await server.request('/v1/tasks/generate', {
        token: server.tokens.alice,
        json: { spec: `upload with key ${secret} to the bucket`, language: 'python', runChecks: false },
      });
      expect(response.status).toBe(200);
      expect(JSON.stringify(server.fake.requestsTo('/v1/chat/completions')[0]!.body)).not.toContain(secret);
      const [entry] = await server.store.listAudit({ limit: 1 });
      expect(entry!.redactions).toBeGreaterThan(0);
      expect(JSON.stringify(entry)).not.toContain(secret);
      // nor is it kept with the suggestion: its request is stored with the placeholder
      const { suggestion_id: id } = (await response.json()) as { suggestion_id: string };
      const alice = (await server.store.findUser('alice'))!;
      const stored = await server.store.getSuggestion(id, alice.id);
      expect(JSON.stringify(stored)).not.toContain(secret);
      expect(JSON.stringify(stored!.input)).toContain('<<SECRET_1>>');
    } finally {
      await server.close();
    }
  });

  it('keeps no secret of the request in a stored suggestion’s context, whose reasons quote it (r41)', async () => {
    const server = await startTestServer();
    try {
      writeFiles(server.workspace, {
        'shop/gateway.py': 'def connect_payment_gateway(host, password):\n    return (host, password)\n',
      });
      const index = IndexStore.open(server.workspace);
      try {
        await refreshIndex({ root: server.workspace, store: index, poolThreshold: Number.POSITIVE_INFINITY });
      } finally {
        index.close();
      }
      server.fake.script('/v1/chat/completions', { text: ANSWER });
      // built from parts so that no scanner takes this file for a leak
      const password = ['Tr0ub4', 'dor&3xyzQ'].join('');
      const response = await server.request('/v1/tasks/generate', {
        token: server.tokens.alice,
        json: {
          spec: `connect_payment_gateway password = "${password}" then retry the payment twice`,
          language: 'python',
          runChecks: false,
        },
      });
      const body = (await response.json()) as { suggestion_id: string; context: { reason: string }[] };
      expect(response.status, JSON.stringify(body)).toBe(200);
      const alice = (await server.store.findUser('alice'))!;
      const stored = await server.store.getSuggestion(body.suggestion_id, alice.id);
      const reasons = (stored!.context as { reason: string }[]).map((entry) => entry.reason);
      // the context is there, its reason quoting the request, with the placeholder for the password
      expect(reasons.join('\n')).toMatch(/match #1 for "connect_payment_gateway password = "<<SECRET_1>>"/);
      expect(JSON.stringify(stored)).not.toContain(password);
    } finally {
      await server.close();
    }
  });

  it('redacts the commonest credential names before a remote model sees them, counts them in the audit log and stores none', async () => {
    const server = await startTestServer({ provider: { location: 'remote' } });
    try {
      // the model answers with the placeholders, as models echo them: they stay (issue 55: never put back)
      server.fake.script('/v1/chat/completions', {
        text: 'Done.\n```python\nAPI_KEY = "<<SECRET_1>>"\npassword = "<<SECRET_2>>"\n```\n',
      });
      const values = [
        'a8f3kQ9zLm2xVb7T',
        'Tr0ub4dor&3xyzQ',
        'django-insecure-9x!k2m@q7z',
        'ghx7Qm2pLk9vBn4R',
        'kX9#mQ2vL8pR',
      ];
      const spec = [
        'keep these settings:',
        `API_KEY = "${values[0]}"`,
        `password = "${values[1]}"`,
        `SECRET_KEY = "${values[2]}"`,
        `token = "${values[3]}"`,
        `DB_PASSWORD = "${values[4]}"`,
        'first = tokens[0]',
        'password = getpass()',
      ].join('\n');
      const response = await server.request('/v1/tasks/generate', {
        token: server.tokens.alice,
        json: { spec, language: 'python', runChecks: false },
      });
      expect(response.status).toBe(200);
      const sent = JSON.stringify(server.fake.requestsTo('/v1/chat/completions')[0]!.body);
      for (const value of values) expect(sent).not.toContain(JSON.stringify(value).slice(1, -1));
      // ordinary code is left as it was
      expect(sent).toContain('first = tokens[0]');
      expect(sent).toContain('password = getpass()');
      const [entry] = await server.store.listAudit({ limit: 1 });
      expect(entry!.redactions).toBe(5);
      const result = (await response.json()) as { suggestion_id: string; generated_code: string };
      expect(result.generated_code).toContain('API_KEY = "<<SECRET_1>>"');
      expect(result.generated_code).not.toContain(values[0]);
      const alice = (await server.store.findUser('alice'))!;
      const stored = JSON.stringify(await server.store.getSuggestion(result.suggestion_id, alice.id));
      for (const value of values) expect(stored).not.toContain(JSON.stringify(value).slice(1, -1));
    } finally {
      await server.close();
    }
  });

  it('telemetry = "metadata" on the server keeps code and requests out of its store; false records nothing', async () => {
    const metadata = await startTestServer({ settings: { telemetry: 'metadata' } });
    try {
      metadata.fake.script('/v1/chat/completions', { text: ANSWER });
      const result = (await (
        await metadata.request('/v1/tasks/generate', {
          token: metadata.tokens.alice,
          json: { spec: 'add two numbers', language: 'python', runChecks: false },
        })
      ).json()) as { suggestion_id: string; generated_code: string };
      // the user still gets the code; the store keeps what statistics need, not the code
      expect(result.generated_code).toBe(CODE.trimEnd());
      const alice = (await metadata.store.findUser('alice'))!;
      const stored = await metadata.store.getSuggestion(result.suggestion_id, alice.id);
      expect(stored).toMatchObject({ task: 'generate', code: '', input: null });
      // a face's own suggestion and a kept version are stored without code too
      const posted = await metadata.request('/v1/suggestions', {
        token: metadata.tokens.alice,
        json: {
          task: 'complete',
          language: 'python',
          model: 'fake',
          confidence: 'medium',
          verification: 'pass',
          code: CODE,
          input: { prefix: 'def add(' },
          face: 'lsp',
        },
      });
      expect(posted.status).toBe(201);
      const id = ((await posted.json()) as { suggestion_id: string }).suggestion_id;
      expect(await metadata.store.getSuggestion(id, alice.id)).toMatchObject({
        code: '',
        // the confidence is the client's claim, and stored as such
        input: { face: 'lsp', confidence_source: 'client' },
      });
      const events = await metadata.request('/v1/events', {
        token: metadata.tokens.alice,
        json: {
          events: [{ suggestion_id: id, kind: 'modified', final_code: 'def add(a, b): return b + a' }],
        },
      });
      expect(events.status).toBe(201);
      expect(JSON.stringify(await metadata.store.acceptedSuggestions())).not.toContain('return b + a');
    } finally {
      await metadata.close();
    }

    const off = await startTestServer({ settings: { telemetry: 'off' } });
    try {
      off.fake.script('/v1/chat/completions', { text: ANSWER });
      const result = (await (
        await off.request('/v1/tasks/generate', {
          token: off.tokens.alice,
          json: { spec: 'add two numbers', language: 'python', runChecks: false },
        })
      ).json()) as { suggestion_id: string | null; generated_code: string };
      expect(result.generated_code).toBe(CODE.trimEnd());
      expect(result.suggestion_id).toBeNull();
      const refused = await off.request('/v1/events', {
        token: off.tokens.alice,
        json: { events: [{ suggestion_id: 'x', kind: 'shown' }] },
      });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('telemetry_off');
    } finally {
      await off.close();
    }
  });
});

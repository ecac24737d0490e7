import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/vouch-server.js';
import { evalRun, evalRunsResponse, privacySettingsResponse, securityStatsResponse } from '../schemas.js';

const UNSAFE = 'import pickle\n\n\ndef load(data):\n    return pickle.loads(data)\n';
const SAFE = 'def add(a, b):\n    return a + b\n';
const fenced = (code: string) => `\`\`\`python\n${code}\`\`\`\n`;

/** What `vouch eval --json` prints, trimmed to a realistic few fields beyond the stored ones. */
const EVAL_OUTPUT = {
  benchmark: 'humaneval',
  form: 'original',
  harness: 'python-exec',
  problems: 164,
  problemsWithoutSamples: 0,
  samples: 1640,
  passed: 1000,
  'pass@k': { '1': 0.61, '10': 0.8 },
  skippedK: [100],
  pipeline: { 'pass@1': 0.66 },
  failureKinds: { assertion: 600, timeout: 40 },
  perProblem: [{ taskId: 'HumanEval/0', n: 10, c: 7, failures: { assertion: 3 } }],
  resultsFile: 'samples.jsonl_results.jsonl',
  resumed: 0,
  interrupted: false,
  sandboxed: true,
  durationMs: 81_250,
};

describe('dashboard data routes: security gate, eval runs, privacy settings', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("records each suggestion's security gate and CWE ids, and reports them per user and for the team", async () => {
    for (const [token, code] of [
      [server.tokens.alice, UNSAFE],
      [server.tokens.alice, SAFE],
      [server.tokens.bob, UNSAFE],
    ] as const) {
      server.fake.script('/v1/chat/completions', { text: fenced(code) });
      const response = await server.request('/v1/tasks/generate', {
        token,
        json: { spec: 'load or add', language: 'python', repair: 0 },
      });
      expect(response.status, await response.clone().text()).toBe(200);
    }
    const today = new Date().toISOString().slice(0, 10);
    const mine = securityStatsResponse.parse(
      await (await server.request('/v1/stats/security', { token: server.tokens.alice })).json(),
    );
    expect(mine.scope).toBe('user');
    expect(mine.days).toEqual([{ day: today, suggestions: 2, passed: 1, failed: 1, notRun: 0, unknown: 0 }]);
    expect(mine.byCwe.map((entry) => entry.cwe)).toContain(502);
    expect(mine.byCwe.find((entry) => entry.cwe === 502)).toMatchObject({ suggestions: 1 });

    const team = securityStatsResponse.parse(
      await (await server.request('/v1/stats/security?all=true', { token: server.tokens.admin })).json(),
    );
    expect(team.scope).toBe('all');
    expect(team.days[0]).toMatchObject({ suggestions: 3, failed: 2 });
    expect(team.byCwe.find((entry) => entry.cwe === 502)).toMatchObject({ suggestions: 2 });

    const refused = await server.request('/v1/stats/security?all=true', { token: server.tokens.alice });
    expect(refused.status).toBe(403);
    expect(
      (await server.request('/v1/stats/security?since=yesterday', { token: server.tokens.alice })).status,
    ).toBe(400);
    expect((await server.request('/v1/stats/security')).status).toBe(401);
  });

  it("takes `vouch eval --json` output as an eval run and lists runs by their owner's visibility", async () => {
    const posted = await server.request('/v1/eval-runs', {
      token: server.tokens.alice,
      json: { ...EVAL_OUTPUT, model: 'team:gpt-4o-mini' },
    });
    expect(posted.status, await posted.clone().text()).toBe(201);
    const run = evalRun.parse(await posted.json());
    expect(run).toMatchObject({
      benchmark: 'humaneval',
      model: 'team:gpt-4o-mini',
      passAtK: { '1': 0.61, '10': 0.8 },
      pipelinePassAt1: 0.66,
      selectedPassAt1: null,
      source: 'api',
    });
    await server.request('/v1/eval-runs', {
      token: server.tokens.bob,
      json: { ...EVAL_OUTPUT, 'pass@k': { '1': 0.2 } },
    });

    const mine = evalRunsResponse.parse(
      await (await server.request('/v1/eval-runs', { token: server.tokens.alice })).json(),
    );
    expect(mine.runs.map((entry) => entry.id)).toEqual([run.id]);
    const team = evalRunsResponse.parse(
      await (await server.request('/v1/eval-runs?all=true', { token: server.tokens.admin })).json(),
    );
    expect(team.runs).toHaveLength(2);
    expect((await server.request('/v1/eval-runs?all=true', { token: server.tokens.bob })).status).toBe(403);

    // an interrupted run, a rate out of range or impossible counts are refused, and nothing is written
    for (const bad of [
      { ...EVAL_OUTPUT, interrupted: true },
      { ...EVAL_OUTPUT, 'pass@k': { '1': 1.5 } },
      { ...EVAL_OUTPUT, passed: 5000 },
      { ...EVAL_OUTPUT, samples: 'many' },
    ]) {
      const response = await server.request('/v1/eval-runs', { token: server.tokens.alice, json: bad });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).not.toBe('');
    }
    expect(
      evalRunsResponse.parse(
        await (await server.request('/v1/eval-runs', { token: server.tokens.alice })).json(),
      ).runs,
    ).toHaveLength(1);
  });

  it('records no selected pass@1 for a selection that ranked no problem (a uniform pick is no ranking)', async () => {
    // A selection that ranked no problem (every pick uniform) gives no selected figure; one that ranked
    // some does.
    const selected = (unranked: number) => ({
      ...EVAL_OUTPUT,
      problems: 2,
      selected: {
        'pass@k': { '1': 0.5 },
        unranked: Array.from({ length: unranked }, (_, index) => ({
          taskId: `Toy/${index}`,
          reason: 'no candidate is usable',
        })),
      },
    });
    for (const [unranked, figure] of [
      [2, null],
      [1, 0.5],
    ] as const) {
      const response = await server.request('/v1/eval-runs', {
        token: server.tokens.bob,
        json: selected(unranked),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      expect(evalRun.parse(await response.json()).selectedPassAt1).toBe(figure);
    }
  });

  it('shows the privacy settings to an administrator only, read-only', async () => {
    const response = await server.request('/v1/admin/privacy', { token: server.tokens.admin });
    expect(response.status).toBe(200);
    const settings = privacySettingsResponse.parse(await response.json());
    expect(settings).toMatchObject({
      policy: 'redact-remote',
      policySource: 'default',
      editable: false,
      redaction: { remote: 'always', providers: [{ name: 'team', location: 'local', redact: 'remote' }] },
      retention: { automatic: false },
    });
    expect(settings.retention.suggestions).toBeGreaterThan(0);
    expect(JSON.stringify(settings)).not.toContain('127.0.0.1');
    expect((await server.request('/v1/admin/privacy', { token: server.tokens.alice })).status).toBe(403);
  });
});

describe('privacy settings under local-only, a remote provider with redaction switched off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      settings: { privacy: 'local-only' },
      provider: { location: 'remote', redact: 'never' },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('says nothing is sent to remote models and that the policy overrides `redact = "never"`', async () => {
    const settings = privacySettingsResponse.parse(
      await (await server.request('/v1/admin/privacy', { token: server.tokens.admin })).json(),
    );
    expect(settings.policy).toBe('local-only');
    expect(settings.redaction.remote).toBe('never-sent');
    expect(settings.redaction.providers).toEqual([{ name: 'team', location: 'remote', redact: 'remote' }]);
  });
});

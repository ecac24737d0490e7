import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/vouch-server.js';

describe('check, scan and licence routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('checks code and says which check failed', async () => {
    const response = await server.request('/v1/check', {
      token: server.tokens.alice,
      json: { code: 'def broken(:\n    pass\n', language: 'py' },
    });
    const body = (await response.json()) as { status: string; checks: { name: string; status: string }[] };
    expect(response.status).toBe(200);
    expect(body.status).toBe('fail');
    expect(body.checks.find((check) => check.name === 'syntax')?.status).toBe('fail');
  });

  it('/v1/check of Ruby is unverified with the reason, as `vouch check` says; Python passes (w167)', async () => {
    const response = await server.request('/v1/check', {
      token: server.tokens.alice,
      json: { code: 'system(ARGV[0])\n', language: 'ruby', path: 'run.rb' },
    });
    const body = (await response.json()) as {
      status: string;
      reasons: string[];
      checks: { name: string; status: string; unverified?: string }[];
    };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe('unverified');
    expect(body.reasons).toContain('security: nothing checked, the security rules do not read ruby');
    expect(body.checks.find((check) => check.name === 'security')).toMatchObject({
      status: 'skip',
      unverified: 'the security rules do not read ruby',
    });
    // a Python file the rules read, with nothing to flag, still passes
    const python = await server.request('/v1/check', {
      token: server.tokens.alice,
      json: { code: 'print(1)\n', language: 'python', path: 'ok.py' },
    });
    const passed = (await python.json()) as { status: string; reasons: string[] };
    expect(passed.status, JSON.stringify(passed.reasons)).toBe('pass');
  });

  it('scans sources for flaws and secrets', async () => {
    const key = ['AKIA', 'Q3EGT7XWMJ5KZLPR'].join('');
    const response = await server.request('/v1/scan', {
      token: server.tokens.alice,
      json: {
        files: [
          { path: 'app.py', source: `import os\nAWS_KEY = "${key}"\nos.system(input())\n` },
          { path: 'clean.py', source: 'x = 1\n' },
        ],
      },
    });
    const body = (await response.json()) as { files: number; failing: number; findings: { file: string }[] };
    expect(response.status).toBe(200);
    expect(body.files).toBe(2);
    expect(body.failing).toBeGreaterThan(0);
    expect(body.findings.every((finding) => finding.file === 'app.py')).toBe(true);
    expect(JSON.stringify(body)).not.toContain(key);
  });

  it('/v1/scan of no file the rules read is unverified, never a pass; a Python file passes (w141)', async () => {
    // no file at all is a bad request, as before
    const none = await server.request('/v1/scan', { token: server.tokens.alice, json: { files: [] } });
    expect(none.status).toBe(400);
    const response = await server.request('/v1/scan', {
      token: server.tokens.alice,
      json: { files: [{ path: 'notes.md', source: '# notes\n' }] },
    });
    const body = (await response.json()) as { status: string; tools: { tool: string; reason?: string }[] };
    expect(response.status).toBe(200);
    expect(body.status).toBe('unverified');
    expect(body.tools.find((tool) => tool.tool === 'vouch')?.reason).toMatch(/^nothing checked: /);
    const clean = await server.request('/v1/scan', {
      token: server.tokens.alice,
      json: { files: [{ path: 'clean.py', source: 'x = 1\n' }] },
    });
    expect(((await clean.json()) as { status: string }).status).toBe('pass');
  });

  it("reports the served project's dependency licences", async () => {
    writeFileSync(
      join(server.workspace, 'package.json'),
      JSON.stringify({ name: 'p', license: 'MIT', dependencies: { leftpad: '1.0.0' } }),
    );
    const response = await server.request('/v1/licence', { token: server.tokens.alice, json: {} });
    const body = (await response.json()) as {
      dependencies: { packages: { name: string }[] };
      matches: unknown[];
    };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.dependencies.packages.map((pkg) => pkg.name)).toContain('leftpad');
    const missing = await server.request('/v1/licence', {
      token: server.tokens.alice,
      json: { code: 'x = 1' },
    });
    expect(missing.status).toBe(400);
    expect(
      (
        (await server
          .request('/v1/licence', { token: server.tokens.alice, json: {} })
          .then((r) => r.json())) as { status: string }
      ).status,
    ).toBe('pass');
  });

  it('says a licence report of a project with no manifest is not verified, not "0 packages" passed (w167)', async () => {
    rmSync(join(server.workspace, 'package.json'), { force: true });
    const response = await server.request('/v1/licence', { token: server.tokens.alice, json: {} });
    const body = (await response.json()) as {
      status: string;
      reasons: string[];
      dependencies: { packages: unknown[]; manifests: string[] };
    };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.dependencies).toMatchObject({ packages: [], manifests: [] });
    expect(body.status).toBe('unverified');
    expect(body.reasons.join('\n')).toContain('no dependency manifest read');
  });

  it('says a licence report whose manifest could not be read is not verified (w154)', async () => {
    writeFileSync(join(server.workspace, 'package.json'), '{ broken');
    const response = await server.request('/v1/licence', { token: server.tokens.alice, json: {} });
    const body = (await response.json()) as { status: string; reasons: string[] };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe('unverified');
    expect(body.reasons.join('\n')).toContain('package.json: could not be read');
  });
});

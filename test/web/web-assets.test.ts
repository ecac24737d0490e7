import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '../../src/server/app.js';
import { DEFAULT_SETTINGS } from '../../src/server/settings.js';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import type { ServerStore } from '../../src/store/record/server-store.js';
import { tempProject } from '../support/temp-project.js';

/** `GET /v1/files` and the page's own routes, in-process: Request in, Response out. */
describe('web assets and GET /v1/files', () => {
  const made: string[] = [];
  let store: ServerStore;
  let app: ReturnType<typeof createServerApp>;
  let token: string;
  let outside: string;

  beforeAll(async () => {
    outside = tempProject('vouch-outside-', { 'private.py': 'SECRET_PLAN = 1\n' }, made);
    const root = tempProject(
      'vouch-files-',
      {
        'src/app.py':
          Array.from({ length: 30 }, (_, index) => `line_${index + 1} = ${index + 1}`).join('\n') + '\n',
        '.gitignore': 'build-output/\n',
        'build-output/report.py': 'ignored = True\n',
        'node_modules/pkg/index.js': 'module.exports = 1;\n',
        '.env': 'API_KEY=abc123\n',
        'deploy/server.pem': '-----BEGIN PRIVATE KEY-----\n',
      },
      made,
    );
    symlinkSync(join(outside, 'private.py'), join(root, 'src', 'escape.py'));
    symlinkSync(join(root, '.env'), join(root, 'src', 'settings.py'));
    // inside a repository git lists symbolic links as files: the server must still not follow them out
    execFileSync('git', ['init', '-q'], { cwd: root });
    const data = mkdtempSync(join(tmpdir(), 'vouch-files-db-'));
    made.push(data);
    store = await openServerStore(join(data, 'server.db'));
    const user = await store.createUser({ name: 'lin' });
    token = (await store.createToken({ userId: user.id, name: 't', scopes: ['tasks', 'telemetry'] })).token;
    app = createServerApp({ store, workspaceRoot: root, config: {}, settings: DEFAULT_SETTINGS, env: {} });
  });

  afterAll(async () => {
    await store?.close();
    for (const path of made) rmSync(path, { recursive: true, force: true });
  });

  const file = (query: string, secret: string | null = token) =>
    app.fetch(
      new Request(
        `http://vouch.test/v1/files?${query}`,
        secret ? { headers: { authorization: `Bearer ${secret}` } } : {},
      ),
    );

  it('returns the asked lines of a workspace file', async () => {
    const response = await file('path=src/app.py&start=3&end=5');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      path: 'src/app.py',
      language: 'python',
      startLine: 3,
      endLine: 5,
      totalLines: 30,
      text: 'line_3 = 3\nline_4 = 4\nline_5 = 5',
    });
  });

  it('clamps a range past the end of the file', async () => {
    const body = (await (await file('path=src/app.py&start=29&end=400')).json()) as {
      endLine: number;
      text: string;
    };
    expect(body.endLine).toBe(30);
    expect(body.text).toBe('line_29 = 29\nline_30 = 30');
  });

  it('needs a token', async () => {
    expect((await file('path=src/app.py', null)).status).toBe(401);
  });

  it.each([
    ['../outside.py', 400],
    ['/etc/passwd', 400],
    ['src/../src/app.py', 400],
    ['src\\app.py', 400],
    ['.env', 403],
    ['deploy/server.pem', 403],
    ['build-output/report.py', 404],
    ['node_modules/pkg/index.js', 404],
    ['src/missing.py', 404],
    ['src/escape.py', 404],
    ['src/settings.py', 403],
  ])('refuses %s with %i', async (path, status) => {
    const response = await file(`path=${encodeURIComponent(path)}`);
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('SECRET_PLAN');
    expect(text).not.toContain('PRIVATE KEY');
  });

  it('refuses an end before the start', async () => {
    const response = await file('path=src/app.py&start=5&end=2');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'before start',
    );
  });

  it('is in the OpenAPI document', async () => {
    const document = (await (await app.fetch(new Request('http://vouch.test/openapi.json'))).json()) as {
      paths: Record<string, unknown>;
    };
    expect(document.paths['/v1/files']).toBeDefined();
  });

  it('serves only hashed assets by their plain names', async () => {
    for (const name of ['..%2Fpackage.json', '.hidden.js', 'missing.js'])
      expect((await app.fetch(new Request(`http://vouch.test/assets/${name}`))).status).toBe(404);
  });
});

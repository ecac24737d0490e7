import { readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { taskNames } from '../../src/tasks/index.js';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { writeFiles } from '../support/temp-project.js';
import { startTestServer, type TestServer } from '../support/vouch-server.js';

/**
 * The team server as a hostile colleague tries it: two users (alice and bob, `tasks` tokens) and an
 * administrator against one server. Every task route is driven; no route lets bob reach what alice made,
 * read a file through a link out of the workspace or into a secrets file, see the stores from the
 * sandbox, or run a command the team did not allow; what alice's command prints reaches alice only.
 * (test/cli/serve-security.test.ts runs the same kind of checks against a real `vouch serve` process.)
 */

const available = (await sandboxAvailability()).available;

// assembled at run time, so no scanner takes this file for a leak
const ENV_SECRET = ['sk-live-', 'envfile', '7Qm2pLk9vBn4R'].join('');
const CODE = 'def add(a, b):\n    return a + b\n';
const ANSWER = `Here it is:\n\`\`\`python\n${CODE}\`\`\`\nIt adds.\n`;
/** a reply with no code in it */
const PROSE = 'That file is not one I was shown, so I cannot say what is in it.\n';
/** what alice's failing command prints: it must reach alice and nobody else */
const PRINTED = ['alice-only-', 'output-', '5c1f'].join('');

const PROJECT = {
  'app/__init__.py': '',
  'app/calc.py': 'def add(a, b):\n    return a + b\n\n\ndef double(x: int) -> int:\n    return x * 2\n',
  // a function still to write: where a completion has something to add
  'app/todo.py': 'def add_again(a, b):\n    \n',
  'tests/__init__.py': '',
  'tests/test_calc.py':
    'from app.calc import add, double\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_double():\n    assert double(4) == 8\n',
  'tests/test_fails.py': `def test_fails():\n    print(${JSON.stringify(PRINTED)})\n    assert 1 == 2\n`,
  '.env': `API_KEY=${ENV_SECRET}\n`,
};

/** One request per task route whose file or folder leads somewhere vouch must not read. */
function pathRequests(target: string): Record<string, unknown> {
  return {
    explain: { file: target },
    fix: { file: target },
    complete: { file: target, line: 1, column: 1 },
    test: { file: target },
    refactor: { file: target, goal: 'make it shorter' },
    debug: {
      log: `Traceback (most recent call last):\n  File "${target}", line 1, in <module>\nNameError: x\n`,
    },
    generate: { spec: 'add two numbers', language: 'python', file: target, runChecks: false },
    review: {
      patch: `--- a/${target}\n+++ b/${target}\n@@ -1,1 +1,1 @@\n-x = 1\n+x = 2\n`,
      useModel: true,
    },
    // the model cites the link: the citation must not resolve (nor be read)
    ask: { question: `what is in ${target}?` },
    chat: { message: `show me ${target}`, useContext: true },
    // the gate's tasks: the code is placed at the path (check) or only named by it (scan); licence names none
    check: { code: 'x = 1\n', language: 'python', path: target },
    scan: { files: [{ path: target, source: 'x = 1\n' }] },
    licence: { code: 'x = 1\n', language: 'python' },
    // a change names the files it needs (a new file may be named: never one that leads somewhere else)
    change: { request: `change ${target}`, files: [target], repair: 0 },
  };
}

/** A request per task route that succeeds for alice (and records a suggestion where the result has code). */
const WORKING: Record<string, unknown> = {
  generate: { spec: 'add two numbers', language: 'python', runChecks: false },
  chat: { message: 'write add(a, b)', language: 'python' },
  complete: { file: 'app/todo.py', line: 2, column: 5, runChecks: false },
  explain: { code: CODE, language: 'python' },
  ask: { question: 'what does add do?' },
  fix: { file: 'app/calc.py' },
  review: {
    patch:
      '--- a/app/calc.py\n+++ b/app/calc.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a + b\n+    return b + a\n',
  },
  debug: {
    log: 'Traceback (most recent call last):\n  File "app/calc.py", line 2, in add\nTypeError: unsupported operand\n',
  },
  test: { file: 'app/calc.py', symbol: 'double', maxMutants: 5, rounds: 0 },
  refactor: { file: 'app/calc.py', symbol: 'double', goal: 'use addition', maxInputs: 20 },
  check: { code: CODE, language: 'python', path: 'app/calc.py' },
  scan: { files: [{ path: 'app/calc.py', source: CODE }] },
  licence: {},
  change: { request: 'make add commutative', files: ['app/calc.py'], repair: 0 },
};

describe.skipIf(!available)('the team server against two users', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      provider: { location: 'remote' },
      settings: { debugCommands: [['python3', '-m', 'pytest']] },
    });
    writeFiles(server.workspace, PROJECT);
    symlinkSync('../.env', join(server.workspace, 'app', 'settings.py'));
    symlinkSync('/etc/shadow', join(server.workspace, 'app', 'shadow.py'));
    symlinkSync('../.vouch/server.db', join(server.workspace, 'app', 'store.py'));
    symlinkSync('/etc', join(server.workspace, 'etc'));
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.fake.reset();
    server.fake.handle('/v1/chat/completions', () => ({ text: ANSWER }));
    server.fake.handle('/v1/completions', () => ({ text: '    return a + b\n' }));
  });

  const sentToModel = () => JSON.stringify(server.fake.requests.map((request) => request.body));

  it('covers every task route the server has', () => {
    expect(Object.keys(pathRequests('x')).sort()).toEqual([...taskNames()].sort());
    expect(Object.keys(WORKING).sort()).toEqual([...taskNames()].sort());
  });

  for (const [target, what] of [
    ['app/settings.py', 'a link to the .env file'],
    ['app/shadow.py', 'a link to /etc/shadow'],
    ['app/store.py', "a link into vouch's stores"],
    ['.vouch/server.db', "vouch's store by name"],
    ['etc/passwd', 'a file under a linked folder outside the workspace'],
  ] as const) {
    it(`no task route reads ${what} (${target}) or sends it to the model`, async () => {
      // chat's reply is prose here: code in it would be verified by generate's checks (mypy, flake8,
      // Bandit, the tests in the sandbox), work on the reply's own code that has nothing to do with the
      // path asked about (the context and the citations, which are)
      server.fake.handle('/v1/chat/completions', (request) =>
        JSON.stringify(request.body).includes(`show me ${target}`) ? { text: PROSE } : { text: ANSWER },
      );
      for (const [task, body] of Object.entries(pathRequests(target))) {
        const response = await server.request(`/v1/tasks/${task}`, { token: server.tokens.bob, json: body });
        const text = await response.text();
        // refused (400/403), or answered without the file: never its content
        expect([200, 400, 403], `${task}: ${text}`).toContain(response.status);
        for (const leaked of [ENV_SECRET, 'root:', 'SQLite format']) {
          expect(text, `${task} answered with the file`).not.toContain(leaked);
          expect(sentToModel(), `${task} sent the file to the model`).not.toContain(leaked);
        }
      }
      // the one resolver answers /v1/files the same way
      const file = await server.request(`/v1/files?path=${encodeURIComponent(target)}`, {
        token: server.tokens.bob,
      });
      expect([403, 404]).toContain(file.status);
    });
  }

  it('a task route refuses a named link to a secrets file with the reason, as /v1/files does', async () => {
    const response = await server.request('/v1/tasks/explain', {
      token: server.tokens.bob,
      json: { file: 'app/settings.py' },
    });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('secrets_file');
    expect(body.error.message).toContain('leads to a secrets file');
    expect(server.fake.requests).toHaveLength(0);
  });

  it('keeps what every task route made for alice away from bob', async () => {
    const stats = async (token: string) =>
      ((await (await server.request('/v1/stats', { token })).json()) as { total: { suggestions: number } })
        .total.suggestions;
    const bobBefore = await stats(server.tokens.bob);
    const aliceBefore = await stats(server.tokens.alice);
    const made: { task: string; id: string }[] = [];
    for (const [task, body] of Object.entries(WORKING)) {
      const response = await server.request(`/v1/tasks/${task}`, { token: server.tokens.alice, json: body });
      const result = (await response.json()) as { suggestion_id?: string | null; error?: unknown };
      expect(response.status, `${task}: ${JSON.stringify(result).slice(0, 400)}`).toBe(200);
      if (result.suggestion_id) made.push({ task, id: result.suggestion_id });
    }
    // most routes give code: the check below must have something to check
    expect(made.length).toBeGreaterThanOrEqual(5);
    const events = (token: string, id: string) =>
      server.request('/v1/events', { token, json: { events: [{ suggestion_id: id, kind: 'accepted' }] } });
    for (const { task, id } of made) {
      // another user's suggestion is "not found", never "forbidden": its existence is not confirmed
      expect((await events(server.tokens.bob, id)).status, task).toBe(404);
    }
    // bob's own statistics do not count alice's suggestions; alice's count all of them
    expect(await stats(server.tokens.bob)).toBe(bobBefore);
    // bob cannot widen his view: ?all=true is an administrator's
    expect((await server.request('/v1/stats?all=true', { token: server.tokens.bob })).status).toBe(403);
    expect(await stats(server.tokens.alice)).toBe(aliceBefore + made.length);
    expect((await events(server.tokens.alice, made[0]!.id)).status).toBe(201);
    // nor the audit log of alice's model calls
    expect((await server.request('/v1/admin/audit', { token: server.tokens.bob })).status).toBe(403);
  });

  it("keeps alice's conversations and tokens away from bob", async () => {
    const created = await server.request('/v1/conversations', {
      token: server.tokens.alice,
      json: { title: 'private plans' },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await server.request(`/v1/conversations/${id}`, { token: server.tokens.bob })).status).toBe(404);
    expect(
      (
        await server.request(`/v1/conversations/${id}/turns`, {
          token: server.tokens.bob,
          json: { question: 'injected', reply: 'injected' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await server.request(`/v1/conversations/${id}`, { token: server.tokens.bob, method: 'DELETE' }))
        .status,
    ).toBe(404);
    const listed = (await (
      await server.request('/v1/conversations', { token: server.tokens.bob })
    ).json()) as {
      conversations: unknown[];
    };
    expect(JSON.stringify(listed)).not.toContain('private plans');
    const tokens = (await (await server.request('/v1/tokens', { token: server.tokens.alice })).json()) as {
      tokens: { id: string }[];
    };
    for (const token of tokens.tokens)
      expect(
        (await server.request(`/v1/tokens/${token.id}`, { token: server.tokens.bob, method: 'DELETE' }))
          .status,
      ).toBe(404);
  });

  it('runs only the commands the configuration names; an administrator may run others', async () => {
    for (const command of [
      ['cat', '.vouch/server.db'],
      ['python3', '-c', 'print(open(".vouch/server.db").read())'],
      ['sh', '-c', 'id'],
      // a listed prefix is matched word by word, not as text
      ['python3', '-m', 'pytestx'],
    ]) {
      const response = await server.request('/v1/tasks/debug', {
        token: server.tokens.bob,
        json: { command },
      });
      expect(response.status, command.join(' ')).toBe(403);
      const body = (await response.json()) as { error: { code: string; hint: string } };
      expect(body.error.code).toBe('command_not_allowed');
      expect(body.error.hint).toContain('[server] debug_commands');
    }
    expect(server.fake.requests).toHaveLength(0);
    // an administrator's token with the admin scope runs any command, still in the sandbox: the stores
    // are not there
    const admin = await server.request('/v1/tasks/debug', {
      token: server.tokens.admin,
      json: { command: ['python3', '-c', 'print(open(".vouch/server.db").read())'] },
    });
    const text = await admin.text();
    expect(text).not.toContain('SQLite format');
    expect(text).toMatch(/No such file or directory|FileNotFoundError/);
  });

  it("what alice's command prints goes to alice only: not to bob, the audit log, the store or the model's log", async () => {
    const response = await server.request('/v1/tasks/debug', {
      token: server.tokens.alice,
      json: { command: ['python3', '-m', 'pytest', '-q', 'tests/test_fails.py'] },
    });
    const text = await response.text();
    expect(response.status, text.slice(0, 400)).toBe(200);
    expect(text).toContain(PRINTED);
    // nothing bob can ask for holds it
    for (const path of [
      '/v1/stats',
      '/v1/conversations',
      '/v1/tokens',
      '/v1/stats/security',
      '/v1/eval-runs',
    ]) {
      const seen = await (await server.request(path, { token: server.tokens.bob })).text();
      expect(seen, path).not.toContain(PRINTED);
    }
    // nor the audit log (sizes and endpoints only), nor anything the server keeps on disk
    const audit = await (await server.request('/v1/admin/audit', { token: server.tokens.admin })).text();
    expect(audit).not.toContain(PRINTED);
    const store = join(server.workspace, '.vouch', 'server.db');
    for (const file of [store, `${store}-wal`]) {
      let bytes = '';
      try {
        bytes = readFileSync(file, 'latin1');
      } catch {
        continue;
      }
      expect(bytes, file).not.toContain(PRINTED);
    }
  });

  it('keeps the stores private on disk: 0600 files in a 0700 .vouch/', async () => {
    const dir = join(server.workspace, '.vouch');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'server.db')).mode & 0o777).toBe(0o600);
  });

  it('code sent to /v1/check runs in the sandbox, where the stores and secrets files are not', async () => {
    const probe = [
      'import os',
      'def test_cannot_see_the_stores():',
      `    for path in [${JSON.stringify(join(server.workspace, '.vouch', 'server.db'))}, ${JSON.stringify(join(server.workspace, '.env'))}]:`,
      '        assert not os.path.exists(path), path',
      '',
    ].join('\n');
    const response = await server.request('/v1/check', {
      token: server.tokens.bob,
      json: { code: CODE, language: 'python', path: 'app/probe.py', tests: [probe] },
    });
    const body = (await response.json()) as { checks: { name: string; status: string; reason?: string }[] };
    expect(response.status).toBe(200);
    expect(body.checks.find((check) => check.name === 'tests')).toMatchObject({ status: 'pass' });
    // nor may the code be placed over a store or through a link out of the workspace
    for (const path of ['.vouch/evil.py', 'etc/evil.py', '.env', 'app/store.py']) {
      for (const route of ['/v1/check', '/v1/tasks/check']) {
        const placed = await server.request(route, {
          token: server.tokens.bob,
          json: { code: CODE, language: 'python', path },
        });
        // refused: 400 for a way out of the workspace, 403 for a secrets file or a store (as /v1/files)
        expect([400, 403], `${route} ${path}`).toContain(placed.status);
      }
    }
  });
});

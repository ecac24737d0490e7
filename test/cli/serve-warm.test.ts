import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { runCli } from '../support/run-cli.js';
import { type ServeProcess, startServeProcess } from '../support/serve-process.js';
import { WARM_IMPORTS_APP, warmImportsProject } from '../support/temp-project.js';

/**
 * `vouch serve` keeps `complete`'s imports check warm, as the language server does: one sandboxed worker
 * keeps the modules checks imported, so an editor plugin completing through the team server does not pay
 * a cold sandbox and Python for each completion that adds an import. The server hears of no saves, so
 * the worker's freshness check is all that stands between an edited module and a stale pass: a module
 * changed on disk must be seen at the next completion. Through the built `vouch serve` against a
 * loopback OpenAI-compatible server.
 */

const { available } = await sandboxAvailability();
const APP = WARM_IMPORTS_APP;
const made: string[] = [];
let fake: FakeProviders;
let workspace: string;

beforeAll(async () => {
  fake = await startFakeProviders();
  workspace = warmImportsProject('vouch-serve-warm-', made);
});
afterAll(async () => {
  await fake.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

interface ImportsCheck {
  status: string;
  details?: { probe?: string };
  findings: { ruleId: string; message: string }[];
}

describe.skipIf(!available)('vouch serve: the warm imports check', () => {
  let server: ServeProcess;
  let token: string;
  beforeAll(async () => {
    const created = await runCli(['token', 'create', '--user', 'ed', '--json'], { cwd: workspace });
    expect(created.code, created.stderr).toBe(0);
    token = created.json<{ token: string }>().token;
    server = await startServeProcess(workspace, {
      OPENAI_BASE_URL: fake.openAiUrl,
      VOUCH_MODEL: 'openai:qwen2.5-coder-1.5b',
    });
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(130);
  });

  const complete = async (answer: string, text = APP): Promise<ImportsCheck | undefined> => {
    fake.reset();
    fake.script('/v1/completions', { text: answer });
    const response = await fetch(`${server.url}/v1/tasks/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ file: 'app.py', line: 5, column: 5, text, cache: false }),
    });
    const body = (await response.json()) as {
      verification?: { checks: (ImportsCheck & { name: string })[] };
    };
    expect(response.status, JSON.stringify(body)).toBe(200);
    return body.verification?.checks.find((check) => check.name === 'imports');
  };

  it('answers from the warm worker, and never from a module edited on disk since it was imported', async () => {
    const uses = 'from pkg.helpers import helper\n    return helper()\n';
    const first = await complete(uses);
    expect(first?.status, JSON.stringify(first)).toBe('pass');
    // the worker started with the first check and kept pkg.helpers: the next check runs in it
    const second = await complete(uses, `${APP}# edited\n`);
    expect(second?.status, JSON.stringify(second)).toBe('pass');
    expect(second?.details?.probe).toBe('warm');
    // someone edits the module on disk: the server is told nothing
    writeFileSync(join(workspace, 'pkg/helpers.py'), 'def renamed():\n    return 1\n');
    const stale = await complete(uses, `${APP}# edited again\n`);
    expect(stale?.status, JSON.stringify(stale)).toBe('fail');
    expect(stale?.findings.map((finding) => finding.message).join('\n')).toMatch(/helper/);
    const renamed = await complete(
      'from pkg.helpers import renamed\n    return renamed()\n',
      `${APP}# third\n`,
    );
    expect(renamed?.status, JSON.stringify(renamed)).toBe('pass');
  });
});

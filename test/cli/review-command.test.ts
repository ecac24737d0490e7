import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  MODEL_REVIEW,
  ORDERS_AFTER,
  ORDERS_BEFORE,
  ORDERS_TEST,
  USERS_PY,
} from '../../src/tasks/review/__fixtures__/shop.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';

const fake = await fakeProvidersForFile();
let workspace: string;

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: workspace,
    encoding: 'utf8',
  });

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-review-cli-'));
  mkdirSync(join(workspace, 'app'));
  mkdirSync(join(workspace, 'tests'));
  writeFileSync(join(workspace, 'vouch.toml'), '');
  writeFileSync(join(workspace, 'app/__init__.py'), '');
  writeFileSync(join(workspace, 'app/users.py'), USERS_PY);
  writeFileSync(join(workspace, 'app/orders.py'), ORDERS_BEFORE);
  writeFileSync(join(workspace, 'tests/test_orders.py'), ORDERS_TEST);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'shop');
  writeFileSync(join(workspace, 'app/orders.py'), ORDERS_AFTER);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const cli = (args: string[], input?: string) =>
  runMain(['review', ...args, '--model', 'openai:gpt-4o-mini'], {
    cwd: workspace,
    env: { OPENAI_BASE_URL: fake.openAiUrl },
    ...(input !== undefined ? { input } : {}),
  });

describe('vouch review', () => {
  it('reviews the staged change as text and exits 1 on findings at --fail-on', async () => {
    await runMain(['index'], { cwd: workspace });
    git('add', 'app/orders.py');
    fake.script('/v1/chat/completions', { text: MODEL_REVIEW });
    const result = await cli(['--staged']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('app/orders.py:7  CRITICAL');
    expect(result.stdout).toContain('app/orders.py:18  HIGH');
    expect(result.stdout).toContain('the codebase does it differently at app/users.py:13');
    expect(result.stdout).not.toContain('sk_live_51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee');
  });

  it('writes a GitHub pull-request review and SARIF for a commit range', async () => {
    git('commit', '-qam', 'orders of a customer');
    fake.script('/v1/chat/completions', { text: MODEL_REVIEW }, { text: MODEL_REVIEW });
    const github = await cli(['HEAD~1..HEAD', '--format', 'github', '--fail-on', 'critical']);
    expect(github.code).toBe(1);
    const body = github.json<{
      event: string;
      comments: { path: string; line: number; side: string; body: string }[];
    }>();
    expect(body.event).toBe('REQUEST_CHANGES');
    const sql = body.comments.find((comment) => comment.line === 18)!;
    expect(sql).toMatchObject({ path: 'app/orders.py', side: 'RIGHT' });
    expect(sql.body).toContain(
      '```suggestion\n    return conn.execute("SELECT id, cents FROM orders WHERE customer = ?", (customer,)).fetchall()\n```',
    );
    const sarif = await cli(['HEAD~1..HEAD', '--format', 'sarif', '--fail-on', 'none']);
    expect(sarif.code).toBe(0);
    const log = sarif.json<{ version: string; runs: { results: { ruleId: string; level: string }[] }[] }>();
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results.map((entry) => entry.ruleId)).toEqual(
      expect.arrayContaining(['secret.stripe-key', 'sql-injection']),
    );
  });

  it('reviews a patch file from outside git with --json, gate only', async () => {
    const patch = git('diff');
    const plain = mkdtempSync(join(tmpdir(), 'vouch-review-patch-'));
    try {
      writeFileSync(join(plain, 'change.patch'), patch);
      const result = await runMain(['review', '--patch', 'change.patch', '--no-model-review', '--json'], {
        cwd: plain,
      });
      expect(result.code).toBe(1);
      const output = result.json<{ details: { comments: { ruleId: string; line: number }[] } }>();
      expect(output.details.comments.map((comment) => [comment.ruleId, comment.line])).toEqual(
        expect.arrayContaining([
          ['secret.stripe-key', 7],
          ['sql-injection', 18],
        ]),
      );
      expect(fake.requests).toHaveLength(0);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('says what is wrong with exit 2: not a repository, bad flags; an empty diff is not verified (exit 1)', async () => {
    git('commit', '-qam', 'orders');
    const empty = await cli(['--staged']);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toContain('NOT VERIFIED: nothing checked: the diff is empty: nothing is staged');
    const outside = mkdtempSync(join(tmpdir(), 'vouch-review-none-'));
    try {
      const none = await runMain(['review', '--json'], { cwd: outside });
      expect(none.code).toBe(2);
      expect(none.json<{ error: { message: string } }>().error.message).toContain('is not a git repository');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    expect((await cli(['--format', 'xml'])).stderr).toContain("unknown --format 'xml'");
    expect((await cli(['--staged', '--patch', 'x.patch'])).code).toBe(2);
    expect((await cli(['--patch', 'missing.patch'])).stderr).toContain('no such patch file');
  });
});

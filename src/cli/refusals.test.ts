import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProviders, startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { runMain } from '../../test/support/run-main.js';
import { tempProject } from '../../test/support/temp-project.js';
import { AGES, AGES_TESTS } from '../tasks/refactor/__fixtures__/ages.js';
import { PRICING } from '../tasks/test/__fixtures__/pricing.js';

/**
 * What commands refuse, and the team-server commands that need no server running, in-process as `main`
 * runs them (test/support/run-main.ts): the same arguments, exit codes and messages the CLI files asserted
 * of the CLI as a process (test/cli/serve.test.ts, complete.test.ts, index-lifecycle.test.ts,
 * telemetry.test.ts, test-command.test.ts, refactor-command.test.ts, run-timeout.test.ts), which keep what
 * needs a process (a server, a concurrent index, the sandbox).
 */
let fake: FakeProviders;
let made: string[] = [];

beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made = [];
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-serve-'));
  made.push(dir);
  writeFileSync(join(dir, 'vouch.toml'), '');
  return dir;
}

describe('vouch serve, token, stats and prune', () => {
  it('says what is wrong with bad flags, with exit code 2', async () => {
    const cwd = workspace();
    const scope = await runMain(['token', 'create', '--user', 'bob', '--scope', 'root', '--json'], { cwd });
    expect(scope.code).toBe(2);
    expect(scope.json<{ error: { message: string } }>().error.message).toContain("unknown scope 'root'");
    const user = await runMain(['token', 'create', '--user', '../x'], { cwd });
    expect(user.code).toBe(2);
    const revoke = await runMain(['token', 'revoke', 'nope'], { cwd });
    expect(revoke.code).toBe(2);
    expect(revoke.stderr).toContain("no token with the id 'nope'");
    const port = await runMain(['serve', '--port', '70000'], { cwd });
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port');
    const prune = await runMain(['prune', '--older-than', 'soon'], { cwd });
    expect(prune.code).toBe(2);
  });

  it('a token create that fails creates nothing: no user without the admin scope they were refused', async () => {
    const cwd = workspace();
    const refused = await runMain(['token', 'create', '--user', 'dave', '--scope', 'admin', '--json'], {
      cwd,
    });
    expect(refused.code).toBe(2);
    const { error } = refused.json<{ error: { message: string; hint: string } }>();
    expect(error.message).toContain('dave would not be an administrator');
    expect(error.hint).toContain('--admin');
    const listed = await runMain(['token', 'list', '--user', 'dave', '--json'], { cwd });
    expect(listed.code).toBe(2);
    expect(listed.json<{ error: { message: string } }>().error.message).toContain("no user named 'dave'");
    // once created as an administrator, the same request succeeds
    const admin = await runMain(
      ['token', 'create', '--user', 'dave', '--scope', 'admin', '--admin', '--json'],
      {
        cwd,
      },
    );
    expect(admin.code, admin.stderr).toBe(0);
  });

  it('prints stats and prunes with --json', async () => {
    const cwd = workspace();
    const stats = await runMain(['stats', '--json'], { cwd });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.json()).toMatchObject({ scope: 'all', total: { suggestions: 0, acceptanceRate: null } });
    const text = await runMain(['stats'], { cwd });
    expect(text.stdout).toContain('acceptance (everyone)');
    const prune = await runMain(['prune', '--older-than', '90d', '--json'], { cwd });
    expect(prune.json()).toMatchObject({ suggestions: 0, events: 0, audit: 0 });
  });
});

describe('vouch complete', () => {
  it('refuses a bad cursor, a missing file and a position outside the file with exit 2', async () => {
    fake.reset();
    const root = tempProject(
      'vouch-complete-cli-',
      {
        'vouch.toml': '',
        'shop/__init__.py': '',
        'shop/prices.py':
          'def net_price(gross: float, rate: float = 0.2) -> float:\n    return gross / (1 + rate)\n',
        'shop/cart.py':
          'from shop.prices import net_price\n\n\ndef cart_total(items):\n    \n\n\ndef empty():\n    return []\n',
      },
      made,
    );
    const env = { OPENAI_BASE_URL: fake.openAiUrl };
    const model = ['--model', 'openai:qwen2.5-coder-1.5b', '--json'];
    const cases: [string, RegExp][] = [
      ['shop/cart.py:5', /expected FILE:LINE:COL, got 'shop\/cart\.py:5'/],
      ['shop/nope.py:1:1', /cannot read shop\/nope\.py \(ENOENT\)/],
      ['shop/cart.py:99:1', /line 99 is outside shop\/cart\.py \(it has 10 lines\)/],
      ['shop/cart.py:4:40', /column 40 is past the end of line 4 of shop\/cart\.py \(it has 22 characters\)/],
      ['/etc/hostname:1:1', /is outside the workspace/],
    ];
    for (const [cursor, message] of cases) {
      const result = await runMain(['complete', cursor, ...model], { cwd: root, env });
      expect(result.code, cursor).toBe(2);
      expect(result.json<{ error: { message: string } }>().error.message).toMatch(message);
    }
    expect(fake.requestsTo('/v1/completions')).toHaveLength(0);
  });
});

describe('the index', () => {
  it('is never created by a command that only reads it: search and map in a plain folder say what to run', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'vouch-not-a-project-'));
    made.push(plain);
    for (const command of [['search', 'helper'], ['map']]) {
      const result = await runMain([...command, '--json'], { cwd: plain });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain('has no index yet');
      expect(result.stderr).toContain('run `vouch index` first');
    }
    expect(existsSync(join(plain, '.vouch'))).toBe(false);
  });
});

describe('vouch feedback', () => {
  it('feedback on a workspace that never recorded anything says so and creates no store', async () => {
    const root = tempProject('vouch-telemetry-', { 'vouch.toml': '' }, made);
    const result = await runMain(['feedback', '00000000-0000-0000-0000-000000000000', 'accepted', '--json'], {
      cwd: root,
    });
    expect(result.code).toBe(2);
    expect(result.json<{ error: { message: string } }>().error.message).toContain('there is no suggestion');
    expect(existsSync(join(root, '.vouch', 'server.db'))).toBe(false);
  });
});

describe('vouch test', () => {
  function pricingWorkspace(): string {
    return tempProject('vouch-test-cli-', { 'vouch.toml': '', 'pricing.py': PRICING }, made);
  }
  const cli = (root: string, args: string[]) =>
    runMain(['test', ...args, '--model', 'openai:gpt-4o-mini'], {
      cwd: root,
      env: { OPENAI_BASE_URL: fake.openAiUrl },
    });

  it('never overwrites a test file without --force', async () => {
    fake.reset();
    const root = pricingWorkspace();
    writeFileSync(join(root, 'test_pricing.py'), '# mine\n');
    const result = await cli(root, ['pricing.py', '--write', 'test_pricing.py', '--json']);
    expect(result.code).toBe(2);
    expect(result.json<{ error: { message: string; hint: string } }>().error.hint).toContain('--force');
    expect(readFileSync(join(root, 'test_pricing.py'), 'utf8')).toBe('# mine\n');
    expect(fake.requestsTo('/v1/chat/completions')).toHaveLength(0);
  });

  it('refuses a missing file and an unknown symbol with exit 2', async () => {
    const root = pricingWorkspace();
    const missing = await cli(root, ['nothing.py', '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nothing.py: no such file');
    const unknown = await cli(root, ['pricing.py:ship']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("defines no function or class 'ship'");
    expect(unknown.stderr).toContain('shipping_cost, parcel_count');
  });
});

describe('vouch refactor', () => {
  it('refuses bad input with exit 2', async () => {
    const root = tempProject('vouch-refactor-cli-', { 'vouch.toml': '', 'ages.py': AGES }, made);
    mkdirSync(join(root, 'tests'), { recursive: true });
    writeFileSync(join(root, 'tests', 'test_ages.py'), AGES_TESTS);
    const GOAL = ['--goal', 'replace the if/elif chain with a table'];
    const cli = (args: string[]) =>
      runMain(['refactor', ...args, '--model', 'openai:gpt-4o-mini'], {
        cwd: root,
        env: { OPENAI_BASE_URL: fake.openAiUrl },
      });
    const noGoal = await cli(['ages.py']);
    expect(noGoal.code).toBe(2);
    expect(noGoal.stderr).toContain('--goal');
    const unknown = await cli(['ages.py:nope', ...GOAL]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('it defines: age_group, price');
    const missing = await cli(['gone.py', ...GOAL, '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json<{ error: { message: string } }>().error.message).toContain('gone.py: no such file');
  });
});

describe('vouch generate --timeout', () => {
  it('names a bad --timeout as a usage error before asking the model', async () => {
    fake.reset();
    const root = tempProject('vouch-run-timeout-', { 'vouch.toml': '' }, made);
    const result = await runMain(['generate', 'x', '--model', 'openai:m', '--timeout', 'soon', '--json'], {
      cwd: root,
      env: { OPENAI_BASE_URL: fake.openAiUrl },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("--timeout must be a whole number from 1 to 1800, not 'soon'");
    expect(fake.requests).toHaveLength(0);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { runCli } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';
import { tempProject } from '../support/temp-project.js';

let fake: FakeProviders;
let made: string[] = [];
let workspace: string;

beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  workspace = tempProject(
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
});
afterEach(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made = [];
});

const OPENAI = { OPENAI_BASE_URL: '' };
function openAi(): Record<string, string> {
  return { ...OPENAI, OPENAI_BASE_URL: fake.openAiUrl };
}

interface CompleteJson {
  completion: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
  checks: { name: string; status: string }[];
  cached: boolean;
  durationMs: number;
  status: string;
  reasons: string[];
  notes: string[];
  context: { path: string; startLine: number }[];
}

describe('vouch complete', () => {
  it('completes over the OpenAI protocol with the model family FIM template, cut where the body ends', async () => {
    fake.script('/v1/completions', {
      text: 'return sum(net_price(item) for item in items)\n\n\ndef unrelated():\n    pass\n',
    });
    const result = await runMain(
      ['complete', 'shop/cart.py:5:5', '--model', 'openai:qwen2.5-coder-1.5b', '--json'],
      { cwd: workspace, env: openAi() },
    );
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<CompleteJson>();
    expect(output.completion).toBe('return sum(net_price(item) for item in items)');
    expect(output.range).toEqual({ start: { line: 5, column: 5 }, end: { line: 5, column: 50 } });
    expect(output.checks.map((check) => [check.name, check.status])).toEqual([
      ['syntax', 'pass'],
      // it uses net_price, which the file imports: checked against the installed module
      ['imports', 'pass'],
      ['names', 'pass'],
      ['security', 'pass'],
    ]);
    expect(output.cached).toBe(false);
    expect(output.status).toBe('pass');
    // a completion's pass is its static checks', and says that nothing ran it (issue 41)
    expect(output.reasons).toEqual(['checked: syntax, imports, names, security; not run']);
    expect(typeof output.durationMs).toBe('number');
    const body = fake.requestsTo('/v1/completions')[0]!.body as { prompt: string; model: string };
    expect(body.model).toBe('qwen2.5-coder-1.5b');
    expect(body.prompt.startsWith('<|fim_prefix|>')).toBe(true);
    expect(body.prompt).toContain('def cart_total(items):\n    <|fim_suffix|>\n\n\ndef empty():');
  });

  it("after `vouch index` puts the imports' signatures in the prompt, and a second call is answered from the cache", async () => {
    // two processes, as users run them: the second is answered from the cache on disk (the user's cache
    // dir, $XDG_CACHE_HOME/vouch/workspaces/…/complete-cache/: both runs are given the same one)
    const userCache = mkdtempSync(join(tmpdir(), 'vouch-user-cache-'));
    // the index lives in the user's cache dir too (w197): `vouch index` is given the same one
    const indexed = await runCli(['index'], { cwd: workspace, env: { XDG_CACHE_HOME: userCache } });
    expect(indexed.code, indexed.stderr).toBe(0);
    fake.script('/api/generate', { text: 'return sum(net_price(item) for item in items)\n' });
    const first = await runCli(
      ['complete', 'shop/cart.py:5:5', '--model', 'ollama:qwen2.5-coder:1.5b', '--json'],
      {
        cwd: workspace,
        env: { OLLAMA_HOST: fake.url, XDG_CACHE_HOME: userCache },
      },
    );
    expect(first.code, first.stderr).toBe(0);
    const request = fake.requestsTo('/api/generate')[0]!.body as { prompt: string; suffix: string };
    expect(request.prompt).toContain(
      '# shop/prices.py:1: def net_price(gross: float, rate: float = 0.2) -> float:',
    );
    expect(request.suffix.startsWith('\n\n\ndef empty():')).toBe(true);
    expect(first.json<CompleteJson>().context).toEqual([
      expect.objectContaining({ path: 'shop/prices.py', startLine: 1 }),
    ]);
    const second = await runCli(
      ['complete', 'shop/cart.py:5:5', '--model', 'ollama:qwen2.5-coder:1.5b', '--json'],
      {
        cwd: workspace,
        env: { OLLAMA_HOST: fake.url, XDG_CACHE_HOME: userCache },
      },
    );
    expect(second.json<CompleteJson>()).toMatchObject({
      completion: 'return sum(net_price(item) for item in items)',
      cached: true,
      status: 'pass',
    });
    expect(fake.requestsTo('/api/generate')).toHaveLength(1);
    rmSync(userCache, { recursive: true, force: true });
  });

  it('prints the completion on stdout and the checks on stderr, and exits 1 when it does not parse', async () => {
    fake.script('/v1/completions', { text: 'return (net_price(' });
    const result = await runMain(['complete', 'shop/cart.py:5:5', '--model', 'openai:qwen2.5-coder-1.5b'], {
      cwd: workspace,
      env: openAi(),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('return (net_price(\n');
    expect(result.stderr).toMatch(/✗ syntax/);
    expect(result.stderr).toMatch(/FAILED/);
  });

  it('says on a pass what was checked and that nothing ran the completion', async () => {
    fake.script('/v1/completions', { text: 'return sum(net_price(item) for item in items)\n' });
    const result = await runMain(['complete', 'shop/cart.py:5:5', '--model', 'openai:qwen2.5-coder-1.5b'], {
      cwd: workspace,
      env: openAi(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('checked: syntax, imports, names, security; not run');
    expect(result.stderr).not.toMatch(/passed/i);
  });

  it('says so when the model answers with nothing, and exits 1', async () => {
    fake.script('/v1/completions', { text: '' });
    const result = await runMain(
      ['complete', 'shop/cart.py:5:5', '--model', 'openai:qwen2.5-coder-1.5b', '--json'],
      { cwd: workspace, env: openAi() },
    );
    expect(result.code).toBe(1);
    const output = result.json<CompleteJson>();
    expect(output.completion).toBe('');
    expect(output.status).toBe('unverified');
    expect(output.notes.join(' ')).toMatch(/empty completion/);
  });

  // refusing a bad cursor, a missing file and a position outside the file: in-process in
  // src/cli/refusals.test.ts
});

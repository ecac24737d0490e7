import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import type { ServerStore } from '../../src/store/record/server-store.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runCli } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';
import { tempProject } from '../support/temp-project.js';

/**
 * The CLI's own telemetry through the CLI (one run a process, the others `main` in-process): what generate, complete and chat show is recorded as a
 * suggestion with a `shown` event, its id printed; `vouch feedback` records what became of it (with the
 * edit distance of what was kept); `vouch stats` and `vouch export finetune` read it. Opt-out and
 * metadata-only recording come from the config.
 */

const CODE = 'def add(a, b):\n    return a + b\n';
// with its tests: code no test ran is not verified, so never written nor exported (issue 41)
const TESTS = 'from solution import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n';
const ANSWER = `Here it is:\n\`\`\`python\n${CODE}\`\`\`\n\n\`\`\`python\n${TESTS}\`\`\`\n`;

const fake = await fakeProvidersForFile();
let made: string[] = [];

beforeEach(() => fake.reset());
afterEach(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made = [];
});

async function withStore<T>(workspace: string, work: (store: ServerStore) => Promise<T>): Promise<T> {
  const store = await openServerStore(join(workspace, '.vouch', 'server.db'));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const OLLAMA = ['--model', 'ollama:qwen2.5-coder:7b'];

interface StatsJson {
  total: {
    suggestions: number;
    shown: number;
    accepted: number;
    modified: number;
    rejected: number;
    acceptanceRate: number | null;
  };
  byTask: { key: string; suggestions: number }[];
  meanEditDistance: number | null;
}

describe('the CLI records its own suggestions', () => {
  it('generate records a shown suggestion, feedback records the kept code, stats and export read them', async () => {
    const workspace = tempProject('vouch-telemetry-', { 'vouch.toml': '' }, made);
    const env = { OLLAMA_HOST: fake.url };
    fake.script('/api/chat', { text: ANSWER });
    // the built CLI as users start it: the records are written as its process ends; the other runs are
    // `main` in-process (test/support/run-main.ts), which closes the logs as that end does
    const generated = await runCli(['generate', 'add two numbers', '--lang', 'python', ...OLLAMA, '--json'], {
      cwd: workspace,
      env,
    });
    expect(generated.code, generated.stderr).not.toBe(2);
    const id = generated.json<{ suggestion_id: string }>().suggestion_id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const stored = await withStore(workspace, async (store) => {
      const [user] = await store.listUsers();
      return { user, suggestion: await store.getSuggestion(id, user!.id) };
    });
    expect(stored.suggestion).toMatchObject({
      task: 'generate',
      language: 'python',
      model: 'ollama:qwen2.5-coder:7b',
    });
    expect(stored.suggestion!.code).toContain('return a + b');
    expect(stored.suggestion!.input).toMatchObject({ spec: 'add two numbers' });

    // the engineer kept it with a docstring added: the edit distance is that line
    const kept = 'def add(a, b):\n    """Sum."""\n    return a + b';
    writeFileSync(join(workspace, 'calc.py'), `import os\n\n${kept}\n`);
    const feedback = await runMain(
      ['feedback', id, 'modified', '--file', 'calc.py', '--lines', '3-5', '--json'],
      {
        cwd: workspace,
      },
    );
    expect(feedback.code, feedback.stderr).toBe(0);
    const distance = feedback.json<{ edit_distance: number }>().edit_distance;
    expect(distance).toBe('    """Sum."""\n'.length);

    const stats = await runMain(['stats', '--json'], { cwd: workspace });
    expect(stats.code, stats.stderr).toBe(0);
    const numbers = stats.json<StatsJson>();
    expect(numbers.total).toMatchObject({ suggestions: 1, shown: 1, modified: 1, acceptanceRate: 1 });
    expect(numbers.byTask).toEqual([expect.objectContaining({ key: 'generate', suggestions: 1 })]);
    expect(numbers.meanEditDistance).toBe(distance);

    const exported = await runMain(['export', 'finetune', '--format', 'jsonl', '--json'], { cwd: workspace });
    expect(exported.code, exported.stderr).toBe(0);
    const records = exported.json<{ lines: { prompt: string; completion: string }[] }>().lines;
    expect(records).toHaveLength(1);
    expect(records[0]!.completion).toBe(kept);
    expect(records[0]!.prompt).toContain('add two numbers');

    // an unknown id is a usage error, and nothing is recorded
    const unknown = await runMain(['feedback', '00000000-0000-0000-0000-000000000000', 'accepted'], {
      cwd: workspace,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there is no suggestion');
  });

  // feedback on a workspace that never recorded anything: in-process in src/cli/refusals.test.ts

  it('complete prints the id in text mode, records the text around the cursor, and an accept counts', async () => {
    const workspace = tempProject(
      'vouch-telemetry-',
      { 'vouch.toml': '', 'calc.py': 'def add(a, b):\n    \n\n\ndef other():\n    return 1\n' },
      made,
    );
    fake.script('/api/generate', { text: 'return a + b\n' });
    const completed = await runMain(['complete', 'calc.py:2:5', ...OLLAMA], {
      cwd: workspace,
      env: { OLLAMA_HOST: fake.url },
    });
    expect(completed.code, completed.stderr).toBe(0);
    expect(completed.stdout).toBe('return a + b\n');
    const id = /suggestion ([0-9a-f-]{36})/.exec(completed.stderr)?.[1];
    expect(id, completed.stderr).toBeDefined();
    const accepted = await runMain(['feedback', id!, 'accepted'], { cwd: workspace });
    expect(accepted.code, accepted.stderr).toBe(0);
    const exported = await runMain(['export', 'finetune', '--format', 'fim', '--json'], { cwd: workspace });
    const records = exported.json<{ lines: { prefix: string; suffix: string; middle: string }[] }>().lines;
    expect(records).toEqual([
      expect.objectContaining({
        prefix: 'def add(a, b):\n    ',
        suffix: '\n\n\ndef other():\n    return 1\n',
        middle: 'return a + b',
      }),
    ]);
  });

  it('generate --write applies the code and records it accepted; an existing file is not overwritten', async () => {
    const workspace = tempProject('vouch-telemetry-', { 'vouch.toml': '' }, made);
    const env = { OLLAMA_HOST: fake.url };
    fake.script('/api/chat', { text: ANSWER });
    const args = ['generate', 'add two numbers', '--lang', 'python', ...OLLAMA, '--write', 'src/add.py'];
    const generated = await runMain([...args, '--json'], { cwd: workspace, env });
    expect(generated.code, generated.stderr).not.toBe(2);
    expect(generated.json<{ written: string }>().written).toBe('src/add.py');
    expect(readFileSync(join(workspace, 'src', 'add.py'), 'utf8')).toBe(CODE);
    const stats = await withStore(workspace, (store) => store.stats());
    expect(stats.total).toMatchObject({ suggestions: 1, shown: 1, accepted: 1, acceptanceRate: 1 });
    const again = await runMain(args, { cwd: workspace, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('does not overwrite');
    expect(fake.requestsTo('/api/chat')).toHaveLength(1);
  });

  it('telemetry = false records no suggestion (the audit log is still written)', async () => {
    const workspace = tempProject('vouch-telemetry-', { 'vouch.toml': 'telemetry = false\n' }, made);
    fake.script('/api/chat', { text: ANSWER });
    const generated = await runMain(
      ['generate', 'add two numbers', '--lang', 'python', ...OLLAMA, '--no-checks', '--json'],
      {
        cwd: workspace,
        env: { OLLAMA_HOST: fake.url },
      },
    );
    expect(generated.code, generated.stderr).not.toBe(2);
    expect(generated.json<{ suggestion_id: string | null }>().suggestion_id).toBeNull();
    const counts = await withStore(workspace, async (store) => ({
      stats: await store.stats(),
      audit: await store.listAudit(),
    }));
    expect(counts.stats.total.suggestions).toBe(0);
    expect(counts.audit).toHaveLength(1);
  });

  it('telemetry = "metadata" counts the suggestion but keeps its code and request out of the store', async () => {
    const workspace = tempProject('vouch-telemetry-', { 'vouch.toml': 'telemetry = "metadata"\n' }, made);
    fake.script('/api/chat', { text: ANSWER });
    const generated = await runMain(
      ['generate', 'add two numbers', '--lang', 'python', ...OLLAMA, '--json'],
      {
        cwd: workspace,
        env: { OLLAMA_HOST: fake.url },
      },
    );
    const id = generated.json<{ suggestion_id: string }>().suggestion_id;
    const accepted = await runMain(['feedback', id, 'accepted'], { cwd: workspace });
    expect(accepted.code, accepted.stderr).toBe(0);
    const stored = await withStore(workspace, async (store) => {
      const [user] = await store.listUsers();
      return {
        suggestion: await store.getSuggestion(id, user!.id),
        stats: await store.stats(),
        rows: await store.acceptedSuggestions(),
      };
    });
    expect(stored.suggestion).toMatchObject({ task: 'generate', code: '', input: null });
    expect(stored.stats.total).toMatchObject({ suggestions: 1, accepted: 1 });
    expect(JSON.stringify(stored.rows)).not.toContain('add two numbers');
    const exported = await runMain(['export', 'finetune', '--json'], { cwd: workspace });
    expect(exported.json<{ records: number; excluded: { noCode: number } }>()).toMatchObject({
      records: 0,
      excluded: { noCode: 1 },
    });
  });
});

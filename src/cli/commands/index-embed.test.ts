import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeProviders } from '../../../test/support/fake-providers/fake-providers.js';
import { runCli } from '../../../test/support/run-cli.js';
import { writeFiles } from '../../../test/support/temp-project.js';

// End to end through the built CLI (`npm run build` first) against a loopback Ollama speaking `/api/embed`.
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(config: string): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-cli-embed-'));
  made.push(root);
  const files: Record<string, string> = {
    'vouch.toml': config,
    'src/money.py': 'def convert_currency(amount, quote):\n    return amount * quote.factor\n',
    'src/users.py': 'def get_user_name(user_id):\n    return "user-" + user_id\n',
  };
  writeFiles(root, files);
  return root;
}

/** A two-dimensional "meaning": money talk points one way, everything else the other. */
function meaning(text: string): number[] {
  return /currency|exchange|amount/.test(text) ? [1, 0.05] : [0.05, 1];
}

describe('vouch index --embed and hybrid search', () => {
  it('embeds every chunk once, and search fuses BM25 with the vectors when [model] embed is set', async () => {
    await using server = await startFakeProviders({ ollamaModels: ['nomic-embed-text:latest'] });
    server.handle('/api/embed', (request) => {
      const input = (request.body as { input: string[] | string }).input;
      return { embeddings: (Array.isArray(input) ? input : [input]).map(meaning) };
    });
    const root = project('[model]\nembed = "ollama:nomic-embed-text"\n');
    const env = { OLLAMA_HOST: server.url };

    const first = await runCli(['index', '--embed', '--json'], { cwd: root, env });
    expect(first.code).toBe(0);
    const summary = first.json<{ chunks: number; embedded: number }>();
    // Every chunk (the two functions and vouch.toml's window) in one batch.
    expect(summary).toMatchObject({
      files: 3,
      chunks: 3,
      embedded: 3,
      embedModel: 'ollama:nomic-embed-text',
    });
    const embedRequests = server.requestsTo('/api/embed');
    expect(embedRequests).toHaveLength(1);
    expect(embedRequests[0]!.body).toMatchObject({ model: 'nomic-embed-text' });
    expect(first.stderr).toContain('"embedding');

    // Nothing new: no chunk is embedded twice.
    const again = await runCli(['index', '--embed', '--json'], { cwd: root, env });
    expect(again.json()).toMatchObject({ embedded: 0 });
    expect(server.requestsTo('/api/embed')).toHaveLength(1);

    // No word of the query is in the code: BM25 alone finds nothing, the vectors find the money code.
    const search = await runCli(['search', 'exchange rate', '--json'], { cwd: root, env });
    expect(search.code).toBe(0);
    expect(search.json<{ path: string }[]>()[0]).toMatchObject({ path: 'src/money.py' });
    expect(server.requestsTo('/api/embed').at(-1)!.body).toMatchObject({ input: ['exchange rate'] });

    // Context retrieval uses the same fusion.
    const context = await runCli(['context', 'src/users.py:2', '--request', 'exchange rate', '--json'], {
      cwd: root,
      env,
    });
    expect(context.code).toBe(0);
    const snippets = context.json<{ snippets: { path: string; reason: string }[] }>().snippets;
    expect(snippets.find((snippet) => snippet.path === 'src/money.py')?.reason).toMatch(
      /^hybrid \(BM25 \+ vectors\)/,
    );

    // A configured model that cannot be set up degrades to BM25 with a warning, for context and search.
    writeFileSync(join(root, 'vouch.toml'), '[model]\nembed = "nosuchprovider:embedder"\n');
    const degraded = await runCli(['context', 'src/users.py:2', '--request', 'exchange rate', '--json'], {
      cwd: root,
      env,
    });
    expect(degraded.code).toBe(0);
    expect(degraded.stderr).toMatch(/"nosuchprovider:embedder" could not be set up .*BM25/);
    const bm25 = await runCli(['search', 'user name', '--json'], { cwd: root, env });
    expect(bm25.code).toBe(0);
    expect(bm25.json<{ path: string }[]>()[0]).toMatchObject({ path: 'src/users.py' });
    expect(bm25.stderr).toMatch(/could not be set up/);
  });

  it('searches by BM25 alone without [model] embed, and explains an embedding model that cannot be reached', async () => {
    await using server = await startFakeProviders();
    const root = project('');
    const env = { OLLAMA_HOST: server.url };
    const indexed = await runCli(['index', '--embed', '--model', 'ollama:nomic-embed-text', '--json'], {
      cwd: root,
      env,
    });
    expect(indexed.json()).toMatchObject({ embedded: 2 });
    const search = await runCli(['search', 'exchange rate', '--json'], { cwd: root, env });
    expect(search.json()).toEqual([]);
    expect(server.requestsTo('/api/embed')).toHaveLength(1);

    const unreachable = await runCli(['index', '--embed', '--model', 'ollama:nomic-embed-text'], {
      cwd: project(''),
      env: { OLLAMA_HOST: '127.0.0.1:9' },
    });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/127\.0\.0\.1:9/);
  });
});

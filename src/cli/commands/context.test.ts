import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runMain } from '../../../test/support/run-main.js';
import { writeFiles } from '../../../test/support/temp-project.js';
import { indexPath } from '../../index/index-store.js';

// Through the whole CLI, in-process (test/support/run-main.ts): index, search, map, env and context.
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-cli-context-'));
  made.push(root);
  const files: Record<string, string> = {
    'vouch.toml': '',
    'package.json': JSON.stringify({
      dependencies: { express: '^5.1.0' },
      devDependencies: { vitest: '^4.0.0' },
    }),
    'src/users.ts': 'export function getUserName(id: string): string {\n  return "user-" + id;\n}\n',
    'src/app.ts':
      "import { getUserName } from './users.js';\n\nexport function greet(id: string) {\n  return 'hi ' + getUserName(id);\n}\n",
  };
  writeFiles(root, files);
  return root;
}

describe('vouch index / search / map / env / context', () => {
  it('indexes, searches, maps and assembles context with the documented JSON shapes', async () => {
    const root = project();
    const index = await runMain(['index', '--json'], { cwd: root });
    expect(index.code).toBe(0);
    expect(index.json()).toMatchObject({ files: 4, symbols: 2, skipped: 0, durationMs: expect.any(Number) });
    expect(readdirSync(root).sort()).toEqual(['.vouch', 'package.json', 'src', 'vouch.toml']);
    // the index is in the user's cache dir, never in the workspace's .vouch/
    expect(existsSync(indexPath(root))).toBe(true);
    expect(existsSync(join(root, '.vouch', 'index.db'))).toBe(false);

    const search = await runMain(['search', 'user name', '--k', '2', '--json'], { cwd: root });
    expect(search.code).toBe(0);
    expect(search.json<unknown[]>()[0]).toEqual({
      path: 'src/users.ts',
      startLine: 1,
      endLine: 3,
      score: expect.any(Number),
      symbol: 'getUserName',
    });

    const map = await runMain(['map', '--tokens', '100'], { cwd: root });
    expect(map.stdout).toContain('src/users.ts:\n    1│function getUserName(id: string): string');

    const env = await runMain(['env', '--json'], { cwd: root });
    expect(env.json<{ notes: string[] }>().notes.join('\n')).toContain('Express 5');

    const context = await runMain(['context', 'src/app.ts:4:20', '--budget', '2000', '--json'], {
      cwd: root,
    });
    expect(context.code).toBe(0);
    const body = context.json<{
      snippets: { path: string; reason: string; kind: string }[];
      promptTokens: number;
    }>();
    expect(body.promptTokens).toBeLessThanOrEqual(2000);
    expect(body.snippets.find((snippet) => snippet.kind === 'definition')).toMatchObject({
      path: 'src/users.ts',
      reason: expect.stringMatching(/^definition of getUserName/),
    });
    expect(Object.keys(body)).toEqual(['snippets', 'environment', 'promptTokens']);
    // progress shown in JSON mode is finished: a reader waiting for `done` is not left hanging
    const events = context.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { event: string; label: string });
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ event: 'done', label: 'indexing' });
  });

  it('gives clear errors for bad input', async () => {
    const root = project();
    const outside = await runMain(['context', '../elsewhere.ts:1', '--json'], { cwd: root });
    expect(outside.code).toBe(2);
    expect(outside.json<{ error: { message: string } }>().error.message).toMatch(/outside the workspace/);
    // the cursor as `vouch complete` checks it: columns count from 1 and stop at the end of the line
    for (const [cursor, message] of [
      ['src/app.ts:4:0', /lines and columns count from 1, got 4:0/],
      ['src/app.ts:4:200', /column 200 is past the end of line 4 of src\/app\.ts \(it has \d+ characters\)/],
      ['src/app.ts', /expected PATH:LINE\[:COL\], got 'src\/app\.ts'/],
    ] as const) {
      const bad = await runMain(['context', cursor, '--json'], { cwd: root });
      expect(bad.code, cursor).toBe(2);
      expect(bad.json<{ error: { message: string } }>().error.message).toMatch(message);
    }
    const noIndex = await runMain(['search', 'x'], { cwd: root });
    expect(noIndex.code).toBe(2);
    expect(noIndex.stderr).toContain('run `vouch index` first');
    const badDir = await runMain(['index', join(root, 'missing')], { cwd: root });
    expect(badDir.stderr).toContain('no such directory');
    // `search` created nothing (commands that only read never do): plant a corrupt index by hand
    mkdirSync(dirname(indexPath(root)), { recursive: true });
    writeFileSync(indexPath(root), 'garbage'.repeat(200));
    const rebuilt = await runMain(['index'], { cwd: root });
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(
      /was not a readable SQLite database; it was moved to .*corrupt-\d+ and is being rebuilt/,
    );
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/run-cli.js';
import { writeSampleProject } from './test-project.js';

// End to end through the built CLI (`npm test` builds first): exit codes, one JSON object, messages.
const fixture = join(import.meta.dirname, '__fixtures__', 'corpus', 'gpl-project');
const scheduler = readFileSync(join(fixture, 'lib', 'scheduler.py'), 'utf8');

// each test spawns the CLI several times; on a loaded machine a spawn can take seconds
describe('vouch licence', { timeout: 120_000 }, () => {
  const { root } = writeSampleProject();
  writeFileSync(join(root, 'vouch.toml'), '[licence]\nallow = ["MPL-2.0"]\n');

  it('reports every dependency and exits 1 when one is denied', async () => {
    const result = await runCli(['licence', '--json'], { cwd: root });
    expect(result.code).toBe(1);
    const report = result.json<{
      packages: { name: string; verdict: string; source: string }[];
      summary: Record<string, number>;
    }>();
    expect(report.packages.find((pkg) => pkg.name === 'gpl-lib')).toMatchObject({ verdict: 'deny' });
    expect(report.packages.find((pkg) => pkg.name === 'inner')).toMatchObject({ verdict: 'allow' });
    expect(report.summary.deny).toBeGreaterThan(0);
    const text = await runCli(['licence', root], { cwd: root });
    expect(text.stdout).toMatch(/DENY\s+npm\s+gpl-lib@1\.0\.0\s+GPL-3\.0-only/);
  });

  it('prints the policy in force', async () => {
    const result = await runCli(['licence', '--policy', '--json'], { cwd: root });
    expect(result.code).toBe(0);
    const { policy } = result.json<{ policy: { allow: string[]; deny: string[]; configFiles: string[] } }>();
    expect(policy.allow).toEqual(['permissive', 'MPL-2.0']);
    expect(policy.deny).toContain('strong-copyleft');
    expect(policy.configFiles).toContain(join(root, 'vouch.toml'));
  });

  it('registers a corpus, matches a disguised copy (exit 1) and forgets it', async () => {
    const added = await runCli(
      ['licence', 'index', 'add', fixture, '--licence', 'GPL-3.0', '--name', 'sched', '--json'],
      { cwd: root },
    );
    expect(added.code).toBe(0);
    expect(added.json()).toMatchObject({ name: 'sched', licence: 'GPL-3.0-only', files: 2 });
    expect(added.json<{ skipped: { reason: string }[] }>().skipped).toEqual([
      { path: join('lib', 'blob.py'), reason: 'binary content' },
    ]);

    const listed = await runCli(['licence', 'index', 'list', '--json'], { cwd: root });
    expect(listed.json<{ corpora: { name: string }[] }>().corpora.map((corpus) => corpus.name)).toEqual([
      'sched',
    ]);

    const copy = scheduler.replace(/\bScheduler\b/g, 'Runner').replace(/\bjob\b/g, 'task');
    const matched = await runCli(['licence', 'match', '-', '--lang', 'python', '--json'], {
      cwd: root,
      input: copy,
    });
    expect(matched.code).toBe(1);
    const { matches } = matched.json<{ matches: { file: string; licence: string; share: number }[] }>();
    expect(matches[0]).toMatchObject({ file: join('lib', 'scheduler.py'), licence: 'GPL-3.0-only' });

    const clean = await runCli(['licence', 'match', '-', '--lang', 'python'], {
      cwd: root,
      input: 'print("hello")\n',
    });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/no match/);

    // a corrupt store: moved aside, corpus re-indexed from its registration, still matching
    writeFileSync(join(root, '.vouch', 'licence-index.sqlite'), Buffer.alloc(4096, 7));
    const recovered = await runCli(['licence', 'match', '-', '--lang', 'python', '--json'], {
      cwd: root,
      input: copy,
    });
    expect(recovered.stderr).toMatch(/corrupt/);
    expect(recovered.stderr).toMatch(/sched re-indexed/);
    expect(recovered.code).toBe(1);

    const removed = await runCli(['licence', 'index', 'remove', 'sched'], { cwd: root });
    expect(removed.code).toBe(0);
    const missing = await runCli(['licence', 'index', 'remove', 'sched', '--json'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.json<{ error: { message: string } }>().error.message).toMatch(/no corpus named "sched"/);
  });

  it('names bad input: an unknown licence for a corpus, a language it cannot tell', async () => {
    const badLicence = await runCli(
      ['licence', 'index', 'add', fixture, '--licence', 'Some Licence', '--name', 'x'],
      { cwd: root },
    );
    expect(badLicence.code).toBe(2);
    expect(badLicence.stderr).toMatch(/not an SPDX licence expression/);
    const noLanguage = await runCli(['licence', 'match', '-'], { cwd: root, input: 'x' });
    expect(noLanguage.code).toBe(2);
    expect(noLanguage.stderr).toMatch(/--lang/);
  });
});

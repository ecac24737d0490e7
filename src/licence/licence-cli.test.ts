import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/run-cli.js';
import { runMain } from '../../test/support/run-main.js';
import { tempProject } from '../../test/support/temp-project.js';
import { suiteFolder } from '../../test/support/test-folders.js';
import { cacheStateDir } from '../workspace/root.js';
import { writeSampleProject } from './test-project.js';

// The command's exit codes, its one JSON object and its messages: through `main` in the test's process
// (runMain), and as a process of the built CLI where it reads stdin (`-`).
const fixture = join(import.meta.dirname, '__fixtures__', 'corpus', 'gpl-project');
const scheduler = readFileSync(join(fixture, 'lib', 'scheduler.py'), 'utf8');

describe('vouch licence', () => {
  const { root } = writeSampleProject(suiteFolder('vouch-licence-'));
  writeFileSync(join(root, 'vouch.toml'), '[licence]\nallow = ["MPL-2.0"]\n');
  // one user's cache dir across the runs (each gets a fresh home): the fingerprint index lives there; and one
  // data dir, where the user's trust of this workspace is kept: an untrusted vouch.toml may only make the
  // licence policy stricter (w207), and this one allows MPL-2.0
  const env = {
    XDG_CACHE_HOME: suiteFolder('vouch-licence-user-cache-'),
    XDG_DATA_HOME: suiteFolder('vouch-licence-user-data-'),
  };
  beforeAll(async () => {
    const trusted = await runMain(['trust'], { cwd: root, env });
    expect(trusted.code, trusted.stderr).toBe(0);
  });

  it('reports every dependency and exits 1 when one is denied', async () => {
    const result = await runMain(['licence', '--json'], { cwd: root, env });
    expect(result.code).toBe(1);
    const report = result.json<{
      packages: { name: string; verdict: string; source: string }[];
      summary: Record<string, number>;
    }>();
    expect(report.packages.find((pkg) => pkg.name === 'gpl-lib')).toMatchObject({ verdict: 'deny' });
    expect(report.packages.find((pkg) => pkg.name === 'inner')).toMatchObject({ verdict: 'allow' });
    expect(report.summary.deny).toBeGreaterThan(0);
    const text = await runMain(['licence', root], { cwd: root, env });
    expect(text.stdout).toMatch(/DENY\s+npm\s+gpl-lib@1\.0\.0\s+GPL-3\.0-only/);
  });

  it('prints the policy in force', async () => {
    const result = await runMain(['licence', '--policy', '--json'], { cwd: root, env });
    expect(result.code).toBe(0);
    const { policy } = result.json<{ policy: { allow: string[]; deny: string[]; configFiles: string[] } }>();
    expect(policy.allow).toEqual(['permissive', 'MPL-2.0']);
    expect(policy.deny).toContain('strong-copyleft');
    expect(policy.configFiles).toContain(join(root, 'vouch.toml'));
  });

  it('registers a corpus, matches a disguised copy (exit 1) and forgets it', async () => {
    const added = await runMain(
      ['licence', 'index', 'add', fixture, '--licence', 'GPL-3.0', '--name', 'sched', '--json'],
      { cwd: root, env },
    );
    expect(added.code).toBe(0);
    expect(added.json()).toMatchObject({ name: 'sched', licence: 'GPL-3.0-only', files: 2 });
    expect(added.json<{ skipped: { reason: string }[] }>().skipped).toEqual([
      { path: join('lib', 'blob.py'), reason: 'binary content' },
    ]);

    const listed = await runMain(['licence', 'index', 'list', '--json'], { cwd: root, env });
    expect(listed.json<{ corpora: { name: string }[] }>().corpora.map((corpus) => corpus.name)).toEqual([
      'sched',
    ]);

    const copy = scheduler.replace(/\bScheduler\b/g, 'Runner').replace(/\bjob\b/g, 'task');
    const matched = await runCli(['licence', 'match', '-', '--lang', 'python', '--json'], {
      cwd: root,
      env,
      input: copy,
    });
    expect(matched.code).toBe(1);
    const { matches } = matched.json<{ matches: { file: string; licence: string; share: number }[] }>();
    expect(matches[0]).toMatchObject({ file: join('lib', 'scheduler.py'), licence: 'GPL-3.0-only' });

    const clean = await runCli(['licence', 'match', '-', '--lang', 'python'], {
      cwd: root,
      env,
      input: 'print("hello")\n',
    });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/no match/);

    // a corrupt store: moved aside, corpus re-indexed from its registration, still matching
    writeFileSync(join(cacheStateDir(root, env), 'licence-index.sqlite'), Buffer.alloc(4096, 7));
    const recovered = await runCli(['licence', 'match', '-', '--lang', 'python', '--json'], {
      cwd: root,
      env,
      input: copy,
    });
    expect(recovered.stderr).toMatch(/corrupt/);
    expect(recovered.stderr).toMatch(/sched re-indexed/);
    expect(recovered.code).toBe(1);

    const removed = await runMain(['licence', 'index', 'remove', 'sched'], { cwd: root, env });
    expect(removed.code).toBe(0);
    const missing = await runMain(['licence', 'index', 'remove', 'sched', '--json'], { cwd: root, env });
    expect(missing.code).toBe(2);
    expect(missing.json<{ error: { message: string } }>().error.message).toMatch(/no corpus named "sched"/);
  });

  it('names bad input: an unknown licence for a corpus, a language it cannot tell', async () => {
    const badLicence = await runMain(
      ['licence', 'index', 'add', fixture, '--licence', 'Some Licence', '--name', 'x'],
      { cwd: root, env },
    );
    expect(badLicence.code).toBe(2);
    expect(badLicence.stderr).toMatch(/not an SPDX licence expression/);
    const noLanguage = await runCli(['licence', 'match', '-'], { cwd: root, input: 'x' });
    expect(noLanguage.code).toBe(2);
    expect(noLanguage.stderr).toMatch(/--lang/);
  });
});

describe('vouch licence in a --system-site-packages virtualenv', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  const distribution = (name: string, licence: string, requires: string[] = []) => ({
    [`lib/python3.11/site-packages/${name}-1.0.dist-info/METADATA`]: `Metadata-Version: 2.1\nName: ${name}\nVersion: 1.0\nLicense: ${licence}\n${requires.map((r) => `Requires-Dist: ${r}\n`).join('')}`,
    [`lib/python3.11/site-packages/${name}/__init__.py`]: '',
  });

  it('judges what the project declares, imports or needs, and lists the rest of the system apart', async () => {
    // the base interpreter's site-packages, as Debian's dist-packages: GPL packages the project never uses
    const prefix = tempProject(
      'vouch-base-python-',
      {
        'bin/python3.11': '',
        ...distribution('gplthing', 'GPL-3.0-only'),
        ...distribution('urllib3', 'MIT'),
        ...distribution('six', 'MIT'),
        ...distribution('extrasonly', 'AGPL-3.0-only'),
      },
      made,
    );
    const root = tempProject(
      'vouch-licence-site-',
      {
        'vouch.toml': '',
        'requirements.txt': 'requests\n',
        'app.py': 'import six\nimport requests\n',
        '.venv/pyvenv.cfg': `home = ${prefix}/bin\ninclude-system-site-packages = true\nversion = 3.11.7\n`,
        // installed in the virtualenv: needs urllib3 (from the system), extrasonly only for an extra
        '.venv/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA':
          'Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nLicense: Apache-2.0\nRequires-Dist: urllib3 (<3,>=1.21.1)\nRequires-Dist: extrasonly ; extra == "x"\n',
      },
      made,
    );
    const result = await runMain(['licence', '--json'], { cwd: root });
    expect(result.code, result.stdout).toBe(0);
    const report = result.json<{
      packages: { name: string }[];
      unused: { name: string; verdict: string }[];
      summary: { deny: number };
    }>();
    expect(report.packages.map((pkg) => pkg.name).sort()).toEqual(['requests', 'six', 'urllib3']);
    expect(report.unused.map((pkg) => [pkg.name, pkg.verdict]).sort()).toEqual([
      ['extrasonly', 'deny'],
      ['gplthing', 'deny'],
    ]);
    expect(report.summary.deny).toBe(0);
    const text = await runMain(['licence'], { cwd: root });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /2 packages the virtualenv sees from the system, neither declared nor imported/,
    );

    // once the project imports it, it is the project's dependency, and judged
    writeFileSync(join(root, 'app.py'), 'import six\nimport requests\nimport gplthing\n');
    const denied = await runMain(['licence', '--json'], { cwd: root });
    expect(denied.code).toBe(1);
    expect(denied.json<{ packages: { name: string; verdict: string }[] }>().packages).toContainEqual(
      expect.objectContaining({ name: 'gplthing', verdict: 'deny' }),
    );
  }, 120_000);

  it('a manifest it could not read is not verified, exit 1 (w154), and a denied package beside it is still reported', async () => {
    const root = tempProject('vouch-licence-unread-', { 'vouch.toml': '', 'package.json': '{ broken' }, made);
    const unread = await runCli(['licence', '--json'], { cwd: root });
    expect(unread.code, unread.stderr).toBe(1);
    const report = unread.json<{ status: string; reasons: string[]; exitCode: number }>();
    expect(report).toMatchObject({ status: 'unverified', exitCode: 1 });
    expect(report.reasons.join('\n')).toContain('package.json: could not be read (not valid JSON');
    const text = await runCli(['licence'], { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('NOT VERIFIED: dependencies not verified');

    mkdirSync(join(root, 'node_modules', 'left'), { recursive: true });
    writeFileSync(
      join(root, 'node_modules', 'left', 'package.json'),
      '{"name": "left", "version": "1.0.0", "license": "GPL-3.0-only"}',
    );
    const denied = await runCli(['licence', '--json'], { cwd: root });
    expect(denied.code).toBe(1);
    const both = denied.json<{
      status: string;
      reasons: string[];
      packages: { name: string; verdict: string }[];
    }>();
    expect(both.status).toBe('fail');
    expect(both.packages).toContainEqual(expect.objectContaining({ name: 'left', verdict: 'deny' }));
    expect(both.reasons.join('\n')).toContain('dependencies not verified: package.json: could not be read');
  }, 120_000);

  it('a folder with no manifest is not verified, exit 1, in text and --json; one with an empty manifest passes (w167)', async () => {
    const root = tempProject('vouch-licence-none-', { 'vouch.toml': '', 'app.rb': 'puts 1\n' }, made);
    const json = await runMain(['licence', '--json'], { cwd: root });
    expect(json.code, json.stderr).toBe(1);
    const report = json.json<{ status: string; reasons: string[]; exitCode: number; manifests: string[] }>();
    expect(report).toMatchObject({ status: 'unverified', exitCode: 1, manifests: [] });
    expect(report.reasons.join('\n')).toContain('dependencies not verified: no dependency manifest read');
    const text = await runMain(['licence'], { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('NOT VERIFIED: dependencies not verified: no dependency manifest read');
    // a manifest that declares no dependency was read: the project uses none, and that is verified
    writeFileSync(join(root, 'package.json'), '{"name": "empty", "license": "MIT"}');
    const empty = await runMain(['licence', '--json'], { cwd: root });
    expect(empty.code, empty.stdout).toBe(0);
    expect(empty.json<{ status: string; manifests: string[] }>()).toMatchObject({
      status: 'pass',
      manifests: ['package.json'],
    });
  }, 120_000);
});

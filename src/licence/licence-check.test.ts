import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { suiteFolder, testFolder } from '../../test/support/test-folders.js';
import { addCorpus, openLicenceIndex } from './fingerprints/corpus-registry.js';
import { openFingerprintStore } from './fingerprints/sqlite-fingerprint-store.js';
import { licenceCheck } from './licence-check.js';
import { writeSampleProject } from './test-project.js';

const fixture = join(import.meta.dirname, '__fixtures__', 'corpus', 'gpl-project');
const scheduler = readFileSync(join(fixture, 'lib', 'scheduler.py'), 'utf8');

// the licence index lives in the user's cache dir: the test's own (registrations: the suite's state dir)
beforeEach(() => {
  vi.stubEnv('XDG_CACHE_HOME', testFolder('vouch-licence-user-cache-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('licenceCheck', () => {
  const { root } = writeSampleProject(suiteFolder('vouch-licence-'));

  it('does not read a corpus registration and index that came with the repository in .vouch/ (w181)', async () => {
    const { root: clone } = writeSampleProject(testFolder('vouch-licence-clone-'));
    // what a repository can ship: a registered GPL corpus whose index holds no fingerprint
    mkdirSync(join(clone, '.vouch'), { recursive: true, mode: 0o700 });
    writeFileSync(
      join(clone, '.vouch', 'licence-corpora.json'),
      JSON.stringify([
        { name: 'gpl', licence: 'GPL-3.0-only', root: fixture, addedAt: '2026-11-01T00:00:00Z' },
      ]),
    );
    const forged = openFingerprintStore(clone, join(clone, '.vouch', 'licence-index.sqlite'));
    forged.setCorpusTotals(forged.createCorpus({ name: 'gpl', licence: 'GPL-3.0-only', root: fixture }), {
      files: 2,
      bytes: 1000,
      skipped: 0,
    });
    forged.close();
    const copied = {
      code: scheduler.replace(/\bjob\b/g, 'item'),
      language: 'python' as const,
      path: '<generated>',
    };
    // nothing was compared: a skip that says why, never a pass
    const unregistered = await licenceCheck.run(copied, { workspaceRoot: clone, config: {} });
    expect(unregistered).toMatchObject({ status: 'skip', blocking: false, findings: [] });
    expect(unregistered.reason).toContain(`${join(clone, '.vouch', 'licence-corpora.json')} is not read`);
    expect(unregistered.reason).toContain('vouch licence index add');
    // the user registers the corpus: the copy is reported, the shipped index beside it notwithstanding
    const opened = await openLicenceIndex(clone);
    await addCorpus(clone, opened, { name: 'gpl', licence: 'GPL-3.0-only', dir: fixture });
    opened.store.close();
    const registered = await licenceCheck.run(copied, { workspaceRoot: clone, config: {} });
    expect(registered).toMatchObject({ status: 'fail', blocking: true });
    expect(registered.findings[0]).toMatchObject({ ruleId: 'licence.copyleft-match', severity: 'high' });
  });

  it('blocks a snippet whose new import brings in a denied licence, and says why', async () => {
    const result = await licenceCheck.run(
      {
        code: "import gplLib from 'gpl-lib';\nimport pad from 'left-pad';\nimport fs from 'node:fs';\nexport const x = pad(gplLib(fs));\n",
        language: 'typescript',
        path: 'src/new.ts',
      },
      { workspaceRoot: root, config: {} },
    );
    expect(result).toMatchObject({ name: 'licence', status: 'fail', blocking: true });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      ruleId: 'licence.dependency-denied',
      severity: 'high',
      line: 1,
    });
    expect(result.findings[0]!.message).toMatch(
      /gpl-lib 1\.0\.0 under GPL-3\.0-only: GPL-3\.0-only is strong copyleft/,
    );
  });

  it('maps Python imports to distributions and passes allowed ones', async () => {
    const result = await licenceCheck.run(
      {
        code: 'import os\nimport yaml\nfrom modern_pkg import thing\n',
        language: 'python',
        path: '<generated>',
      },
      { workspaceRoot: root, config: {} },
    );
    expect(result).toMatchObject({ status: 'pass', blocking: false, findings: [] });
    const names = (result.details!.packages as { name: string }[]).map((pkg) => pkg.name).sort();
    expect(names).toEqual(['PyYAML', 'modern']);
  });

  it('asks for review of an import nothing installed provides, without blocking', async () => {
    const result = await licenceCheck.run(
      { code: 'import requests\n', language: 'python', path: '<generated>' },
      { workspaceRoot: root, config: {} },
    );
    expect(result).toMatchObject({ status: 'pass', blocking: false });
    expect(result.findings[0]).toMatchObject({ ruleId: 'licence.dependency-review', severity: 'low' });
  });

  it('lets the policy allow what the defaults deny', async () => {
    const result = await licenceCheck.run(
      { code: "import x from 'gpl-lib';\n", language: 'javascript', path: '<generated>' },
      { workspaceRoot: root, config: { licence: { project: 'GPL-3.0-or-later' } } },
    );
    expect(result).toMatchObject({ status: 'pass', blocking: false, findings: [] });
  });

  it('ignores imports the target file already has', async () => {
    const { root: project } = writeSampleProject(testFolder('vouch-licence-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(project, 'existing.js'), "const g = require('gpl-lib');\n");
    const result = await licenceCheck.run(
      {
        code: "const g = require('gpl-lib');\nmodule.exports = g;\n",
        language: 'javascript',
        path: 'existing.js',
      },
      { workspaceRoot: project, config: {} },
    );
    expect(result.blocking).toBe(false);
  });

  it('blocks copied copyleft code unless the licence is acceptable to the project', async () => {
    const { root: project } = writeSampleProject(testFolder('vouch-licence-'));
    const opened = await openLicenceIndex(project);
    await addCorpus(project, opened, { name: 'sched', licence: 'GPL-3.0-only', dir: fixture });
    opened.store.close();
    const subject = {
      code: scheduler.replace(/\bjob\b/g, 'item'),
      language: 'python' as const,
      path: '<generated>',
    };
    const denied = await licenceCheck.run(subject, { workspaceRoot: project, config: {} });
    expect(denied).toMatchObject({ status: 'fail', blocking: true });
    expect(denied.findings[0]).toMatchObject({ ruleId: 'licence.copyleft-match', severity: 'high' });
    expect(denied.findings[0]!.message).toMatch(
      /match sched\/lib\/scheduler\.py lines .* \(GPL-3\.0-only, \d+% of the code/,
    );

    const allowed = await licenceCheck.run(subject, {
      workspaceRoot: project,
      config: { licence: { project: 'GPL-3.0-or-later' } },
    });
    expect(allowed).toMatchObject({ status: 'pass', blocking: false });
    expect(allowed.findings[0]).toMatchObject({ ruleId: 'licence.copyleft-match', severity: 'info' });
  });

  it('skips, never passes, when it compared nothing; a language whose imports it cannot read is not verified (w167)', async () => {
    // no third-party import and no copyleft corpus: nothing to compare, said as a skip
    const none = await licenceCheck.run(
      { code: 'import os\n\nprint(os.getcwd())\n', language: 'python', path: '<generated>' },
      { workspaceRoot: root, config: {} },
    );
    expect(none).toMatchObject({ status: 'skip', blocking: false, findings: [] });
    expect(none.reason).toMatch(
      /^no package compared: the code adds no third-party import; no copyleft corpus/,
    );
    expect(none.unverified).toBeUndefined();
    // Ruby's requires are not read: the packages it brings in were not judged
    const ruby = await licenceCheck.run(
      { code: "require 'gpl_gem'\nputs 1\n", language: 'ruby', path: '<generated>' },
      { workspaceRoot: root, config: {} },
    );
    expect(ruby).toMatchObject({ status: 'skip', blocking: false });
    expect(ruby.unverified).toMatch(/does not read ruby's imports/);
    // a third-party import beside it is still compared, and a denied one still blocks
    const denied = await licenceCheck.run(
      {
        code: "import gplLib from 'gpl-lib';\nexport const x = gplLib;\n",
        language: 'javascript',
        path: '<generated>',
      },
      { workspaceRoot: root, config: {} },
    );
    expect(denied).toMatchObject({ status: 'fail', blocking: true });
  });

  it('reports a broken policy as an error of the check, not a crash', async () => {
    const result = await licenceCheck.run(
      { code: 'x = 1\n', language: 'python', path: '<generated>' },
      { workspaceRoot: root, config: { licence: { deny: ['nonsense-licence'] } } },
    );
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/nonsense-licence/);
  });
});

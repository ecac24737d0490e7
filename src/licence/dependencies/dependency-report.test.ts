import { describe, expect, it } from 'vitest';
import { suiteFolder } from '../../../test/support/test-folders.js';
import { DEFAULT_POLICY } from '../policy.js';
import { BSD2_TEXT, ISC_TEXT, MIT_TEXT, writeSampleProject } from '../test-project.js';
import { dependencyReport, type JudgedPackage } from './dependency-report.js';
import { identifyLicenceText } from './identify-licence-text.js';

describe('identifyLicenceText', () => {
  it('names licence texts regardless of the copyright holder and wrapping', () => {
    expect(identifyLicenceText(MIT_TEXT)?.expression).toBe('MIT');
    expect(identifyLicenceText(ISC_TEXT)?.expression).toBe('ISC');
    expect(identifyLicenceText(BSD2_TEXT)?.expression).toBe('BSD-2-Clause');
    expect(identifyLicenceText(MIT_TEXT.replace(/\n/g, ' ').toUpperCase())?.expression).toBe('MIT');
  });

  it('tells BSD-2 from BSD-3 and refuses text that is no licence', () => {
    const bsd3 = BSD2_TEXT.replace(
      'THIS SOFTWARE',
      '3. Neither the name of the copyright holder nor the names of its\n   contributors may be used to endorse or promote products derived from\n   this software without specific prior written permission.\n\nTHIS SOFTWARE',
    );
    expect(identifyLicenceText(bsd3)?.expression).toBe('BSD-3-Clause');
    expect(identifyLicenceText('This is a README about installing the package with npm.')).toBeUndefined();
  });
});

describe('dependencyReport', () => {
  const { root, caches } = writeSampleProject(suiteFolder('vouch-licence-'));
  const env = { HOME: root } as NodeJS.ProcessEnv;
  const load = async (): Promise<Map<string, JudgedPackage>> => {
    const report = await dependencyReport(root, DEFAULT_POLICY, { env, caches });
    return new Map(report.packages.map((pkg) => [`${pkg.ecosystem}:${pkg.name}`, pkg]));
  };

  it('reads every form of the npm licence field, and LICENSE files when it is missing', async () => {
    const packages = await load();
    expect(packages.get('npm:left-pad')).toMatchObject({
      expression: 'WTFPL',
      verdict: 'allow',
      version: '1.3.0',
    });
    expect(packages.get('npm:gpl-lib')).toMatchObject({
      expression: 'GPL-3.0-only',
      verdict: 'deny',
      category: 'strong-copyleft',
      declared: 'GPL-3.0',
    });
    expect(packages.get('npm:legacy-object')).toMatchObject({ expression: 'MIT', verdict: 'allow' });
    expect(packages.get('npm:legacy-array')).toMatchObject({
      expression: 'MIT OR GPL-2.0-only',
      verdict: 'allow',
      source: 'node_modules/legacy-array/package.json (licenses)',
    });
    expect(packages.get('npm:file-only')).toMatchObject({
      expression: 'ISC',
      source: 'node_modules/file-only/LICENSE (licence text)',
      approximate: true,
    });
    expect(packages.get('npm:see-file')).toMatchObject({
      expression: 'MIT',
      source: 'node_modules/see-file/COPYING.md (licence text)',
    });
    expect(packages.get('npm:@scope/agpl')).toMatchObject({ verdict: 'deny', category: 'network-copyleft' });
    expect(packages.get('npm:inner')).toMatchObject({ expression: 'MPL-2.0', verdict: 'review' });
  });

  it('reports malformed packages with a reason and keeps going', async () => {
    const packages = await load();
    expect(packages.get('npm:garbled')).toMatchObject({ verdict: 'review', category: 'unknown' });
    expect(packages.get('npm:garbled')!.problem).toMatch(/not an SPDX expression/);
    expect(packages.get('npm:broken')!.problem).toMatch(/not valid JSON/);
    expect(packages.get('npm:not-installed')).toMatchObject({ verdict: 'review', category: 'unknown' });
    expect(packages.get('npm:not-installed')!.problem).toMatch(/not installed/);
    expect(packages.get('npm:dev-tool')).toMatchObject({ dev: true, verdict: 'allow' });
  });

  it("reads Python distributions from the project's virtualenv", async () => {
    const packages = await load();
    expect(packages.get('pypi:PyYAML')).toMatchObject({ expression: 'MIT', importNames: ['_yaml', 'yaml'] });
    expect(packages.get('pypi:modern')).toMatchObject({
      expression: 'Apache-2.0 OR MIT',
      source: expect.stringMatching(/License-Expression/),
      importNames: ['modern_pkg'],
    });
    expect(packages.get('pypi:classy')).toMatchObject({
      expression: 'GPL-3.0-only',
      verdict: 'deny',
      source: expect.stringMatching(/classifiers/),
    });
    expect(packages.get('pypi:pasted')).toMatchObject({ expression: 'BSD-2-Clause', approximate: true });
    expect(packages.get('pypi:files')).toMatchObject({
      expression: 'MIT',
      source: expect.stringMatching(/LICENSE\.txt/),
    });
    expect(packages.get('pypi:bad-expr')).toMatchObject({ verdict: 'review', category: 'unknown' });
    expect(packages.get('pypi:bad-expr')!.problem).toMatch(/License-Expression/);
  });

  it('reads Go modules and Cargo crates from the local caches, unknown when not cached', async () => {
    const packages = await load();
    expect(packages.get('go:github.com/Foo/bar')).toMatchObject({
      expression: 'BSD-2-Clause',
      version: 'v1.2.3',
      verdict: 'allow',
    });
    expect(packages.get('go:golang.org/x/text')).toMatchObject({ category: 'unknown', verdict: 'review' });
    expect(packages.get('go:golang.org/x/text')!.problem).toMatch(/module cache/);
    expect(packages.get('cargo:serde')).toMatchObject({ category: 'unknown', version: '1.0.200' });
  });

  it("reads the project's own licence and counts the verdicts", async () => {
    const report = await dependencyReport(root, DEFAULT_POLICY, { env, caches });
    expect(report.project).toEqual({ expression: 'LicenseRef-UNLICENSED', source: 'package.json' });
    expect(report.summary.deny).toBe(3);
    expect(report.summary.allow + report.summary.review + report.summary.deny).toBe(report.packages.length);
  });

  it('lets a GPL project keep its GPL dependencies', async () => {
    const report = await dependencyReport(
      root,
      { ...DEFAULT_POLICY, project: 'GPL-3.0-or-later', projectSource: 'test' },
      { env, caches },
    );
    const byName = new Map(report.packages.map((pkg) => [pkg.name, pkg]));
    expect(byName.get('gpl-lib')!.verdict).toBe('allow');
    expect(byName.get('@scope/agpl')!.verdict).toBe('deny');
  });
});

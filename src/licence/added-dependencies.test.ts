import { describe, expect, it } from 'vitest';
import { suiteFolder } from '../../test/support/test-folders.js';
import { addedDependenciesCheck } from './added-dependencies.js';
import { writeSampleProject } from './test-project.js';

describe('addedDependenciesCheck: the dependencies a change declares in a manifest', () => {
  const { root } = writeSampleProject(suiteFolder('vouch-licence-'));

  it('blocks a package.json dependency under a denied licence that no code imports, on its line', () => {
    const before = '{\n  "name": "app",\n  "dependencies": {\n    "left-pad": "^1.3.0"\n  }\n}\n';
    const after =
      '{\n  "name": "app",\n  "dependencies": {\n    "left-pad": "^1.3.0",\n    "gpl-lib": "^1.0.0"\n  }\n}\n';
    const result = addedDependenciesCheck({
      root,
      config: {},
      manifests: [{ path: 'package.json', before, after }],
    });
    expect(result).toMatchObject({ name: 'licence', status: 'fail', blocking: true });
    expect(result!.findings).toMatchObject([
      { ruleId: 'licence.dependency-denied', file: 'package.json', line: 5, severity: 'high' },
    ]);
    expect(result!.findings[0]!.message).toMatch(/adds npm package gpl-lib 1\.0\.0 under GPL-3\.0-only/);
  });

  it('judges only what the change adds: a dependency already declared is not judged again', () => {
    const text = '{\n  "dependencies": {\n    "gpl-lib": "^1.0.0"\n  }\n}\n';
    expect(
      addedDependenciesCheck({
        root,
        config: {},
        manifests: [{ path: 'package.json', before: text, after: `${text}\n` }],
      }),
    ).toBeUndefined();
    expect(
      addedDependenciesCheck({
        root,
        config: {},
        manifests: [{ path: 'src/app.ts', before: '', after: 'x' }],
      }),
    ).toBeUndefined();
  });

  it('a pyproject dependency that is not installed could not be checked: an error, never a pass', () => {
    const before = '[project]\nname = "app"\ndependencies = ["pyyaml>=6"]\n';
    const after = '[project]\nname = "app"\ndependencies = ["pyyaml>=6", "Not_Here>=2"]\n';
    const result = addedDependenciesCheck({
      root,
      config: {},
      manifests: [{ path: 'pyproject.toml', before, after }],
    });
    expect(result).toMatchObject({ name: 'licence', status: 'error', blocking: false });
    expect(result!.reason).toMatch(/not-here .*not installed/);
    expect(result!.findings).toMatchObject([
      { ruleId: 'licence.dependency-unknown', file: 'pyproject.toml' },
    ]);
  });

  it('a verdict set in [licence.packages] counts for a package that is not installed', () => {
    const result = addedDependenciesCheck({
      root,
      config: { licence: { packages: { 'not-here': 'allow' } } },
      manifests: [{ path: 'requirements.txt', before: '', after: 'not-here==2\n' }],
    });
    expect(result).toMatchObject({ status: 'pass', findings: [] });
  });

  it('a manifest the change leaves unreadable could not be checked', () => {
    const result = addedDependenciesCheck({
      root,
      config: {},
      manifests: [{ path: 'package.json', before: '{}', after: '{ "dependencies": ' }],
    });
    expect(result).toMatchObject({ status: 'error' });
    expect(result!.reason).toMatch(/package\.json cannot be read after the change/);
  });
});

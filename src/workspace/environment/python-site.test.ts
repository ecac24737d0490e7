import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, writeFiles } from '../../../test/support/temp-project.js';
import { readPythonPackages } from '../../licence/dependencies/python-packages.js';
import { detectEnvironment } from './detect-environment.js';
import { pythonSiteDirs } from './python-site.js';

const made: string[] = [];
afterEach(() => {
  for (const path of made.splice(0)) rmSync(path, { recursive: true, force: true });
});

/** A base interpreter prefix (as pyenv or /usr has) with one distribution in its site-packages. */
function baseInterpreter(): string {
  const prefix = mkdtempSync(join(tmpdir(), 'vouch-base-python-'));
  made.push(prefix);
  writeFiles(prefix, {
    'bin/python3.11': '',
    'lib/python3.11/site-packages/chardet-5.1.0.dist-info/METADATA':
      'Metadata-Version: 2.1\nName: chardet\nVersion: 5.1.0\nLicense: LGPL-2.1-or-later\n',
    'lib/python3.11/site-packages/chardet/__init__.py': '',
  });
  return prefix;
}

function project(prefix: string, systemSite: boolean): string {
  return tempProject(
    'vouch-site-',
    {
      'requirements.txt': 'chardet\nrequests\n',
      '.venv/pyvenv.cfg': `home = ${prefix}/bin\ninclude-system-site-packages = ${systemSite}\nversion = 3.11.7\n`,
      '.venv/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA':
        'Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nLicense: Apache-2.0\n',
    },
    made,
  );
}

describe('one view of installed Python packages', () => {
  it("includes the base interpreter's packages for a --system-site-packages virtualenv, in env and licence alike", async () => {
    const prefix = baseInterpreter();
    const root = project(prefix, true);
    expect(pythonSiteDirs(root, {})).toEqual([
      { dir: join(root, '.venv/lib/python3.11/site-packages'), venv: '.venv', system: false },
      { dir: join(prefix, 'lib/python3.11/site-packages'), venv: '.venv', system: true },
    ]);
    const environment = await detectEnvironment(root);
    const chardet = environment.packages.find((pkg) => pkg.name === 'chardet');
    expect(chardet).toMatchObject({ declared: true, installed: true, version: '5.1.0' });
    const licences = readPythonPackages(root, {});
    expect(licences.map((pkg) => pkg.name).sort()).toEqual(['chardet', 'requests']);
    expect(licences.find((pkg) => pkg.name === 'chardet')?.expression).toBe('LGPL-2.1-or-later');
  });

  it('leaves them out when the virtualenv is isolated', async () => {
    const root = project(baseInterpreter(), false);
    expect(pythonSiteDirs(root, {}).map((site) => site.system)).toEqual([false]);
    const environment = await detectEnvironment(root);
    expect(environment.packages.find((pkg) => pkg.name === 'chardet')?.installed).toBeFalsy();
    expect(readPythonPackages(root, {}).map((pkg) => pkg.name)).toEqual(['requests']);
  });
});

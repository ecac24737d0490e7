import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProject } from '../../../test/support/temp-project.js';
import { detectEnvironment } from './detect-environment.js';
import { renderEnvironment } from './render-environment.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = tempProject('vouch-env-', files, made);
  return root;
}

describe('detectEnvironment', () => {
  it('reads package.json with package-lock, node_modules, vitest, biome and tsconfig', async () => {
    const root = tree({
      'package.json': JSON.stringify({
        dependencies: { react: '^18.2.0', express: '^5.0.0' },
        devDependencies: { vitest: '^4.0.0', typescript: '~5.9.0' },
        engines: { node: '>=20' },
        scripts: { test: 'vitest run' },
      }),
      'package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': {},
          'node_modules/react': { version: '18.3.1' },
          'node_modules/express': { version: '5.1.0' },
          'node_modules/loose-envify': { version: '1.4.0' },
          'node_modules/express/node_modules/debug': { version: '4.0.0' },
        },
      }),
      'node_modules/react/package.json': JSON.stringify({ version: '18.3.2' }),
      'tsconfig.json': '{ // comment\n "compilerOptions": { "strict": true, }, }',
      'biome.json': JSON.stringify({
        formatter: { indentStyle: 'space', indentWidth: 2, lineWidth: 110 },
        javascript: { formatter: { quoteStyle: 'single' } },
      }),
    });
    const env = await detectEnvironment(root);
    const react = env.packages.find((pkg) => pkg.name === 'react')!;
    expect(react).toMatchObject({
      ecosystem: 'npm',
      version: '18.3.2',
      range: '^18.2.0',
      declared: true,
      dev: false,
      installed: true,
    });
    expect(env.packages.find((pkg) => pkg.name === 'express')).toMatchObject({
      version: '5.1.0',
      source: 'package-lock.json',
    });
    expect(env.packages.find((pkg) => pkg.name === 'loose-envify')).toMatchObject({
      declared: false,
      version: '1.4.0',
    });
    expect(env.packages.find((pkg) => pkg.name === 'debug')).toBeUndefined();
    expect(env.packages.find((pkg) => pkg.name === 'vitest')).toMatchObject({ dev: true });
    expect(env.testFrameworks.map((entry) => entry.name)).toEqual(['vitest']);
    expect(env.languages).toContainEqual({
      name: 'node',
      version: '>=20',
      source: 'package.json engines.node',
    });
    expect(env.style.typescriptStrict?.value).toBe(true);
    expect(env.style).toMatchObject({
      lineLength: { value: 110 },
      quotes: { value: 'single' },
      indent: { style: 'space', size: 2 },
    });
    expect(env.notes.some((note) => note.startsWith('react 18.3.2: React 18'))).toBe(true);
    expect(env.notes.some((note) => note.startsWith('express 5.1.0: Express 5'))).toBe(true);
    expect(renderEnvironment(env)).toContain('react 18.3.2');
  });

  it('reads pnpm-lock.yaml and yarn.lock pins', async () => {
    const pnpm = tree({
      'package.json': JSON.stringify({ dependencies: { lodash: '^4.17.0' } }),
      'pnpm-lock.yaml':
        "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      lodash:\n        specifier: ^4.17.0\n        version: 4.17.21\npackages:\n  lodash@4.17.21:\n    resolution: {integrity: sha512-x}\n  '@types/node@20.1.0':\n    resolution: {integrity: sha512-y}\n",
    });
    const fromPnpm = await detectEnvironment(pnpm);
    expect(fromPnpm.packages.find((pkg) => pkg.name === 'lodash')).toMatchObject({
      version: '4.17.21',
      declared: true,
    });
    expect(fromPnpm.packages.find((pkg) => pkg.name === '@types/node')?.version).toBe('20.1.0');
    const yarn = tree({
      'package.json': JSON.stringify({ dependencies: { '@babel/core': '^7.0.0', chalk: '^5' } }),
      'yarn.lock':
        '# yarn lockfile v1\n\n"@babel/core@^7.0.0":\n  version "7.24.0"\n  resolved "https://x"\n\nchalk@^5, chalk@^5.3.0:\n  version "5.3.0"\n',
    });
    const fromYarn = await detectEnvironment(yarn);
    expect(fromYarn.packages.find((pkg) => pkg.name === '@babel/core')?.version).toBe('7.24.0');
    expect(fromYarn.packages.find((pkg) => pkg.name === 'chalk')?.version).toBe('5.3.0');
  });

  it('reads pyproject (PEP 621 and poetry), requirements, lockfiles and a virtualenv', async () => {
    const root = tree({
      'pyproject.toml': [
        '[project]',
        'name = "x"',
        'requires-python = ">=3.12"',
        'dependencies = ["pandas>=2.1", "Pydantic[email] (>=2.5,<3)", "requests ; python_version>\'3\'"]',
        '[project.optional-dependencies]',
        'dev = ["pytest>=8"]',
        '[tool.poetry.dependencies]',
        'python = "^3.12"',
        'SQLAlchemy = {version = "^2.0"}',
        '[tool.ruff]',
        'line-length = 100',
      ].join('\n'),
      'requirements-dev.txt': '# tools\nblack==24.1.0\n-r requirements.txt\nnumpy==1.26.4  # pinned\n',
      'poetry.lock':
        '[[package]]\nname = "pandas"\nversion = "2.2.1"\n\n[[package]]\nname = "SQLAlchemy"\nversion = "2.0.30"\n',
      '.venv/pyvenv.cfg': 'home = /usr/bin\nversion = 3.12.3\n',
      '.venv/lib/python3.12/site-packages/pandas-2.2.2.dist-info/METADATA': 'Name: pandas\nVersion: 2.2.2\n',
      '.venv/lib/python3.12/site-packages/typing_extensions-4.9.0.dist-info/METADATA':
        'Name: typing_extensions\n',
      'tests/test_x.py': '',
    });
    const env = await detectEnvironment(root);
    const find = (name: string) => env.packages.find((pkg) => pkg.ecosystem === 'pypi' && pkg.name === name);
    expect(find('pandas')).toMatchObject({
      version: '2.2.2',
      installed: true,
      declared: true,
      range: '>=2.1',
    });
    expect(find('pydantic')).toMatchObject({ declared: true, range: '>=2.5,<3' });
    expect(find('requests')).toMatchObject({ declared: true });
    expect(find('pytest')).toMatchObject({ dev: true });
    expect(find('sqlalchemy')).toMatchObject({ version: '2.0.30', declared: true });
    expect(find('black')).toMatchObject({ version: '24.1.0', dev: true, source: 'requirements-dev.txt' });
    expect(find('typing-extensions')).toMatchObject({ installed: true, declared: false });
    expect(env.languages.find((language) => language.name === 'python')?.version).toBe('>=3.12');
    expect(env.testFrameworks[0]?.name).toBe('pytest');
    expect(env.style.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['ruff', 'black']));
    expect(env.style.lineLength?.value).toBe(100);
    expect(env.notes.join('\n')).toContain('pandas 2.2.2: `DataFrame.append`');
    expect(env.notes.join('\n')).toContain('Pydantic 2');
    expect(env.notes.join('\n')).toContain('distutils');
    expect(env.notes.join('\n')).not.toContain('NumPy 2');
  });

  it('reads uv.lock, Pipfile.lock and falls back to unittest', async () => {
    const root = tree({
      'requirements.txt': 'flask\n',
      'uv.lock': 'version = 1\n[[package]]\nname = "flask"\nversion = "3.0.3"\n',
      'Pipfile.lock': JSON.stringify({ default: { click: { version: '==8.1.7' } }, develop: {} }),
      'tests/test_app.py': 'import unittest\n',
    });
    const env = await detectEnvironment(root);
    expect(env.packages.find((pkg) => pkg.name === 'flask')).toMatchObject({
      version: '3.0.3',
      declared: true,
    });
    expect(env.packages.find((pkg) => pkg.name === 'click')).toMatchObject({
      version: '8.1.7',
      declared: false,
    });
    expect(env.testFrameworks.map((entry) => entry.name)).toEqual(['unittest']);
  });

  it('reads go.mod, Cargo.toml with Cargo.lock, pom.xml and build.gradle.kts', async () => {
    const root = tree({
      'go.mod':
        'module example.com/x\n\ngo 1.22\n\nrequire github.com/spf13/cobra v1.8.0\n\nrequire (\n\tgolang.org/x/sys v0.20.0 // indirect\n\tgithub.com/stretchr/testify v1.9.0\n)\n',
      'Cargo.toml':
        '[package]\nname = "x"\nrust-version = "1.75"\n[dependencies]\nserde = { version = "1.0", features = ["derive"] }\ntokio = "1.37"\n[dev-dependencies]\nproptest = "1"\n',
      'Cargo.lock':
        '[[package]]\nname = "x"\nversion = "0.1.0"\n\n[[package]]\nname = "serde"\nversion = "1.0.200"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
      'pom.xml':
        '<project><properties><java.version>17</java.version><boot.version>3.2.0</boot.version></properties><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId><version>$' +
        '{boot.version}</version></dependency><dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.10.0</version><scope>test</scope></dependency></dependencies></project>',
      'build.gradle.kts':
        'dependencies {\n  implementation("com.google.guava:guava:33.0.0-jre")\n  testImplementation("junit:junit:4.13.2")\n}\njava { toolchain { languageVersion = JavaLanguageVersion.of(21) } }\n',
    });
    const env = await detectEnvironment(root);
    const find = (ecosystem: string, name: string) =>
      env.packages.find((pkg) => pkg.ecosystem === ecosystem && pkg.name === name);
    expect(find('go', 'github.com/spf13/cobra')).toMatchObject({
      version: 'v1.8.0',
      declared: true,
      source: 'go.mod',
    });
    expect(find('go', 'golang.org/x/sys')).toMatchObject({ declared: false });
    expect(find('go', 'github.com/stretchr/testify')).toMatchObject({ declared: true });
    expect(find('cargo', 'serde')).toMatchObject({ version: '1.0.200', range: '1.0', declared: true });
    expect(find('cargo', 'proptest')).toMatchObject({ dev: true });
    expect(find('cargo', 'x')).toBeUndefined();
    expect(find('maven', 'org.springframework.boot:spring-boot-starter-web')).toMatchObject({
      version: '3.2.0',
      declared: true,
    });
    expect(find('maven', 'org.junit.jupiter:junit-jupiter')).toMatchObject({ dev: true });
    expect(find('maven', 'com.google.guava:guava')).toMatchObject({
      version: '33.0.0-jre',
      source: 'build.gradle.kts',
    });
    expect(env.languages.find((language) => language.name === 'go')?.version).toBe('1.22');
    expect(env.languages.find((language) => language.name === 'rust')?.version).toBe('1.75');
    expect(env.testFrameworks.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(['go test', 'cargo test', 'JUnit 5', 'JUnit 4']),
    );
    expect(env.notes.join('\n')).toContain('jakarta');
    expect(env.notes.join('\n')).toContain('Go 1.22');
  });

  it('keeps going when a manifest is broken', async () => {
    const root = tree({ 'package.json': '{ not json', 'go.mod': 'module x\ngo 1.21\n' });
    const env = await detectEnvironment(root);
    expect(env.warnings[0]).toMatch(/^package\.json: could not be read/);
    expect(env.languages.find((language) => language.name === 'go')?.version).toBe('1.21');
  });
});

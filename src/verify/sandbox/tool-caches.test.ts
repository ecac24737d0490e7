import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jest30Tsc7Project, npmFixtureUnavailable, vitest2Project } from '../__fixtures__/projects.js';
import { sandboxAvailability } from './availability.js';
import { runInSandbox } from './run-in-sandbox.js';

const available = (await sandboxAvailability()).available;
const vouchModules = join(import.meta.dirname, '../../../node_modules');
const limits = { wallMs: 90_000, cpuMs: 90_000, memoryMb: 2048 };

describe.skipIf(!available)('tools write their caches in a read-only project (tool-caches.ts)', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('vitest 2 passes a passing test instead of failing on node_modules/.vite/vitest/results.json', async (context) => {
    const fixture = npmFixtureUnavailable(vitest2Project);
    if (!fixture.dir) return context.skip(fixture.reason);
    const root = fixture.dir;
    const result = await runInSandbox({
      command: [
        'node',
        join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--reporter=json',
        '-t',
        'joins',
      ],
      projectDir: root,
      cwd: root,
      env: { CI: '1' },
      limits,
    });
    expect(result.stderr).not.toMatch(/EROFS|ENOENT/);
    expect(result).toMatchObject({ status: 'ok', exitCode: 0 });
    expect(JSON.parse(result.stdout)).toMatchObject({ numPassedTests: 1, numFailedTests: 0 });
    expect(existsSync(join(root, 'node_modules/.vite'))).toBe(false);
  });

  it('tsc 7 and tsc 5 with `incremental` check the project instead of failing to write .tsbuildinfo', async (context) => {
    const fixture = npmFixtureUnavailable(jest30Tsc7Project);
    if (!fixture.dir) return context.skip(fixture.reason);
    const root = fixture.dir;
    const native = await runInSandbox({
      command: [join(root, 'node_modules/.bin/tsc'), '-p', root],
      projectDir: root,
      cwd: root,
      limits,
    });
    expect(native.stdout).not.toMatch(/TS5033/);
    expect(native).toMatchObject({ status: 'ok', exitCode: 0 });
    const classic = await runInSandbox({
      command: ['node', join(vouchModules, 'typescript/bin/tsc'), '-p', root],
      projectDir: root,
      cwd: root,
      readOnlyPaths: [vouchModules],
      limits,
    });
    expect(classic.stdout).not.toMatch(/TS5033/);
    expect(classic).toMatchObject({ status: 'ok', exitCode: 0 });
    expect(existsSync(join(root, 'tsconfig.tsbuildinfo'))).toBe(false);
  });

  it('jest 30 runs a suite with its own cache', async (context) => {
    const fixture = npmFixtureUnavailable(jest30Tsc7Project);
    if (!fixture.dir) return context.skip(fixture.reason);
    const root = fixture.dir;
    const result = await runInSandbox({
      command: ['node', join(root, 'node_modules/jest/bin/jest.js'), '--ci', '--json'],
      projectDir: root,
      cwd: root,
      limits,
    });
    expect(result).toMatchObject({ status: 'ok', exitCode: 0 });
    expect(JSON.parse(result.stdout)).toMatchObject({ numPassedTests: 1, numFailedTests: 0 });
  });

  it('vitest 4 with a vitest.config.ts: vite bundles the config into node_modules/.vite-temp, not EROFS', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vouch-tool-caches-vite-'));
    made.push(root);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'sum', type: 'module' }));
    writeFileSync(
      join(root, 'vitest.config.ts'),
      "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: {} });\n",
    );
    writeFileSync(
      join(root, 'sum.test.ts'),
      "import { expect, it } from 'vitest';\n\nit('adds', () => {\n  expect(1 + 1).toBe(2);\n});\n",
    );
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(realpathSync(join(vouchModules, 'vitest')), join(root, 'node_modules/vitest'));
    const result = await runInSandbox({
      command: ['node', join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=json'],
      projectDir: root,
      cwd: root,
      env: { CI: '1' },
      // the link's target, as the tests check mounts it (checks/tests.ts)
      readOnlyPaths: [realpathSync(vouchModules)],
      limits,
    });
    expect(result.stderr).not.toMatch(/EROFS|ENOENT/);
    expect(result, result.stderr.slice(-2000)).toMatchObject({ status: 'ok', exitCode: 0 });
    expect(JSON.parse(result.stdout)).toMatchObject({ numPassedTests: 1, numFailedTests: 0 });
    expect(existsSync(join(root, 'node_modules/.vite-temp'))).toBe(false);
  });

  it('pytest (warnings as errors) and mypy keep their caches out of the project', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vouch-tool-caches-'));
    made.push(root);
    writeFileSync(join(root, 'pytest.ini'), '[pytest]\nfilterwarnings = error\n');
    writeFileSync(join(root, 'calc.py'), 'def add(a: int, b: int) -> int:\n    return a + b\n');
    writeFileSync(
      join(root, 'test_calc.py'),
      'from calc import add\n\n\ndef test_add() -> None:\n    assert add(1, 2) == 3\n',
    );
    const pytest = await runInSandbox({
      command: ['/usr/bin/python3', '-m', 'pytest', '-q', '--lf'],
      projectDir: root,
      cwd: root,
      limits,
    });
    expect(pytest.stdout).toMatch(/1 passed/);
    expect(pytest).toMatchObject({ status: 'ok', exitCode: 0 });
    const mypy = await runInSandbox({
      command: ['/usr/bin/python3', '-m', 'mypy', '--strict', 'calc.py', 'test_calc.py'],
      projectDir: root,
      cwd: root,
      limits,
    });
    expect(mypy.stdout + mypy.stderr).not.toMatch(/cache|Read-only/i);
    expect(mypy).toMatchObject({ status: 'ok', exitCode: 0 });
    expect(existsSync(join(root, '.pytest_cache'))).toBe(false);
    expect(existsSync(join(root, '.mypy_cache'))).toBe(false);
  });
});

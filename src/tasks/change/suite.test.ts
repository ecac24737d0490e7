// end-to-end: runs git to list the project
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../../test/support/test-folders.js';
import { findSuite, treeKey } from './suite.js';

/** r46: the baseline's key covers every file a test may read, not only the suite language's and a few configs. */
function project(repository: boolean): string {
  const root = testFolder('vouch-tree-key-');
  mkdirSync(join(root, 'tests', 'data'), { recursive: true });
  writeFileSync(join(root, 'app.py'), 'def total(xs):\n    return sum(xs)\n');
  writeFileSync(join(root, 'tests', 'test_app.py'), 'def test_total():\n    assert True\n');
  writeFileSync(join(root, 'tests', 'data', 'cases.json'), '[1, 2, 3]\n');
  writeFileSync(join(root, 'tests', 'pytest.ini'), '[pytest]\n');
  writeFileSync(join(root, 'vitest.config.mts'), 'export default {}\n');
  writeFileSync(join(root, '.gitignore'), 'build/\n');
  if (repository) {
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', 'app.py', 'tests', '.gitignore'], { cwd: root });
  }
  return root;
}

const key = async (root: string) => treeKey(root, await findSuite(root, true));

describe('the change baseline’s tree key', () => {
  for (const repository of [true, false])
    it(`changes with a fixture, a nested pytest.ini or any runner config, not with vouch's folder or an ignored file (${repository ? 'git' : 'no git'})`, async () => {
      const root = project(repository);
      const first = await key(root);
      expect(await key(root)).toBe(first);
      // vouch's own index and an ignored build output are no input of the tests
      mkdirSync(join(root, '.vouch'), { recursive: true });
      writeFileSync(join(root, '.vouch', 'index.db'), 'x');
      mkdirSync(join(root, 'build'), { recursive: true });
      writeFileSync(join(root, 'build', 'out.txt'), 'x');
      expect(await key(root)).toBe(first);
      const seen = new Set([first]);
      for (const [path, text] of [
        ['tests/data/cases.json', '[1, 2, 4]\n'],
        ['tests/pytest.ini', '[pytest]\naddopts = -x\n'],
        ['vitest.config.mts', 'export default { test: {} }\n'],
        ['jest.config.ts', 'export default {}\n'],
      ] as const) {
        writeFileSync(join(root, path), text);
        const next = await key(root);
        expect(seen.has(next), path).toBe(false);
        seen.add(next);
      }
    });
});

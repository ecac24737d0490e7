import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { suiteFolder, testFolder } from '../../test/support/test-folders.js';
import { writeSampleProject, writeTree } from './test-project.js';

/**
 * The licence tests' helpers left every folder they made in /tmp (18 `vouch-licence-*` after one run of
 * src/licence): they made their own with `mkdtemp` and nobody removed them. They are compiled into dist/
 * with the rest of src/, so they cannot use the test supports; they write into a folder the test gives
 * them instead, one that is removed when the test (`testFolder`) or the describe (`suiteFolder`) is done.
 * Each test counts what is left in a private temporary folder (TMPDIR) once its cleanups have run.
 */
function privateTmpdir(): string {
  const tmp = testFolder('vouch-licence-count-');
  vi.stubEnv('TMPDIR', tmp);
  // onTestFinished runs its callbacks last registered first: this one after every cleanup the test
  // registers from here on, before the removal of `tmp` itself
  onTestFinished(() => {
    vi.unstubAllEnvs();
    expect(readdirSync(tmp)).toEqual([]);
  });
  return tmp;
}

describe("the licence tests' folders", () => {
  it('a sample project and a tree written in a test are gone once the test has finished', () => {
    const tmp = privateTmpdir();
    const { root, caches } = writeSampleProject(testFolder('vouch-licence-'));
    const tree = writeTree(testFolder('vouch-licence-'), { 'a/b.txt': 'b' });
    expect(existsSync(join(root, 'package.json'))).toBe(true);
    expect(existsSync(join(caches.goModCache, 'github.com/!foo/bar@v1.2.3/LICENSE'))).toBe(true);
    expect(existsSync(join(tree, 'a', 'b.txt'))).toBe(true);
    // the two folders the test gave, and nothing the helpers made of their own
    expect(readdirSync(tmp)).toHaveLength(2);
  });

  describe('a sample project shared by the tests of a describe', () => {
    // afterAll runs its callbacks last registered first: this one after the suite folder's removal
    afterAll(() => {
      expect(existsSync(folder)).toBe(false);
    });
    const folder = suiteFolder('vouch-licence-');
    const { root } = writeSampleProject(folder);

    it('is there for its tests and goes after the last of them', () => {
      expect(existsSync(join(root, 'package.json'))).toBe(true);
      expect(readdirSync(folder).sort()).toEqual(['caches', 'project']);
    });
  });
});

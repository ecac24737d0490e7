import { isTestFile } from '../../security/secrets.js';
import { findExistingTests } from '../refactor/existing-tests.js';
import { readTarget } from '../test/target.js';
import type { DiffFile } from './parse-diff.js';

export interface TestsTouching {
  path: string;
  /** the project's test files that import the changed module */
  tests: string[];
  /** the diff changes a test file too */
  testsInDiff: boolean;
  firstAddedLine?: number;
}

/** For each changed source file (not itself a test): which of the project's tests import it. */
export async function testsTouching(
  root: string,
  codeFiles: DiffFile[],
  all: DiffFile[],
): Promise<TestsTouching[]> {
  const testsInDiff = all.some((file) => isTestFile(file.path));
  const out: TestsTouching[] = [];
  for (const file of codeFiles) {
    if (isTestFile(file.path) || file.addedLines.length === 0) continue;
    let tests: string[] = [];
    try {
      const target = await readTarget({ root, path: file.path, symbolName: undefined, command: 'review' });
      tests = (await findExistingTests(root, target)).files;
    } catch {
      // a language the test finder does not know, or a file not in the working tree
    }
    out.push({
      path: file.path,
      tests,
      testsInDiff,
      ...(file.addedLines[0] ? { firstAddedLine: file.addedLines[0] } : {}),
    });
  }
  return out;
}

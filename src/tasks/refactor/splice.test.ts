import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../../../test/support/temp-project.js';
import { readTarget } from '../test/target.js';
import { splice } from './index.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const GEOMETRY = `"""Shapes."""
import math


def area(r):
    return 3.14159 * r * r


def perimeter(r):
    return 2 * 3.14159 * r
`;

describe('splice: the answer for one function back into its file', () => {
  it('an import the file has is not repeated mid-file; a new one joins the imports (issue 57)', async () => {
    const root = tempProject('vouch-splice-', { 'geometry.py': GEOMETRY }, made);
    const target = await readTarget({
      root,
      path: 'geometry.py',
      symbolName: 'perimeter',
      command: 'refactor',
    });
    const after = splice(
      target,
      'import math\nimport functools\n\n\ndef perimeter(r):\n    return 2 * math.pi * r\n',
    );
    expect(after).toBe(
      GEOMETRY.replace('import math\n', 'import math\nimport functools\n').replace(
        '2 * 3.14159 * r',
        '2 * math.pi * r',
      ),
    );
    expect(after.match(/^import math$/gm)).toHaveLength(1);
  });
});

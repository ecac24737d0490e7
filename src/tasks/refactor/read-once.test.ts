// end-to-end: python3 running python/differential_side.py
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * w191 (r47 #6): the Python side of the refactor proof read a public property twice per call (once in the
 * compared text, once more for what it shows), so a property with a side effect differed from itself. Here
 * python/differential_side.py runs directly (its serve loop left out): each property is read once per result.
 */
const SIDE = resolve(import.meta.dirname, '../../../python/differential_side.py');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const python = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!python)('the Python differential side', () => {
  it('reads each property of a result once per call, and shows what it compared', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-read-once-'));
    made.push(dir);
    writeFileSync(
      join(dir, 'subject.py'),
      'READS = []\n\n\nclass Ticket:\n    def __init__(self, owner):\n        self.owner = owner\n\n    @property\n    def number(self):\n        READS.append(1)\n        return len(READS)\n\n\ndef make(owner):\n    return Ticket(owner)\n',
    );
    const driver = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(dirname(SIDE))})`,
      `source = open(${JSON.stringify(SIDE)}).read().replace('\\nserve()\\n', '\\n')`,
      "side = {'__name__': 'differential_side'}",
      "exec(compile(source, 'differential_side.py', 'exec'), side)",
      "side['CONFIG']['names'] = ['subject']",
      `module = side['load'](${JSON.stringify(join(dir, 'subject.py'))})`,
      "side['MODULE'] = module",
      `side['TRACE']['file'] = ${JSON.stringify(join(dir, 'subject.py'))}`,
      "first = side['call'](module.make, ('a',), {})",
      'after_first = len(module.READS)',
      "second = side['call'](module.make, ('a',), {})",
      "print(json.dumps({'reads': [after_first, len(module.READS)], 'compared': first[0][2], 'seen': first[0][3], 'again': second[0][2]}))",
    ].join('\n');
    const run = spawnSync('python3', ['-c', driver], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
      reads: number[];
      compared: string;
      seen: [string, string][];
      again: string;
    };
    // one read per call, and what is shown is what was compared
    expect(out.reads).toEqual([1, 2]);
    expect(out.compared).toContain('number=int:1');
    expect(out.seen).toEqual([['number', 'int:1']]);
    // the property's own counter still differs between calls: the side effect itself is not hidden
    expect(out.again).toContain('number=int:2');
  });
});

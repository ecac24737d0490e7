import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveCitation } from '../src/citation-path.js';

/**
 * A citation is a path the model wrote: opening it must never reach a file outside the workspace
 * folder, whether by `..`, an absolute path or a link planted in the workspace.
 */
let base: string;
let root: string;
before(() => {
  base = mkdtempSync(join(tmpdir(), 'vouch-citation-'));
  root = join(base, 'workspace');
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src/app.py'), 'x = 1\n');
  writeFileSync(join(base, 'secret.txt'), 'outside\n');
  symlinkSync(join(base, 'secret.txt'), join(root, 'src/link.txt'));
  symlinkSync(base, join(root, 'up'));
  symlinkSync(join(root, 'src/app.py'), join(root, 'alias.py'));
  // the workspace opened through a link of its own is still the workspace
  symlinkSync(root, join(base, 'linked-workspace'));
});
after(() => rmSync(base, { recursive: true, force: true }));

describe('resolveCitation', () => {
  it('opens a file of the workspace, also through a link that stays inside', () => {
    assert.deepEqual(resolveCitation(root, 'src/app.py'), { file: join(root, 'src/app.py') });
    assert.deepEqual(resolveCitation(root, './src/../src/app.py'), { file: join(root, 'src/app.py') });
    assert.deepEqual(resolveCitation(root, 'alias.py'), { file: join(root, 'src/app.py') });
    assert.deepEqual(resolveCitation(join(base, 'linked-workspace'), 'src/app.py'), {
      file: join(root, 'src/app.py'),
    });
  });

  for (const [what, cited] of [
    ['.. out of the folder', '../secret.txt'],
    ['.. after a folder', 'src/../../secret.txt'],
    ['an absolute path', '/etc/passwd'],
    ['a link to a file outside', 'src/link.txt'],
    ['a link to a folder outside', 'up/secret.txt'],
    ['a file that does not exist', 'src/missing.py'],
    ['nothing', ''],
  ] as const) {
    it(`refuses ${what}, saying why`, () => {
      const target = resolveCitation(root, cited);
      assert.ok('refused' in target, `${cited} was opened: ${JSON.stringify(target)}`);
      assert.match(target.refused, /outside|absolute|does not exist|names no file/);
    });
  }
});

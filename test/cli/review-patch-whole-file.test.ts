import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w222: `vouch review --patch` gave false "undefined name" findings (high, exit 1) for names the patched file
 * defines or imports outside the hunks, when the working tree's file was not the one the hunks apply to (gone,
 * or changed since): the gate read the hunks alone. HEAD's file the patch matches is now the base its hunks
 * are applied to; with no whole file anywhere, the findings that need one (undefined and unused names, blank
 * lines between hunks) are not counted, and a note says so.
 */

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  });

const APP =
  'import os\n\nfrom helpers import slugify\n\n\ndef title(name):\n    return name.title()\n\n\ndef one(x):\n    return x\n\n\ndef two(x):\n    return x\n\n\ndef three(x):\n    return x\n\n\ndef page(name):\n    return slugify(name)\n';
const HELPERS = 'def slugify(text):\n    return text.lower().replace(" ", "-")\n';
const PATCH =
  '--- a/app.py\n+++ b/app.py\n@@ -20,4 +20,4 @@ def three(x):\n \n \n def page(name):\n-    return slugify(name)\n+    return slugify(title(name)) + os.sep\n';

interface Review {
  verification: { status: string };
  notes: string[];
  details: { comments: { file: string; line: number; ruleId: string }[] };
}

const GATE_ONLY = ['review', '--no-model-review', '--json'];
const NAME_RULES = /^(?:undefined-name|unused-import|F821|F401|F405|E30\d)$/;
const nameFindings = (output: Review) =>
  output.details.comments
    .filter((comment) => NAME_RULES.test(comment.ruleId))
    .map((comment) => `${comment.ruleId}@${comment.line}`);

function repository(): string {
  const root = testFolder('vouch-review-w222-');
  writeFileSync(join(root, 'app.py'), APP);
  writeFileSync(join(root, 'helpers.py'), HELPERS);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'app');
  writeFileSync(join(root, 'change.patch'), PATCH);
  return root;
}

describe('vouch review --patch: names defined outside the hunks', () => {
  it('the working tree has no app.py: HEAD’s file the patch matches is the whole file, no undefined name', async () => {
    const root = repository();
    rmSync(join(root, 'app.py'));
    const result = await runMain([...GATE_ONLY, '--patch', 'change.patch'], { cwd: root });
    const output = result.json<Review>();
    expect(nameFindings(output)).toEqual([]);
    expect(result.code, result.stderr).toBe(0);
    expect(output.notes.join('\n')).not.toMatch(/saw only the hunks/);
  });

  it('the working tree’s app.py changed since: the hunks go on HEAD’s file', async () => {
    const root = repository();
    writeFileSync(
      join(root, 'app.py'),
      APP.replace('    return x\n', '    return x * 2\n').replace(PAGE, ''),
    );
    const result = await runMain([...GATE_ONLY, '--patch', 'change.patch'], { cwd: root });
    expect(nameFindings(result.json<Review>())).toEqual([]);
    expect(result.code, result.stderr).toBe(0);
  });

  it('no whole file anywhere (outside git, no app.py): names outside the hunks are not flagged, and a note says why', async () => {
    const root = testFolder('vouch-review-w222-nogit-');
    writeFileSync(join(root, 'change.patch'), PATCH);
    const result = await runMain([...GATE_ONLY, '--patch', 'change.patch'], { cwd: root });
    const output = result.json<Review>();
    expect(nameFindings(output)).toEqual([]);
    expect(output.notes).toContainEqual(
      expect.stringMatching(/^app\.py: .*need the whole file.*not counted/),
    );
  });

  it('a name the hunks use that nothing defines is still reported when the whole file is at hand', async () => {
    const root = repository();
    writeFileSync(join(root, 'change.patch'), PATCH.replace('title(name)', 'titel(name)'));
    rmSync(join(root, 'app.py'));
    const result = await runMain([...GATE_ONLY, '--patch', 'change.patch'], { cwd: root });
    expect(nameFindings(result.json<Review>())).toContain('undefined-name@23');
    expect(result.code).toBe(1);
  });
});

const PAGE = '\n\ndef page(name):\n    return slugify(name)\n';

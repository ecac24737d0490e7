// end-to-end: runs git in real repositories whose own configuration names a command
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffText, newContent, openRepository } from '../../src/tasks/review/diff-source.js';
import { parseUnifiedDiff } from '../../src/tasks/review/parse-diff.js';
import { listWorkspaceFiles } from '../../src/workspace/files.js';
import { gitShim } from '../support/git-shim.js';
import { tempProject } from '../support/temp-project.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A repository as a user may receive it whole (an archive, a shared folder): its `.git/config` names a
 * command git would run for `ls-files` and `diff` of the work tree (core.fsmonitor), and the textconv and
 * clean-filter drivers its `.gitattributes` asks for. vouch only reads such a repository: neither command may run.
 */
function hostileRepository(): { root: string; ran: string[] } {
  const root = tempProject('vouch-untrusted-git-', { 'app.py': 'x = 1\n', 'notes.txt': 'a\n' }, made);
  const ran = [join(root, 'fsmonitor-ran'), join(root, 'textconv-ran'), join(root, 'filter-ran')];
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'first');
  writeFileSync(join(root, '.gitattributes'), '*.txt diff=show filter=my.own\n');
  writeFileSync(join(root, 'notes.txt'), 'b\n');
  git('config', 'core.fsmonitor', `touch ${ran[0]}; false`);
  git('config', 'diff.show.textconv', `sh -c 'touch ${ran[1]}; cat "$0"'`);
  git('config', 'filter.my.own.clean', `sh -c 'touch ${ran[2]}; cat'`);
  git('config', 'filter.my.own.required', 'true');
  return { root, ran };
}

describe("git in a repository the user does not trust runs none of the repository's commands", () => {
  it('listing the workspace (scan, the gate, the index) does not run core.fsmonitor', async () => {
    const { root, ran } = hostileRepository();
    const files = await listWorkspaceFiles(root);
    expect(files.map((file) => file.path)).toContain('app.py');
    expect(existsSync(ran[0]!)).toBe(false);
  });

  it('the diff vouch review reads runs neither core.fsmonitor nor a textconv or clean-filter driver', async () => {
    const { root, ran } = hostileRepository();
    const diff = (await diffText(openRepository(root), { worktree: true })).text;
    expect(diff).toContain('+b');
    expect(existsSync(ran[0]!)).toBe(false);
    expect(existsSync(ran[1]!)).toBe(false);
    expect(existsSync(ran[2]!)).toBe(false);
  });

  it("a review reads the repository's filter drivers once, and every git call of it still runs none of them", async () => {
    const { root, ran } = hostileRepository();
    writeFileSync(join(root, 'app.py'), 'x = 2\n');
    // staged by hand with the repository's commands off (the test's own git must not run them either)
    const off = [
      '-c',
      'core.fsmonitor=false',
      '-c',
      'filter.my.own.clean=',
      '-c',
      'filter.my.own.required=false',
    ];
    execFileSync('git', [...off, 'add', 'app.py', 'notes.txt', '.gitattributes'], {
      cwd: root,
      stdio: 'ignore',
    });
    const shim = gitShim(made);
    try {
      const repository = openRepository(root);
      const diff = (await diffText(repository, { staged: true })).text;
      const files = parseUnifiedDiff(diff);
      expect(files.map((file) => file.path).sort()).toEqual(['.gitattributes', 'app.py', 'notes.txt']);
      for (const file of files) await newContent(repository, { staged: true }, file);
    } finally {
      shim.restore();
    }
    const calls = shim.calls();
    // the repository check, the diff and three `git show`s: one reading of the drivers (five before)
    expect(calls.filter((call) => call.startsWith('config ')).length).toBe(1);
    expect(calls.filter((call) => call.includes(' show ')).length).toBe(3);
    expect(calls.filter((call) => call.includes('filter.my.own.clean=')).length).toBe(calls.length - 1);
    for (const marker of ran) expect(existsSync(marker)).toBe(false);
  });
});

// end-to-end: git (the listing's `git ls-files`, counted through a git first on PATH)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitShim } from '../../test/support/git-shim.js';
import { ageTree, tempProject } from '../../test/support/temp-project.js';
import { workspaceSettings } from './workspace-settings.js';

/**
 * w123: the listing of a project's Python files for their settings is kept between checks while nothing
 * that decides it changed (listing-watch.ts). Each case changes one such thing between two checks, the
 * files dated an hour back so the kept listing is trusted: the second check must see the change, as a
 * fresh listing would. The changes that do not touch a folder's names or a rule file show the kept
 * listing was used (no second `git ls-files`) and still read the file's new text.
 */

const made: string[] = [];
afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

const OFF = 'app.jinja_env.autoescape = False';
const init = (setting: string) => `from flask import Flask\napp = Flask(__name__)\n${setting}\n`;
const VIEWS = 'from flask import render_template_string\n';

/** A git repository with `files` committed, every file and folder dated an hour back. */
function repository(files: Record<string, string>): string {
  const root = tempProject('vouch-settings-cache-', files, made);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      cwd: root,
      stdio: 'ignore',
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'first');
  ageTree(root);
  return root;
}

/**
 * Writes `text` to `path` under `root`, the file and its folders up to `root` dated an hour back (as a
 * change made a while ago); git's own folder is left as it is.
 */
function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  backdate(root, path);
}

function backdate(root: string, path: string): void {
  const past = new Date(Date.now() - 3_600_000);
  for (let at = join(root, path); at.startsWith(root); at = dirname(at)) utimesSync(at, past, past);
}

/** The settings lines seen for app/views.py, and how many times the project was listed through git. */
async function settings(root: string, shim: ReturnType<typeof gitShim>) {
  const found = await workspaceSettings(join(root, 'app'), {
    given: new Set([join(root, 'app', 'views.py')]),
  });
  return {
    lines: found.lines,
    notRead: found.notRead,
    listings: shim.calls().filter((call) => call.includes('ls-files')).length,
  };
}

/**
 * `settings` twice: the watch is taken from a project's second listing on (review r30), so the changes
 * that follow are judged by the kept listing.
 */
async function warmed(root: string, shim: ReturnType<typeof gitShim>) {
  await settings(root, shim);
  return settings(root, shim);
}

describe('the settings listing kept between checks (w123)', () => {
  let shim: ReturnType<typeof gitShim> | undefined;
  afterEach(() => {
    shim?.restore();
    shim = undefined;
  });

  it('a project listed once is not kept; the excludes file git config names is read without git, and its change seen', async () => {
    const root = repository({ 'app/__init__.py': init(''), 'app/views.py': VIEWS });
    const outside = tempProject('vouch-settings-excludes-', { ignore: 'local_settings.py\n' }, made);
    const excludes = join(outside, 'ignore');
    writeFileSync(
      join(root, '.git', 'config'),
      `${readFileSync(join(root, '.git', 'config'), 'utf8')}[core]\n\texcludesFile = ${excludes} # the user's\n`,
    );
    write(root, 'app/local_settings.py', init(OFF));
    ageTree(root);
    ageTree(outside);
    shim = gitShim(made);
    expect(await settings(root, shim)).toMatchObject({ lines: '', listings: 1 });
    expect(await settings(root, shim)).toMatchObject({ lines: '', listings: 2 });
    expect(await settings(root, shim)).toMatchObject({ lines: '', listings: 2 });
    // the user's excludes file no longer leaves the settings file out: the kept listing must not hold
    writeFileSync(excludes, '');
    ageTree(outside);
    expect((await settings(root, shim)).lines).toBe(OFF);
    // the watch read git's config itself: only `git ls-files` was started (review r30: a `git config` per
    // watch cost a one-file check more than its scan, and is a child process inside the gate's check)
    expect(shim.calls().filter((call) => !call.includes('ls-files'))).toEqual([]);
  });

  it('lists the project twice while nothing changes, then keeps it, and reads a settings file changed in place', async () => {
    const root = repository({ 'app/__init__.py': init(''), 'app/views.py': VIEWS });
    shim = gitShim(made);
    expect(await settings(root, shim)).toMatchObject({ lines: '', listings: 1 });
    expect(await settings(root, shim)).toMatchObject({ lines: '', listings: 2 });
    expect(await settings(root, shim)).toMatchObject({ lines: '', listings: 2 });
    write(root, 'app/__init__.py', init(OFF));
    expect(await settings(root, shim)).toMatchObject({ lines: OFF, listings: 2 });
    // saved as some editors save, a new file renamed over the old: the folder's time moves, its names stay
    writeFileSync(join(root, 'app', 'views.py.new'), VIEWS);
    renameSync(join(root, 'app', 'views.py.new'), join(root, 'app', 'views.py'));
    backdate(root, 'app/views.py');
    expect(await settings(root, shim)).toMatchObject({ lines: OFF, listings: 2 });
  });

  it('sees a new settings file: beside the others, in a folder that was empty, in one of only ignored files', async () => {
    const root = repository({
      'app/__init__.py': init(''),
      'app/views.py': VIEWS,
      // app's names past 64 characters: the watch keeps their digest (review r30)
      'app/a_module_whose_name_is_long_enough_to_pass_the_names_kept.py': '',
      '.gitignore': '*.pyc\n',
      'cache/old.pyc': 'x',
    });
    mkdirSync(join(root, 'empty'));
    ageTree(root);
    shim = gitShim(made);
    expect((await warmed(root, shim)).lines).toBe('');
    write(root, 'app/late.py', init(OFF));
    expect((await settings(root, shim)).lines).toBe(OFF);
    rmSync(join(root, 'app', 'late.py'));
    backdate(root, 'app');
    expect((await settings(root, shim)).lines).toBe('');
    write(root, 'empty/settings.py', init(OFF));
    expect((await settings(root, shim)).lines).toBe(OFF);
    rmSync(join(root, 'empty', 'settings.py'));
    backdate(root, 'empty');
    expect((await settings(root, shim)).lines).toBe('');
    write(root, 'cache/settings.py', init(OFF));
    expect((await settings(root, shim)).lines).toBe(OFF);
  });

  it('sees a settings file an ignore rule or the index stops leaving out', async () => {
    const root = repository({
      'app/__init__.py': init(''),
      'app/views.py': VIEWS,
      '.gitignore': 'local_settings.py\n',
      'local_settings.py': init(OFF),
      '.vouchignore': 'generated/\n',
      'generated/app.py': init(OFF),
    });
    shim = gitShim(made);
    expect((await warmed(root, shim)).lines).toBe('');
    write(root, '.vouchignore', '\n');
    expect((await settings(root, shim)).lines).toBe(OFF);
    write(root, '.vouchignore', 'generated/\n');
    expect((await settings(root, shim)).lines).toBe('');
    // tracked though ignored: git lists it from now on
    execFileSync('git', ['add', '-f', 'local_settings.py'], { cwd: root, stdio: 'ignore' });
    ageTree(root);
    expect((await settings(root, shim)).lines).toBe(OFF);
  });

  it("an ignored local_settings.py is not read even where the project's settings import it; tracked, it is (w236: the policy kept)", async () => {
    const root = repository({
      'app/__init__.py': init('from .local_settings import *'),
      'app/views.py': VIEWS,
      '.gitignore': 'local_settings.py\n',
      'app/local_settings.py': `SECRET_KEY = "not-for-the-gate"\n${init(OFF)}`,
    });
    const lines = async () =>
      (await workspaceSettings(join(root, 'app'), { given: new Set([join(root, 'app', 'views.py')]) })).lines;
    // a file this machine alone has: the verdict on a commit must not differ between engineers and CI
    expect(await lines()).toBe('');
    execFileSync('git', ['add', '-f', 'app/local_settings.py'], { cwd: root, stdio: 'ignore' });
    ageTree(root);
    // tracked: the project's, read for its settings lines only (never the secret's line)
    expect(await lines()).toBe(OFF);
  });

  it('a settings file grown over 2 MB is said not read', async () => {
    const root = repository({ 'app/__init__.py': init(''), 'app/views.py': VIEWS });
    shim = gitShim(made);
    expect((await warmed(root, shim)).notRead).toEqual([]);
    write(root, 'app/__init__.py', `${init(OFF)}${`D = "${'x'.repeat(100)}"\n`.repeat(22_000)}`);
    expect((await settings(root, shim)).notRead).toEqual([
      { path: join(root, 'app', '__init__.py'), reason: 'over 2 MB: its settings not read' },
    ]);
  });
});

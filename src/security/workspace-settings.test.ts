import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { securityCheck } from './check.js';
import { settingsRoot, workspaceSettings } from './workspace-settings.js';

/**
 * Review r25 (w114): Python code checked alone (the gate on a buffer, a review's changed file) gets the
 * settings lines of its workspace's other Python files, as a scan of the whole project gives each file.
 * The folders here are outside any git repository: the listing walks them, no process is started.
 */

const made: string[] = [];
afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A workspace holding `files`, each dated an hour back (a listing that remembers trusts them). */
function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-ws-settings-'));
  made.push(root);
  // a project's top: a folder with no marker is not read (below)
  writeFileSync(join(root, 'vouch.toml'), '');
  for (const [path, text] of Object.entries(files)) write(root, path, text);
  return root;
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  const past = new Date(Date.now() - 3_600_000);
  utimesSync(join(root, path), past, past);
}

const VIEWS =
  'from flask import request, render_template_string\nfrom app import app\n\n@app.route("/a")\ndef a():\n    return render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])\n';
const init = (setting: string) =>
  `from flask import Flask\napp = Flask(__name__)\n${setting}\nfrom app import views\n`;
const OFF = 'app.jinja_env.autoescape = False';

describe('workspaceSettings', () => {
  it("reads the settings lines of the workspace's Python files but the given ones", async () => {
    const root = workspace({
      'app/__init__.py': init(OFF),
      'app/views.py': `${VIEWS}# autoescape in a comment of the given file\n`,
      'notes.txt': 'app.jinja_env.autoescape = False\n',
    });
    expect((await workspaceSettings(root, { given: new Set([join(root, 'app', 'views.py')]) })).lines).toBe(
      OFF,
    );
  });

  it('reads nothing for a loose script: a folder in no package and under no Python project file', async () => {
    const root = workspace({ 'tool/__init__.py': init(OFF), 'script.py': VIEWS });
    expect((await workspaceSettings(root, { given: new Set() })).lines).toBe(OFF);
    rmSync(join(root, 'vouch.toml'));
    expect(settingsRoot(root)).toBeUndefined();
    expect((await workspaceSettings(root, { given: new Set() })).lines).toBe('');
  });

  it("walks no folder `listedWhole` names (the caller's listing holds it), and still the others (issue 59)", async () => {
    const root = workspace({
      'app/__init__.py': init(''),
      'app/views.py': VIEWS,
      'app/late.py': 'from app import app\napp.jinja_env.autoescape = False\n',
      'factory.py': 'from app import app\napp.add_template_filter(str, "s")\n',
    });
    const given = new Set([join(root, 'app', '__init__.py'), join(root, 'app', 'views.py')]);
    // app/late.py is not given: read when app/ is walked, not when the caller says app/ is listed whole
    expect((await workspaceSettings(root, { given })).lines).toBe(
      'app.jinja_env.autoescape = False\napp.add_template_filter(str, "s")',
    );
    expect((await workspaceSettings(root, { given, listedWhole: [join(root, 'app')] })).lines).toBe(
      'app.add_template_filter(str, "s")',
    );
    // the project's top itself, or a folder outside it, leaves nothing out
    expect((await workspaceSettings(root, { given, listedWhole: [root, tmpdir()] })).lines).toBe(
      'app.jinja_env.autoescape = False\napp.add_template_filter(str, "s")',
    );
  });

  it('reads no file a scan of the workspace leaves out (.vouchignore, vendored folders)', async () => {
    const root = workspace({
      '.vouchignore': 'generated/\n',
      'generated/app.py': init(OFF),
      'node_modules/pkg/setup.py': init(OFF),
      'app/views.py': VIEWS,
    });
    expect((await workspaceSettings(root, { given: new Set() })).lines).toBe('');
  });

  it('reads a file again when it changes, and reuses an answer only as young as maxAgeMs', async () => {
    const root = workspace({ 'app/__init__.py': init(''), 'app/views.py': VIEWS });
    const given = new Set([join(root, 'app', 'views.py')]);
    expect((await workspaceSettings(root, { given })).lines).toBe('');
    write(root, 'app/__init__.py', init(OFF));
    // within the typing window the last answer stands; past it (or without it) the file is read again
    expect((await workspaceSettings(root, { given, maxAgeMs: 60_000 })).lines).toBe('');
    expect((await workspaceSettings(root, { given })).lines).toBe(OFF);
    write(root, 'app/__init__.py', init(''));
    expect((await workspaceSettings(root, { given })).lines).toBe('');
  });
});

/** A folder with `files` and no .git or vouch.toml (a project copied without its repository). */
function unmarked(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-ws-unmarked-'));
  made.push(root);
  for (const [path, text] of Object.entries(files)) write(root, path, text);
  return root;
}

describe('the project of code without .git or vouch.toml, found the Python way (review r27)', () => {
  it('climbs out of the packages: the setting in app/__init__.py counts for app/views.py', async () => {
    const root = unmarked({ 'app/__init__.py': init(OFF), 'app/views.py': VIEWS });
    expect(settingsRoot(join(root, 'app'))).toEqual({ root, unmarked: true });
    expect((await workspaceSettings(join(root, 'app'), { given: new Set() })).lines).toBe(OFF);
  });

  it('the nearest folder with a project file: the setting in wsgi.py counts for app/views.py (no __init__.py)', async () => {
    const root = unmarked({ 'wsgi.py': init(OFF), 'app/views.py': VIEWS });
    expect(settingsRoot(join(root, 'app'))).toEqual({ root, unmarked: true });
    expect((await workspaceSettings(join(root, 'app'), { given: new Set() })).lines).toBe(OFF);
  });

  it('a .git or vouch.toml upward wins over the Python way', () => {
    const root = workspace({ 'sub/setup.py': '', 'sub/pkg/__init__.py': '' });
    expect(settingsRoot(join(root, 'sub', 'pkg'))).toEqual({ root, unmarked: false });
  });

  it("a .vouch/ upward (vouch's state, made where vouch once ran, as /tmp/.vouch) is no project's top (w183)", async () => {
    // a scratch folder like /tmp: vouch's .vouch/ of a run there, another project's settings beside ours
    const scratch = unmarked({
      '.vouch/.gitignore': '*\n',
      'other/app/__init__.py': init(OFF),
      'ours/app/__init__.py': init(''),
      'ours/app/views.py': VIEWS,
    });
    const ours = join(scratch, 'ours');
    expect(settingsRoot(join(ours, 'app'))).toEqual({ root: ours, unmarked: true });
    const found = await workspaceSettings(join(ours, 'app'), {
      given: new Set([join(ours, 'app', 'views.py')]),
    });
    expect(found).toEqual({ lines: '', notRead: [] });
    // the real finding is still reported: our own project's setting is read
    write(ours, 'app/__init__.py', init(OFF));
    expect(
      (await workspaceSettings(join(ours, 'app'), { given: new Set([join(ours, 'app', 'views.py')]) })).lines,
    ).toBe(OFF);
  });

  it('walks at most maxUnmarkedFiles files: past them the settings are said not read', async () => {
    const files: Record<string, string> = { 'app/__init__.py': init(OFF), 'app/views.py': VIEWS };
    for (let index = 0; index < 30; index++) files[`data/d${index}.txt`] = 'x\n';
    const root = unmarked(files);
    const capped = await workspaceSettings(join(root, 'app'), { given: new Set(), maxUnmarkedFiles: 10 });
    expect(capped.notRead.map((file) => file.path)).toEqual([root]);
    // control: under the cap, everything read and nothing said
    const whole = await workspaceSettings(join(root, 'app'), { given: new Set(), maxUnmarkedFiles: 100 });
    expect(whole).toEqual({ lines: OFF, notRead: [] });
  });
});

describe('settings that could not be read, and encodings (review r27)', () => {
  /** `app/__init__.py` with the setting, over 2 MB with data lines */
  const big = (setting: string) => `${init(setting)}${`D = "${'x'.repeat(100)}"\n`.repeat(22_000)}`;

  it('a settings file over 2 MB is said not read, not dropped', async () => {
    const root = workspace({ 'app/__init__.py': big(OFF), 'app/views.py': VIEWS });
    const found = await workspaceSettings(root, { given: new Set([join(root, 'app', 'views.py')]) });
    expect(found.notRead).toEqual([
      { path: join(root, 'app', '__init__.py'), reason: 'over 2 MB: its settings not read' },
    ]);
  });

  it('a Python file over 2 MB whose bytes hold no settings word is no settings file: nothing said', async () => {
    const root = workspace({ 'app/__init__.py': big(''), 'app/views.py': VIEWS });
    const found = await workspaceSettings(root, { given: new Set([join(root, 'app', 'views.py')]) });
    expect(found).toEqual({ lines: '', notRead: [] });
    // but one whose words cannot be searched (an encoding that may hide them) is said not read
    const hidden = workspace({
      'app/__init__.py': `# -*- coding: iso-2022-jp -*-\n${big('')}`,
      'app/views.py': VIEWS,
    });
    const unsure = await workspaceSettings(hidden, { given: new Set([join(hidden, 'app', 'views.py')]) });
    expect(unsure.notRead.map((file) => file.reason)).toEqual(['over 2 MB: its settings not read']);
  });

  it("a large file's search for settings words is redone when its bytes change at the same size and time (touch -r, review r30)", async () => {
    const root = workspace({ 'app/__init__.py': big(''), 'app/views.py': VIEWS });
    const given = new Set([join(root, 'app', 'views.py')]);
    const file = join(root, 'app', '__init__.py');
    // whole seconds: a time set twice is the same to the nanosecond
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    utimesSync(file, hourAgo, hourAgo);
    expect((await workspaceSettings(root, { given })).notRead).toEqual([]);
    // the same size and time, other bytes: its change time moved, so it is searched again
    const same = big('').replace(`D = "${'x'.repeat(40)}`, `D = "${OFF.padEnd(40, 'x')}`);
    expect(same.length).toBe(big('').length);
    writeFileSync(file, same);
    utimesSync(file, hourAgo, hourAgo);
    expect((await workspaceSettings(root, { given })).notRead).toEqual([
      { path: file, reason: 'over 2 MB: its settings not read' },
    ]);
    // the settings word gone again, the time moved: searched again, nothing found
    writeFileSync(file, big(''));
    utimesSync(file, hourAgo + 1, hourAgo + 1);
    expect((await workspaceSettings(root, { given })).notRead).toEqual([]);
  });

  it('a setting behind an iso-2022-jp escape is read as Python reads it; a latin-1 cookie keeps the pre-filter', async () => {
    const jis = `# -*- coding: iso-2022-jp -*-\nfrom flask import Flask\napp = Flask(__name__)\napp.jin\x1b(Jja_env.auto\x1b(Jescape = False\x1b(B\n`;
    const root = workspace({ 'app/__init__.py': jis, 'app/views.py': VIEWS });
    expect((await workspaceSettings(root, { given: new Set() })).lines).toBe(OFF);
    const latin = workspace({
      'app/__init__.py': `# -*- coding: latin-1 -*-\n${init(OFF)}`,
      'app/views.py': VIEWS,
    });
    expect((await workspaceSettings(latin, { given: new Set() })).lines).toBe(OFF);
  });
});

describe('the security check of code alone, in its workspace', () => {
  const check = (root: string, subject: { code: string; path: string; overlay?: Record<string, string> }) =>
    securityCheck.run(
      { language: 'python', ...subject },
      { workspaceRoot: root, config: { security: { external: false } } },
    );
  const rules = async (result: ReturnType<typeof check>) =>
    (await result).findings.map((finding) => `${finding.ruleId}@${finding.line}`);

  it('escaping turned off in another file of the workspace: XSS', async () => {
    const root = workspace({ 'app/__init__.py': init(OFF), 'app/views.py': VIEWS });
    expect(await rules(check(root, { code: VIEWS, path: 'app/views.py' }))).toEqual(['xss@6']);
    // code with no file yet (a generated suggestion) is meant for the same project
    expect(await rules(check(root, { code: VIEWS, path: '<generated>' }))).toEqual(['xss@6']);
  });

  it('control: nothing set elsewhere, the constant template clears', async () => {
    const root = workspace({ 'app/__init__.py': init('app.config["X"] = 1'), 'app/views.py': VIEWS });
    expect(await rules(check(root, { code: VIEWS, path: 'app/views.py' }))).toEqual([]);
  });

  it("a change's other file (overlay) counts as the change leaves it, not as on disk", async () => {
    const root = workspace({ 'app/__init__.py': init(''), 'app/views.py': VIEWS });
    const overlay = { 'app/__init__.py': init(OFF) };
    expect(await rules(check(root, { code: VIEWS, path: 'app/views.py', overlay }))).toEqual(['xss@6']);
    const disk = workspace({ 'app/__init__.py': init(OFF), 'app/views.py': VIEWS });
    expect(
      await rules(
        check(disk, { code: VIEWS, path: 'app/views.py', overlay: { 'app/__init__.py': init('') } }),
      ),
    ).toEqual([]);
  });

  it("the buffer stands for its own file: the file's setting on disk, gone from the buffer, does not count", async () => {
    const root = workspace({
      'app/__init__.py': init(''),
      'app/views.py': `${VIEWS}${OFF.replace('app.', 'app2.')}\n`,
    });
    expect(await rules(check(root, { code: VIEWS, path: 'app/views.py' }))).toEqual([]);
    // and the buffer's own setting counts
    expect(
      await rules(check(root, { code: `${VIEWS}app.jinja_env.autoescape = False\n`, path: 'app/views.py' })),
    ).toEqual(['xss@6']);
  });

  it('a settings file over 2 MB: not verified, with the file named; a finding of the buffer is still reported', async () => {
    const big = `${init(OFF)}${`D = "${'x'.repeat(100)}"\n`.repeat(22_000)}`;
    const root = workspace({ 'app/__init__.py': big, 'app/views.py': VIEWS });
    const result = await check(root, { code: VIEWS, path: 'app/views.py' });
    expect(result.status).toBe('error');
    expect(result.reason).toContain(`project settings: ${join(root, 'app', '__init__.py')} (over 2 MB`);
    const injected = `${VIEWS}import os\nos.system(request.args["c"])\n`;
    const failed = await check(root, { code: injected, path: 'app/views.py' });
    expect(failed.status).toBe('fail');
    expect(failed.findings.map((finding) => finding.ruleId)).toContain('command-injection');
    expect(failed.unverified).toContain('project settings:');
    // control: the same file under 2 MB is read, and its setting gives the XSS
    const small = workspace({ 'app/__init__.py': init(OFF), 'app/views.py': VIEWS });
    const read = await check(small, { code: VIEWS, path: 'app/views.py' });
    expect(read.reason).not.toContain('project settings');
  });

  it("a project copied without .git: the package's setting counts for the buffer (checked from the project)", async () => {
    const root = unmarked({ 'app/__init__.py': init(OFF), 'app/views.py': VIEWS });
    expect(await rules(check(root, { code: VIEWS, path: 'app/views.py' }))).toEqual(['xss@6']);
  });

  it("a buffer of a project inside the workspace (an editor's second folder) reads that project's settings", async () => {
    const root = workspace({
      'app/__init__.py': init(OFF),
      'sub/vouch.toml': '',
      'sub/app/__init__.py': init(''),
      'sub/app/views.py': VIEWS,
    });
    expect(await rules(check(root, { code: VIEWS, path: 'sub/app/views.py' }))).toEqual([]);
    // control: the setting in that project counts
    write(root, 'sub/app/__init__.py', init(OFF));
    expect(await rules(check(root, { code: VIEWS, path: 'sub/app/views.py' }))).toEqual(['xss@6']);
  });
});

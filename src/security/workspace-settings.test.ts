import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { securityCheck } from './check.js';
import { workspaceSettings } from './workspace-settings.js';

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
  mkdirSync(join(root, '.vouch'));
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

  it('reads nothing of a folder that is no project (no .git, vouch.toml or .vouch): no walk of a home folder', async () => {
    const root = workspace({ 'app/__init__.py': init(OFF), 'app/views.py': VIEWS });
    expect((await workspaceSettings(root, { given: new Set() })).lines).toBe(OFF);
    rmSync(join(root, '.vouch'), { recursive: true });
    expect((await workspaceSettings(root, { given: new Set() })).lines).toBe('');
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
});

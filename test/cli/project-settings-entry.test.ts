import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';
import { testFolder } from '../support/test-folders.js';

/**
 * Review r25 (w114): what another file of the project sets of Flask's defaults (security/engine/project-settings.ts)
 * reaches the scan of one file, a folder short of the project, and the gate (`vouch check`) as it reaches the
 * whole project's scan: `app.jinja_env.autoescape = False` in `app/__init__.py` makes the constant template
 * of `render_template_string` in `app/views.py` XSS. Without such a setting the template still clears.
 */

const VIEWS =
  'from flask import request, render_template_string\nfrom app import app\n\n@app.route("/a")\ndef a():\n    return render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])\n';
const init = (setting: string) =>
  `from flask import Flask\napp = Flask(__name__)\n${setting}\nfrom app import views\n`;
const ESCAPING_OFF = 'app.jinja_env.autoescape = False';
const UNRELATED = 'app.config["SECRET_KEY_FILE"] = "key"';

/** A project (its `.git` marks the top) with `files`. */
function project(files: Record<string, string>): string {
  const root = testFolder('vouch-settings-entry-');
  mkdirSync(join(root, '.git'));
  writeFiles(root, files);
  return root;
}

interface ScanJson {
  findings: { ruleId: string; file: string; line: number }[];
}

async function scanned(root: string, args: string[]): Promise<string[]> {
  const result = await runMain(['scan', ...args, '--no-external', '--json'], { cwd: root });
  expect(result.code, result.stderr).not.toBeNull();
  return result
    .json<ScanJson>()
    .findings.map((finding) => `${finding.ruleId}@${finding.file}:${finding.line}`)
    .sort();
}

describe('one file of a project, scanned or gated alone, sees the project’s Flask settings', () => {
  it('vouch scan app/views.py: XSS when app/__init__.py turns escaping off, as the whole scan says', async () => {
    const root = project({ 'app/__init__.py': init(ESCAPING_OFF), 'app/views.py': VIEWS });
    expect(await scanned(root, ['.'])).toEqual(['xss@app/views.py:6']);
    expect(await scanned(root, ['app/views.py', '--no-cache'])).toEqual(['xss@app/views.py:6']);
    // from another folder, by its path: the file's own workspace
    expect(await scanned(join(root, '..'), [join(root, 'app', 'views.py'), '--no-cache'])).toEqual([
      expect.stringMatching(/^xss@.*app\/views\.py:6$/),
    ]);
  });

  it('a folder short of the project: a setting in a file outside it counts', async () => {
    const root = project({
      'factory.py': `from flask import Flask\napp = Flask(__name__)\n${ESCAPING_OFF}\n`,
      'app/__init__.py': init(''),
      'app/views.py': VIEWS,
    });
    expect(await scanned(root, ['app', '--no-cache'])).toEqual(['xss@app/views.py:6']);
  });

  it('control: no file sets anything, so the constant template clears, alone or whole', async () => {
    const root = project({ 'app/__init__.py': init(UNRELATED), 'app/views.py': VIEWS });
    expect(await scanned(root, ['.', '--no-cache'])).toEqual([]);
    expect(await scanned(root, ['app/views.py', '--no-cache'])).toEqual([]);
  });

  it('the cache: a setting written after a one-file scan makes the next one scan the file again', async () => {
    const root = project({ 'app/__init__.py': init(UNRELATED), 'app/views.py': VIEWS });
    expect(await scanned(root, ['app/views.py'])).toEqual([]);
    writeFileSync(join(root, 'app', '__init__.py'), init(ESCAPING_OFF));
    expect(await scanned(root, ['app/views.py'])).toEqual(['xss@app/views.py:6']);
  });

  it('vouch check app/views.py (the gate): the security check fails on it, and passes the control', async () => {
    const security = async (root: string) => {
      const result = await runMain(['check', 'app/views.py', '--json'], { cwd: root });
      const json = result.json<{
        checks: { name: string; status: string; findings: { ruleId: string }[] }[];
      }>();
      const check = json.checks.find((entry) => entry.name === 'security')!;
      return { status: check.status, rules: check.findings.map((finding) => finding.ruleId) };
    };
    const off = project({
      'app/__init__.py': init(ESCAPING_OFF),
      'app/views.py': VIEWS,
      'vouch.toml': '[security]\nexternal = false\n',
    });
    expect(await security(off)).toEqual({ status: 'fail', rules: ['xss'] });
    const plain = project({
      'app/__init__.py': init(UNRELATED),
      'app/views.py': VIEWS,
      'vouch.toml': '[security]\nexternal = false\n',
    });
    expect(await security(plain)).toEqual({ status: 'pass', rules: [] });
  }, 120_000);

  it('vouch review of an uncommitted change to app/views.py: the gate reports the XSS, not the control', async () => {
    const reviewed = async (setting: string) => {
      const root = testFolder('vouch-settings-review-');
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root });
      writeFiles(root, {
        'app/__init__.py': init(setting),
        'app/views.py': 'x = 1\n',
        'vouch.toml': '[security]\nexternal = false\n',
      });
      git('init', '-q');
      git('add', '-A');
      git('commit', '-qm', 'app');
      writeFileSync(join(root, 'app', 'views.py'), VIEWS);
      const result = await runMain(['review', '--no-model-review', '--json'], { cwd: root });
      const json = result.json<{ details: { comments: { file: string; line: number; ruleId: string }[] } }>();
      return json.details.comments
        .filter((comment) => comment.ruleId === 'xss')
        .map((comment) => `${comment.file}:${comment.line}`);
    };
    expect(await reviewed(ESCAPING_OFF)).toEqual(['app/views.py:6']);
    expect(await reviewed(UNRELATED)).toEqual([]);
  }, 120_000);
});

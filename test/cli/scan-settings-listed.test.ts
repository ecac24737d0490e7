import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { writeFiles } from '../support/temp-project.js';
import { testFolder } from '../support/test-folders.js';

/**
 * Issue 59 (w209): `vouch scan app` below the project's top does not walk app/ a second time for the
 * project's settings when its own listing holds every Python file of it. Where the two listings differ the
 * second walk stays, or a settings line (or a settings file not read) is lost and an exemption comes back:
 * each case here passes with the walk and fails if the shortcut is taken there.
 */

const VIEWS =
  'from flask import request, render_template_string\nfrom app import app\n\n@app.route("/a")\ndef a():\n    return render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])\n';
const INIT = 'from flask import Flask\napp = Flask(__name__)\nfrom app import views\n';
const ESCAPING_OFF = 'from app import app\napp.jinja_env.autoescape = False\n';

/** A project (its `.git` marks the top) with `files`. */
function project(files: Record<string, string>): string {
  const root = testFolder('vouch-settings-listed-');
  mkdirSync(join(root, '.git'));
  writeFiles(root, files);
  return root;
}

interface ScanJson {
  findings: { ruleId: string; file: string; line: number }[];
  tools: { tool: string; unparsed?: { file: string; reason: string }[] }[];
}

async function scan(root: string, args: string[]): Promise<ScanJson> {
  const result = await runCli(['scan', ...args, '--no-external', '--no-cache', '--json'], { cwd: root });
  expect(result.code, result.stderr).not.toBeNull();
  return result.json<ScanJson>();
}
const found = (json: ScanJson) =>
  json.findings.map((finding) => `${finding.ruleId}@${finding.file}:${finding.line}`).sort();

describe('vouch scan of a folder below its project: the settings of files its listing left out', () => {
  it('control: the setting in a file of the folder scanned counts (it is scanned)', async () => {
    const root = project({ 'app/__init__.py': INIT, 'app/views.py': VIEWS, 'app/late.py': ESCAPING_OFF });
    expect(found(await scan(root, ['app']))).toEqual(['xss@app/views.py:6']);
  });

  it("a .vouchignore at the folder's top hides a settings file from the scan, not from the project's settings", async () => {
    const root = project({
      'app/.vouchignore': 'late.py\n',
      'app/__init__.py': INIT,
      'app/views.py': VIEWS,
      'app/late.py': ESCAPING_OFF,
    });
    expect(found(await scan(root, ['app']))).toEqual(['xss@app/views.py:6']);
    // the control: the same project without the setting clears
    writeFileSync(join(root, 'app', 'late.py'), 'x = 1\n');
    expect(found(await scan(root, ['app']))).toEqual([]);
  });

  it('a settings file over 2 MB in the folder is said not read as settings, beside the scan’s own entry', async () => {
    const root = project({
      'app/__init__.py': INIT,
      'app/views.py': VIEWS,
      'app/big.py': `${ESCAPING_OFF}${'# filler line\n'.repeat(160_000)}`,
    });
    const json = await scan(root, ['app']);
    const unparsed = json.tools.find((tool) => tool.tool === 'vouch')?.unparsed ?? [];
    expect(unparsed).toContainEqual({
      file: join(root, 'app', 'big.py'),
      reason: 'over 2 MB: its settings not read',
    });
    expect(unparsed.some((entry) => entry.file === join('app', 'big.py'))).toBe(true);
  });
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { writeFiles } from '../support/temp-project.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w220 (a hostile round on w209's listed-whole shortcut): a settings line in a file the scan's listing of
 * `app/` leaves out in ways ListedWhole's per-file hooks may not hear — a folder hidden by a nested
 * .vouchignore or .gitignore, a .vouchignore below the folder's top. The project's settings still hold it:
 * each case must report what the whole project's settings make reportable, as `vouch scan .` does.
 */
const VIEWS =
  'from flask import request, render_template_string\nfrom app import app\n\n@app.route("/a")\ndef a():\n    return render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])\n';
const INIT = 'from flask import Flask\napp = Flask(__name__)\nfrom app import views\n';
const ESCAPING_OFF = 'from app import app\napp.jinja_env.autoescape = False\n';

function project(files: Record<string, string>): string {
  const root = testFolder('vouch-settings-listed-adv-');
  mkdirSync(join(root, '.git'));
  writeFiles(root, files);
  return root;
}

async function found(root: string, args: string[]): Promise<string[]> {
  const result = await runCli(['scan', ...args, '--no-external', '--no-cache', '--json'], { cwd: root });
  return result
    .json<{ findings: { ruleId: string; file: string; line: number }[] }>()
    .findings.filter((finding) => finding.ruleId === 'xss')
    .map((finding) => `${finding.ruleId}@${finding.file}:${finding.line}`)
    .sort();
}

const CASES: Record<string, Record<string, string>> = {
  'a folder hidden by .vouchignore in app/': {
    'app/.vouchignore': 'late/\n',
    'app/late/settings.py': ESCAPING_OFF,
  },
  'a file hidden by a .vouchignore below app/': {
    'app/sub/.vouchignore': 'settings.py\n',
    'app/sub/settings.py': ESCAPING_OFF,
  },
  'a folder hidden by .gitignore in app/': {
    'app/.gitignore': 'late/\n',
    'app/late/settings.py': ESCAPING_OFF,
  },
  'a file hidden by .gitignore in app/': {
    'app/.gitignore': 'local_settings.py\n',
    'app/local_settings.py': ESCAPING_OFF,
  },
};

describe('vouch scan app: settings in what app’s listing hides (w220)', () => {
  for (const [name, files] of Object.entries(CASES))
    it(`${name}: as the whole project's scan`, async () => {
      const root = project({ 'app/__init__.py': INIT, 'app/views.py': VIEWS, ...files });
      const whole = await found(root, ['.']);
      // a .vouchignore hides from the scan, not from the settings; a .gitignore hides from both (left as is)
      if (name.includes('.vouchignore')) expect(whole).toEqual(['xss@app/views.py:6']);
      expect(await found(root, ['app'])).toEqual(whole.filter((id) => id.includes('app/views.py')));
    });
});

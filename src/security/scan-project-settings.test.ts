import { describe, expect, it } from 'vitest';
import { type ScanInput, scanSources } from './scan.js';
import { memoryScanCache } from './scan-cache.js';

/**
 * Review r22: what one file of a project sets of Flask's defaults changes what another's code does. The engine
 * reads one file; the scan gives it the lines of the scan's files that touch those settings
 * (engine/project-settings.ts), so an exemption that rests on a default holds only when none does.
 */
const python = (path: string, source: string): ScanInput => ({ path, source, language: 'python' });
const findings = async (inputs: ScanInput[], options = {}) =>
  (await scanSources(inputs, { external: false, parallel: false, ...options })).findings
    .map((finding) => `${finding.ruleId}@${finding.file}:${finding.line}`)
    .sort();

const views = python(
  'app/views.py',
  'from flask import request, render_template_string\nfrom app import app\n\n@app.route("/a")\ndef a():\n    return render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])\n',
);
const init = (setting: string) =>
  python(
    'app/__init__.py',
    `from flask import Flask\napp = Flask(__name__)\n${setting}\nfrom app import views\n`,
  );

describe('settings another file of the scan makes', () => {
  it('escaping turned off in app/__init__.py: render_template_string in views.py is XSS', async () => {
    expect(await findings([init('app.jinja_env.autoescape = False'), views])).toEqual(['xss@app/views.py:6']);
  });

  it('a filter registered in another file: the template is not trusted', async () => {
    expect(
      await findings([init('from markupsafe import Markup\napp.add_template_filter(Markup, "raw")'), views]),
    ).toEqual(['xss@app/views.py:6']);
  });

  it('nothing set elsewhere: the constant template still clears', async () => {
    expect(await findings([init('app.config["SECRET_KEY_FILE"] = "key"'), views])).toEqual([]);
  });

  it('an after_request hook in another file: a returned dict is a page', async () => {
    const hook = init(
      '@app.after_request\ndef retype(resp):\n    resp.headers["Content-Type"] = "text/html"\n    return resp',
    );
    const api = python(
      'app/api.py',
      'from flask import request\nfrom app import app\n\n@app.route("/q")\ndef q():\n    return {"q": request.args["q"]}\n',
    );
    expect(await findings([hook, api])).toEqual(['xss@app/api.py:6']);
    expect(await findings([init(''), api])).toEqual([]);
  });

  it("a class of another file with an execute method: its result is not a query's rows", async () => {
    const db = python('app/db.py', 'class Echo:\n    def execute(self, q, params):\n        return params\n');
    const run = python(
      'app/run.py',
      'import os\nfrom flask import Flask, request\nfrom app.db import Echo\napp = Flask(__name__)\n\n@app.route("/b")\ndef b():\n    out = Echo().execute("SELECT a FROM t", (request.args["x"],))\n    os.system(out[0])\n    return "ok"\n',
    );
    expect(await findings([db, run])).toEqual(['command-injection@app/run.py:9']);
  });

  it('the settings are part of a file’s cache key: a change elsewhere scans the file again', async () => {
    const cache = memoryScanCache();
    expect(await findings([init(''), views], { cache })).toEqual([]);
    expect(await findings([init('app.jinja_env.autoescape = False'), views], { cache })).toEqual([
      'xss@app/views.py:6',
    ]);
  });
});

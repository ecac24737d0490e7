import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../core/languages.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

const ruleSet = defaultRuleSet();
const ids = async (code: string, language: LanguageId = 'python') =>
  (
    await analyzeSource({
      source: code,
      language,
      file: language === 'python' ? 'app/views.py' : 'app/server.js',
      ruleSet,
    })
  )
    .map((finding) => `${finding.ruleId}@${finding.line}`)
    .sort();

const FLASK = 'from flask import Flask, request\napp = Flask(__name__)\n';

describe('calls hidden behind indirection resolve to the call they hide', () => {
  it('getattr with a constant name, bound first or called at once, also when the name is concatenated', async () => {
    expect(
      await ids(
        `import os\n${FLASK}@app.route("/a")\ndef a():\n    run = getattr(os, "system")\n    run(request.args["c"])\n    return "ok"\n`,
      ),
    ).toEqual(['command-injection@7', 'hidden-dangerous-call@7']);
    expect(
      await ids(
        `import os\n${FLASK}@app.route("/a")\ndef a():\n    getattr(os, "sys" + "tem")(request.args["c"])\n    return "ok"\n`,
      ),
    ).toEqual(['command-injection@6', 'hidden-dangerous-call@6']);
  });

  it('importlib.import_module and __import__ with a constant name are the module', async () => {
    expect(
      await ids(
        `import importlib\n${FLASK}@app.route("/a")\ndef a():\n    sp = importlib.import_module("subprocess")\n    sp.run(request.args["c"], shell=True)\n    return "ok"\n`,
      ),
    ).toEqual(['command-injection@7', 'hidden-dangerous-call@7']);
    expect(
      await ids(
        `${FLASK}@app.route("/a")\ndef a():\n    __import__("pickle").loads(request.data)\n    return "ok"\n`,
      ),
    ).toEqual(['hidden-dangerous-call@5', 'unsafe-deserialization@5']);
  });

  it('a keyword dictionary spread into the call sets its keywords', async () => {
    expect(
      await ids(
        `import subprocess\n${FLASK}@app.route("/a")\ndef a():\n    subprocess.run(request.args["c"], **{"shell": True})\n    return "ok"\n`,
      ),
    ).toEqual(['command-injection@6', 'hidden-dangerous-call@6']);
    expect(await ids('import requests\nrequests.get("https://example.com", **{"verify": False})\n')).toEqual([
      'tls-verification-disabled@2',
    ]);
    expect(
      await ids(
        'import requests\nOPTIONS = {"verify": False}\nrequests.get("https://example.com", **OPTIONS)\n',
      ),
    ).toEqual(['tls-verification-disabled@3']);
  });

  it('a hidden call with constant arguments is still reported, as hidden', async () => {
    expect(await ids('import os\ngetattr(os, "sys" + "tem")("rm -rf /tmp/x")\n')).toEqual([
      'hidden-dangerous-call@2',
    ]);
  });

  it('ordinary getattr, import_module of data modules and plain calls say nothing', async () => {
    expect(
      await ids(
        'import os, importlib\nname = getattr(os, "sep")\nimportlib.import_module("json").loads("{}")\nos.getcwd()\n',
      ),
    ).toEqual([]);
  });

  it('JavaScript: a computed member with a constant name, require of request data, an options object with a shell', async () => {
    const head =
      "const express = require('express');\nconst cp = require('child_process');\nconst app = express();\n";
    expect(
      await ids(
        `${head}app.get('/a', (req, res) => {\n  cp['ex' + 'ec'](req.query.c);\n  res.send('ok');\n});\n`,
        'javascript',
      ),
    ).toEqual(['command-injection@5', 'hidden-dangerous-call@5']);
    expect(
      await ids(
        `${head}app.get('/a', (req, res) => {\n  const opts = { shell: true };\n  cp.spawnSync(req.query.c, opts);\n  res.send('ok');\n});\n`,
        'javascript',
      ),
    ).toEqual(['command-injection@6']);
    expect(
      await ids(
        `${head}app.get('/a', (req, res) => {\n  require(req.query.name);\n  res.send('ok');\n});\n`,
        'javascript',
      ),
    ).toEqual(['code-injection@5']);
  });
});

describe('a key assembled from pieces or decoded from base64', () => {
  it('is a hard-coded credential of its own rule; a key read from the environment is not', async () => {
    expect(await ids('STRIPE_KEY = "sk_li" + "ve_51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee"\n')).toEqual([
      'assembled-secret@1',
    ]);
    expect(
      await ids(
        'import base64\nKEY = base64.b64decode("c2tfbGl2ZV81MUh4OWFRMmI4WmtQNHI3VGczbU52MEx3NlljMVVkNUVl").decode()\n',
      ),
    ).toEqual(['assembled-secret@2']);
    expect(await ids('import os\nSTRIPE_KEY = os.environ["STRIPE_" + "KEY"]\n')).toEqual([]);
  });
});

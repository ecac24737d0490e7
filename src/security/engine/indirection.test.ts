import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';
import type { LanguageId } from '../../core/languages.js';
import { scanSource } from '../scan.js';

const ids = (code: string, language: LanguageId = 'python') => findingIds(code, { language, sort: true });

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

describe('the next traps a hostile tester tries (issue 59, round 5)', () => {
  const route = (imports: string, body: string) =>
    `${imports}\nfrom flask import Flask, request\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n    cmd = request.args["c"]\n${body}\n    return "ok"\n`;
  it.each([
    ['vars(module)[name]', route('import os', '    vars(os)["system"](cmd)'), 'hidden-dangerous-call@7'],
    [
      'module.__dict__[name]',
      route('import os', '    os.__dict__["sys" + "tem"](cmd)'),
      'hidden-dangerous-call@7',
    ],
    [
      'functools.partial, called later',
      route(
        'import subprocess\nfrom functools import partial',
        '    sh = partial(subprocess.run, shell=True)\n    sh(cmd)',
      ),
      // issue 59, round 7: the function is named in the partial, nothing is hidden; the shell it binds is
      // reported where the command reaches it
      'command-injection@9',
    ],
    [
      'operator.methodcaller',
      route('import os, operator', '    operator.methodcaller("system", cmd)(os)'),
      'hidden-dangerous-call@7',
    ],
    [
      'eval of a constant name',
      route('import os', '    eval("os.sys" + "tem")(cmd)'),
      'hidden-dangerous-call@7',
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code)).toContain(expected);
  });

  it("functools.partial's bound keywords and arguments are the later call's (issue 59)", async () => {
    // the wrapped call runs with what partial bound: a shell, the request's command, verification off
    expect(
      await ids(
        route(
          'import subprocess\nfrom functools import partial',
          '    run = partial(subprocess.run, shell=True)\n    run(cmd)',
        ),
      ),
    ).toEqual(['command-injection@9']);
    expect(
      await ids(route('import os\nfrom functools import partial', '    partial(os.system, cmd)()')),
    ).toEqual(['command-injection@8']);
    expect(
      await ids(route('import os, functools', '    sh = functools.partial(os.system, cmd)\n    sh()')),
    ).toEqual(['command-injection@8']);
    expect(
      await ids(
        'import requests\nfrom functools import partial\npartial(requests.get, verify=False)("https://example.com")\n',
      ),
    ).toEqual(['tls-verification-disabled@3']);
    expect(
      await ids(
        'import requests\nfrom functools import partial\nfetch = partial(requests.get, timeout=5, verify=False)\nfetch("https://example.com")\n',
      ),
    ).toEqual(['tls-verification-disabled@4']);
    // a keyword given at the call replaces the bound one, as Python does
    expect(
      await ids(
        'import requests\nfrom functools import partial\nfetch = partial(requests.get, verify=False)\nfetch("https://example.com", verify=True)\n',
      ),
    ).toEqual([]);
  });

  it('a partial of a name looked up with __import__ or import_module hides the call (issue 59, review of round 7)', async () => {
    // the module is found by name, so its member is too: the call partial makes is hidden, whatever it is given
    expect(await ids("from functools import partial\npartial(__import__('os').system, 'ls')()\n")).toEqual([
      'hidden-dangerous-call@2',
    ]);
    expect(
      await ids(
        "import importlib\nfrom functools import partial\nsp = importlib.import_module('subprocess')\npartial(sp.run, 'ls', shell=True)()\n",
      ),
    ).toEqual(['hidden-dangerous-call@4']);
    expect(
      await ids("from functools import partial\nos_ = __import__('os')\npartial(os_.system, 'ls')()\n"),
    ).toEqual(['hidden-dangerous-call@3']);
    expect(
      await ids(route('from functools import partial', "    partial(__import__('os').system, cmd)()")),
    ).toEqual(['command-injection@7', 'hidden-dangerous-call@7']);
  });

  it('partial binding safe arguments stays quiet', async () => {
    // bound without a shell, a list of arguments, verification on: nothing but what the plain call would say
    expect(
      await ids(
        route(
          'import subprocess\nfrom functools import partial',
          '    run = partial(subprocess.run, check=True)\n    run(["ls", "-l", cmd])',
        ),
      ),
      // issue 59, round 7: `subprocess.run` is written out in the partial: nothing is hidden
    ).toEqual([]);
    expect(
      await ids(
        'import requests\nfrom functools import partial\nfetch = partial(requests.get, timeout=5, verify=True)\nfetch("https://example.com")\n',
      ),
    ).toEqual([]);
  });

  it('ordinary uses of the same tools say nothing', async () => {
    expect(
      await ids(
        'import json, operator\nfrom functools import partial\ndump = partial(json.dumps, indent=2)\nprint(dump({}))\nprint(vars(json)["__name__"])\nprint(operator.methodcaller("upper")("a"))\nprint(eval("json.dumps")({}))\n',
      ),
    ).toEqual([]);
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
    // round 5: hex and rot13 hide it as well as base64 does
    expect(await ids('KEY = bytes.fromhex("736b5f6c6976655f3531487839615132623850").decode()\n')).toEqual([
      'assembled-secret@1',
    ]);
    expect(
      await ids(
        'import codecs\nKEY = codecs.decode("fx_yvir_51Uk9nD2o8MxC4e7Tt3zAi0Yj6Lp1Hq5Rr", "rot13")\n',
      ),
    ).toEqual(['assembled-secret@2']);
    expect(
      await ids(
        'KEY = bytes.fromhex("deadbeef").decode()\nimport codecs\nX = codecs.decode("uryyb", "rot13")\n',
      ),
    ).toEqual([]);
  });
});

describe('a key built from constants by join, formatting or char codes (issue 59)', () => {
  const tail = 've_51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee';
  it('is folded in Python: join of a list constant or literal, %, format, f-strings, replace', async () => {
    for (const code of [
      `PARTS = ["sk_li", "${tail}"]\nKEY = "".join(PARTS)\n`,
      `KEY = "".join(["sk_li", "${tail}"])\n`,
      `KEY = "".join(("s", "k_", "li", "${tail}"))\n`,
      `KEY = "-".join(["sk", "live", "${tail.slice(3)}"]).replace("-", "_")\n`,
      `A = "sk_li"\nB = "${tail}"\nKEY = "%s%s" % (A, B)\n`,
      `A = "sk_li"\nB = "${tail}"\nKEY = "{}{}".format(A, B)\n`,
      `KEY = "{0}{1}".format("sk_li", "${tail}")\n`,
      `A = "sk_li"\nB = "${tail}"\nKEY = f"{A}{B}"\n`,
    ])
      expect(await ids(code), code).toEqual([`assembled-secret@${code.split('\n').length - 1}`]);
    // hex with spaces taken out before it is decoded
    expect(
      await ids(
        'KEY = bytes.fromhex("73 6b 5f 6c 69 76 65 5f 35 31 48 78 39 61".replace(" ", "")).decode()\n',
      ),
    ).toEqual(['assembled-secret@1']);
  });

  it('is folded in JavaScript: join of an array, template literals, String.fromCharCode', async () => {
    for (const code of [
      `const key = ["sk_li", "${tail}"].join("");\n`,
      `const parts = ["sk_li", "${tail}"];\nconst key = parts.join("");\n`,
      `const head = "sk_li";\nconst key = \`\${head}${tail}\`;\n`,
      `const key = String.fromCharCode(115, 107, 95, 108, 105, 118, 101, 95) + "${tail.slice(3)}";\n`,
    ])
      expect(await ids(code, 'javascript'), code).toEqual([
        `assembled-secret@${code.split('\n').length - 1}`,
      ]);
  });

  it('is found from three or more pieces joined only through names, with the trigger check on (issue 59)', async () => {
    for (const code of [
      `a = "s"\nb = "k_l"\nc = "i${tail}"\nkey = a + b + c\n`,
      `a = "s"\nb = "k_l"\nc = "i${tail}"\nkey = "".join([a, b, c])\n`,
      `a = "s"\nb = "k"\nc = "_l"\nd = "i${tail}"\nhead = a + b\nkey = head + c + d\n`,
    ])
      expect(await ids(code), code).toEqual([`assembled-secret@${code.split('\n').length - 1}`]);
    for (const code of [
      `const a = 's';\nconst b = 'k_l';\nconst c = 'i${tail}';\nconst key = a + b + c;\n`,
      `const a = 's';\nconst b = 'k_l';\nconst c = 'i${tail}';\nconst key = [a, b, c].join('');\n`,
    ])
      expect(await ids(code, 'javascript'), code).toEqual([
        `assembled-secret@${code.split('\n').length - 1}`,
      ]);
  });

  it('is found where it is put in an object property, a dict entry or a keyword argument too', async () => {
    const pieces = `a = "s"\nb = "k_l"\nc = "i${tail}"\n`;
    expect(await ids(`${pieces}CONFIG = {"stripe_key": a + b + c, "name": "shop"}\n`)).toEqual([
      'assembled-secret@4',
    ]);
    expect(
      await ids(`import stripe\n${pieces}client = stripe.StripeClient(api_key="".join([a, b, c]))\n`),
    ).toEqual(['assembled-secret@5']);
    const js = `const a = 's';\nconst b = 'k_l';\nconst c = 'i${tail}';\n`;
    expect(await ids(`${js}module.exports = { stripeKey: a + b + c };\n`, 'javascript')).toEqual([
      'assembled-secret@4',
    ]);
    // templates and f-strings of two pieces (three through them alone pass the triggers: README)
    expect(
      await ids(`const head = 'sk_li';\nexport const keys = { live: \`\${head}${tail}\` };\n`, 'javascript'),
    ).toEqual(['assembled-secret@2']);
    expect(await ids(`head = "sk_li"\nKEYS = {"live": f"{head}${tail}"}\n`)).toEqual(['assembled-secret@2']);
    expect(
      await ids(
        `const Stripe = require('stripe');\n${js}const s = new Stripe({ apiKey: a + b + c });\n`,
        'javascript',
      ),
    ).toEqual(['assembled-secret@5']);
  });

  it('is not a key written whole and then used in a header: that is a literal, for the credential rules', async () => {
    const key = `sk_li${tail}`;
    const assembled = async (code: string, language?: LanguageId) =>
      (await ids(code, language)).filter((id) => id.startsWith('assembled-secret'));
    expect(
      await assembled(
        `const KEY = '${key}';\nfetch('https://api.stripe.com/v1/refunds', { headers: { Authorization: \`Bearer \${KEY}\` } });\n`,
        'javascript',
      ),
    ).toEqual([]);
    expect(
      await assembled(
        `KEY = "${key}"\nHEADER = "Bearer " + KEY\nHEADERS = {"Authorization": f"Bearer {KEY}"}\n`,
      ),
    ).toEqual([]);
  });

  it('is not hidden by the key written in a comment or a longer string, unless the secret detector reports it as high (issue 59)', async () => {
    // every finding of a whole scan (engine and secret detector), with its severity
    const scan = async (code: string, language: LanguageId = 'python') =>
      (
        await scanSource({
          path: language === 'python' ? 'app/views.py' : 'app/server.js',
          source: code,
          language,
        })
      )
        .map((finding) => `${finding.ruleId}@${finding.line}:${finding.severity}`)
        .sort();
    const high = (found: string[]) => found.filter((id) => /:(?:high|critical)$/.test(id));
    const pieces = `a = "s"\nb = "k_l"\nc = "i${tail}"\n`;
    for (const code of [
      `# old_sk_li${tail}\n${pieces}STRIPE_KEY = a + b + c\n`,
      `# old_sk_li${tail}\nSTRIPE_KEY = "sk_li" + "${tail}"\n`,
      `import stripe\n# was: old_sk_li${tail}\n${pieces}client = stripe.StripeClient(api_key=a + b + c)\n`,
      // the detector leaves placeholder-looking text alone, and `pk_` keys, and bodies under 20 characters
      `# sk_li${tail}_example\nSTRIPE_KEY = "sk_li" + "${tail}"\n`,
      `# pk_li${tail}\nSTRIPE_KEY = "pk_li" + "${tail}"\n`,
      `KEY = "pk_li${tail}"\nHEADER = "Bearer " + KEY\n`,
      `# sk_li${tail.slice(0, 20)}\na = "sk_li"\nSTRIPE_KEY = a + "${tail.slice(0, 20)}"\n`,
      // a test key is medium for the detector: the assembled one stays high
      `# sk_test_${tail.slice(3)}\nSTRIPE_KEY = "sk_te" + "st_${tail.slice(3)}"\n`,
    ]) {
      const found = await scan(code);
      expect(found, code).toContain(`assembled-secret@${code.split('\n').length - 1}:high`);
    }
    for (const code of [
      `// old_sk_li${tail}\nconst a = 's'; const b = 'k_l'; const c = 'i${tail}';\nexport const key = a + b + c;\n`,
      `// old_sk_li${tail}\nconst key = 'sk_li' + '${tail}';\n`,
    ])
      expect(await scan(code, 'javascript'), code).toContain(
        `assembled-secret@${code.split('\n').length - 1}:high`,
      );
    // the key written whole and used in a header: the detector's finding, once
    const bearer = `KEY = "sk_li${tail}"\nHEADER = "Bearer " + KEY\n`;
    expect(high(await scan(bearer))).toEqual(['secret.stripe-key@1:critical']);
  });

  it('leaves joins of names that make no key quiet', async () => {
    expect(
      await ids(
        'first = "Ada"\nsep = " "\nlast = "Lovelace"\nfull = first + sep + last\n' +
          'a = "s"\nb = "k_"\nc = "short"\nlabel = a + b + c\nparts = "".join([first, sep, last])\n' +
          'LABELS = {"name": first + sep + last}\nprint(a + b, end=sep + last)\n',
      ),
    ).toEqual([]);
    expect(
      await ids(
        "const base = '/api';\nconst sep = '/';\nconst name = 'users';\nexport const url = base + sep + name;\n" +
          "export const joined = [base, sep, name].join('');\nexport const routes = { users: base + sep + name };\n",
        'javascript',
      ),
    ).toEqual([]);
  });

  it('does not fold a list of constants that took request data since: its taint goes on', async () => {
    const python =
      `${FLASK}import requests\n@app.route("/a")\ndef a():\n    parts = ["https://api.example.com"]\n` +
      '    parts.append(request.args["host"])\n    return requests.get("/".join(parts)).text\n' +
      '@app.route("/b")\ndef b():\n    return requests.get("%s/%s" % ("https://api.example.com", request.args["p"])).text\n';
    expect((await ids(python)).filter((id) => id.startsWith('ssrf'))).toEqual(['ssrf@11', 'ssrf@8']);
    const javascript =
      "const express = require('express');\nconst app = express();\napp.get('/a', (req, res) => {\n" +
      "  const parts = ['https://api.example.com'];\n  parts.push(req.query.host);\n" +
      "  fetch(parts.join('/')).then(() => res.send('ok'));\n});\n";
    expect((await ids(javascript, 'javascript')).filter((id) => /ssrf|fetch/.test(id))).toEqual(['ssrf@6']);
  });

  it('leaves ordinary joins and formatting of constants quiet', async () => {
    expect(
      await ids(
        'SEP = ", "\nCOLUMNS = SEP.join(["id", "name", "created_at"])\nLABEL = "%s-%s" % ("stripe", "key")\n' +
          'PATH = "{}/{}".format("static", "css")\nNAME = "live"\nTITLE = f"{NAME}_{NAME}"\n' +
          'DASHED = "-".join(["sk", "not", "a", "key"]).replace("-", "_")\n',
      ),
    ).toEqual([]);
    expect(
      await ids(
        'const cols = ["id", "name"].join(", ");\nconst mode = "live";\nconst label = `${mode}_${mode}`;\n' +
          'const ab = String.fromCharCode(97, 98);\n',
        'javascript',
      ),
    ).toEqual([]);
  });
});

describe('a key of three or more pieces through formatting, +=, implicit concatenation or concat (issue 59, round 7)', () => {
  const tail = 've_51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee';
  const pieces = `a = "s"\nb = "k_l"\nc = "i${tail}"\n`;
  it('is found in Python with the trigger check on: %, format, f-strings, literal pieces between fields', async () => {
    for (const code of [
      `${pieces}KEY = "%s%s%s" % (a, b, c)\n`,
      `${pieces}KEY = "{}{}{}".format(a, b, c)\n`,
      `${pieces}KEY = f"{a}{b}{c}"\n`,
      `b = "k_l"\nKEY = f"s{b}i${tail}"\n`,
      `KEY = "s%si${tail}" % "k_l"\n`,
      `a = "s"\nc = "i${tail}"\nKEY = "{}k_l{}".format(a, c)\n`,
      `KEY = ("s" "k_l" "i${tail}")\n`,
    ])
      expect(await ids(code), code).toEqual([`assembled-secret@${code.split('\n').length - 1}`]);
  });

  it('is found where += puts it together, in a line each or in a loop over constant pieces', async () => {
    expect(await ids(`${pieces}key = a\nkey += b\nkey += c\n`)).toEqual(['assembled-secret@6']);
    expect(await ids(`key = ""\nfor p in ["s", "k_l", "i${tail}"]:\n    key += p\n`)).toEqual([
      'assembled-secret@3',
    ]);
    expect(await ids(`${pieces}key = ""\nfor p in (a, b, c):\n    key += p\n`)).toEqual([
      'assembled-secret@6',
    ]);
    const js = `const a = 's';\nconst b = 'k_l';\nconst c = 'i${tail}';\n`;
    expect(await ids(`${js}let key = a;\nkey += b;\nkey += c;\n`, 'javascript')).toEqual([
      'assembled-secret@6',
    ]);
    expect(
      await ids(`let key = '';\nfor (const p of ['s', 'k_l', 'i${tail}']) key += p;\n`, 'javascript'),
    ).toEqual(['assembled-secret@2']);
  });

  it('is found in JavaScript through templates, concat and a hex buffer', async () => {
    const js = `const a = 's';\nconst b = 'k_l';\nconst c = 'i${tail}';\n`;
    expect(await ids(`${js}const key = \`\${a}\${b}\${c}\`;\n`, 'javascript')).toEqual([
      'assembled-secret@4',
    ]);
    expect(await ids(`${js}const key = a.concat(b, c);\n`, 'javascript')).toEqual(['assembled-secret@4']);
    expect(
      await ids(
        "const key = Buffer.from('736b5f6c6976655f3531487839615132623850', 'hex').toString();\n",
        'javascript',
      ),
    ).toEqual(['assembled-secret@1']);
  });

  it('leaves ordinary +=, loops, formatting and concatenation of other text quiet', async () => {
    expect(
      await ids(
        'label = "a"\nlabel += "b"\nout = ""\nfor part in ["x", "y", "z"]:\n    out += part\n' +
          'TITLE = "%s%s%s" % ("a", "b", "c")\nMSG = ("one " "two " "three")\nkey = ""\nfor p in ["s", "k_l"]:\n    key += p\n',
      ),
    ).toEqual([]);
    expect(
      await ids(
        "let s = 'a';\ns += 'b';\nconst t = 'x'.concat('y', 'z');\nconst h = Buffer.from('deadbeef', 'hex').toString();\n",
        'javascript',
      ),
    ).toEqual([]);
  });
});

describe('JavaScript indirection beyond the first list (issue 59, round 7)', () => {
  const route = (head: string, body: string) =>
    `const express = require('express');\n${head}const app = express();\napp.get('/a', (req, res) => {\n  ${body}\n  res.send('ok');\n});\n`;
  it.each([
    [
      'a module name folded from pieces, destructured',
      route("const { exec } = require('child_' + 'process');\n", 'exec(req.query.c);'),
      ['command-injection@5', 'hidden-dangerous-call@5'],
    ],
    [
      'a module name folded from pieces, called on',
      route('', "require('child_' + 'process').exec(req.query.c);"),
      ['command-injection@4', 'hidden-dangerous-call@4'],
    ],
    [
      'a module name held in a constant',
      route("const name = 'child_' + 'process';\nconst cp = require(name);\n", 'cp.exec(req.query.c);'),
      ['command-injection@6', 'hidden-dangerous-call@6'],
    ],
    [
      'an indirect eval through the comma operator',
      route('', '(0, eval)(req.query.x);'),
      ['code-injection@4'],
    ],
    [
      'eval read off the global object by a folded name',
      route('', "global['ev' + 'al'](req.query.x);"),
      ['code-injection@4', 'hidden-dangerous-call@4'],
    ],
    ['eval read off globalThis', route('', 'globalThis.eval(req.query.x);'), ['code-injection@4']],
    ['a dynamic import of request data', route('', 'import(req.query.m);'), ['code-injection@4']],
    [
      'eval called through Function.prototype.call and apply, and Reflect.apply',
      route(
        '',
        'eval.call(null, req.query.x);\n  eval.apply(null, [req.query.y]);\n  Reflect.apply(eval, null, [req.query.z]);',
      ),
      [
        'code-injection@4',
        'code-injection@5',
        'code-injection@6',
        'hidden-dangerous-call@4',
        'hidden-dangerous-call@5',
        'hidden-dangerous-call@6',
      ],
    ],
    [
      'require reached through module and process.mainModule',
      route(
        '',
        "module.require('child_process').exec(req.query.c);\n  process.mainModule.require('child_process').exec(req.query.d);",
      ),
      ['command-injection@4', 'command-injection@5'],
    ],
    [
      "node's internal spawn binding",
      route('', "process.binding('spawn_sync').spawn({ file: 'sh', args: ['sh', '-c', req.query.c] });"),
      ['hidden-dangerous-call@4'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await ids(code, 'javascript')).toEqual(expected);
  });

  it('leaves the same forms quiet where they name nothing dangerous or get no request data', async () => {
    expect(
      await ids(
        "const util = require('ut' + 'il');\nconst cfg = require('./' + 'config');\n(0, util.format)('%s', cfg.name);\n" +
          "import('./page.js').then((page) => page.render());\nconst fs = process.binding('fs');\nglobalThis.setTimeout(() => {}, 10);\n" +
          "const rpc = { call: (name, args) => args };\nrpc.call('x', [1]);\nMath.max.apply(null, [1, 2]);\nReflect.apply(Math.min, null, [1, 2]);\n",
        'javascript',
      ),
    ).toEqual([]);
  });
});

describe('functools.partial through branches, returns, self attributes and methods (issue 59, round 7)', () => {
  const head =
    'import subprocess\nfrom functools import partial\nfrom flask import Flask, request\napp = Flask(__name__)\n';
  // what the wrapped call does; whether `hidden-dangerous-call` reports a partial of a name spelled out is
  // that rule's business (it does not: a name written in full hides nothing), not what these cases are about
  const found = async (code: string) =>
    (await ids(code)).filter((id) => !id.startsWith('hidden-dangerous-call'));
  const route = (body: string) =>
    `${head}@app.route("/r")\ndef r():\n    cmd = request.args["c"]\n${body}    return "ok"\n`;
  // the partial without shell=True runs the request's text as the program: command-injection-argv's (w157)
  it('is followed where branches join: the call is each of the partials it may be', async () => {
    // the order of two rules' findings on one line is the engine's, not the case's
    const sorted = (ids: string[]) => [...ids].sort();
    expect(
      sorted(
        await found(
          route(
            '    if request.args.get("x"):\n        run = partial(subprocess.run, shell=True)\n    else:\n        run = partial(subprocess.run, check=True)\n    run(cmd)\n',
          ),
        ),
      ),
    ).toEqual(['command-injection-argv@12', 'command-injection@12']);
    expect(
      sorted(
        await found(
          route(
            '    run = partial(subprocess.run, check=True)\n    if request.args.get("x"):\n        run = partial(subprocess.run, shell=True)\n    run(cmd)\n',
          ),
        ),
      ),
    ).toEqual(['command-injection-argv@11', 'command-injection@11']);
    expect(
      sorted(
        await found(
          route(
            '    run = partial(subprocess.run, shell=True) if request.args.get("x") else subprocess.run\n    run(cmd)\n',
          ),
        ),
      ),
    ).toEqual(['command-injection-argv@9', 'command-injection@9']);
  });

  it('is followed out of a helper that returns it', async () => {
    for (const helper of [
      'def make():\n    return partial(subprocess.run, shell=True)\n',
      'def make():\n    runner = partial(subprocess.run, shell=True)\n    return runner\n',
    ]) {
      const lines = helper.split('\n').length - 1;
      expect(
        await found(
          `${head}${helper}@app.route("/r")\ndef r():\n    make()(request.args["c"])\n    return "ok"\n`,
        ),
        helper,
      ).toEqual([`command-injection@${7 + lines}`]);
      expect(
        await found(
          `${head}${helper}@app.route("/r")\ndef r():\n    run = make()\n    run(request.args["c"])\n    return "ok"\n`,
        ),
        helper,
      ).toEqual([`command-injection@${8 + lines}`]);
    }
    // the arguments a helper binds come from its own caller
    expect(
      await found(
        `import os\n${head}def make(c):\n    return partial(os.system, c)\n@app.route("/r")\ndef r():\n    make(request.args["c"])()\n    return "ok"\n`,
      ),
    ).toEqual(['command-injection@10']);
  });

  it('is followed through self attributes, set in the constructor or the same method', async () => {
    expect(
      await found(
        `${head}class Runner:\n    def __init__(self):\n        self.run = partial(subprocess.run, shell=True)\n    def go(self, cmd):\n        self.run(cmd)\n@app.route("/r")\ndef r():\n    Runner().go(request.args["c"])\n    return "ok"\n`,
      ),
    ).toEqual(['command-injection@9']);
    expect(
      await found(
        `${head}class Runner:\n    def go(self, cmd):\n        self.run = partial(subprocess.run, shell=True)\n        self.run(cmd)\n@app.route("/r")\ndef r():\n    Runner().go(request.args["c"])\n    return "ok"\n`,
      ),
    ).toEqual(['command-injection@8']);
  });

  it('is followed into a method or a function of the file it wraps', async () => {
    expect(
      await found(
        `${head}class R:\n    def go(self, cmd):\n        subprocess.run(cmd, shell=True)\n@app.route("/r")\ndef r():\n    rr = R()\n    partial(rr.go, request.args["c"])()\n    return "ok"\n`,
      ),
    ).toContain('command-injection@7');
    expect(
      await found(
        `${head}def shell(cmd):\n    subprocess.run(cmd, shell=True)\n@app.route("/r")\ndef r():\n    partial(shell, request.args["c"])()\n    return "ok"\n`,
      ),
    ).toContain('command-injection@6');
  });

  it('stays quiet where no branch, helper or field binds a shell', async () => {
    expect(
      await found(
        route(
          '    if request.args.get("x"):\n        run = partial(subprocess.run, check=True)\n    else:\n        run = partial(subprocess.run, timeout=5)\n    run(["ls", cmd])\n',
        ),
      ),
    ).toEqual([]);
    expect(
      await found(
        `${head}def make():\n    return partial(subprocess.run, check=True)\nclass Runner:\n    def __init__(self):\n        self.run = partial(subprocess.run, check=True)\n    def go(self, cmd):\n        self.run(["ls", cmd])\n@app.route("/r")\ndef r():\n    make()(["ls", request.args["c"]])\n    Runner().go(request.args["c"])\n    return "ok"\n`,
      ),
    ).toEqual([]);
  });
});

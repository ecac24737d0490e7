import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, round 7: a name nothing in the file binds may still exist at run time. The engine used to end a path
 * at a read or call of a Python name it judged unbound (NameError); a reviewer broke that judgement 28 ways
 * (`/tmp/r7-probe*`: imports the text misses, libraries that import or run code by name, names bound through
 * computed attribute names), and the lead withdrew it (w63): such a name is unknown, never unbound, and the sink
 * after it is reported whatever the file imports. The cases of the judgement are kept with their expectation
 * turned ("withdrawn: …"), and each of the reviewer's probes is here.
 */
const ids = (code: string) => findingIds(code, { sort: true });
const injections = async (code: string) =>
  (await ids(code)).filter((id) => id.startsWith('command-injection@'));

/** A module-level program: its imports, a line that may raise, then a command built from the request. */
const program = (imports: string, before: string, after = '') =>
  `${imports}\nfrom flask import request\n${before}\nos.system("ls " + request.args["dir"])\n${after}`;
const sinkLine = (imports: string, before: string) =>
  `command-injection@${
    program(imports, before)
      .split('\n')
      .findIndex((line) => line.startsWith('os.system')) + 1
  }`;

describe('a name an import may bind', () => {
  // [what, imports, the line before the sink, lines after the sink]
  it.each([
    ['a module of the project (the report of issue 59)', 'import os, plugins', 'audit(request)', ''],
    ['the name read, not called', 'import os, plugins', 'hook = audit', ''],
    ['a relative import', 'import os\nfrom . import plugins', 'audit(request)', ''],
    ['a relative import of a module', 'import os\nfrom .plugins import setup', 'audit(request)', ''],
    [
      'a relative import with no space after the dot',
      'import os\nfrom .import plugins',
      'audit(request)',
      '',
    ],
    [
      'a relative import with no space before the dot',
      'import os\nfrom.plugins import setup',
      'audit(request)',
      '',
    ],
    ['an import inside a function', 'import os\ndef load():\n    import plugins', 'audit(request)', ''],
    [
      'an import under try',
      'import os\ntry:\n    import plugins\nexcept ImportError:\n    pass',
      'audit(request)',
      '',
    ],
    [
      'an import on the line of an if',
      'import os\nif os.environ.get("P"): import plugins',
      'audit(request)',
      '',
    ],
    ['an import after a semicolon', 'import os; import plugins', 'audit(request)', ''],
    ['an import continued over a backslash', 'import os, \\\n    plugins', 'audit(request)', ''],
    ['a third-party library the rules do not model', 'import os\nimport canvasapi', 'audit(request)', ''],
    ['importlib (imports a module named at run time)', 'import os, importlib', 'audit(request)', ''],
    ['gettext (install() writes builtins)', 'import os, gettext', 'audit(request)', ''],
    ['site (writes builtins)', 'import os, site', 'audit(request)', ''],
    ['ctypes', 'import os, ctypes', 'audit(request)', ''],
    ['__import__', 'import os', 'audit(request)', '__import__("plugins")'],
    ['__main__, whose attributes are these globals', 'import os\nimport __main__', 'audit(request)', ''],
    [
      "sys.modules, this module's attributes",
      'import os, sys',
      'audit(request)',
      'sys.modules[__name__].audit = print',
    ],
    ['sys.modules imported by name', 'import os\nfrom sys import modules', 'audit(request)', ''],
    ["a frame's globals", 'import os, sys', 'audit(request)', 'sys._getframe().f_globals.update(HOOKS)'],
    ["a function's globals", 'import os', 'audit(request)', 'os.system.__globals__'],
    ['exec kept under another name', 'import os', 'audit(request)', 'run = exec'],
    [
      "the builtins module as a built-in's __self__",
      'import os',
      'audit(request)',
      'len.__self__.audit = print',
    ],
    [
      'a function run with globals of its own',
      'import os, types',
      'audit(request)',
      'types.FunctionType(f.__code__, HOOKS)',
    ],
    ['inspect.getmodule', 'import os, inspect', 'audit(request)', 'inspect.getmodule(request).audit = print'],
  ])('%s', async (_what, imports, before, after) => {
    expect(await injections(program(imports, before, after))).toEqual([sinkLine(imports, before)]);
  });

  it('withdrawn: a name nothing binds does not end the path even where every import is a standard module or a library the rules model', async () => {
    for (const imports of [
      'import os, json, re',
      'import os\nimport requests\nfrom lxml import etree',
      'from __future__ import annotations\nimport os',
    ])
      expect(await injections(program(imports, 'audit(request)'))).toEqual([
        sinkLine(imports, 'audit(request)'),
      ]);
  });
});

describe('a raise that may be caught', () => {
  const F = 'import os, contextlib, threading\nfrom flask import Flask, request\napp = Flask(__name__)\n';
  const route = (body: string) =>
    `${F}@app.route("/r")\ndef r():\n${body}\n    os.system("ls " + request.args["dir"])\n    return "ok"\n`;
  const line = (body: string) =>
    route(body)
      .split('\n')
      .findIndex((l) => l.includes('os.system(')) + 1;
  it.each([
    [
      'a with whose manager swallows NameError',
      '    with contextlib.suppress(NameError):\n        audit(request)',
    ],
    ['a with whose manager the file does not show', '    with hooks.guard():\n        audit(request)'],
    // kept (round 6): a handler that reaches the sink, whatever it catches
    ['except NameError', '    try:\n        audit(request)\n    except NameError:\n        pass'],
    ['except Exception', '    try:\n        audit(request)\n    except Exception:\n        pass'],
    ['a bare except', '    try:\n        audit(request)\n    except:\n        pass'],
  ])('%s: the path goes on after it', async (_what, body) => {
    const code = body.includes('hooks') ? `${route(body)}\nhooks = contextlib\n` : route(body);
    expect(await injections(code)).toEqual([`command-injection@${line(body)}`]);
  });

  it.each([
    ['a file', '    with open("/tmp/log", "a") as log:\n        audit(request)'],
    ['a lock', '    lock = threading.Lock()\n    with lock:\n        audit(request)'],
    ['try with finally only', '    try:\n        audit(request)\n    finally:\n        pass'],
  ])(
    'withdrawn: a name nothing binds in a with over %s no longer raises, so the path goes on (a real raise there still ends it: with-next.test.ts)',
    async (_what, body) => {
      expect(await injections(route(body))).toEqual([`command-injection@${line(body)}`]);
    },
  );

  it("a generator's element may never run: one that raises does not make the call raise", async () => {
    expect(await injections(route('    list(audit(x) for x in [])'))).toEqual([
      `command-injection@${line('    list(audit(x) for x in [])')}`,
    ]);
    // a list built at once from a raising element raises (or, empty, holds nothing): still no data
    expect(await injections(route('    [audit(x) for x in request.args]'))).toEqual([
      `command-injection@${line('    [audit(x) for x in request.args]')}`,
    ]);
  });
});

describe('names Python itself provides, and names as Python reads them', () => {
  const F = 'import os, subprocess\nfrom flask import request\n';
  it.each([
    ['ExceptionGroup, a built-in since 3.11', 'group = ExceptionGroup("failed", [ValueError()])'],
    ['_, which gettext.install() puts into builtins', 'title = _("Listing")'],
  ])('%s is never judged unbound', async (_what, before) => {
    expect(await injections(program('import os', before))).toEqual([sinkLine('import os', before)]);
  });

  it('a name bound in another NFKC form is the same name (`def ﬁx` defines `fix`)', async () => {
    const called = `${F}def \ufb01x(command):\n    return command\nos.system(fix(request.args["dir"]))\n`;
    expect(await injections(called)).toEqual(['command-injection@5']);
    const read = `${F}\uff4fpt = "/"\nsubprocess.call("ls " + request.args["dir"], shell=True, cwd=opt)\n`;
    expect(await injections(read)).toEqual(['command-injection@4']);
  });
});

describe('bindings the text spells: a second occurrence, so never unbound', () => {
  // Each binds the name (or binds nothing, and Python raises: then reporting errs on the side of the
  // finding); the judgement needs the name once in the whole text, so none of these is judged unbound.
  it.each([
    ['a class body (binds no global: NameError at run time)', 'class K:\n    audit = print'],
    ['a comprehension target (its own scope)', 'hooks = [audit for audit in []]'],
    ['a walrus in a comprehension (binds here)', 'hooks = [(audit := h) for h in [print]]'],
    ['a match pattern', 'match [print]:\n    case [audit]:\n        pass'],
    ['global in another function', 'def setup():\n    global audit\n    audit = print'],
    ['del', 'audit = print\ndel audit'],
    ['an annotation only (binds nothing)', 'audit: object'],
    ['a conditional import', 'if os.environ.get("AUDIT"):\n    from os import fspath as audit'],
  ])('%s', async (_what, binding) => {
    // called (the call rule) and read (the read rule)
    for (const use of ['audit(request)', 'hook = audit']) {
      const code = `import os\nfrom flask import request\n${binding}\n${use}\nos.system("ls " + request.args["dir"])\n`;
      const line = code.split('\n').findIndex((l) => l.startsWith('os.system')) + 1;
      expect(await injections(code)).toEqual([`command-injection@${line}`]);
    }
  });
});

describe("the reviewer's probes (round 7): each ran the command under CPython 3.11 + Flask; each is reported", () => {
  /** [probe file in /tmp/r7-probe*, its text] by what the judgement missed. */
  const probes: Record<string, [string, string][]> = {
    'imports the text misses': [
      [
        'a01_star_nospace',
        'import os\nfrom os import*\nfrom flask import request\ngetcwd()\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a02_star_contin',
        'import os\nfrom os import \\\n    *\nfrom flask import request\ngetcwd()\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a03_star_paren',
        'import os\nfrom flask import request\nfrom os import (getcwd)\ngetcwd()\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'b01_from_space_rel',
        'import os\nfrom . plugins import setup\nfrom flask import request\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'b02_formfeed_line',
        'import os\n\fimport plugins\nfrom flask import request\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'b03_formfeed_mid',
        'import os\nimport\fplugins\nfrom flask import request\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'b04_nfkc_from',
        'import os\nfrom \uff50lugins import setup\nfrom flask import request\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
    ],
    'standard and known libraries that import or run code by name': [
      [
        'a05_timeit',
        'import os, timeit\nfrom flask import request\ntimeit.timeit("import bu\\x69ltins; bu\\x69ltins.\\x61udit = print", number=1)\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a06_pickle',
        'import os, pickle\nfrom flask import request\npickle.loads(b"c__builtin__\\nsetattr\\n(c__builtin__\\n__import__\\n(Vbuiltins\\ntRVaudit\\nc__builtin__\\nprint\\ntR.")\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a07_cprofile',
        'import os, cProfile\nfrom flask import request\ncProfile.run("import bu\\x69ltins; bu\\x69ltins.\\x61udit = print")\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a08_flask_from_pyfile',
        'import os\nfrom flask import Flask, request\napp = Flask(__name__)\napp.config.from_pyfile("settings.cfg")\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a09_werkzeug_import_string',
        'import os\nfrom werkzeug.utils import import_string\nfrom flask import request\nimport_string("plugins")\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a10_pydoc_locate',
        'import os, pydoc\nfrom flask import request\npydoc.locate("plugins")\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a11_logging_config',
        'import os, logging.config\nfrom flask import request\nlogging.config.fileConfig("logging.ini")\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a12_mock_patch',
        'import os\nfrom unittest import mock\nfrom flask import request\nmock.patch("bu\\x69ltins.\\x61udit", print, create=True).start()\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a13_doctest_testfile',
        'import os, doctest\nfrom flask import request\ndoctest.testfile("README.txt")\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a15_django_import_string',
        'import os\nfrom django.utils.module_loading import import_string\nfrom flask import request\nimport_string("plugins.setup")()\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a16_yaml',
        'import os, yaml\nfrom flask import request\nyaml.unsafe_load("!!python/object/apply:bu\\x69ltins.s\\x65tattr [!!python/name:bu\\x69ltins.print \'\', a\\x75dit, !!python/name:bu\\x69ltins.print \'\']")\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'b05_mock_name_dot',
        'import os\nfrom unittest import mock\nfrom flask import request\nmock.patch(__name__ + ".audit", print, create=True).start()\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'b06_import_string_self',
        'import os\nfrom werkzeug.utils import import_string\nfrom flask import request\nimport_string(__name__).audit = print\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
    ],
    'names bound through computed attribute names': [
      [
        'a04_getattr_setattr_dunder',
        'import os, inspect\nfrom flask import request\ngetattr(inspect, "built" + "ins").__setattr__("au" + "dit", print)\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a14_frame_getattr',
        'import os, sys\nfrom flask import request\ngetattr(sys._getframe(), "f_glo" + "bals")["au" + "dit"] = print\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
      [
        'a17_dunder_setattr_spelled',
        'import os, inspect\nfrom flask import request\nobject.__setattr__(inspect.getattr_static(inspect, "built" + "ins"), "au" + "dit", print)\naudit(request)\nos.system("ls " + request.args["dir"])\n',
      ],
    ],
  };
  for (const [kind, cases] of Object.entries(probes))
    it.each(cases)(`${kind}: %s`, async (_probe, code) => {
      const line = code.split('\n').findIndex((l) => l.startsWith('os.system')) + 1;
      expect(await injections(code)).toEqual([`command-injection@${line}`]);
    });
});

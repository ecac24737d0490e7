import { describe, expect, it } from 'vitest';
import { findingIds, flaskRoute, only } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, round 3 (precision on real model output): data the program holds itself is not data others give
 * it. A file opened at a constant path outside the shared temporary folders, that the file never opens for
 * writing, is the program's own (a template it ships, a model it keeps): unpickling it is no unsafe
 * deserialisation, and what is read from it is no "file contents" source for XSS or code injection.
 * Loading request data, a caller's path, a file under /tmp or a file the program writes stays reported.
 */
const ids = (code: string) => findingIds(code, { sort: true });

const FLASK = 'from flask import Flask, request, make_response\napp = Flask(__name__)\n';
const route = (imports: string, body: string) => flaskRoute(`${imports}\n${FLASK}`, body);

describe("unpickling the program's own file", () => {
  // [what, route body or whole file, findings of unsafe-deserialization]
  it.each([
    [
      'a file at a constant path, read in a route',
      route(
        'import pickle',
        '    key = request.args.get("key")\n    with open("./pickled_data.pkl", "rb") as f:\n        data = pickle.load(f)[key]\n    return str(data)',
      ),
      [],
    ],
    [
      'pickle.load(open(constant))',
      route('import pickle', '    return str(pickle.load(open("model.pkl", "rb")))'),
      [],
    ],
    [
      'bytes read from a constant path, then loads',
      route(
        'import pickle',
        '    with open("state.pkl", "rb") as f:\n        raw = f.read()\n    return str(pickle.loads(raw))',
      ),
      [],
    ],
    // still reported
    [
      'request data',
      route('import pickle', '    return str(pickle.loads(bytes.fromhex(request.args["d"])))'),
      ['unsafe-deserialization@6'],
    ],
    [
      'a file under /tmp',
      route('import pickle', '    return str(pickle.load(open("/tmp/state.pkl", "rb")))'),
      ['unsafe-deserialization@6'],
    ],
    [
      'a file the route writes request bytes into',
      route(
        'import pickle',
        '    open("state.pkl", "wb").write(request.data)\n    return str(pickle.load(open("state.pkl", "rb")))',
      ),
      ['unsafe-deserialization@7'],
    ],
    [
      "a caller's path",
      'import pickle\n\ndef load_data(file_path):\n    with open(file_path, "rb") as f:\n        return pickle.loads(f.read())\n',
      ['unsafe-deserialization@5'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(only(await ids(code), 'unsafe-deserialization')).toEqual(expected);
  });
});

describe("reading the program's own file", () => {
  it('a template read from a constant path and returned as HTML is no XSS; one the route writes request data into is', async () => {
    expect(
      only(
        await ids(
          route(
            '',
            '    with open("../assets/templates/template.html") as html_file:\n        html = html_file.read()\n    return make_response(html, 200)',
          ),
        ),
        'xss',
      ),
    ).toEqual([]);
    expect(
      only(
        await ids(
          route(
            '',
            '    text = open("../assets/templates/template.html").read()\n    page = text.replace("{{ name }}", "Hello")\n    return make_response(page)',
          ),
        ),
        'xss',
      ),
    ).toEqual([]);
    expect(
      only(
        await ids(
          route(
            '',
            '    param = request.args.get("param")\n    with open("page.html", "r") as file:\n        template = file.read()\n    with open("page.html", "w") as file:\n        file.write(template.replace("[param]", param))\n    with open("page.html", "r") as file:\n        template = file.read()\n    return make_response(template)',
          ),
        ),
        'xss',
      ).length,
    ).toBeGreaterThan(0);
  });

  it('eval of a file the program ships is not code injection from file contents; eval of a named file is', async () => {
    expect(
      only(
        await ids(route('', '    with open("contents.txt") as f:\n        return str(eval(f.read()))')),
        'code-injection',
      ),
    ).toEqual([]);
    expect(
      only(
        await ids(route('', '    with open(request.args["f"]) as f:\n        return str(eval(f.read()))')),
        'code-injection',
      ).length,
    ).toBeGreaterThan(0);
  });
});

describe('a file name kept to a character allow-list', () => {
  it('re.sub removing every character outside a class without a path separator clears path traversal; a class that keeps "/" does not', async () => {
    const open = (clean: string) =>
      route(
        'import re',
        `    name = request.args.get("file_name")\n    name = ${clean}\n    return open(name).read()`,
      );
    expect(only(await ids(open(`re.sub(r'[^a-zA-Z0-9_\\-\\.]+', '', name)`)), 'path-traversal')).toEqual([]);
    expect(only(await ids(open(`re.sub("[^\\w.-]", "", name)`)), 'path-traversal')).toEqual([]);
    // still reported: "/" kept, `\W` kept (it holds "/"), a replacement that adds a separator, no cleaning
    expect(only(await ids(open(`re.sub(r'[^a-z/]+', '', name)`)), 'path-traversal')).toEqual([
      'path-traversal@8',
    ]);
    expect(only(await ids(open(`re.sub(r'[^\\W]+', '', name)`)), 'path-traversal')).toEqual([
      'path-traversal@8',
    ]);
    expect(only(await ids(open(`re.sub(r'[^a-z]+', '/', name)`)), 'path-traversal')).toEqual([
      'path-traversal@8',
    ]);
    expect(only(await ids(open('name.strip()')), 'path-traversal')).toEqual(['path-traversal@8']);
  });
});

describe('a helper nothing defines', () => {
  // Issue 59, round 7 (w63): the judgement that such a name raises NameError was withdrawn (an import, the entry
  // point or the environment may bind it): the data reaches the sink.
  it('withdrawn: data passed through a name the file never defines or imports reaches the sink', async () => {
    const page = (helper: string, extra = '') =>
      route(
        `from flask import Response\n${extra}`,
        `    content = request.args.get("content")\n    return Response(${helper}(content), mimetype="text/html")`,
      );
    expect(only(await ids(page('removeScriptTags')), 'xss')).toEqual(['xss@8']);
    // reported as before: a helper defined later in the file, imported, assigned, or a star import that may define it
    const defined = `${page('removeScriptTags')}\ndef removeScriptTags(text):\n    return text.replace("<script>", "")\n`;
    expect(only(await ids(defined), 'xss').length).toBeGreaterThan(0);
    expect(only(await ids(page('clean', 'from helpers import clean')), 'xss').length).toBeGreaterThan(0);
    expect(only(await ids(page('clean', 'from helpers import *')), 'xss').length).toBeGreaterThan(0);
    expect(only(await ids(page('clean', 'clean = str.strip')), 'xss').length).toBeGreaterThan(0);
    expect(only(await ids(page('str')), 'xss').length).toBeGreaterThan(0);
  });
});

describe('a loader that is never reached', () => {
  it('pickle.loads given text, or bytes.fromhex given bytes, raises before anything is loaded; bytes from the request are reported', async () => {
    const load = (body: string) => route('import pickle, marshal', body);
    expect(
      only(
        await ids(
          load(
            '    config = request.args.get("config").encode("utf-8")\n    return str(pickle.loads(bytes.fromhex(config)))',
          ),
        ),
        'unsafe-deserialization',
      ),
    ).toEqual([]);
    expect(
      only(
        await ids(
          load('    data = bytes.fromhex(request.args["c"]).decode()\n    return str(marshal.loads(data))'),
        ),
        'unsafe-unmarshal',
      ),
    ).toEqual([]);
    expect(
      only(await ids(load('    return str(pickle.loads(request.data.hex()))')), 'unsafe-deserialization'),
    ).toEqual([]);
    // still reported: text decoded to bytes, bytes decoded from hex text, a value of unknown type
    expect(
      only(
        await ids(
          load(
            '    config = request.args.get("config").encode().decode()\n    return str(pickle.loads(bytes.fromhex(config)))',
          ),
        ),
        'unsafe-deserialization',
      ),
    ).toEqual(['unsafe-deserialization@7']);
    expect(
      only(
        await ids(load('    return str(marshal.loads(bytes.fromhex(request.args["c"])))')),
        'unsafe-unmarshal',
      ),
      // issue 59, round 7: marshal is its own rule (CWE-502, medium), no longer pickle's
    ).toEqual(['unsafe-unmarshal@6']);
    expect(
      only(await ids(load('    return str(pickle.loads(request.data))')), 'unsafe-deserialization'),
    ).toEqual(['unsafe-deserialization@6']);
  });
});

describe('bytes from a module function', () => {
  it('codecs.decode(…, "hex") of request text gives bytes: their unpickling is reported', async () => {
    expect(
      only(
        await ids(
          route(
            'import pickle, codecs',
            '    data = request.json.get("data")\n    return str(pickle.loads(codecs.decode(data.encode(), "hex")))',
          ),
        ),
        'unsafe-deserialization',
      ),
    ).toEqual(['unsafe-deserialization@7']);
  });
});

describe('a name nothing binds', () => {
  // Issue 59, round 4 made reading a Python name that nothing binds (or calling a helper nothing defines) raise
  // NameError, so no data reached the loader; round 7 (w63) withdrew it: the name may be bound at run time.
  const load = (body: string, imports = 'import pickle') => route(imports, body);
  it.each([
    [
      'withdrawn: a variable nothing assigns',
      load(
        '    config_hex = request.args.get("config")\n    config_bytes = bytes.fromhex(config_config_hex)\n    return str(pickle.loads(config_bytes))',
      ),
      ['unsafe-deserialization@8'],
    ],
    [
      'withdrawn: a helper nothing defines',
      load('    raw = request.args.get("config")\n    return str(pickle.loads(_convert_from_hex(raw)))'),
      ['unsafe-deserialization@7'],
    ],
    [
      'withdrawn: a module never imported',
      load('    raw = request.args.get("config")\n    return str(pickle.loads(codecs.decode(raw, "hex")))'),
      ['unsafe-deserialization@7'],
    ],
    // reported as before: the module imported, a global assigned later, a name bound by `for`, a star import
    [
      'the module imported',
      load(
        '    raw = request.args.get("config")\n    return str(pickle.loads(codecs.decode(raw, "hex")))',
        'import pickle, codecs',
      ),
      ['unsafe-deserialization@7'],
    ],
    [
      'a global assigned after the function',
      `${load('    return str(pickle.loads(BLOB))')}\nBLOB = bytes.fromhex(open("/tmp/blob").read())\n`,
      ['unsafe-deserialization@6'],
    ],
    [
      'a name a loop binds',
      load('    for blob in request.files.values():\n        return str(pickle.loads(blob.read()))'),
      ['unsafe-deserialization@7'],
    ],
    [
      'a fragment with no imports of its own',
      'def f(payload):\n    return pickle.loads(base64.b64decode(payload))\n',
      ['unsafe-deserialization@2'],
    ],
    // The call rule judges files as the read rule does (round 5): a fragment without imports of its own, or a
    // file that binds names out of sight, may hold the helper it calls.
    [
      'a helper called in a fragment with no imports of its own',
      'def f(payload):\n    return pickle.loads(decode_payload(payload))\n',
      ['unsafe-deserialization@2'],
    ],
    [
      'a helper called in a file that binds names through vars()',
      load(
        '    raw = request.args.get("config")\n    return str(pickle.loads(_convert_from_hex(raw)))',
        'import pickle\nvars().update(plugins.load())',
      ),
      ['unsafe-deserialization@8'],
    ],
    [
      'a source its file never imports',
      'import pickle\n\ndef f():\n    return pickle.loads(request.data)\n',
      ['unsafe-deserialization@4'],
    ],
    [
      'a star import',
      load('    return str(pickle.loads(bytes.fromhex(config_hex)))', 'import pickle\nfrom config import *'),
      ['unsafe-deserialization@7'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(only(await ids(code), 'unsafe-deserialization')).toEqual(expected);
  });
});

describe("the program's own pickle", () => {
  // Issue 59, round 4: a constant path (outside /tmp) that only pickle itself writes holds the program's own
  // objects: pickling request strings gives back strings, and no code an attacker chose runs on loading.
  // Raw bytes, a copy, a download, or a write whose path is not a known other constant keep it reported.
  const load = (body: string, before = '') => `${before}${route('import os, pickle, urllib.request', body)}`;
  it.each([
    [
      'pickle.dump of request data, then loaded',
      load(
        '    pickle.dump(request.args.to_dict(), open("state.pkl", "wb"))\n    return str(pickle.load(open("state.pkl", "rb")))',
      ),
      [],
    ],
    [
      'a constant name, written through a handle pickle.dump alone uses',
      load(
        '    with open(CACHE, "rb") as f:\n        return str(pickle.load(f))',
        'CACHE = "cache.pkl"\n\ndef save(x):\n    with open(CACHE, "wb") as f:\n        pickle.dump(x, f)\n\n',
      ),
      [],
    ],
    [
      'open(…).write(pickle.dumps(…)), read back whole',
      load(
        '    open("m.pkl", "wb").write(pickle.dumps(request.args.get("m")))\n    return str(pickle.loads(open("m.pkl", "rb").read()))',
      ),
      [],
    ],
    // still reported
    [
      'a handle that writes request bytes',
      load(
        '    with open("state.pkl", "wb") as f:\n        f.write(request.data)\n    return str(pickle.load(open("state.pkl", "rb")))',
      ),
      ['unsafe-deserialization@8'],
    ],
    [
      'request bytes written through a constant name',
      load(
        '    open(STATE, "wb").write(request.data)\n    return str(pickle.load(open(STATE, "rb")))',
        'STATE = "state.pkl"\n',
      ),
      ['unsafe-deserialization@8'],
    ],
    [
      'pickle.dump under /tmp (any local user can replace the file)',
      load(
        '    pickle.dump(request.args.to_dict(), open("/tmp/state.pkl", "wb"))\n    return str(pickle.load(open("/tmp/state.pkl", "rb")))',
      ),
      ['unsafe-deserialization@7'],
    ],
    [
      'an upload saved at a path built from input',
      load(
        '    open(os.path.join("models", request.args["n"]), "wb").write(request.data)\n    return str(pickle.load(open("models/default.pkl", "rb")))',
      ),
      ['unsafe-deserialization@7'],
    ],
    [
      'an upload saved at the constant path',
      load('    request.files["m"].save("model.pkl")\n    return str(pickle.load(open("model.pkl", "rb")))'),
      ['unsafe-deserialization@7'],
    ],
    [
      'a download to the constant path',
      load(
        '    urllib.request.urlretrieve(request.args["u"], "model.pkl")\n    return str(pickle.load(open("model.pkl", "rb")))',
      ),
      ['unsafe-deserialization@7'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(only(await ids(code), 'unsafe-deserialization')).toEqual(expected);
  });
});

describe('a statement that always raises', () => {
  // Round 7 (w63): a helper nothing defines no longer raises (the judgement was withdrawn), so its cases are
  // reported now ("withdrawn: …"); `bytes.fromhex` of bytes still always raises and keeps the rule's cases.
  // Issue 59, round 6: a statement whose value always raises (a call of a helper nothing defines, `.decode()`
  // of text) ends the path as `raise` does, and a call given such a value is never made. The same sink stays
  // reported where the raising statement is on another branch, caught by a handler that reaches the sink, or
  // after the sink.
  const page = (body: string, extra = '') => route(extra, body);
  it.each([
    [
      'withdrawn: a helper nothing defines, assigned on the line before the sink',
      page(
        '    template = TemplateRenderer()\n    response = make_response(template.get_page(request.args.get("v")))\n    return response',
      ),
      ['xss@7', 'xss@8'],
    ],
    [
      'withdrawn: the same call in the argument of the sink',
      page('    return make_response(TemplateRenderer().get_page(request.args.get("v")))'),
      ['xss@6'],
    ],
    [
      'withdrawn: an attribute of a value that raises',
      page('    return make_response(Renderer().pages.render(request.args.get("v")))'),
      ['xss@6'],
    ],
    [
      'withdrawn: a statement that raises, then the sink',
      page('    log_request(request)\n    return make_response("<p>" + request.args.get("v"))'),
      ['xss@7'],
    ],
    [
      'withdrawn: a raising call in a with statement',
      page(
        '    with TemplateRenderer() as t:\n        pass\n    return make_response("<p>" + request.args.get("v"))',
      ),
      ['xss@8'],
    ],
    // a statement that raises by its types ends the path as the helper's did
    [
      'bytes.fromhex of bytes, then the sink',
      page(
        '    blob = bytes.fromhex("00".encode())\n    return make_response("<p>" + request.args.get("v"))',
      ),
      [],
    ],
    [
      'bytes.fromhex of bytes in a with statement',
      page(
        '    with open(bytes.fromhex("00".encode())) as t:\n        pass\n    return make_response("<p>" + request.args.get("v"))',
      ),
      [],
    ],
    // still reported
    [
      'the raising statement on another branch',
      page(
        '    if request.args.get("fancy"):\n        template = TemplateRenderer()\n    else:\n        template = None\n    return make_response("<p>" + request.args.get("v"))',
      ),
      ['xss@10'],
    ],
    [
      'a handler that reaches the sink',
      page(
        '    try:\n        TemplateRenderer()\n    except NameError:\n        pass\n    return make_response("<p>" + request.args.get("v"))',
      ),
      ['xss@10'],
    ],
    [
      'the sink before the raising statement (withdrawn: the helper no longer raises, so the later return is reported too)',
      page(
        '    response = make_response("<p>" + request.args.get("v"))\n    log_request(request)\n    return response',
      ),
      ['xss@6', 'xss@8'],
    ],
    [
      'the helper defined in the file',
      `${page('    template = TemplateRenderer()\n    return make_response(template.get_page(request.args.get("v")))')}\nclass TemplateRenderer:\n    def get_page(self, v):\n        return "<p>" + v\n`,
      ['xss@7'],
    ],
    [
      'the helper imported',
      page(
        '    template = TemplateRenderer()\n    return make_response(template.get_page(request.args.get("v")))',
        'from render import TemplateRenderer',
      ),
      ['xss@7'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(only(await ids(code), 'xss')).toEqual(expected);
  });
});

describe('a call given a value that raises', () => {
  it('withdrawn: a helper nothing defines no longer raises, so its data reaches the sink; the pattern on its own form (a cookie without Secure) is reported', async () => {
    const found = await ids(
      route(
        '',
        '    response = make_response("ok")\n    response.set_cookie("session", new_token())\n    return make_response(render_page(request.args.get("v")))',
      ),
    );
    expect(found.filter((id) => /^(?:xss|insecure-cookie)@/.test(id))).toEqual([
      'insecure-cookie@7',
      'xss@8',
    ]);
  });

  it('given a value that raises by its types, its data reaches no sink, but a pattern on its own form is still reported', async () => {
    const found = await ids(
      route(
        '',
        '    response = make_response("ok")\n    response.set_cookie("session", bytes.fromhex("00".encode()))\n    return make_response(request.args.get("v"), bytes.fromhex("00".encode()))',
      ),
    );
    expect(found.filter((id) => /^(?:xss|insecure-cookie)@/.test(id))).toEqual(['insecure-cookie@7']);
  });

  it('a pattern about the data given (XML parsed with entities resolved) sees that none is given', async () => {
    const parse = (call: string) =>
      route('import lxml.etree', `    root = lxml.etree.fromstring(${call})\n    return "ok"`);
    expect(only(await ids(parse('request.get(request.args["u"]).data')), 'xxe')).toEqual([]);
    expect(only(await ids(parse('request.data')), 'xxe')).toEqual(['xxe@6']);
  });
});

describe("Flask's request, a closed set of attributes", () => {
  // Issue 59, round 6: `request.contents` raises AttributeError (Flask's request has no such attribute), so
  // `eval(request.contents)` runs nothing; the request's real attributes stay sources.
  const code = (body: string, before = '') => `${before}${route('', body)}`;
  it.each([
    ['an attribute the request does not have', code('    return str(eval(request.contents))'), []],
    // still reported
    ['the request body', code('    return str(eval(request.data))'), ['code-injection@6']],
    ['a form field', code('    return str(eval(request.form["code"]))'), ['code-injection@6']],
    [
      'an attribute the file sets on the request',
      code('    request.contents = request.args["c"]\n    return str(eval(request.contents))'),
      ['code-injection@7'],
    ],
    [
      'a request class of its own',
      `${code('    return str(eval(request.contents))', 'from app.requests import ContentsRequest\n')}app.request_class = ContentsRequest\n`,
      ['code-injection@7'],
    ],
  ])('%s', async (_what, source, expected) => {
    const found = only(await ids(source), 'code-injection');
    expect(found).toEqual(expected);
  });

  it('an attribute of what a missing method would return is no source either', async () => {
    const parse = (call: string) =>
      route('import lxml.etree', `    return str(lxml.etree.fromstring(${call}))`);
    expect(only(await ids(parse('request.get(request.args["u"]).data')), 'xss')).toEqual([]);
    expect(only(await ids(parse('request.data')), 'xss')).toEqual(['xss@6']);
  });

  it('a method the request does not have is never called: nothing is unpickled; a real one is', async () => {
    const load = (call: string) => route('import pickle', `    return str(pickle.loads(${call}))`);
    expect(only(await ids(load('request.get("d")')), 'unsafe-deserialization')).toEqual([]);
    expect(only(await ids(load('request.get_data()')), 'unsafe-deserialization')).toEqual([
      'unsafe-deserialization@6',
    ]);
  });
});

describe("an XPath query's result is the receiver's data", () => {
  // Issue 59, round 6: `tree.xpath(query, name=name)` returns the document's nodes; its keywords are XPath
  // variables the query compares, not text it returns. The receiver decides: a document parsed from the
  // request gives back the request's data.
  const page = (body: string) => route('from lxml import etree', body);
  it.each([
    [
      'a constant query with a variable, on a file the program ships',
      page(
        '    tree = etree.parse("users.xml")\n    return str(tree.xpath("//user[@name=$name]/email/text()", name=request.args.get("name")))',
      ),
      [],
    ],
    // still reported
    [
      'a document parsed from the request',
      page('    doc = etree.fromstring(request.data)\n    return str(doc.xpath("//name/text()"))'),
      ['xss@7'],
    ],
    [
      'a query built from input',
      page(
        '    tree = etree.parse("users.xml")\n    return str(tree.xpath("//user[@name=\'" + request.args.get("name") + "\']"))',
      ),
      ['xpath-injection@7'],
    ],
  ])('%s', async (_what, code, expected) => {
    const found = (await ids(code)).filter((id) => /^(?:xss|xpath-injection)@/.test(id));
    expect(found).toEqual(expected);
  });
});

describe('names judged file by file', () => {
  // Issue 59, speed: whether a file's text settles the names it binds is asked once per file (it was asked
  // again for every name read); each file is judged on its own text, whatever ran before it.
  const body = '    raw = request.args.get("config")\n    return str(pickle.loads(_convert_from_hex(raw)))';
  it('withdrawn: a file binding names through vars() and one that does not, one after the other, both reported', async () => {
    const hidden = route('import pickle\nvars().update(plugins.load())', body);
    const plain = route('import pickle', body);
    for (let round = 0; round < 2; round++) {
      expect(only(await ids(hidden), 'unsafe-deserialization')).toEqual(['unsafe-deserialization@8']);
      expect(only(await ids(plain), 'unsafe-deserialization')).toEqual(['unsafe-deserialization@7']);
    }
  });

  it('a name written twice in the file is not one nothing binds, wherever the second is', async () => {
    // the occurrences are counted up to two: the second, in another function, is past the read
    const code = route(
      'import pickle',
      '    return str(pickle.loads(bytes.fromhex(blob_hex)))\n\ndef other():\n    blob_hex = "00"',
    );
    expect(only(await ids(code), 'unsafe-deserialization')).toEqual(['unsafe-deserialization@6']);
  });
});

import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * w230: the request object given whole to a function of a project module the engine cannot read
 * (OWASP BenchmarkPython 00831/01214: `helpers.separate_request.request_wrapper(request)`, `helpers/` not in the
 * scanned tree) returns the request's data; the framework's own functions and the standard library's do not.
 */
const flask = (imports: string, body: string) =>
  `from flask import Flask, request\n${imports}\napp = Flask(__name__)\n\n@app.route("/r", methods=["POST"])\ndef r():\n${body}\n    return "ok"\n`;
const paths = async (code: string) =>
  (await findingIds(code)).filter((id) => id.startsWith('path-traversal'));

describe('the request object given to a module the engine cannot read', () => {
  it.each([
    [
      'import helpers.separate_request (BenchmarkPython 00831)',
      '',
      '    import helpers.separate_request\n    wrapped = helpers.separate_request.request_wrapper(request)\n    param = wrapped.get_query_parameter("n")\n    open(f"/srv/files/{param}", "wb")',
    ],
    [
      'from helpers.separate_request import request_wrapper',
      'from helpers.separate_request import request_wrapper',
      '    param = request_wrapper(request).get_query_parameter("n")\n    open("/srv/files/" + param)',
    ],
    [
      'a relative import',
      'from .helpers import wrap',
      '    param = wrap(req=request).get("n")\n    open("/srv/files/" + param)',
    ],
    [
      'pathlib read_text (BenchmarkPython 01214)',
      'import pathlib\nimport helpers.separate_request as sr',
      '    param = sr.request_wrapper(request).get_query_parameter("n")\n    p = pathlib.Path("/srv/files") / param\n    return p.read_text()',
    ],
  ])('%s: reported', async (_name, imports, body) => {
    expect(await paths(flask(imports, body))).not.toEqual([]);
  });

  it('a third-party library given the request whole returns its data too (w236: kept, not narrowed)', async () => {
    const code = flask(
      'from webargs import fields\nfrom webargs.flaskparser import parser',
      '    args = parser.parse({"n": fields.Str()}, request, location="query")\n    open("/srv/files/" + args["n"])',
    );
    expect(await paths(code)).not.toEqual([]);
  });

  it('a Django view passing its request parameter to a project module', async () => {
    const code =
      'from myproject.wrappers import wrap\n\ndef view(request):\n    name = wrap(request).param("n")\n    return open("/srv/files/" + name).read()\n';
    expect(await paths(code)).not.toEqual([]);
  });

  it.each([
    [
      "the framework's own function (Django's get_token)",
      'from django.middleware.csrf import get_token\n\ndef view(request):\n    t = get_token(request)\n    return open("/srv/files/" + t).read()\n',
    ],
    [
      'the standard library (copy.copy)',
      'import copy\n\ndef view(request):\n    t = copy.copy(request)\n    return open("/srv/files/" + t.name).read()\n',
    ],
    [
      'a project module given no request',
      'from helpers.files import default_name\n\ndef view(request):\n    t = default_name("x")\n    return open("/srv/files/" + t).read()\n',
    ],
    [
      'a function of the file given the request (its summary decides)',
      'def name_of(request):\n    return "fixed"\n\ndef view(request):\n    t = name_of(request)\n    return open("/srv/files/" + t).read()\n',
    ],
  ])('%s: quiet', async (_name, code) => {
    expect(await paths(code)).toEqual([]);
  });
});

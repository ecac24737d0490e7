import { describe, expect, it } from 'vitest';
import { findingIds, flaskRoute, only } from '../../../test/support/rule-findings.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

/**
 * The weakness classes issue 59 lists that the gate had no rule for after its first round: CSV formula
 * injection, XML built from input (and the XML parsers the entity rule did not know), regular expressions
 * compiled from input by the `regex` module or JavaScript's `match`, and validate-then-normalise.
 */
const ruleSet = defaultRuleSet();
const ids = (code: string, language: 'python' | 'javascript' = 'python') =>
  findingIds(code, { language, sort: true });

const FLASK = 'from flask import Flask, request, abort, Response\napp = Flask(__name__)\n';
const route = (imports: string, body: string) => flaskRoute(`${imports}\n${FLASK}`, body);

describe('CSV formula injection', () => {
  it('request data written into a CSV row is reported; a number, defusedcsv or a neutralised cell is not', async () => {
    const csvRoute = (body: string, imports = 'import csv, io, re') =>
      route(
        imports,
        `    out = io.StringIO()\n${body}\n    return Response(out.getvalue(), mimetype="text/csv")`,
      );
    expect(
      only(
        await ids(csvRoute('    csv.writer(out).writerow([request.args["name"], "member"])')),
        'csv-injection',
      ),
    ).toEqual(['csv-injection@7']);
    expect(
      only(
        await ids(
          csvRoute('    w = csv.DictWriter(out, ["n"])\n    w.writerows([{"n": request.form["n"]}])'),
        ),
        'csv-injection',
      ),
    ).toEqual(['csv-injection@8']);
    expect(
      only(
        await ids(csvRoute('    csv.writer(out).writerow([int(request.args["n"]), "member"])')),
        'csv-injection',
      ),
    ).toEqual([]);
    expect(
      only(
        await ids(
          csvRoute(
            '    csv.writer(out).writerow([request.args["name"]])',
            'import io\nfrom defusedcsv import csv',
          ),
        ),
        'csv-injection',
      ),
    ).toEqual([]);
    expect(
      only(
        await ids(
          csvRoute(
            '    name = re.sub(r"^([=+\\-@])", r"\'\\1", request.args["name"])\n    csv.writer(out).writerow([name])',
          ),
        ),
        'csv-injection',
      ),
    ).toEqual([]);
  });

  it('in JavaScript, rows from the request given to Papa.unparse', async () => {
    expect(
      only(
        await ids(
          "const Papa = require('papaparse');\napp.get('/e', (req, res) => {\n  res.send(Papa.unparse([[req.query.name]]));\n});\n",
          'javascript',
        ),
        'csv-injection',
      ),
    ).toEqual(['csv-injection@3']);
  });
});

describe('XML built from input, and parsers the entity rule did not know', () => {
  it('markup concatenated or formatted with request data and parsed is XML injection; escaped or built with the API it is not', async () => {
    const body = (line: string) =>
      `    name = request.args.get("name")\n${line}\n    return doc.findtext("role")`;
    expect(
      only(
        await ids(
          route('from lxml import etree', body('    doc = etree.fromstring("<u><n>" + name + "</n></u>")')),
        ),
        'xml-injection',
      ),
    ).toEqual(['xml-injection@7']);
    expect(
      only(
        await ids(
          route(
            'import xml.etree.ElementTree as ET',
            body('    doc = ET.fromstring(f"<u><n>{name}</n></u>")'),
          ),
        ),
        'xml-injection',
      ),
    ).toEqual(['xml-injection@7']);
    expect(
      only(
        await ids(
          route(
            'from lxml import etree\nfrom xml.sax.saxutils import escape',
            body('    doc = etree.fromstring("<u><n>" + escape(name) + "</n></u>")'),
          ),
        ),
        'xml-injection',
      ),
    ).toEqual([]);
    // Markup of the program's with the data put in by replace() is built; the data edited by replace() is not.
    expect(
      only(
        await ids(
          route(
            'from lxml import etree',
            body('    doc = etree.fromstring("<u>{n}</u>".replace("{n}", name))'),
          ),
        ),
        'xml-injection',
      ),
    ).toEqual(['xml-injection@7']);
    expect(
      await ids(
        route(
          'import xml.etree.ElementTree as ET',
          '    src = request.args.get("xml").replace("&lt;", "<")\n    return ET.fromstring(src).findtext("role")',
        ),
      ),
    ).toEqual(['xxe@7']);
    // A document received whole is the entity rule's, not an injection into markup the program wrote.
    expect(
      await ids(
        route(
          'import xml.etree.ElementTree as ET',
          '    return ET.fromstring(request.data).findtext("role")',
        ),
      ),
    ).toEqual(['xxe@6']);
  });

  it('lxml.objectify, iterparse and the standard library feed parser on request data are XXE', async () => {
    expect(
      only(
        await ids(
          route('from lxml import objectify', '    return str(objectify.fromstring(request.data).tag)'),
        ),
        'xxe',
      ),
    ).toEqual(['xxe@6']);
    expect(
      only(
        await ids(
          route(
            'import xml.etree.ElementTree as ET',
            '    parser = ET.XMLParser()\n    parser.feed(request.data)\n    return parser.close().tag',
          ),
        ),
        'xxe',
      ),
    ).toEqual(['xxe@7']);
    expect(
      only(await ids(route('from lxml import etree', '    return str(etree.iterparse("feed.xml"))')), 'xxe'),
    ).toEqual([]);
  });

  it('in JavaScript, a template literal with request data given to DOMParser', async () => {
    expect(
      await ids(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
        "app.post('/u', (req, res) => {\n  const doc = new DOMParser().parseFromString(`<u>${req.body.name}</u>`, 'text/xml');\n  res.json({ tag: doc.documentElement.tagName });\n});\n",
        'javascript',
      ),
    ).toEqual(['xml-injection@2']);
  });
});

describe('regular expressions compiled from input', () => {
  it('the regex module and JavaScript string match compile a pattern from the request', async () => {
    expect(
      only(
        await ids(route('import regex', '    return str(regex.search(request.args["p"], "text"))')),
        'redos',
      ),
    ).toEqual(['redos@6']);
    expect(
      await ids(
        "app.get('/f', (req, res) => {\n  res.json({ found: !!'some text'.match(req.query.p) });\n});\n",
        'javascript',
      ),
    ).toEqual(['redos@2']);
    expect(
      await ids(
        "app.get('/f', (req, res) => {\n  res.json({ ok: !!String(req.query.name).match(/^[a-z]+$/) });\n});\n",
        'javascript',
      ),
    ).toEqual([]);
  });
});

describe('Unicode normalised after validation', () => {
  it('NFKC after a content check is reported; before it, after a length check, or NFC is not', async () => {
    const files = (body: string) =>
      route(
        'import unicodedata',
        `    name = request.args.get("name")\n${body}\n    return open("/srv/" + name).read()`,
      );
    const check = '    if ".." in name:\n        abort(400)';
    const normalise = (form: string) => `    name = unicodedata.normalize("${form}", name)`;
    expect(only(await ids(files(`${check}\n${normalise('NFKC')}`)), 'unicode-normalization')).toEqual([
      'unicode-normalization@9',
    ]);
    // The check made before normalising no longer holds for the path either; made after, it does.
    expect(only(await ids(files(`${check}\n${normalise('NFKC')}`)), 'path-traversal')).toEqual([
      'path-traversal@10',
    ]);
    expect(only(await ids(files(`${normalise('NFKC')}\n${check}`)), 'path-traversal')).toEqual([]);
    expect(only(await ids(files(`${normalise('NFKC')}\n${check}`)), 'unicode-normalization')).toEqual([]);
    expect(only(await ids(files(`${check}\n${normalise('NFC')}`)), 'unicode-normalization')).toEqual([]);
    expect(
      only(
        await ids(files(`    if len(name) > 64:\n        abort(400)\n${normalise('NFKD')}`)),
        'unicode-normalization',
      ),
    ).toEqual([]);
  });

  it('a helper that checks its parameter and then normalises it is reported low; JavaScript too', async () => {
    const found = await analyzeSource({
      source:
        'import unicodedata\n\ndef clean(name):\n    if "<" in name:\n        raise ValueError(name)\n    return unicodedata.normalize("NFKC", name)\n',
      language: 'python',
      file: 'app/names.py',
      ruleSet,
    });
    expect(found.map((finding) => [finding.ruleId, finding.line, finding.severity])).toEqual([
      ['unicode-normalization', 6, 'low'],
    ]);
    expect(
      await ids(
        "app.get('/p', (req, res) => {\n  let name = req.query.name;\n  if (/[<>]/.test(name)) return res.status(400).end();\n  name = name.normalize('NFKC');\n  res.json({ name });\n});\n",
        'javascript',
      ),
    ).toEqual(['unicode-normalization@4']);
  });
});

describe('deserialising a payload authenticated first', () => {
  it('pickle.loads after the payload’s HMAC was compared in constant time is not reported; without the check it is', async () => {
    const state = (check: string) =>
      route(
        'import hashlib, hmac, os, pickle',
        `    data = bytes.fromhex(request.form["data"])\n    expected = hmac.new(os.environb[b"KEY"], data, hashlib.sha256).hexdigest()\n${check}    return repr(pickle.loads(data))`,
      );
    expect(
      only(
        await ids(
          state('    if not hmac.compare_digest(expected, request.form["mac"]):\n        abort(403)\n'),
        ),
        'unsafe-deserialization',
      ),
    ).toEqual([]);
    expect(only(await ids(state('')), 'unsafe-deserialization')).toEqual(['unsafe-deserialization@8']);
    // A comparison that is no MAC check guards nothing.
    expect(
      only(
        await ids(state('    if request.form["mac"] == "":\n        abort(403)\n')),
        'unsafe-deserialization',
      ),
    ).toEqual(['unsafe-deserialization@10']);
  });
});

import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

/** Weakness classes real models write (SALLM's programs) that the gate did not report before issue 59. */
const ruleSet = defaultRuleSet();
const ids = (code: string) => findingIds(code, { sort: true });

const FLASK = 'import requests\nfrom flask import Flask, request, abort\napp = Flask(__name__)\n';

describe('partial SSRF: request data in the path of a fixed host', () => {
  it('is reported in the path, at medium, and not once quoted or in the query', async () => {
    const route = (body: string) =>
      `${FLASK}@app.route("/u")\ndef u():\n    name = request.args.get("username")\n${body}\n`;
    expect(await ids(route('    return requests.get(f"https://api.github.com/users/{name}").text'))).toEqual([
      'partial-ssrf@7',
    ]);
    expect(
      await ids(route('    url = "https://api.github.com/users/" + name\n    return requests.get(url).text')),
    ).toEqual(['partial-ssrf@8']);
    expect(
      await ids(route('    requests.get("https://api.example.com/search?q=" + name)\n    return "ok"')),
    ).toEqual([]);
    expect(
      await ids(
        route(
          '    from urllib.parse import quote\n    requests.get(f"https://api.github.com/users/{quote(name)}")\n    return "ok"',
        ),
      ),
    ).toEqual([]);
    const findings = await analyzeSource({
      source: route('    return requests.get(f"https://api.github.com/users/{name}").text'),
      language: 'python',
      file: 'app/views.py',
      ruleSet,
    });
    expect(findings[0]?.severity).toBe('medium');
  });

  it('a URL taken whole is still full SSRF, once', async () => {
    expect(
      await ids(`${FLASK}@app.route("/u")\ndef u():\n    return requests.get(request.args["url"]).text\n`),
    ).toEqual(['ssrf@6']);
  });
});

describe('security decisions on client-controlled IP headers', () => {
  it('an X-Forwarded-For read in a file that decides on it is reported; the connection address is not', async () => {
    expect(
      await ids(
        `${FLASK}@app.route("/ip")\ndef ip():\n    ip = request.headers.get("X-Forwarded-For")\n    if not ip.startswith("192.168."):\n        raise Exception("not local")\n    return ip\n`,
      ),
    ).toEqual(['client-ip-header@6']);
    expect(
      await ids(
        `${FLASK}@app.route("/ip")\ndef ip():\n    if not request.remote_addr.startswith("192.168."):\n        abort(403)\n    return "ok"\n`,
      ),
    ).toEqual([]);
  });
});

describe('commands run over SSH', () => {
  it("paramiko's exec_command with request data is command injection", async () => {
    expect(
      await ids(
        `import paramiko\nfrom flask import Flask, request\napp = Flask(__name__)\nclient = paramiko.SSHClient()\n@app.route("/x")\ndef x():\n    stdin, stdout, stderr = client.exec_command(request.args["command"])\n    return "ok"\n`,
      ),
    ).toEqual(['command-injection@7']);
  });
});

describe('log lines built from a caller-supplied parameter', () => {
  it('a function no caller is seen calling that logs its parameter in text (f-string or %s) is reported, one level lower', async () => {
    const findings = await analyzeSource({
      source:
        'def log_username(logger, username):\n    logger.warning(f"{username} logged in")\n\ndef log_user(logger, username):\n    logger.warning("User: %s", username)\n',
      language: 'python',
      file: 'app/views.py',
      ruleSet,
    });
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}:${finding.severity}`)).toEqual([
      'log-injection@2:low',
      'log-injection@5:low',
    ]);
  });

  it('a number field (%d) and a parameter the file passes constants to are not', async () => {
    expect(
      await ids(
        'def log_count(logger, count):\n    logger.warning("count: %d", count)\n\ndef _log(logger, name):\n    logger.warning(f"{name}")\n\n_log(None, "fixed")\n',
      ),
    ).toEqual([]);
  });
});

describe('output reaching HTML, and markup filtered by regular expressions', () => {
  const route = (body: string) =>
    `import re\nfrom flask import Flask, request, Response, make_response\napp = Flask(__name__)\n@app.route("/f")\ndef f():\n    content = request.args.get("content")\n${body}\n`;

  it('a response declared as plain text or JSON is no XSS; one without a type still is', async () => {
    expect(await ids(route('    return Response(content, mimetype="text/plain")'))).toEqual([]);
    expect(await ids(route('    return make_response(content, 200, {"X": "1"})'))).toEqual(['xss@7']);
    expect(await ids(route('    return Response(content)'))).toEqual(['xss@7']);
  });

  it('script tags stripped with re.sub or replace are reported as an incomplete filter', async () => {
    expect(
      await ids(
        route('    return Response(re.sub(r"<script.*?>.*?</script>", "", content), mimetype="text/plain")'),
      ),
    ).toEqual(['html-filter-regex@7']);
    expect(
      await ids(
        route(
          '    content = content.replace("<script>", "")\n    return Response(content, mimetype="text/plain")',
        ),
      ),
    ).toEqual(['html-filter-regex@7']);
    expect(
      await ids(route('    return Response(re.sub(r"\\s+", " ", content), mimetype="text/plain")')),
    ).toEqual([]);
  });
});

describe('XML parsed with lxml', () => {
  it('a document the program wrote itself is no XXE; one from elsewhere still is', async () => {
    expect(await ids('import lxml.etree\ndoc = lxml.etree.XML("<a><b>1</b></a>")\n')).toEqual([]);
    expect(await ids('import sys, lxml.etree\ndoc = lxml.etree.XML(sys.stdin.read())\n')).toEqual(['xxe@2']);
  });
});

describe('host names matched by regular expressions', () => {
  it('an unescaped dot before a domain label is reported; escaped dots and other patterns are not', async () => {
    expect(
      await ids('import re\n\ndef ok(url):\n    return re.match(r"(www|beta).example.com/", url)\n'),
    ).toEqual(['incomplete-hostname-regex@4']);
    expect(
      await ids('import re\n\ndef ok(url):\n    return re.match(r"(www|beta)\\.example\\.com/", url)\n'),
    ).toEqual([]);
    expect(await ids('import re\n\ndef ok(name):\n    return re.match(r"^[a-z]+.[a-z]+$", name)\n')).toEqual(
      [],
    );
  });

  it('a dot left unescaped only before the last label, where the host ends (`/`, `\\/`, a port), is no hole; the same dot anywhere else still is (issue 59, w215)', async () => {
    // `^(www|beta)\.example.com\/$` lets only `www.exampleXcom/` (or `www.example/com/`) through: the
    // replaced character makes `example` (or `exampleXcom`) the top-level label, which nobody can register
    for (const quiet of [
      String.raw`re.match(r"^(www|beta)\.example.com\/$", url)`,
      String.raw`re.search(r"^(w|beta)\w+\.example.com\/$", url)`,
      String.raw`re.compile(r'^(www|beta)\.example.com\/$').match(url)`,
      String.raw`re.match(r"^https://www\.mysite.com/", url)`,
      String.raw`re.match(r"^https://api\.mysite.org:8443/", url)`,
      String.raw`re.search(r"^(https://)?(www\.)?example\.com/?$", url)`,
      String.raw`re.match(r"^(\d+.)?(\d+)$", url)`,
    ])
      expect(await ids(`import re\n\ndef ok(url):\n    return ${quiet}\n`), quiet).toEqual([]);
    for (const reported of [
      // a dot before a label that is not the last
      String.raw`re.match(r"^(www|beta).example.com\/$", url)`,
      String.raw`re.match(r"^((www|beta).)?(example.com)/(.*)", url)`,
      // a dot that ends a group, before the next label: `wwwXexample.com` passes (this dot was only ever
      // caught through the `.com` after it, which is quiet now)
      String.raw`re.search(r"^(https://)?(www.)?example.com/?$", url)`,
      String.raw`re.search(r"^http[s]?://(www.)?example.com/[a-zA-Z0-9-]*$", url)`,
      // the last label after a suffix anyone registers under: `www.bank.co/uk/` is bank.co's
      String.raw`re.match(r"^https://www\.bank\.co.uk/", url)`,
      // the host left open after the label: `https://exampleXcom.evil.net` passes re.match
      String.raw`re.match(r"^https?://example.com", url)`,
      // `$` may stop before a newline that a URL parser drops, and re.M moves it: still reported
      String.raw`re.match(r"^www\.example.com$", url)`,
    ])
      expect(await ids(`import re\n\ndef ok(url):\n    return ${reported}\n`), reported).toEqual([
        'incomplete-hostname-regex@4',
      ]);
    const scan = async (source: string) =>
      (await analyzeSource({ source, language: 'javascript', file: 'app/check.js', ruleSet })).map(
        (finding) => `${finding.ruleId}@${finding.line}`,
      );
    expect(await scan('export const ok = (u) => /^https:\\/\\/www\\.mysite.com\\//.test(u);\n')).toEqual([]);
    expect(
      await scan('export const ok = (u) => /^https:\\/\\/(www|beta).example\\.com\\//.test(u);\n'),
    ).toEqual(['incomplete-hostname-regex@1']);
  });

  it('also in a JavaScript or TypeScript regular-expression literal; escaped and anchored ones stay quiet (issue 59)', async () => {
    const scan = async (source: string, language: 'javascript' | 'typescript') =>
      (
        await analyzeSource({
          source,
          language,
          file: `app/check.${language === 'javascript' ? 'js' : 'ts'}`,
          ruleSet,
        })
      )
        .map((finding) => `${finding.ruleId}@${finding.line}`)
        .sort();
    for (const language of ['javascript', 'typescript'] as const) {
      const host = language === 'typescript' ? 'host: string' : 'host';
      const check = (test: string) => `export function allowed(${host}) {\n  return ${test};\n}\n`;
      for (const vulnerable of [
        '/^https?:\\/\\/example.com/.test(host)',
        '/(www|beta).example.com/.test(host)',
        'new RegExp("^https?://(www|beta).example.com/").test(host)',
        'host.match(/^[a-z]+\\.example.com$/) !== null',
      ])
        expect(await scan(check(vulnerable), language), vulnerable).toEqual(['incomplete-hostname-regex@2']);
      for (const safe of [
        '/^https?:\\/\\/example\\.com\\//.test(host)',
        '/^(www|beta)\\.example\\.com$/.test(host)',
        'new RegExp("^https?://(www|beta)\\\\.example\\\\.com/").test(host)',
        '/^[a-z]+.[a-z]+$/.test(host)',
      ])
        expect(await scan(check(safe), language), safe).toEqual([]);
    }
  });

  it("Python's re.compile and re.match forms, each with an escaped, anchored counterpart", async () => {
    for (const [vulnerable, safe] of [
      [
        're.compile(r"^https?://example.com").match(url)',
        're.compile(r"^https?://example\\.com/").match(url)',
      ],
      [
        're.match(r"^https?://(www|beta).example.com", url)',
        're.match(r"^https?://(www|beta)\\.example\\.com/", url)',
      ],
      ['re.fullmatch("(www|beta).example.org", url)', 're.fullmatch("(www|beta)\\\\.example\\\\.org", url)'],
    ]) {
      expect(await ids(`import re\n\ndef ok(url):\n    return ${vulnerable}\n`), vulnerable).toEqual([
        'incomplete-hostname-regex@4',
      ]);
      expect(await ids(`import re\n\ndef ok(url):\n    return ${safe}\n`), safe).toEqual([]);
    }
  });
});

describe('secrets compared in non-constant time', () => {
  it('a digest or signature compared with == is reported; compare_digest and ordinary comparisons are not', async () => {
    expect(
      await ids(
        'import hmac, hashlib\n\ndef verify(key, msg, sig):\n    return hmac.new(key, msg, hashlib.sha256).digest() == sig\n',
      ),
    ).toEqual(['timing-unsafe-comparison@4']);
    expect(
      await ids(
        'import hmac\n\ndef verify(expected_signature, signature):\n    return hmac.compare_digest(expected_signature, signature)\n',
      ),
    ).toEqual([]);
    expect(await ids('def same(user, other):\n    return user.name == other.name\n')).toEqual([]);
  });

  it('a configured API token or secret compared with == is reported too (issue 59, round 5)', async () => {
    const route = (test: string) =>
      `import os\n${FLASK}API_TOKEN = os.environ["API_TOKEN"]\n@app.route("/api")\ndef api():\n    if ${test}:\n        return "ok"\n    abort(401)\n`;
    expect(await ids(route('request.headers.get("X-Api-Key") == API_TOKEN'))).toEqual([
      'timing-unsafe-comparison@8',
    ]);
    expect(await ids(route('request.args.get("name") == os.environ.get("USER_NAME")'))).toEqual([]);
    expect(await ids(route('hmac.compare_digest(request.headers.get("X-Api-Key", ""), API_TOKEN)'))).toEqual(
      [],
    );
    expect(await ids(route('API_TOKEN == ""'))).toEqual([]);
  });
});

describe('Markup.format escapes what it formats (issue 59, round 5)', () => {
  it('is no XSS; Markup of concatenated request data still is', async () => {
    const route = (body: string) =>
      `from markupsafe import Markup\n${FLASK}@app.route("/bio")\ndef bio():\n    return ${body}\n`;
    expect(await ids(route('Markup("<p>{}</p>").format(request.args["bio"])'))).toEqual([]);
    expect(await ids(route('Markup("<p>" + request.args["bio"] + "</p>")'))).toEqual(['xss@7']);
  });
});

describe("a directory search's results are the directory's data (issue 59, round 5)", () => {
  it('returning them is no XSS; the filter built from request data is still LDAP injection', async () => {
    const route = (filter: string) =>
      `import ldap\nfrom ldap.filter import escape_filter_chars\n${FLASK}@app.route("/user")\ndef user():\n    name = request.args.get("name")\n    conn = ldap.initialize("ldap://localhost")\n    return str(conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, ${filter}))\n`;
    expect(await ids(route('"(uid=" + escape_filter_chars(name) + ")"'))).toEqual([]);
    expect(await ids(route('"(uid=" + name + ")"'))).toEqual(['ldap-injection@10']);
  });
});

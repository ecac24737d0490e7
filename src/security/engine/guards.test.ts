import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';
import type { LanguageId } from '../../core/languages.js';

const ids = (code: string, language: LanguageId = 'python') =>
  findingIds(code, { language, file: 'app/views.py' });
const only = async (rule: string, code: string, language: LanguageId = 'python') =>
  (await ids(code, language)).filter((id) => id.startsWith(`${rule}@`));

const flask = (check: string, target = 'target') =>
  `import re\nfrom urllib.parse import urlparse\nfrom flask import Flask, redirect, request\napp = Flask(__name__)\nALLOWED = {"example.com", "www.example.com"}\nRV = re.compile(r"^https?://([a-zA-Z0-9-]+\\.)*example\\.com(/.*)?$")\n\n@app.route("/go")\ndef go():\n    target = request.args.get("url", "")\n${check}\n        return redirect(${target})\n    return redirect("/")\n`;

describe('open redirect: a correct allow-list in front of the redirect (issue 44)', () => {
  it('is recognised: anchored regexes over the URL, compiled or not, a parsed host in a set or equal to a constant', async () => {
    for (const check of [
      '    if RV.match(target):',
      '    if re.match(r"https?://(www\\.)?example\\.com/", target):',
      '    if re.fullmatch(r"https://example\\.com(/.*)?", target):',
      '    if urlparse(target).netloc in ALLOWED:',
      '    if urlparse(target).hostname == "example.com":',
      '    if target.startswith("https://example.com/"):',
    ])
      expect(await only('open-redirect', flask(check)), check).toEqual([]);
    const host =
      '    host = urlparse(target).hostname or ""\n    if re.fullmatch(r"(?:[\\w-]+\\.)*example\\.org", host):';
    expect(await only('open-redirect', flask(host))).toEqual([]);
  });

  it('is not: substring checks, unanchored or unterminated hosts, unescaped dots, a bare leading slash', async () => {
    for (const check of [
      '    if "example.com" in target:',
      '    if re.search(r"example\\.com", target):',
      '    if re.match(r"https://example\\.com", target):',
      '    if re.match(r"https://example.com/", target):',
      '    if target.startswith("https://example.com"):',
      '    if target.endswith("example.com"):',
      '    if target.startswith("/"):',
    ])
      expect(await only('open-redirect', flask(check)), check).toEqual(['open-redirect@12']);
  });

  it('JavaScript: an anchored host regex held in a constant, a parsed hostname in a Set; not includes()', async () => {
    const js = (check: string, target = 'url') =>
      `const ALLOWED = /^https:\\/\\/(?:www\\.)?example\\.com(?:\\/|$)/;\nconst HOSTS = new Set(['example.com']);\napp.get('/out', (req, res) => {\n  const url = String(req.query.url);\n  const parsed = new URL(url);\n  if (${check}) return res.redirect(${target});\n  res.redirect('/');\n});\n`;
    expect(await only('open-redirect', js('ALLOWED.test(url)'), 'javascript')).toEqual([]);
    expect(
      await only('open-redirect', js('HOSTS.has(parsed.hostname)', 'parsed.href'), 'javascript'),
    ).toEqual([]);
    expect(await only('open-redirect', js("url.includes('example.com')"), 'javascript')).toEqual([
      'open-redirect@6',
    ]);
    expect(await only('open-redirect', js('/example\\.com/.test(url)'), 'javascript')).toEqual([
      'open-redirect@6',
    ]);
  });

  it("Flask's `redirect(request.url)` goes back to the page asked for", async () => {
    const code =
      'from flask import Flask, redirect, request\napp = Flask(__name__)\n\n@app.route("/upload", methods=["POST"])\ndef upload():\n    if "file" not in request.files:\n        return redirect(request.url)\n    return redirect(request.args["next"])\n';
    expect(await only('open-redirect', code)).toEqual(['open-redirect@8']);
  });
});

describe('sizes from the request (issue 44)', () => {
  it('a number parsed from the request still sizes a loop; a bound in front of it clears it', async () => {
    const code = (bound: string) =>
      `from flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/x")\ndef x():\n    n = int(request.args["n"])\n${bound}\n    return ",".join(str(i) for i in range(n))\n`;
    expect(await only('resource-exhaustion', code(''))).toEqual(['resource-exhaustion@8']);
    for (const bound of [
      '    n = min(n, 100)',
      '    if n > 100:\n        return "too many", 400',
      '    if not 1 <= n <= 100:\n        return "no", 400',
      '    if n < 1 or n > 100:\n        return "no", 400',
    ])
      expect(await only('resource-exhaustion', code(bound)), bound).toEqual([]);
    // a format check says nothing of the size
    expect(
      await only('resource-exhaustion', code('    if not str(n).isdigit():\n        return "no", 400')),
    ).toEqual(['resource-exhaustion@9']);
  });

  it('a number is still no SQL or shell text', async () => {
    const code =
      'import os\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/x")\ndef x(db):\n    n = int(request.args["n"])\n    db.execute("SELECT * FROM t LIMIT " + str(n))\n    os.system("sleep " + str(n))\n    return "ok"\n';
    expect(await ids(code)).toEqual([]);
  });

  it('JavaScript loop bounds and allocations; Math.min and a range check clear them', async () => {
    const code =
      "app.get('/x', (req, res) => {\n  const n = parseInt(req.query.n, 10);\n  const out = [];\n  for (let i = 0; i < n; i++) out.push(i);\n  const capped = Math.min(n, 50);\n  for (let i = 0; i < capped; i++) out.push(i);\n  if (n > 1000) return res.status(400).end();\n  res.json({ out, pad: Buffer.alloc(n) });\n});\n";
    expect(await only('resource-exhaustion', code, 'javascript')).toEqual(['resource-exhaustion@4']);
  });
});

describe('uploads and exceptions (issue 44)', () => {
  it('an extension or media-type check in front of the save clears the upload rule', async () => {
    const code = (check: string) =>
      `import os\nfrom flask import Flask, request, abort\napp = Flask(__name__)\n\n@app.route("/up", methods=["POST"])\ndef up():\n    f = request.files["f"]\n${check}\n    f.save(os.path.join("static", f.filename))\n    return "ok"\n`;
    expect(await only('unrestricted-upload', code(''))).toEqual(['unrestricted-upload@9']);
    for (const check of [
      '    if os.path.splitext(f.filename)[1].lower() not in {".png", ".jpg"}:\n        abort(400)',
      '    if f.mimetype not in ("image/png", "image/jpeg"):\n        abort(415)',
      '    if not f.filename.lower().endswith((".png", ".jpg")):\n        abort(400)',
    ])
      expect(await only('unrestricted-upload', code(check)), check).toEqual([]);
  });

  it("an except clause runs even when the try body returns; a ValidationError's message is for the client", async () => {
    const code = (caught: string) =>
      `from flask import Flask, jsonify\napp = Flask(__name__)\n\n@app.route("/x")\ndef x():\n    try:\n        return jsonify(work())\n    except ${caught} as e:\n        return jsonify({"error": str(e)}), 500\n`;
    expect(await only('error-details-exposure', code('Exception'))).toEqual(['error-details-exposure@9']);
    expect(await only('error-details-exposure', code('ValidationError'))).toEqual([]);
    // the exception is no source for injection rules
    const sql =
      'def log_error(db):\n    try:\n        work()\n    except Exception as e:\n        db.execute("INSERT INTO errors VALUES (\'" + str(e) + "\')")\n';
    expect(await ids(sql)).toEqual([]);
  });
});

describe('engine defects found on the way (issue 44)', () => {
  it('code after a try whose handler returns is still analysed (the handler used to be taken to run after the body)', async () => {
    const code =
      'from django.http import HttpResponse\nfrom django.db import connection\n\ndef search(request):\n    try:\n        page = int(request.GET["page"])\n    except ValueError:\n        return HttpResponse("bad page", status=400)\n    with connection.cursor() as cursor:\n        cursor.execute("SELECT * FROM t WHERE name = \'" + request.GET["q"] + "\'")\n    return HttpResponse("ok")\n';
    expect(await only('sql-injection', code)).toEqual(['sql-injection@10']);
  });

  it("a private helper taking `request` first is no view: its other parameters are its callers' values", async () => {
    const code =
      'from django.http import HttpResponse\n\ndef _page(request, body):\n    return HttpResponse(body)\n';
    expect(await only('xss', code)).toEqual([]);
  });

  it("the page's own origin is no source, and an origin compared with one from the environment is checked", async () => {
    const client =
      "const HOSTS = new Set([window.location.host, 'accounts.example.com']);\nexport function back() {\n  const raw = new URLSearchParams(window.location.search).get('r');\n  const url = new URL(raw, window.location.origin);\n  if (!HOSTS.has(url.host)) return;\n  window.location.assign(url.toString());\n}\n";
    expect(await only('open-redirect', client, 'javascript')).toEqual([]);
    const server =
      "const APP_ORIGIN = process.env.APP_ORIGIN ?? 'https://app.example.com';\nexport function back(req, res) {\n  const dest = new URL(String(req.query.next), APP_ORIGIN);\n  if (dest.origin !== APP_ORIGIN) return res.redirect('/');\n  res.setHeader('Location', dest.toString());\n  res.end();\n}\n";
    expect(await only('open-redirect', server, 'typescript')).toEqual([]);
  });
});

describe('found by the final run of the sealed model-style programs (issue 44, after it)', () => {
  it("a password key read from data that becomes untrusted only at that read (`request.get_json()['password']`)", async () => {
    const code =
      'from flask import Flask, request\nfrom flask_sqlalchemy import SQLAlchemy\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n\nclass Member(db.Model):\n    pass\n\n@app.route("/signup", methods=["POST"])\ndef signup():\n    data = request.get_json()\n    db.session.add(Member(username=data["username"], password=data["password"]))\n    return "ok"\n';
    expect(await only('plaintext-password-storage', code)).toEqual(['plaintext-password-storage@12']);
  });

  it('a logger bound from a call (`const logger = pino()`) is matched by the name it is written with', async () => {
    const code =
      "const pino = require('pino');\nconst logger = pino();\napp.post('/c', (req, res) => {\n  logger.warn(`Invalid coupon ${req.body.code}`);\n  res.end();\n});\n";
    expect(await only('log-injection', code, 'javascript')).toEqual(['log-injection@4']);
  });

  it('a TypeScript cast around the checked value (`LOCALES.includes(x as Locale)`) still checks it', async () => {
    const code =
      "const LOCALES = ['en', 'de'] as const;\nexport default function handler(req, res) {\n  const requested = String(req.query.lang || 'en');\n  const lang = LOCALES.includes(requested as (typeof LOCALES)[number]) ? requested : 'en';\n  res.setHeader('Content-Language', lang);\n  res.end();\n}\n";
    expect(await only('header-injection', code, 'typescript')).toEqual([]);
  });

  it("the request's own origin in Next.js (`request.nextUrl.origin`) is the app's, not the attacker's", async () => {
    const code =
      "import { NextRequest, NextResponse } from 'next/server';\nexport async function GET(request: NextRequest) {\n  const target = new URL(request.nextUrl.searchParams.get('next') ?? '/', request.url);\n  if (target.origin !== request.nextUrl.origin) return NextResponse.redirect(new URL('/', request.url));\n  return NextResponse.redirect(target);\n}\n";
    expect(await only('open-redirect', code, 'typescript')).toEqual([]);
  });
});

/**
 * `vouch change` on a project of Django's size (issue 61): time to verdict with a recorded answer, with and
 * without test selection (the test files that reach the changed files by imports first, the rest of the
 * suite only when they hold), and with the tree's baseline cold and cached.
 *
 * The tree is Debian's python3-django (Django 3.2, BSD-3-Clause, /usr/lib/python3/dist-packages/django,
 * about 860 Python files), copied into a temporary folder; Debian ships no Django test suite, so the
 * project's suite here is `SUITE` below: 13 test files written for this benchmark against Django's
 * utilities (text, html, dateparse, encoding, http, datastructures, ipv6, regex_helper, hashable, crypto,
 * validators, functional, baseconv), 38 tests. The answers are recorded: a change to
 * django/utils/text.py with its new test (verified), one that also breaks slugify (a regression: blocked),
 * and one that breaks django/utils/ipv6.py, a module only 2 of the test files reach.
 * The model is a loopback OpenAI-compatible server replaying them, so the time is vouch's: context,
 * gate, sandboxed suite runs.
 *
 *   npx tsx bench/change/run.ts            (needs python3-django, python3-pytest and bubblewrap)
 *
 * Appends one JSON line to bench/results/change.jsonl; the write-up is bench/notes/2026-11-26-change.md.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { runTask, type TaskEvent } from '../../src/tasks/index.js';
import { fakeModelHost } from '../../test/support/fake-model-host.js';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';

const DJANGO = '/usr/lib/python3/dist-packages/django';
if (!existsSync(DJANGO)) {
  console.error(`bench/change needs Debian's python3-django at ${DJANGO} (apt-get install python3-django)`);
  process.exit(2);
}

const SUITE: Record<string, string> = {
  'tests/test_text.py': `from django.utils.text import camel_case_to_spaces, get_valid_filename, slugify, smart_split


def test_slugify():
    assert slugify("Hello World!") == "hello-world"


def test_slugify_unicode():
    assert slugify("Ünïcode", allow_unicode=True) == "ünïcode"


def test_valid_filename():
    assert get_valid_filename("john's portrait in 2004.jpg") == "johns_portrait_in_2004.jpg"


def test_camel_case():
    assert camel_case_to_spaces("CamelCase") == "camel case"


def test_smart_split():
    assert list(smart_split('This is "a person" test.')) == ["This", "is", '"a person"', "test."]
`,
  'tests/test_html.py': `from django.utils.html import escape, strip_tags, urlize


def test_escape():
    assert escape("<a>") == "&lt;a&gt;"


def test_strip_tags():
    assert strip_tags("<b>bold</b> text") == "bold text"


def test_escape_quotes():
    assert escape("\\"'") == "&quot;&#x27;"


def test_urlize_plain_text():
    assert urlize("no links here") == "no links here"
`,
  'tests/test_dateparse.py': `import datetime

from django.utils.dateparse import parse_date, parse_duration, parse_time


def test_date():
    assert parse_date("2020-01-02") == datetime.date(2020, 1, 2)


def test_time():
    assert parse_time("10:20:30") == datetime.time(10, 20, 30)


def test_duration():
    assert parse_duration("1 02:03:04") == datetime.timedelta(days=1, hours=2, minutes=3, seconds=4)


def test_not_a_date():
    assert parse_date("yesterday") is None
`,
  'tests/test_encoding.py': `from django.utils.encoding import force_bytes, force_str, iri_to_uri, uri_to_iri


def test_iri_to_uri():
    assert iri_to_uri("/\\u2665/") == "/%E2%99%A5/"


def test_uri_to_iri():
    assert uri_to_iri("/%E2%99%A5/") == "/\\u2665/"


def test_force():
    assert force_str(b"abc") == "abc"
    assert force_bytes("abc") == b"abc"
`,
  'tests/test_http.py': `from django.utils.http import base36_to_int, int_to_base36, quote_etag, urlsafe_base64_decode, urlsafe_base64_encode


def test_base64_round_trip():
    assert urlsafe_base64_decode(urlsafe_base64_encode(b"vouch")) == b"vouch"


def test_base36():
    assert int_to_base36(100) == "2s"
    assert base36_to_int("2s") == 100


def test_etag():
    assert quote_etag("x") == '"x"'
`,
  'tests/test_datastructures.py': `from django.utils.datastructures import CaseInsensitiveMapping, MultiValueDict, OrderedSet


def test_multivalue():
    values = MultiValueDict({"a": [1, 2]})
    assert values["a"] == 2
    assert values.getlist("a") == [1, 2]


def test_ordered_set():
    assert list(OrderedSet([3, 1, 3, 2])) == [3, 1, 2]


def test_case_insensitive():
    assert CaseInsensitiveMapping({"Accept": "json"})["accept"] == "json"
`,
  'tests/test_ipv6.py': `from django.utils.ipv6 import clean_ipv6_address, is_valid_ipv6_address


def test_clean():
    assert clean_ipv6_address("2001:0::0:01") == "2001::1"


def test_valid():
    assert is_valid_ipv6_address("::1")
    assert not is_valid_ipv6_address("1::2::3")
`,
  'tests/test_regex_helper.py': `from django.utils.regex_helper import normalize


def test_named_group():
    assert normalize(r"^(?P<year>\\d{4})/$") == [("%(year)s/", ["year"])]


def test_plain():
    assert normalize(r"^about/$") == [("about/", [])]
`,
  'tests/test_hashable.py': `from django.utils.hashable import make_hashable


def test_dict():
    assert make_hashable({"a": [1]}) == (("a", (1,)),)


def test_scalar():
    assert make_hashable(3) == 3
`,
  'tests/test_crypto.py': `from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac


def test_compare():
    assert constant_time_compare("a", "a")
    assert not constant_time_compare("a", "b")


def test_hmac_is_stable():
    assert salted_hmac("s", "v", secret="k").hexdigest() == salted_hmac("s", "v", secret="k").hexdigest()


def test_random_string_length():
    assert len(get_random_string(12)) == 12
`,
  'tests/test_validators.py': `import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_ipv4_address


def test_email():
    validate_email("a@b.com")


def test_bad_email():
    with pytest.raises(ValidationError):
        validate_email("not an email")


def test_ipv4():
    validate_ipv4_address("127.0.0.1")
`,
  'tests/test_functional.py': `from django.utils.functional import cached_property, lazy


class Thing:
    calls = 0

    @cached_property
    def value(self):
        Thing.calls += 1
        return 42


def test_cached_property():
    thing = Thing()
    assert thing.value == thing.value == 42
    assert Thing.calls == 1


def test_lazy():
    assert lazy(lambda: "x", str)() == "x"
`,
  'tests/test_baseconv.py': `from django.utils.baseconv import base62


def test_round_trip():
    assert base62.decode(base62.encode(123456)) == 123456


def test_zero():
    assert base62.encode(0) == "0"
`,
};

const diff = (path: string, hunk: string[], created = false) =>
  ['```diff', created ? '--- /dev/null' : `--- a/${path}`, `+++ b/${path}`, ...hunk, '```'].join('\n');

const INITIALS_HUNK = [
  '@@ -17,6 +17,12 @@',
  ' def capfirst(x):',
  '     """Capitalize the first letter of a string."""',
  '     return x and str(x)[0].upper() + str(x)[1:]',
  '+',
  '+',
  '+def initials(text):',
  '+    """The first letter of each word, upper case: "ada lovelace" -> "AL"."""',
  '+    return "".join(word[0].upper() for word in str(text).split())',
  ' ',
  ' ',
  ' # ----- Begin security-related performance workaround -----',
];
const INITIALS_TEST = diff(
  'tests/test_initials.py',
  [
    '@@ -0,0 +1,9 @@',
    '+from django.utils.text import initials',
    '+',
    '+',
    '+def test_initials():',
    '+    assert initials("ada lovelace") == "AL"',
    '+',
    '+',
    '+def test_initials_of_nothing():',
    '+    assert initials("") == ""',
  ],
  true,
);

/** The recorded answer: `initials()` in django/utils/text.py, with its test. */
const VERIFIED = [
  'Adds `initials`, next to `capfirst`.',
  '',
  diff('django/utils/text.py', INITIALS_HUNK),
  '',
  INITIALS_TEST,
].join('\n');

/** The recorded answer that also turns slugify's dashes into underscores: a regression, blocked. */
const REGRESSION = [
  'Adds `initials`; slugs with underscores.',
  '',
  diff('django/utils/text.py', [
    ...INITIALS_HUNK,
    '@@ -467,3 +473,3 @@',
    "     value = re.sub(r'[^\\w\\s-]', '', value.lower())",
    "-    return re.sub(r'[-\\s]+', '-', value).strip('-_')",
    "+    return re.sub(r'[-\\s]+', '_', value).strip('-_')",
  ]),
  '',
  INITIALS_TEST,
].join('\n');

/**
 * The recorded answer for a leaf module: `is_valid_ipv6_address` also accepts bracketed addresses — and,
 * wrongly, rejects "::1" (a regression the tests that import ipv6 catch; only 2 of the 14 test files reach
 * it, so selection blocks it without running the other 12).
 */
const IPV6_REGRESSION = [
  'Accept [::1].',
  '',
  diff('django/utils/ipv6.py', [
    '@@ -49,8 +49,10 @@',
    '     """',
    '     Return whether or not the `ip_str` string is a valid IPv6 address.',
    '     """',
    '+    if ip_str.startswith("[") and ip_str.endswith("]"):',
    '+        ip_str = ip_str[1:-1]',
    '     try:',
    '         _ipv6_address_from_str(ip_str)',
    '     except ValueError:',
    '         return False',
    '-    return True',
    '+    return ip_str != "::1"',
  ]),
  '',
  diff(
    'tests/test_ipv6_brackets.py',
    [
      '@@ -0,0 +1,5 @@',
      '+from django.utils.ipv6 import is_valid_ipv6_address',
      '+',
      '+',
      '+def test_brackets():',
      '+    assert is_valid_ipv6_address("[2001::1]")',
    ],
    true,
  ),
].join('\n');

function makeTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-bench-change-'));
  cpSync(DJANGO, join(root, 'django'), {
    recursive: true,
    filter: (source) => !source.includes('__pycache__'),
  });
  for (const [path, text] of Object.entries(SUITE)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  writeFileSync(join(root, 'vouch.toml'), '');
  // the baseline cache lives in .vouch/ (made by `vouch index` in a real project)
  mkdirSync(join(root, '.vouch'));
  return root;
}

interface Case {
  name: string;
  answer: string;
  selection: boolean;
  /** the tree's baseline was run already (by the case before, on the same tree) */
  warm: boolean;
}
const CASES: Case[] = [
  { name: 'text.py verified, selection, cold', answer: VERIFIED, selection: true, warm: false },
  { name: 'text.py verified, selection, cached', answer: VERIFIED, selection: true, warm: true },
  { name: 'text.py verified, whole suite, cold', answer: VERIFIED, selection: false, warm: false },
  { name: 'text.py regression, selection, cold', answer: REGRESSION, selection: true, warm: false },
  { name: 'ipv6.py regression, selection, cold', answer: IPV6_REGRESSION, selection: true, warm: false },
  { name: 'ipv6.py regression, whole suite, cold', answer: IPV6_REGRESSION, selection: false, warm: false },
];

const load = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');
const fake = await startFakeProviders();
const rows: string[][] = [];
const figures: Record<string, number> = {};
let tree: string | undefined;
try {
  for (const entry of CASES.slice(0, Number(process.env.CHANGE_BENCH_CASES ?? CASES.length))) {
    if (!entry.warm) {
      if (tree) rmSync(tree, { recursive: true, force: true });
      tree = makeTree();
    }
    fake.reset();
    fake.script('/v1/chat/completions', { text: entry.answer });
    const runs: string[] = [];
    // where the time goes: each stage's start and end, from the task's own events
    const stages: string[] = [];
    const opened = new Map<string, number>();
    const onEvent = (event: TaskEvent) => {
      if (event.type === 'stage' && event.stage === 'run' && event.status === 'done' && event.detail)
        runs.push(event.detail);
      if (event.type !== 'stage') return;
      const now = performance.now();
      if (event.status === 'start') opened.set(event.stage, now);
      else {
        const since = opened.get(event.stage);
        opened.delete(event.stage);
        if (since !== undefined)
          stages.push(
            `${event.stage} ${((now - since) / 1000).toFixed(1)} s (at ${((now - started) / 1000).toFixed(1)})`,
          );
      }
    };
    const started = performance.now();
    const result = await runTask({
      name: 'change',
      input: { request: 'add initials(text) to django.utils.text', selection: entry.selection, repair: 0 },
      host: fakeModelHost(tree!, fake.openAiUrl),
      options: { onEvent },
    });
    const seconds = (performance.now() - started) / 1000;
    const suite = result.details.suite;
    rows.push([
      entry.name,
      result.verification.status,
      `${suite.selected.length}/${suite.testFiles}`,
      suite.wholeSuite ? 'yes' : 'no',
      `${suite.before?.passed ?? '—'}${suite.before?.cached ? ' (cached)' : ''}`,
      `${suite.after?.passed ?? '—'}`,
      String(suite.regressions.length),
      seconds.toFixed(1),
    ]);
    figures[`${entry.name.replace(/[, ]+/g, '_')}_s`] = Number(seconds.toFixed(2));
    const failing = result.verification.checks
      .filter((check) => check.status === 'fail' || check.status === 'error')
      .map((check) =>
        `${check.name}: ${check.reason ?? ''} ${check.findings.map((finding) => `${finding.file}:${finding.line} ${finding.message}`).join('; ')}`.slice(
          0,
          400,
        ),
      );
    const checkTimes = result.verification.checks
      .map((check) => `${check.name} ${((check.durationMs ?? 0) / 1000).toFixed(1)}`)
      .join(', ');
    console.error(
      `${entry.name}: ${result.verification.status} in ${seconds.toFixed(1)} s; stages: ${stages.join(', ')}; checks (s): ${checkTimes}; ${runs.join(' | ')}${failing.length ? `\n  ${failing.join('\n  ')}` : ''}`,
    );
  }
} finally {
  await fake.close();
  if (tree) rmSync(tree, { recursive: true, force: true });
}
const header = [
  'case',
  'verdict',
  'selected test files',
  'whole suite ran',
  'before passed',
  'after passed',
  'regressions',
  'time to verdict (s)',
];
const table = [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((row) => `| ${row.join(' | ')} |`),
].join('\n');
console.log(table);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const line = {
  area: 'change',
  title:
    'vouch change: time to verdict on Django 3.2 (860 files) with a recorded answer, with and without test selection',
  date: new Date().toISOString(),
  commit,
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  load,
  origin:
    'Debian python3-django 3.2 (/usr/lib/python3/dist-packages/django, BSD-3-Clause) copied to a temp dir; the suite: 13 test files / 38 tests written for this benchmark (bench/change/run.ts); recorded answers in the same file; no tuning',
  figures,
  table,
};
mkdirSync(join(import.meta.dirname, '..', 'results'), { recursive: true });
appendFileSync(join(import.meta.dirname, '..', 'results', 'change.jsonl'), `${JSON.stringify(line)}\n`);

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runCli } from '../support/run-cli.js';

/**
 * Issue 61: `vouch change "REQUEST"` on a real small Python project with pytest, through the CLI as users
 * run it, against a loopback model that speaks the OpenAI protocol. A verified two-file feature with its
 * tests is applied; the traps are caught and nothing is written: a change that breaks a test of another
 * module (a regression), a new test that passes on the old code too (no evidence), a change that edits
 * an existing test to pass (refused), a new dependency under a denied licence (blocked).
 */
const sandbox = await sandboxAvailability();

const PRICING = 'def subtotal(items):\n    return sum(price * quantity for price, quantity in items)\n';
const CART = [
  'from shop.pricing import subtotal',
  '',
  '',
  'class Cart:',
  '    def __init__(self):',
  '        self.items = []',
  '',
  '    def add(self, price, quantity=1):',
  '        self.items.append((price, quantity))',
  '',
  '    def total(self):',
  '        return subtotal(self.items)',
  '',
].join('\n');
const REPORT =
  'from shop.pricing import subtotal\n\n\ndef line(items):\n    return f"{subtotal(items):.2f}"\n';
const NAMES = 'def slug(title):\n    return "-".join(title.lower().split())\n';
const CART_TEST =
  'from shop.cart import Cart\n\n\ndef test_total():\n    cart = Cart()\n    cart.add(10, 2)\n    cart.add(5)\n    assert cart.total() == 25\n';
const REPORT_TEST =
  'from shop.report import line\n\n\ndef test_line():\n    assert line([(10, 2)]) == "20.00"\n';
const NAMES_TEST =
  'from shop.names import slug\n\n\ndef test_slug():\n    assert slug("Hello World") == "hello-world"\n';

const project = fakeModelProject('vouch-change-', {
  'vouch.toml': '',
  'shop/__init__.py': '',
  'shop/pricing.py': PRICING,
  'shop/cart.py': CART,
  'shop/report.py': REPORT,
  'shop/names.py': NAMES,
  'tests/test_cart.py': CART_TEST,
  'tests/test_report.py': REPORT_TEST,
  'tests/test_names.py': NAMES_TEST,
});

const REQUEST = 'add a discount code to the cart total: SAVE10 takes 10% off';

const diff = (path: string, hunk: string[], created = false) =>
  ['```diff', created ? '--- /dev/null' : `--- a/${path}`, `+++ b/${path}`, ...hunk, '```'].join('\n');

const PRICING_WITH_DISCOUNT = diff('shop/pricing.py', [
  '@@ -1,2 +1,10 @@',
  '+DISCOUNTS = {"SAVE10": 0.10}',
  '+',
  '+',
  ' def subtotal(items):',
  '     return sum(price * quantity for price, quantity in items)',
  '+',
  '+',
  '+def apply_discount(amount, code):',
  '+    return round(amount * (1 - DISCOUNTS.get(code, 0)), 2)',
]);
const CART_WITH_CODE = diff('shop/cart.py', [
  '@@ -1,12 +1,16 @@',
  '-from shop.pricing import subtotal',
  '+from shop.pricing import apply_discount, subtotal',
  ' ',
  ' ',
  ' class Cart:',
  '     def __init__(self):',
  '         self.items = []',
  '+        self.code = None',
  ' ',
  '     def add(self, price, quantity=1):',
  '         self.items.append((price, quantity))',
  ' ',
  '+    def apply_code(self, code):',
  '+        self.code = code',
  '+',
  '     def total(self):',
  '-        return subtotal(self.items)',
  '+        return apply_discount(subtotal(self.items), self.code)',
]);
const DISCOUNT_TESTS = diff(
  'tests/test_discount.py',
  [
    '@@ -0,0 +1,14 @@',
    '+from shop.cart import Cart',
    '+from shop.pricing import apply_discount',
    '+',
    '+',
    '+def test_save10_takes_ten_percent_off():',
    '+    assert apply_discount(100, "SAVE10") == 90',
    '+',
    '+',
    '+def test_cart_total_with_a_code():',
    '+    cart = Cart()',
    '+    cart.add(10, 2)',
    '+    cart.apply_code("SAVE10")',
    '+    assert cart.total() == 18',
    '+',
  ],
  true,
);
const GOOD = [
  'The discount lives in pricing; the cart keeps its code.',
  '',
  PRICING_WITH_DISCOUNT,
  '',
  CART_WITH_CODE,
  '',
  DISCOUNT_TESTS,
].join('\n');

/** subtotal takes the code as a required argument: report.line, another module, breaks. */
const BREAKS_REPORT = [
  'The subtotal takes the code.',
  '',
  diff('shop/pricing.py', [
    '@@ -1,2 +1,6 @@',
    '-def subtotal(items):',
    '-    return sum(price * quantity for price, quantity in items)',
    '+DISCOUNTS = {"SAVE10": 0.10}',
    '+',
    '+',
    '+def subtotal(items, code):',
    '+    return round(sum(price * quantity for price, quantity in items) * (1 - DISCOUNTS.get(code, 0)), 2)',
  ]),
  '',
  diff('shop/cart.py', [
    '@@ -4,9 +4,13 @@',
    ' class Cart:',
    '     def __init__(self):',
    '         self.items = []',
    '+        self.code = None',
    ' ',
    '     def add(self, price, quantity=1):',
    '         self.items.append((price, quantity))',
    ' ',
    '+    def apply_code(self, code):',
    '+        self.code = code',
    '+',
    '     def total(self):',
    '-        return subtotal(self.items)',
    '+        return subtotal(self.items, self.code)',
  ]),
  '',
  diff(
    'tests/test_discount.py',
    [
      '@@ -0,0 +1,8 @@',
      '+from shop.cart import Cart',
      '+',
      '+',
      '+def test_cart_total_with_a_code():',
      '+    cart = Cart()',
      '+    cart.add(10, 2)',
      '+    cart.apply_code("SAVE10")',
      '+    assert cart.total() == 18',
    ],
    true,
  ),
].join('\n');

/** The feature, but its only new test checks what the cart did already. */
const IDLE_TEST = [
  'The discount.',
  '',
  PRICING_WITH_DISCOUNT,
  '',
  CART_WITH_CODE,
  '',
  diff(
    'tests/test_discount.py',
    [
      '@@ -0,0 +1,7 @@',
      '+from shop.cart import Cart',
      '+',
      '+',
      '+def test_total_without_a_code():',
      '+    cart = Cart()',
      '+    cart.add(10)',
      '+    assert cart.total() == 10',
    ],
    true,
  ),
].join('\n');

/** Every cart gets 10% off, and the existing test is edited to expect it. */
const EDITS_TEST = [
  'Every total takes 10% off.',
  '',
  diff('shop/cart.py', [
    '@@ -10,3 +10,3 @@',
    ' ',
    '     def total(self):',
    '-        return subtotal(self.items)',
    '+        return round(subtotal(self.items) * 0.9, 2)',
  ]),
  '',
  diff('tests/test_cart.py', [
    '@@ -5,4 +5,4 @@',
    '     cart = Cart()',
    '     cart.add(10, 2)',
    '     cart.add(5)',
    '-    assert cart.total() == 25',
    '+    assert cart.total() == 22.5',
  ]),
].join('\n');

interface Output {
  verification: {
    status: string;
    checks: { name: string; status: string; reason?: string }[];
    confidenceEvidence?: { kind: string; independent: boolean; detail: string }[];
  };
  confidence: string;
  notes: string[];
  edits: { path: string; diff: string }[];
  details: {
    diff: string;
    files: { path: string; change: string; verdict: string; reasons: string[] }[];
    suite: {
      selected: string[];
      before: { passed: number; cached: boolean } | null;
      after: { passed: number } | null;
      wholeSuite: boolean;
      regressions: { id: string; after: string }[];
      addedTests: { id: string; after: string; old: string | null; evidence: boolean }[];
    };
    testEdits?: { path: string; changes: string[] }[];
    applied?: string[];
  };
}

const cli = (answers: string[], extra: string[] = [], workspace = project.workspace) => {
  project.fake.script('/v1/chat/completions', ...answers.map((text) => ({ text })));
  return runCli(
    ['change', REQUEST, '--model', 'openai:gpt-4o-mini', '--json', '--repair', '0', '--apply', ...extra],
    { cwd: workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl }, timeoutMs: 170_000 },
  );
};

const read = (path: string) => readFileSync(join(project.workspace, path), 'utf8');
const unchanged = () => {
  expect(read('shop/pricing.py')).toBe(PRICING);
  expect(read('shop/cart.py')).toBe(CART);
  expect(read('tests/test_cart.py')).toBe(CART_TEST);
  expect(existsSync(join(project.workspace, 'tests/test_discount.py'))).toBe(false);
};

describe.skipIf(!sandbox.available)('vouch change (Python, pytest)', () => {
  it('a two-file feature with its tests is verified against the project suite and applied, every file', async () => {
    const result = await cli([GOOD]);
    expect(result.code, `${result.stderr}\n${result.stdout.slice(0, 6000)}`).toBe(0);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('pass');
    // which evidence earned the level, as every task says it (tasks/confidence.ts)
    expect(output.verification.confidenceEvidence?.length).toBeGreaterThan(0);
    expect(output.details.files.map((file) => [file.path, file.change, file.verdict])).toEqual([
      ['shop/pricing.py', 'modified', 'pass'],
      ['shop/cart.py', 'modified', 'pass'],
      ['tests/test_discount.py', 'new', 'pass'],
    ]);
    // the tests that reach the change ran first, then the rest of the suite
    expect(output.details.suite.selected).toEqual([
      'tests/test_cart.py',
      'tests/test_discount.py',
      'tests/test_report.py',
    ]);
    expect(output.details.suite.wholeSuite).toBe(true);
    expect(output.details.suite.before?.passed).toBe(3);
    expect(output.details.suite.after?.passed).toBe(5);
    expect(output.details.suite.addedTests).toEqual([
      {
        id: 'tests/test_discount.py::test_save10_takes_ten_percent_off',
        after: 'passed',
        old: 'missing',
        evidence: true,
      },
      {
        id: 'tests/test_discount.py::test_cart_total_with_a_code',
        after: 'passed',
        old: 'missing',
        evidence: true,
      },
    ]);
    expect(output.details.applied).toEqual(['shop/pricing.py', 'shop/cart.py', 'tests/test_discount.py']);
    expect(read('shop/cart.py')).toContain('return apply_discount(subtotal(self.items), self.code)');
    expect(read('tests/test_discount.py')).toContain('def test_save10_takes_ten_percent_off');
    expect(output.details.diff).toContain('+++ b/tests/test_discount.py');
  }, 180_000);

  it('a change that breaks a test of another module is blocked, and nothing is written', async () => {
    const result = await cli([BREAKS_REPORT]);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('fail');
    expect(output.details.suite.regressions).toMatchObject([
      { id: 'tests/test_report.py::test_line', after: 'failed' },
    ]);
    // the tests that reach the change failed: the rest of the suite did not need to run
    expect(output.details.suite.wholeSuite).toBe(false);
    expect(output.verification.checks.find((check) => check.name === 'tests')?.status).toBe('fail');
    expect(output.details.files.find((file) => file.path === 'shop/pricing.py')?.verdict).toBe('fail');
    expect(output.edits).toEqual([]);
    expect(output.details.applied).toBeUndefined();
    unchanged();
  }, 180_000);

  it('a new test that passes on the old code too is no evidence: not verified, nothing written', async () => {
    const result = await cli([IDLE_TEST]);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('unverified');
    expect(output.details.suite.addedTests).toEqual([
      {
        id: 'tests/test_discount.py::test_total_without_a_code',
        after: 'passed',
        old: 'passed',
        evidence: false,
      },
    ]);
    expect(output.confidence).toBe('low');
    expect(output.notes.join('\n')).toMatch(/passes on the old code too/);
    unchanged();
  }, 180_000);

  it('a change that edits an existing test to pass is refused', async () => {
    const result = await cli([EDITS_TEST], ['--write-unverified']);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('fail');
    expect(output.details.testEdits).toEqual([
      { path: 'tests/test_cart.py', changes: ['changes 1 assertion(s): `assert cart.total() == 25`'] },
    ]);
    expect(output.notes.join('\n')).toMatch(/refused: the change edits the project's tests/);
    unchanged();
  }, 180_000);

  it('a change that brings in a dependency under a denied licence is blocked', async () => {
    const root = project.workspace;
    execFileSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', join(root, '.venv')]);
    const site = join(root, '.venv/lib', readdirFirst(join(root, '.venv/lib')), 'site-packages');
    mkdirSync(join(site, 'gplround'), { recursive: true });
    writeFileSync(join(site, 'gplround/__init__.py'), 'def money(value):\n    return round(value, 2)\n');
    mkdirSync(join(site, 'gplround-1.0.dist-info'));
    writeFileSync(
      join(site, 'gplround-1.0.dist-info/METADATA'),
      'Metadata-Version: 2.1\nName: gplround\nVersion: 1.0\nLicense-Expression: GPL-3.0-only\n\n',
    );
    writeFileSync(join(site, 'gplround-1.0.dist-info/top_level.txt'), 'gplround\n');
    writeFileSync(join(root, 'requirements.txt'), 'gplround==1.0\n');
    const withGpl = GOOD.replace(
      "+def apply_discount(amount, code):',\n",
      "+def apply_discount(amount, code):',\n",
    )
      .replace(
        '+DISCOUNTS = {"SAVE10": 0.10}',
        '+from gplround import money\n+\n+DISCOUNTS = {"SAVE10": 0.10}',
      )
      .replace('@@ -1,2 +1,10 @@', '@@ -1,2 +1,12 @@')
      .replace(
        '+    return round(amount * (1 - DISCOUNTS.get(code, 0)), 2)',
        '+    return money(amount * (1 - DISCOUNTS.get(code, 0)))',
      );
    const result = await cli([withGpl]);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('fail');
    const licence = output.verification.checks.find((check) => check.name === 'licence') as
      | { status: string; findings: { ruleId: string; message: string }[] }
      | undefined;
    expect(licence?.status).toBe('fail');
    expect(licence?.findings[0]?.ruleId).toBe('licence.dependency-denied');
    expect(licence?.findings[0]?.message).toMatch(/gplround 1\.0 under GPL-3\.0-only/);
    unchanged();
  }, 180_000);

  // the dependencies a change declares in a manifest are judged even when no code imports them
  const withRequirement = (line: string) =>
    [GOOD, '', diff('requirements.txt', ['@@ -1 +1,2 @@', ' gplround==1.0', `+${line}`])].join('\n');

  it('a change that only declares a dependency under a denied licence in requirements.txt is blocked', async () => {
    const root = project.workspace;
    installPythonPackage(root, 'gplmoney', '2.0', 'GPL-3.0-only');
    writeFileSync(join(root, 'requirements.txt'), 'gplround==1.0\n');
    const result = await cli([withRequirement('gplmoney==2.0')]);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('fail');
    const licence = output.verification.checks.find((check) => check.name === 'licence') as
      | { status: string; findings: { ruleId: string; file: string; line: number; message: string }[] }
      | undefined;
    expect(licence?.status).toBe('fail');
    expect(licence?.findings).toMatchObject([
      { ruleId: 'licence.dependency-denied', file: 'requirements.txt', line: 2 },
    ]);
    expect(licence?.findings[0]?.message).toMatch(/gplmoney 2\.0 under GPL-3\.0-only/);
    expect(output.details.applied).toBeUndefined();
    expect(read('requirements.txt')).toBe('gplround==1.0\n');
    unchanged();
  }, 180_000);

  it('a change that declares an installed dependency under an allowed licence is verified and writes the manifest too', async () => {
    const root = project.workspace;
    installPythonPackage(root, 'mitmoney', '1.2', 'MIT');
    writeFileSync(join(root, 'requirements.txt'), 'gplround==1.0\n');
    const result = await cli([withRequirement('mitmoney==1.2')]);
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('pass');
    expect(output.details.applied).toContain('requirements.txt');
    expect(read('requirements.txt')).toBe('gplround==1.0\nmitmoney==1.2\n');
  }, 180_000);

  it('a change that declares a dependency whose licence cannot be read is not verified', async () => {
    const root = project.workspace;
    writeFileSync(join(root, 'requirements.txt'), 'gplround==1.0\n');
    const result = await cli([withRequirement('nowhere-installed==3.1')]);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('unverified');
    const licence = output.verification.checks.find((check) => check.name === 'licence');
    expect(licence?.status).toBe('error');
    expect(licence?.reason).toMatch(/nowhere-installed.*not installed/);
    expect(output.details.applied).toBeUndefined();
    expect(read('requirements.txt')).toBe('gplround==1.0\n');
    unchanged();
  }, 180_000);
});

/** A distribution in the project's virtualenv (made when missing) with the licence its metadata declares. */
function installPythonPackage(root: string, name: string, version: string, licence: string): void {
  if (!existsSync(join(root, '.venv')))
    execFileSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', join(root, '.venv')]);
  const site = join(root, '.venv/lib', readdirFirst(join(root, '.venv/lib')), 'site-packages');
  mkdirSync(join(site, name), { recursive: true });
  writeFileSync(join(site, `${name}/__init__.py`), '');
  const info = join(site, `${name}-${version}.dist-info`);
  mkdirSync(info, { recursive: true });
  writeFileSync(
    join(info, 'METADATA'),
    `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nLicense-Expression: ${licence}\n\n`,
  );
  writeFileSync(join(info, 'top_level.txt'), `${name}\n`);
}

function readdirFirst(dir: string): string {
  return execFileSync('ls', [dir], { encoding: 'utf8' }).trim().split('\n')[0]!;
}

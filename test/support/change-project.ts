import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `vouch change`'s test project and recorded answers (issue 61), shared by the faces' tests (the CLI, the
 * web UI): a small Python shop with pytest — pricing, a cart, a report and names, each with its test — and
 * the model's answers to one request: a verified two-file feature with its tests, one that breaks a test
 * of another module, one whose new test passes on the old code too, one that edits an existing test.
 */

export const PRICING =
  'def subtotal(items):\n    return sum(price * quantity for price, quantity in items)\n';
export const CART = [
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
export const REPORT =
  'from shop.pricing import subtotal\n\n\ndef line(items):\n    return f"{subtotal(items):.2f}"\n';
export const NAMES = 'def slug(title):\n    return "-".join(title.lower().split())\n';
export const CART_TEST =
  'from shop.cart import Cart\n\n\ndef test_total():\n    cart = Cart()\n    cart.add(10, 2)\n    cart.add(5)\n    assert cart.total() == 25\n';
export const REPORT_TEST =
  'from shop.report import line\n\n\ndef test_line():\n    assert line([(10, 2)]) == "20.00"\n';
export const NAMES_TEST =
  'from shop.names import slug\n\n\ndef test_slug():\n    assert slug("Hello World") == "hello-world"\n';

/** The shop as a project: `vouch.toml`, the package and its tests. */
export const SHOP_FILES: Record<string, string> = {
  'vouch.toml': '',
  'shop/__init__.py': '',
  'shop/pricing.py': PRICING,
  'shop/cart.py': CART,
  'shop/report.py': REPORT,
  'shop/names.py': NAMES,
  'tests/test_cart.py': CART_TEST,
  'tests/test_report.py': REPORT_TEST,
  'tests/test_names.py': NAMES_TEST,
};

export const REQUEST = 'add a discount code to the cart total: SAVE10 takes 10% off';

/** A file's change as a model answers it: a fenced unified diff (`created`: a new file, from /dev/null). */
export const diff = (path: string, hunk: string[], created = false) =>
  ['```diff', created ? '--- /dev/null' : `--- a/${path}`, `+++ b/${path}`, ...hunk, '```'].join('\n');

export const PRICING_WITH_DISCOUNT = diff('shop/pricing.py', [
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
/** The cart keeps a code (`apply_code`) and its total becomes `total`: the class's part of a cart hunk. */
const cartWithCode = (total: string) => [
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
  `+        return ${total}`,
];
export const CART_WITH_CODE = diff('shop/cart.py', [
  '@@ -1,12 +1,16 @@',
  '-from shop.pricing import subtotal',
  '+from shop.pricing import apply_discount, subtotal',
  ' ',
  ' ',
  ...cartWithCode('apply_discount(subtotal(self.items), self.code)'),
]);
export const DISCOUNT_TESTS = diff(
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
export const GOOD = [
  'The discount lives in pricing; the cart keeps its code.',
  '',
  PRICING_WITH_DISCOUNT,
  '',
  CART_WITH_CODE,
  '',
  DISCOUNT_TESTS,
].join('\n');

/** subtotal takes the code as a required argument: report.line, another module, breaks. */
export const BREAKS_REPORT = [
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
  diff('shop/cart.py', ['@@ -4,9 +4,13 @@', ...cartWithCode('subtotal(self.items, self.code)')]),
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
export const IDLE_TEST = [
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
export const EDITS_TEST = [
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

/**
 * The interpreter a test project's virtualenv is made from: Debian's, as the suite's other Python projects
 * (src/verify/__fixtures__/projects.ts). `python3` on the PATH may be another install (pyenv's, with
 * pytest plugins of its own that the virtualenv's system site-packages would load: ≈ 1 CPU-s a pytest run in
 * the sandbox against ≈ 0.15, five runs a change).
 */
const VENV_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/**
 * A distribution in the project's virtualenv (made when missing) with the licence its metadata declares;
 * `init` is its module's text.
 */
export function installPythonPackage(
  root: string,
  name: string,
  version: string,
  licence: string,
  init = '',
): void {
  if (!existsSync(join(root, '.venv')))
    execFileSync(VENV_PYTHON, ['-m', 'venv', '--without-pip', '--system-site-packages', join(root, '.venv')]);
  const lib = join(root, '.venv/lib');
  const site = join(lib, readdirSync(lib).sort()[0]!, 'site-packages');
  mkdirSync(join(site, name), { recursive: true });
  writeFileSync(join(site, `${name}/__init__.py`), init);
  const info = join(site, `${name}-${version}.dist-info`);
  mkdirSync(info, { recursive: true });
  writeFileSync(
    join(info, 'METADATA'),
    `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nLicense-Expression: ${licence}\n\n`,
  );
  writeFileSync(join(info, 'top_level.txt'), `${name}\n`);
}

import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 61 on a TypeScript project with vitest (vouch's own vitest, linked into the project's
 * node_modules as `npm link` would): a two-file feature with its tests verified and applied — the types
 * check sees the other file of the change, and the suite runs before and after in the sandbox —, a change
 * that breaks another module's test blocked, and a new dependency under a denied licence blocked.
 */
const sandbox = await sandboxAvailability();
const VITEST = join(import.meta.dirname, '../../node_modules/vitest');

const PRICING = [
  'export type Line = { price: number; quantity: number };',
  '',
  'export function subtotal(lines: Line[]): number {',
  '  return lines.reduce((sum, line) => sum + line.price * line.quantity, 0);',
  '}',
  '',
].join('\n');
const CART = [
  "import { type Line, subtotal } from './pricing.js';",
  '',
  'export class Cart {',
  '  lines: Line[] = [];',
  '',
  '  add(price: number, quantity = 1): void {',
  '    this.lines.push({ price, quantity });',
  '  }',
  '',
  '  total(): number {',
  '    return subtotal(this.lines);',
  '  }',
  '}',
  '',
].join('\n');
const REPORT = [
  "import { type Line, subtotal } from './pricing.js';",
  '',
  'export function line(lines: Line[]): string {',
  '  return subtotal(lines).toFixed(2);',
  '}',
  '',
].join('\n');
const CART_TEST = [
  "import { expect, it } from 'vitest';",
  "import { Cart } from './cart.js';",
  '',
  "it('adds the lines', () => {",
  '  const cart = new Cart();',
  '  cart.add(10, 2);',
  '  cart.add(5);',
  '  expect(cart.total()).toBe(25);',
  '});',
  '',
].join('\n');
const REPORT_TEST = [
  "import { expect, it } from 'vitest';",
  "import { line } from './report.js';",
  '',
  "it('prints two decimals', () => {",
  "  expect(line([{ price: 10, quantity: 2 }])).toBe('20.00');",
  '});',
  '',
].join('\n');

const project = fakeModelProject('vouch-change-ts-', {
  'vouch.toml': '',
  'package.json': JSON.stringify({ name: 'shop', type: 'module', devDependencies: { vitest: '^4.1.0' } }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
    include: ['src'],
  }),
  'src/pricing.ts': PRICING,
  'src/cart.ts': CART,
  'src/report.ts': REPORT,
  'src/cart.test.ts': CART_TEST,
  'src/report.test.ts': REPORT_TEST,
  'node_modules/gpl-money/package.json': JSON.stringify({
    name: 'gpl-money',
    version: '2.0.0',
    license: 'GPL-3.0-only',
    type: 'module',
    main: 'index.js',
    types: 'index.d.ts',
  }),
  'node_modules/gpl-money/index.js': 'export const money = (value) => Math.round(value * 100) / 100;\n',
  'node_modules/gpl-money/index.d.ts': 'export declare function money(value: number): number;\n',
});

const REQUEST = 'add a discount code to the cart total: SAVE10 takes 10% off';
const diff = (path: string, hunk: string[], created = false) =>
  ['```diff', created ? '--- /dev/null' : `--- a/${path}`, `+++ b/${path}`, ...hunk, '```'].join('\n');

const pricing = (round: string, importLine?: string) =>
  diff('src/pricing.ts', [
    '@@ -1,5 +1,11 @@',
    ...(importLine ? [`+${importLine}`, '+'] : []),
    ' export type Line = { price: number; quantity: number };',
    ' ',
    '+const DISCOUNTS: Record<string, number> = { SAVE10: 0.1 };',
    '+',
    ' export function subtotal(lines: Line[]): number {',
    '   return lines.reduce((sum, line) => sum + line.price * line.quantity, 0);',
    ' }',
    '+',
    '+export function applyDiscount(amount: number, code?: string): number {',
    `+  return ${round};`,
    '+}',
  ]);
const CART_WITH_CODE = diff('src/cart.ts', [
  '@@ -1,12 +1,17 @@',
  "-import { type Line, subtotal } from './pricing.js';",
  "+import { applyDiscount, type Line, subtotal } from './pricing.js';",
  ' ',
  ' export class Cart {',
  '   lines: Line[] = [];',
  '+  code: string | undefined;',
  ' ',
  '   add(price: number, quantity = 1): void {',
  '     this.lines.push({ price, quantity });',
  '   }',
  ' ',
  '+  applyCode(code: string): void {',
  '+    this.code = code;',
  '+  }',
  '+',
  '   total(): number {',
  '-    return subtotal(this.lines);',
  '+    return applyDiscount(subtotal(this.lines), this.code);',
  '   }',
  ' }',
]);
const DISCOUNT_TEST = diff(
  'src/discount.test.ts',
  [
    '@@ -0,0 +1,14 @@',
    "+import { expect, it } from 'vitest';",
    "+import { Cart } from './cart.js';",
    "+import { applyDiscount } from './pricing.js';",
    '+',
    "+it('SAVE10 takes 10% off', () => {",
    "+  expect(applyDiscount(100, 'SAVE10')).toBe(90);",
    '+});',
    '+',
    "+it('the cart total takes the code', () => {",
    '+  const cart = new Cart();',
    '+  cart.add(10, 2);',
    "+  cart.applyCode('SAVE10');",
    '+  expect(cart.total()).toBe(18);',
    '+});',
  ],
  true,
);
const ROUND = "Math.round(amount * (1 - (DISCOUNTS[code ?? ''] ?? 0)) * 100) / 100";
const GOOD = [
  'The discount in pricing, the code on the cart.',
  '',
  pricing(ROUND),
  '',
  CART_WITH_CODE,
  '',
  DISCOUNT_TEST,
].join('\n');
const WITH_GPL = [
  'The discount, rounded by gpl-money.',
  '',
  pricing("money(amount * (1 - (DISCOUNTS[code ?? ''] ?? 0)))", "import { money } from 'gpl-money';"),
  '',
  CART_WITH_CODE,
  '',
  DISCOUNT_TEST,
].join('\n');
/** subtotal rounds to whole units: report.line, another module, now prints 20.00 for 19.5 + … */
const BREAKS_REPORT = [
  'Totals take the discount inside subtotal.',
  '',
  diff('src/pricing.ts', [
    '@@ -1,5 +1,7 @@',
    ' export type Line = { price: number; quantity: number };',
    ' ',
    '-export function subtotal(lines: Line[]): number {',
    '-  return lines.reduce((sum, line) => sum + line.price * line.quantity, 0);',
    '+const DISCOUNTS: Record<string, number> = { SAVE10: 0.1 };',
    '+',
    "+export function subtotal(lines: Line[], code = 'SAVE10'): number {",
    '+  return lines.reduce((sum, line) => sum + line.price * line.quantity, 0) * (1 - (DISCOUNTS[code] ?? 0));',
    ' }',
  ]),
].join('\n');

interface Output {
  verification: {
    status: string;
    checks: { name: string; status: string; findings: { ruleId: string; message: string }[] }[];
  };
  details: {
    files: { path: string; change: string; verdict: string }[];
    suite: {
      framework: string;
      before: { passed: number } | null;
      after: { passed: number } | null;
      regressions: { id: string }[];
      addedTests: { id: string; evidence: boolean }[];
    };
    applied?: string[];
  };
}

const cli = (answer: string) => {
  const root = project.workspace;
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  if (!existsSync(join(root, 'node_modules/vitest'))) symlinkSync(VITEST, join(root, 'node_modules/vitest'));
  project.fake.script('/v1/chat/completions', { text: answer });
  return runMain(['change', REQUEST, '--model', 'openai:gpt-4o-mini', '--json', '--repair', '0', '--apply'], {
    cwd: root,
    env: { OPENAI_BASE_URL: project.fake.openAiUrl },
  });
};
const read = (path: string) => readFileSync(join(project.workspace, path), 'utf8');

describe.skipIf(!sandbox.available)('vouch change (TypeScript, vitest)', () => {
  it('a two-file feature with its tests is verified and applied', async () => {
    const result = await cli(GOOD);
    expect(result.code, `${result.stderr}\n${result.stdout.slice(0, 5000)}`).toBe(0);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('pass');
    expect(output.verification.checks.find((check) => check.name === 'types')?.status).toBe('pass');
    expect(output.details.suite).toMatchObject({
      framework: 'vitest',
      before: { passed: 2 },
      after: { passed: 4 },
    });
    expect(output.details.suite.addedTests.map((test) => test.evidence)).toEqual([true, true]);
    expect(output.details.applied).toEqual(['src/pricing.ts', 'src/cart.ts', 'src/discount.test.ts']);
    expect(read('src/cart.ts')).toContain('applyDiscount(subtotal(this.lines), this.code)');
  });

  it("a change that breaks another module's test is blocked, and nothing is written", async () => {
    const result = await cli(BREAKS_REPORT);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('fail');
    expect(output.details.suite.regressions.map((regression) => regression.id).sort()).toEqual([
      'src/cart.test.ts::adds the lines',
      'src/report.test.ts::prints two decimals',
    ]);
    expect(read('src/pricing.ts')).toBe(PRICING);
  });

  it('a change that brings in a package under a denied licence is blocked', async () => {
    const result = await cli(WITH_GPL);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('fail');
    const licence = output.verification.checks.find((check) => check.name === 'licence');
    expect(licence?.status).toBe('fail');
    expect(licence?.findings[0]?.message).toMatch(/gpl-money 2\.0\.0 under GPL-3\.0-only/);
    expect(read('src/pricing.ts')).toBe(PRICING);
    expect(read('src/cart.ts')).toBe(CART);
    expect(existsSync(join(project.workspace, 'src/discount.test.ts'))).toBe(false);
  });
});

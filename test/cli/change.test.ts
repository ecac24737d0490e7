import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSuite, treeKey } from '../../src/tasks/change/suite.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import {
  BREAKS_REPORT,
  CART,
  CART_TEST,
  diff,
  EDITS_TEST,
  GOOD,
  IDLE_TEST,
  installPythonPackage,
  PRICING,
  REQUEST,
  SHOP_FILES,
} from '../support/change-project.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runCli } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 61: `vouch change "REQUEST"` on a real small Python project with pytest, through the CLI as users
 * run it, against a loopback model that speaks the OpenAI protocol. A verified two-file feature with its
 * tests is applied; the traps are caught and nothing is written: a change that breaks a test of another
 * module (a regression), a new test that passes on the old code too (no evidence), a change that edits
 * an existing test to pass (refused), a new dependency under a denied licence (blocked).
 */
const sandbox = await sandboxAvailability();

// Bandit (the security check's external scanner, ≈ 0.2 CPU-s on each changed file of each run) is off in the
// project of every test but the first, whose verified change goes through the whole gate: no other test's
// claim is about a security finding (each is about the suite's runs, an edited test or a licence), so their
// verdicts are the gate's less Bandit (vouch's own security rules still run)
const WITHOUT_BANDIT = '[security]\nexternal = false\n';
const project = fakeModelProject('vouch-change-', { ...SHOP_FILES, 'vouch.toml': WITHOUT_BANDIT });

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

// `main` in the test's process (run-main.ts); the first test runs the built CLI as users do (run-cli.ts)
const cli = (answers: string[], extra: string[] = [], run: typeof runMain = runMain) => {
  project.fake.script('/v1/chat/completions', ...answers.map((text) => ({ text })));
  return run(
    ['change', REQUEST, '--model', 'openai:gpt-4o-mini', '--json', '--repair', '0', '--apply', ...extra],
    { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
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
    // the whole gate, Bandit included
    writeFileSync(join(project.workspace, 'vouch.toml'), SHOP_FILES['vouch.toml'] as string);
    const result = await cli([GOOD], [], runCli);
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
  });

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
  });

  it('a "before" committed in .vouch/change-baseline/ is not read: in a clone, the breaking change is still blocked', async () => {
    // r41: the repository's author commits a baseline cache whose test_line "failed" before; the tree's key
    // hashes contents only, so the file would be valid in every clone and the regression would vanish
    const author = project.workspace;
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=a@example.com', '-c', 'user.name=a', ...args], {
        cwd,
        stdio: 'pipe',
      });
    git(author, 'init', '-q');
    const forged = async (root: string) =>
      join(
        root,
        '.vouch',
        'change-baseline',
        `${(await treeKey(root, await findSuite(root, true))).slice(0, 32)}.json`,
      );
    mkdirSync(join(author, '.vouch', 'change-baseline'), { recursive: true });
    const failed = { name: 'test_line', file: 'tests/test_report.py', status: 'failed', message: 'x' };
    writeFileSync(await forged(author), JSON.stringify({ files: { 'tests/test_report.py': [failed] } }));
    git(author, 'add', '-A', '-f');
    git(author, 'commit', '-q', '-m', 'shop');
    const parent = mkdtempSync(join(tmpdir(), 'vouch-change-clone-'));
    try {
      const clone = join(parent, 'shop');
      git(parent, 'clone', '-q', author, clone);
      // the premise: the clone's tree has the key the committed file is named after
      expect(existsSync(await forged(clone))).toBe(true);
      project.fake.script('/v1/chat/completions', { text: BREAKS_REPORT });
      const result = await runMain(
        ['change', REQUEST, '--model', 'openai:gpt-4o-mini', '--json', '--repair', '0', '--apply'],
        { cwd: clone, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
      );
      expect(result.code, result.stderr).toBe(1);
      const output = result.json<Output>();
      expect(output.verification.status).toBe('fail');
      expect(output.details.suite.before?.cached).toBe(false);
      expect(output.details.suite.regressions).toMatchObject([
        { id: 'tests/test_report.py::test_line', after: 'failed' },
      ]);
      expect(output.details.applied).toBeUndefined();
      expect(readFileSync(join(clone, 'shop/pricing.py'), 'utf8')).toBe(PRICING);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

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
  });

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
  });

  it('a change that brings in a dependency under a denied licence is blocked', async () => {
    const root = project.workspace;
    installPythonPackage(
      root,
      'gplround',
      '1.0',
      'GPL-3.0-only',
      'def money(value):\n    return round(value, 2)\n',
    );
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
  });

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
  });

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
  });

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
  });
});

import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vitestProject } from '../../src/verify/__fixtures__/projects.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * A new user's TypeScript project (w221, 2026-11-29): snake_case modules in src/, its tests in tests/, and a
 * vitest config whose `include` is `tests/**\/*.test.ts`. `vouch test src/price_utils.ts` put the model's
 * suite beside the code, where that `include` does not look: vitest ran nothing, the answer was NOT
 * VERIFIED, and it proposed `--write src/price_utils.test.ts`, a file the project would never run. The suite
 * now goes into the project's tests folder, runs there, and imports the code relative to it.
 */
const sandbox = await sandboxAvailability();
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const SUITE = [
  "import { describe, expect, it } from 'vitest';",
  "import { apply_discount } from '../src/price_utils.js';",
  '',
  "describe('apply_discount', () => {",
  "  it('takes ten percent off', () => {",
  '    expect(apply_discount(200, 10)).toBe(180);',
  '  });',
  "  it('rejects a percentage over 100', () => {",
  '    expect(() => apply_discount(10, 101)).toThrow(RangeError);',
  '  });',
  '});',
].join('\n');

/**
 * The project: vitest's fixture copied, a config whose `include` is tests/ (with `coverage` when given), the
 * module in src/, one smoke test in tests/, and the model's answers to replay, one a line.
 */
function priceProject(answers: string[], coverage?: { enabled: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-tests-folder-'));
  made.push(dir);
  cpSync(vitestProject(), dir, { recursive: true, verbatimSymlinks: true });
  const testSettings = `include: ['tests/**/*.test.ts']${coverage ? `, coverage: { enabled: ${coverage.enabled} }` : ''}`;
  writeFiles(dir, {
    'vouch.toml': '',
    'vitest.config.ts': `import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { ${testSettings} } });\n`,
    'src/price_utils.ts':
      "export function apply_discount(total: number, percent: number): number {\n  if (percent < 0 || percent > 100) throw new RangeError('percent out of range');\n  return Math.round(total * (100 - percent)) / 100;\n}\n",
    'tests/smoke.test.ts':
      "import { expect, it } from 'vitest';\n\nit('runs', () => {\n  expect(1).toBe(1);\n});\n",
    'answers.jsonl': answers
      .map((suite) => `${JSON.stringify({ completion: `\`\`\`typescript\n${suite}\n\`\`\`` })}\n`)
      .join(''),
  });
  return dir;
}

describe.skipIf(!sandbox.available)('vouch test in a project whose tests live in tests/', () => {
  it.each([
    ['imports the code from there', SUITE],
    [
      "imports the code as './price_utils' (pointed at it from tests/)",
      SUITE.replace('../src/price_utils.js', './price_utils'),
    ],
  ])(
    "generates the suite in tests/, where the project's vitest include runs it: a suite that %s",
    async (_, suite) => {
      const dir = priceProject([suite]);
      const result = await runMain(
        [
          'test',
          'src/price_utils.ts',
          '--rounds',
          '0',
          '--json',
          '--model',
          `replay:${join(dir, 'answers.jsonl')}`,
        ],
        { cwd: dir },
      );
      const output = result.json<{
        verification: { checks: { name: string; status: string; reason?: string }[] };
        details: { file: string; passed: number };
      }>();
      expect(output.details.file, result.stdout).toBe('tests/price_utils.test.ts');
      expect(output.verification.checks).toContainEqual(
        expect.objectContaining({ name: 'tests', status: 'pass' }),
      );
      expect(output.details.passed).toBe(2);
      expect(JSON.stringify(output)).not.toMatch(/vitest found none of the test files/);
      // nothing written without --write
      expect(existsSync(join(dir, 'tests/price_utils.test.ts'))).toBe(false);
    },
  );
});

describe.skipIf(!sandbox.available)('vouch test with a second round, in tests/ (w231)', () => {
  it('adds a repeated describe block once, and measures coverage where the suite ran', async () => {
    // the survivors' round is answered with the first suite again, as a replaying model does
    const dir = priceProject([SUITE, SUITE]);
    const result = await runMain(
      [
        'test',
        'src/price_utils.ts',
        '--max-mutants',
        '4',
        '--json',
        '--model',
        `replay:${join(dir, 'answers.jsonl')}`,
      ],
      { cwd: dir },
    );
    const output = result.json<{
      generated_code: string;
      notes: string[];
      details: { passed: number; coverage: { measured: boolean; reason?: string }; rounds: unknown[] };
    }>();
    // before: the describe block twice, 4 tests run of 2 written, and coverage "did not pass (vitest exit
    // 1)": its copy of the suite went beside src/, where `include` found no test file
    expect(output.generated_code.match(/describe\(/g), result.stdout).toHaveLength(1);
    expect(output.details.passed).toBe(2);
    expect(output.notes).toContain(
      'the further tests the model gave for the surviving mutants were all in the suite already',
    );
    expect(output.details.coverage, JSON.stringify(output.details.coverage)).toMatchObject({
      measured: true,
    });
  });
});

describe.skipIf(!sandbox.available)('vouch test where the vitest config turns coverage on (w235)', () => {
  it('runs and measures without the coverage provider the config asks for', async () => {
    // @vitest/coverage-v8 is not installed: vitest refuses to start ("MISSING DEPENDENCY") when asked for it
    const dir = priceProject([SUITE], { enabled: true });
    const result = await runMain(
      [
        'test',
        'src/price_utils.ts',
        '--rounds',
        '0',
        '--max-mutants',
        '2',
        '--json',
        '--model',
        `replay:${join(dir, 'answers.jsonl')}`,
      ],
      { cwd: dir },
    );
    const output = result.json<{
      verification: { checks: { name: string; status: string; reason?: string }[] };
      details: { passed: number; coverage: { measured: boolean; reason?: string } };
    }>();
    // before: tests "vitest ran no test: MISSING DEPENDENCY Cannot find dependency '@vitest/coverage-v8'"
    expect(
      output.verification.checks.find((check) => check.name === 'tests'),
      result.stdout,
    ).toMatchObject({
      status: 'pass',
    });
    expect(output.details.coverage, JSON.stringify(output.details.coverage)).toMatchObject({
      measured: true,
    });
  });
});

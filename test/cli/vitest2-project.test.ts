import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { npmFixtureUnavailable, vitest2Project } from '../../src/verify/__fixtures__/projects.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';

/**
 * A TypeScript project as users have them: vitest 2 installed from the npm registry, whose results cache
 * (`node_modules/.vite/vitest/results.json`) made every run in the read-only sandbox exit 1. debug must
 * prove a correct fix, `vouch test` must measure coverage, and generate must show the candidate's own
 * import error.
 */

const sandbox = await sandboxAvailability();
const fake = await fakeProvidersForFile();
const fixture = sandbox.available ? npmFixtureUnavailable(vitest2Project) : { reason: 'no sandbox' };
const made: string[] = [];
let workspace: string;

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  if (!fixture.dir) return;
  workspace = mkdtempSync(join(tmpdir(), 'vouch-vitest2-'));
  made.push(workspace);
  // a copy: node_modules as npm left it (a real folder), the project the user's own
  cpSync(fixture.dir, workspace, { recursive: true, verbatimSymlinks: true });
  rmSync(join(workspace, '.complete'));
  writeFileSync(join(workspace, 'vouch.toml'), '');
});

const cli = ([command, ...args]: string[]) =>
  runMain([command as string, '--model', 'openai:gpt-4o-mini', ...args], {
    cwd: workspace,
    env: { OPENAI_BASE_URL: fake.openAiUrl },
  });

const FIX = [
  '`slugify` leaves the dashes that stand for leading and trailing punctuation.',
  '',
  '```diff',
  '--- a/src/slug.ts',
  '+++ b/src/slug.ts',
  '@@ -1,3 +1,3 @@',
  ' export function slugify(text: string): string {',
  "-  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');",
  "+  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');",
  ' }',
  '```',
].join('\n');

describe.skipIf(!sandbox.available)('a vitest 2 project', () => {
  it('debug proves a correct fix by re-running vitest', async (context) => {
    if (!fixture.dir) return context.skip(fixture.reason);
    fake.script('/v1/chat/completions', { text: FIX });
    const result = await cli(['debug', '--json', '--repair', '0', '--', 'npx', 'vitest', 'run']);
    expect(result.stdout, result.stderr).toMatch(/"details"/);
    const output = result.json<{
      notes: string[];
      details: { fixed: boolean; rerun: { exitCode: number | null; outputTail: string } | null };
    }>();
    expect(output.details.rerun?.outputTail ?? '').not.toMatch(/EROFS|ENOENT|results\.json/);
    expect(result.code, result.stdout).toBe(0);
    expect(output.details.fixed).toBe(true);
    expect(output.details.rerun?.exitCode).toBe(0);
    expect(output.details.rerun?.outputTail).toMatch(/2 passed/);
  });

  it('vouch test measures coverage with vitest', async (context) => {
    if (!fixture.dir) return context.skip(fixture.reason);
    writeFileSync(join(workspace, 'src/slug.ts'), readFileSync(join(workspace, 'src/slug.ts'), 'utf8'));
    const suite = [
      '```typescript',
      "import { describe, expect, it } from 'vitest';",
      "import { slugify } from './slug';",
      '',
      "describe('slugify', () => {",
      "  it('lowercases one word', () => {",
      "    expect(slugify('Hello')).toBe('hello');",
      '  });',
      '});',
      '```',
    ].join('\n');
    fake.script('/v1/chat/completions', { text: suite }, { text: suite });
    const result = await cli(['test', 'src/slug.ts:slugify', '--json']);
    const output = result.json<{ details: { coverage: { measured: boolean; reason?: string } } }>();
    expect(output.details.coverage.reason ?? '').not.toMatch(/EROFS|ENOENT|results\.json/);
    expect(output.details.coverage.measured, JSON.stringify(output.details.coverage)).toBe(true);
  });

  it('vouch test --write runs the suite where it goes, with the import it is written with', async (context) => {
    if (!fixture.dir) return context.skip(fixture.reason);
    // the sibling import './words' resolves beside src/slug.ts only: at tests/, where the suite goes and runs, it fails
    writeFileSync(join(workspace, 'src/words.ts'), "export const WORDS = ['Hello World'];\n");
    const suite = (extra: string, subject: string) =>
      [
        '```typescript',
        "import { expect, it } from 'vitest';",
        "import { slugify } from './slug';",
        extra,
        '',
        "it('joins words with dashes', () => {",
        `  expect(slugify(${subject})).toBe('hello-world');`,
        '});',
        '```',
      ].join('\n');
    type Output = {
      details: { written?: boolean };
      verification: { checks: { name: string; status: string; reason?: string }[] };
    };
    const where = (output: Output) =>
      output.verification.checks.find((check) => check.name === 'tests-where-written');

    const sibling = suite("import { WORDS } from './words';", 'WORDS[0]');
    fake.script('/v1/chat/completions', { text: sibling });
    const failing = await cli([
      'test',
      'src/slug.ts:slugify',
      '--write',
      'tests/slug.test.ts',
      '--rounds',
      '0',
      '--json',
    ]);
    expect(failing.code, failing.stdout).toBe(1);
    // the suite is generated and run at tests/ itself (w221): the sibling import fails to load there
    const tests = failing.json<Output>().verification.checks.find((check) => check.name === 'tests');
    expect(tests?.status).not.toBe('pass');
    expect(tests?.reason ?? '').toMatch(/\.\/words[\s\S]*tests\/vouch-generated-0\.test\.ts/);
    expect(failing.json<Output>().details.written).toBe(false);
    expect(existsSync(join(workspace, 'tests/slug.test.ts'))).toBe(false);

    const plain = suite('', "'Hello World'");
    fake.reset();
    fake.script('/v1/chat/completions', { text: plain });
    const passing = await cli([
      'test',
      'src/slug.ts:slugify',
      '--write',
      'tests/slug.test.ts',
      '--rounds',
      '0',
      '--json',
    ]);
    expect(passing.code, passing.stdout).toBe(0);
    expect(where(passing.json<Output>())).toMatchObject({ status: 'pass' });
    expect(where(passing.json<Output>())?.reason).toContain('vitest: 1/1 passed at tests/slug.test.ts');
    expect(readFileSync(join(workspace, 'tests/slug.test.ts'), 'utf8')).toContain("from '../src/slug'");
  });

  it('check --test: a failing vitest test at its file and the assertion line, with the whole message', async (context) => {
    if (!fixture.dir) return context.skip(fixture.reason);
    const words = Array.from({ length: 120 }, (_, index) => `word${index}`).join(' ');
    writeFileSync(
      join(workspace, 'src/slug.test.ts'),
      [
        "import { expect, it } from 'vitest';",
        "import { slugify } from './slug';",
        '',
        "it('trims dashes at the ends', () => {",
        "  const slug = slugify(' Hello World! ');",
        `  expect(slug, 'the slug is wrong: ${words} end-of-message').toBe('hello-world');`,
        '});',
        '',
      ].join('\n'),
    );
    const result = await runMain(['check', 'src/slug.ts', '--test', 'src/slug.test.ts', '--json'], {
      cwd: workspace,
    });
    expect(result.code, result.stderr).toBe(1);
    const failed = result
      .json<{ checks: { findings: { ruleId: string; file: string; line: number; message: string }[] }[] }>()
      .checks.flatMap((check) => check.findings)
      .filter((finding) => finding.ruleId === 'test-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ file: 'src/slug.test.ts', line: 6 });
    expect(failed[0]!.message).toContain(`${words} end-of-message`);
    expect(failed[0]!.message).toContain("expected '-hello-world-' to be 'hello-world'");
  });

  it('generate shows the import error of the code, not the sandbox', async (context) => {
    if (!fixture.dir) return context.skip(fixture.reason);
    const answer = [
      '```typescript',
      "import { kebab } from './case-helpers';",
      '',
      'export function title(text: string): string {',
      '  return kebab(text);',
      '}',
      '```',
      '',
      '```typescript',
      "import { expect, it } from 'vitest';",
      "import { title } from './title';",
      '',
      "it('kebabs', () => {",
      "  expect(title('A B')).toBe('a-b');",
      '});',
      '```',
    ].join('\n');
    fake.script('/v1/chat/completions', { text: answer });
    const result = await cli([
      'generate',
      'a title helper',
      '--file',
      'src/title.ts',
      '--repair',
      '0',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<{
      verification: { checks: { name: string; status: string; findings: { message: string }[] }[] };
    }>();
    const tests = output.verification.checks.find((check) => check.name === 'tests');
    const messages = JSON.stringify(tests);
    expect(messages).not.toMatch(/EROFS|ENOENT: no such file or directory, mkdir|results\.json/);
    expect(messages).toMatch(/case-helpers/);
  });
});

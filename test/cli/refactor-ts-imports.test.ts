import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * Issue 57: in a TypeScript project whose module imports './utils.js', the differential tester crashed with
 * ERR_MODULE_NOT_FOUND, was shown as "skip", the status was pass and --apply wrote a refactor that changed
 * behaviour (validate(' 1.0.0') false → true); the project's tests, which reach the module through a
 * barrel, were not found. A comparison that cannot run is never a pass; the module's own imports are
 * compiled where they are named, and the barrel's tests are run.
 */
const sandbox = await sandboxAvailability();
const fake = await fakeProvidersForFile();
const VITEST = realpathSync(join(import.meta.dirname, '../../node_modules/vitest'));
let workspace: string;

const VERSION =
  "import { isDigits } from './utils.js';\n\nexport function validate(version: string): boolean {\n  const parts = version.split('.');\n  return parts.length === 3 && parts.every(isDigits);\n}\n";

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-ts-imports-'));
  writeFiles(workspace, {
    'vouch.toml': '',
    'package.json': JSON.stringify({
      name: 'semver-lite',
      type: 'module',
      devDependencies: { vitest: '^4.1.0' },
    }),
    'src/utils.ts': 'export function isDigits(text: string): boolean {\n  return /^[0-9]+$/.test(text);\n}\n',
    'src/version.ts': VERSION,
    'src/index.ts': "export { validate } from './version.js';\n",
    'test/version.test.ts':
      "import { expect, it } from 'vitest';\nimport { validate } from '../src/index.js';\n\nit('accepts x.y.z', () => {\n  expect(validate('1.0.0')).toBe(true);\n});\n",
  });
  mkdirSync(join(workspace, 'node_modules'));
  symlinkSync(VITEST, join(workspace, 'node_modules/vitest'));
  return () => rmSync(workspace, { recursive: true, force: true });
});

const refactor = (body: string) => {
  const answer = `\`\`\`typescript\nexport function validate(version: string): boolean {\n${body}}\n\`\`\``;
  // a repair round (the first case) gets an answer without code, so the refactor shown is the first one,
  // compared once: the same answer again was compared again with the same seed, work nothing here asks about
  fake.script('/v1/chat/completions', { text: answer }, { text: 'It is as simple as it gets.' });
  return runMain(
    [
      'refactor',
      'src/version.ts:validate',
      '--goal',
      'simpler',
      '--model',
      'openai:gpt-4o-mini',
      '--json',
      '--apply',
    ],
    { cwd: workspace, env: { OPENAI_BASE_URL: fake.openAiUrl } },
  );
};

interface Output {
  verification: { status: string; checks: { name: string; status: string; reason?: string }[] };
  details: {
    proven: boolean;
    evidence: { existingTests: { files: string[] } };
    counterexamples?: { call: string }[];
  };
}

describe.skipIf(!sandbox.available)('vouch refactor: a TypeScript module that imports ./utils.js', () => {
  it('a trim added is a difference (validate(" 1.0.0")), the barrel\'s tests run, and nothing is written', async () => {
    const result = await refactor(
      "  const parts = version.trim().split('.');\n  return parts.length === 3 && parts.every(isDigits);\n",
    );
    expect(result.code, result.stdout).toBe(1);
    const output = result.json<Output>();
    expect(output.details.proven).toBe(false);
    expect(output.details.evidence.existingTests.files).toEqual(['test/version.test.ts']);
    expect(output.verification.checks.find((check) => check.name === 'differential')?.status).toBe('fail');
    expect(readFileSync(join(workspace, 'src/version.ts'), 'utf8')).toBe(VERSION);
  });

  it('a comparison that cannot run (an import nothing provides) is not verified, and --apply writes nothing', async () => {
    const broken =
      "import { limit } from './nowhere.js';\n\nexport function cap(n: number): number {\n  return Math.min(n, limit);\n}\n";
    writeFiles(workspace, { 'src/cap.ts': broken });
    const answer =
      '```typescript\nexport function cap(n: number): number {\n  return n < limit ? n : limit;\n}\n```';
    fake.script('/v1/chat/completions', { text: answer }, { text: answer });
    const result = await runMain(
      [
        'refactor',
        'src/cap.ts:cap',
        '--goal',
        'simpler',
        '--model',
        'openai:gpt-4o-mini',
        '--json',
        '--apply',
      ],
      { cwd: workspace, env: { OPENAI_BASE_URL: fake.openAiUrl } },
    );
    expect(result.code, result.stdout).not.toBe(0);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('unverified');
    const differential = output.verification.checks.find((check) => check.name === 'differential');
    expect(differential?.status).toBe('error');
    // a reason is read by people: the side's error, not its stack trace, and said once
    expect(differential?.reason).toContain('ERR_MODULE_NOT_FOUND');
    expect(result.stdout).not.toMatch(/\bat [\w.#<>]+ \(node:internal|\n\s+at /);
    expect(
      output.verification.checks.filter((check) => check.reason?.includes('ERR_MODULE_NOT_FOUND')),
    ).toHaveLength(1);
    expect(readFileSync(join(workspace, 'src/cap.ts'), 'utf8')).toBe(broken);
  });

  it('an equivalent rewrite is compared (not skipped) and proven', async () => {
    const result = await refactor(
      "  const parts = version.split('.');\n  if (parts.length !== 3) return false;\n  for (const part of parts) if (!isDigits(part)) return false;\n  return true;\n",
    );
    const output = result.json<Output>();
    expect(
      output.verification.checks.find((check) => check.name === 'differential')?.status,
      result.stdout,
    ).toBe('pass');
    expect(output.details.evidence.existingTests.files).toEqual(['test/version.test.ts']);
  });
});

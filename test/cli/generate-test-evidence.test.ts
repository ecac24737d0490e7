import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 58: a new user got "confidence: high, exit 0" for code whose own tests could not fail — asserts
 * swallowed by try/except, the function under test patched and its mock called, an isinstance-only
 * assertion, code special-cased to its test inputs; in TypeScript toBeDefined() only, expect swallowed in
 * try/catch, vi.mock('./solution'). Through the CLI's `main` (in-process) and a loopback model: the `test-evidence` check
 * says which, the code is not verified (exit 1), and the confidence is not high. Tests that test pass it.
 */
const sandbox = await sandboxAvailability();
const VITEST = join(import.meta.dirname, '../../node_modules/vitest');
// Bandit off (`[security] external = false`, a Python process a run): what these tests ask about is the
// model's tests and their mutants, not a scanner's findings; vouch's own security rules still run
const project = fakeModelProject('vouch-test-evidence-', {
  'vouch.toml': '[security]\nexternal = false\n',
  'package.json': JSON.stringify({ name: 'shop', type: 'module', devDependencies: { vitest: '^4.1.0' } }),
});
const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\`\`\``;

interface Output {
  confidence: string;
  verification: {
    status: string;
    checks: {
      name: string;
      status: string;
      reason?: string;
      blocking?: boolean;
      findings: { ruleId: string; message: string }[];
      details?: {
        source: string;
        verdict: string;
        mutants: { total: number; killed: number };
        tests: { name: string; problems: string[] }[];
      };
    }[];
  };
}

const generate = async (language: 'python' | 'typescript', code: string, suite: string) => {
  if (language === 'typescript') {
    mkdirSync(join(project.workspace, 'node_modules'), { recursive: true });
    symlinkSync(VITEST, join(project.workspace, 'node_modules/vitest'));
  }
  project.fake.script('/v1/chat/completions', {
    text: `${fence(language, code)}\n\n${fence(language, suite)}`,
  });
  const result = await runMain(
    [
      'generate',
      'write the function',
      '--lang',
      language,
      '--repair',
      '0',
      '--model',
      'openai:gpt-4o-mini',
      '--json',
    ],
    { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
  );
  const output = result.json<Output>();
  const evidence = output.verification.checks.find((check) => check.name === 'test-evidence');
  const tests = output.verification.checks.find((check) => check.name === 'tests');
  return { result, output, evidence, tests };
};

/** The model's own tests passed, and are not evidence: what the user sees. */
async function expectNotEvidence(
  language: 'python' | 'typescript',
  code: string,
  suite: string,
  ruleId: string,
): Promise<void> {
  const { result, output, evidence, tests: run } = await generate(language, code, suite);
  expect(run?.status, JSON.stringify(run)).toBe('pass');
  expect(evidence, result.stdout).toMatchObject({
    status: 'fail',
    blocking: false,
    details: { source: 'model', verdict: 'not-evidence' },
  });
  expect(evidence?.findings.map((finding) => finding.ruleId)).toContain(ruleId);
  expect(output.confidence).not.toBe('high');
  expect(output.verification.status).toBe('unverified');
  expect(result.code).toBe(1);
}

const WRONG_ADD = 'def add(a, b):\n    return a - b\n';
const WRONG_SLUGIFY = 'def slugify(text):\n    return text\n';
const WRONG_SUM = 'export function sum(a: number, b: number): number {\n  return a - b;\n}\n';

describe.skipIf(!sandbox.available)("vouch generate: the model's own tests, measured", () => {
  it('Python: asserts inside try/except AssertionError are not evidence', async () => {
    await expectNotEvidence(
      'python',
      WRONG_ADD,
      'from solution import add\n\n\ndef test_add():\n    try:\n        assert add(2, 2) == 4\n    except AssertionError:\n        pass\n',
      'tests.swallowed-assertion',
    );
  });

  it('Python: patch.object of the function under test, then calling the mock, is not evidence', async () => {
    await expectNotEvidence(
      'python',
      WRONG_SLUGIFY,
      "from unittest.mock import patch\n\nimport solution\n\n\ndef test_slugify():\n    with patch.object(solution, 'slugify', return_value='hello-world'):\n        assert solution.slugify('Hello World') == 'hello-world'\n",
      'tests.mocks-subject',
    );
  });

  it('Python: an isinstance(..., str)-only assertion is not evidence', async () => {
    await expectNotEvidence(
      'python',
      WRONG_SLUGIFY,
      "from solution import slugify\n\n\ndef test_slugify():\n    assert isinstance(slugify('Hello World'), str)\n",
      'tests.no-result-assertion',
    );
  });

  it('Python: is_prime special-cased to its test inputs {2, 3, 5, 7, 13, 97} is not evidence', async () => {
    await expectNotEvidence(
      'python',
      'def is_prime(n):\n    return n in {2, 3, 5, 7, 13, 97}\n',
      'import pytest\n\nfrom solution import is_prime\n\n\n@pytest.mark.parametrize("n", [2, 3, 5, 7, 13, 97])\ndef test_primes(n):\n    assert is_prime(n)\n\n\ndef test_composites():\n    assert not is_prime(4)\n    assert not is_prime(9)\n',
      'code.special-cased',
    );
  });

  it('Python: real asserts that kill mutants are evidence', async () => {
    const { output, evidence } = await generate(
      'python',
      'def add(a, b):\n    return a + b\n',
      'from solution import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n    assert add(-1, 1) == 0\n',
    );
    expect(evidence, JSON.stringify(output.verification.checks)).toMatchObject({
      status: 'pass',
      findings: [],
      details: { source: 'model', verdict: 'evidence', tests: [{ name: 'test_add', problems: [] }] },
    });
    expect(evidence?.details?.mutants.killed).toBeGreaterThan(0);
    expect(output.verification.status).toBe('pass');
  });

  it('chat: a reply whose tests patch the very function they test is not evidence', async () => {
    const patched =
      "from unittest.mock import patch\n\nimport solution\n\n\ndef test_slugify():\n    with patch.object(solution, 'slugify', return_value='hello-world'):\n        assert solution.slugify('Hello World') == 'hello-world'\n";
    project.fake.script('/v1/chat/completions', {
      text: `Here it is.\n\n${fence('python', WRONG_SLUGIFY)}\n\nAnd its tests:\n\n${fence('python', patched)}`,
    });
    const result = await runMain(
      ['chat', '--print', 'write slugify', '--lang', 'python', '--model', 'openai:gpt-4o-mini', '--json'],
      { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
    );
    const output = result.json<Output>();
    const evidence = output.verification.checks.find((check) => check.name === 'test-evidence');
    expect(output.verification.checks.find((check) => check.name === 'tests')?.status).toBe('pass');
    expect(evidence, result.stdout).toMatchObject({
      status: 'fail',
      details: { source: 'model', verdict: 'not-evidence' },
    });
    expect(evidence?.findings.map((finding) => finding.ruleId)).toEqual(['tests.mocks-subject']);
    expect(output.confidence).not.toBe('high');
    expect(output.verification.status).toBe('unverified');
    expect(result.code).toBe(1);
  });

  it('TypeScript: toBeDefined()-only tests are not evidence', async () => {
    await expectNotEvidence(
      'typescript',
      WRONG_SUM,
      "import { expect, it } from 'vitest';\nimport { sum } from './solution';\n\nit('adds', () => {\n  expect(sum(2, 3)).toBeDefined();\n});\n",
      'tests.no-result-assertion',
    );
  });

  it('TypeScript: expect swallowed in try/catch is not evidence', async () => {
    await expectNotEvidence(
      'typescript',
      WRONG_SUM,
      "import { expect, it } from 'vitest';\nimport { sum } from './solution';\n\nit('adds', () => {\n  try {\n    expect(sum(2, 3)).toBe(5);\n  } catch {\n    // ignore\n  }\n});\n",
      'tests.swallowed-assertion',
    );
  });

  it("TypeScript: vi.mock('./solution') is not evidence", async () => {
    await expectNotEvidence(
      'typescript',
      WRONG_SUM,
      "import { expect, it, vi } from 'vitest';\nimport { sum } from './solution';\n\nvi.mock('./solution', () => ({ sum: vi.fn(() => 5) }));\n\nit('adds', () => {\n  expect(sum(2, 3)).toBe(5);\n});\n",
      'tests.mocks-subject',
    );
  });

  it('TypeScript: expectations that kill mutants are evidence', async () => {
    const { output, evidence } = await generate(
      'typescript',
      'export function sum(a: number, b: number): number {\n  return a + b;\n}\n',
      "import { expect, it } from 'vitest';\nimport { sum } from './solution';\n\nit('adds', () => {\n  expect(sum(2, 3)).toBe(5);\n  expect(sum(-1, 1)).toBe(0);\n});\n",
    );
    expect(evidence, JSON.stringify(output.verification.checks)).toMatchObject({
      status: 'pass',
      details: { source: 'model', verdict: 'evidence' },
    });
    expect(evidence?.details?.mutants.killed).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 58: the examples in the user's request are the user's words, independent of the model. Through the
 * CLI's `main` (in-process, test/support/run-main.ts) and a loopback model: code that fails them is low (and not verified), however its own tests
 * pass; code that passes them has them as independent evidence.
 */
const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-examples-', { 'vouch.toml': '' });
const fence = (code: string) => `\`\`\`python\n${code}\`\`\``;
const SPEC = 'write digit_sum(n), the sum of the decimal digits of n: digit_sum(235) == 10';

interface Output {
  confidence: string;
  verification: {
    status: string;
    checks: { name: string; status: string; reason?: string }[];
    confidenceReasons: string[];
    confidenceEvidence: { kind: string; independent: boolean; detail: string }[];
  };
}

async function generate(code: string, tests: string) {
  project.fake.script('/v1/chat/completions', { text: `${fence(code)}\n\n${fence(tests)}` });
  const result = await runMain(
    ['generate', SPEC, '--lang', 'python', '--repair', '0', '--model', 'openai:gpt-4o-mini', '--json'],
    { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
  );
  return { result, output: result.json<Output>() };
}

describe.skipIf(!sandbox.available)("vouch generate: the request's own examples", () => {
  it('code that fails them is low and not verified, though its own tests pass', async () => {
    const { result, output } = await generate(
      'def digit_sum(n):\n    return len(str(n))\n',
      'from solution import digit_sum\n\n\ndef test_digits():\n    assert digit_sum(235) == 3\n',
    );
    expect(output.verification.checks.find((check) => check.name === 'tests')?.status).toBe('pass');
    expect(
      output.verification.checks.find((check) => check.name === 'examples'),
      result.stdout,
    ).toMatchObject({
      status: 'fail',
    });
    expect(output.confidence).toBe('low');
    expect(output.verification.confidenceReasons.join('\n')).toMatch(/the user's own examples fail/);
    expect(result.code).toBe(1);
  });

  it('code that passes them has them as independent evidence', async () => {
    const { result, output } = await generate(
      'def digit_sum(n):\n    return sum(int(d) for d in str(n))\n',
      'from solution import digit_sum\n\n\ndef test_digits():\n    assert digit_sum(235) == 10\n    assert digit_sum(7) == 7\n',
    );
    expect(
      output.verification.checks.find((check) => check.name === 'examples'),
      result.stdout,
    ).toMatchObject({
      status: 'pass',
    });
    expect(output.verification.confidenceEvidence).toContainEqual({
      kind: 'user-tests',
      independent: true,
      detail: "the request's example passes",
    });
  });
});

describe.skipIf(!sandbox.available)('vouch generate: code alone whose request example passes (w231)', () => {
  it('says the example ran, stops without a repair round, and is medium, not "no test ran"', async () => {
    project.fake.script('/v1/chat/completions', {
      text: fence('def digit_sum(n):\n    return sum(int(d) for d in str(n))\n'),
    });
    const result = await runMain(
      ['generate', SPEC, '--lang', 'python', '--model', 'openai:gpt-4o-mini', '--json'],
      { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
    );
    const output = result.json<Output & { verification: { reasons: string[]; rounds: unknown[] } }>();
    // before: unverified, "no test ran: only static checks (…, examples)", low, and 2 repair rounds asked
    // for tests although nothing had failed
    expect(output.verification.checks.find((check) => check.name === 'examples')?.status).toBe('pass');
    expect(output.verification.status, result.stdout).toBe('pass');
    expect(output.verification.reasons.join('\n')).not.toMatch(/no test ran/);
    expect(output.verification.rounds).toEqual([]);
    expect(project.fake.requestsTo('/v1/chat/completions')).toHaveLength(1);
    // one witness from the request, not the model's tests: medium, and the reason says which ran
    expect(output.confidence).toBe('medium');
    expect(output.verification.confidenceReasons).toContain(
      "only the request's example ran the code: no test of the model's checked the rest of its behaviour",
    );
    expect(result.code).toBe(0);
  });
});

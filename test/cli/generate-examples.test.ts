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

describe.skipIf(!sandbox.available)(
  'vouch generate: code alone whose request example passes (w231, w239)',
  () => {
    it('says the example ran, asks the model once for its tests, and a model that gives none leaves it verified, medium', async () => {
      const alone = { text: fence('def digit_sum(n):\n    return sum(int(d) for d in str(n))\n') };
      project.fake.script('/v1/chat/completions', alone, alone, alone);
      const result = await runMain(
        ['generate', SPEC, '--lang', 'python', '--model', 'openai:gpt-4o-mini', '--json'],
        { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
      );
      const output = result.json<Output & { verification: { reasons: string[]; rounds: unknown[] } }>();
      // w235: before, unverified, "no test ran: only static checks (…, examples)", low, 2 repair rounds
      expect(output.verification.checks.find((check) => check.name === 'examples')?.status).toBe('pass');
      expect(output.verification.status, result.stdout).toBe('pass');
      expect(output.verification.reasons.join('\n')).not.toMatch(/no test ran/);
      // w239: the model is asked once for its tests (more evidence, not a failure: 0 rounds on the base);
      // an answer without them is not asked again (one extra call, not one a round)
      expect(output.verification.rounds).toHaveLength(1);
      expect(project.fake.requestsTo('/v1/chat/completions')).toHaveLength(2);
      expect(JSON.stringify(project.fake.requestsTo('/v1/chat/completions')[1]?.body)).toMatch(
        /only the request's examples ran the code: add a fenced block of unit tests/,
      );
      // one witness from the request, not the model's tests: medium, and the reason says which ran
      expect(output.confidence).toBe('medium');
      expect(output.verification.confidenceReasons).toContain(
        "only the request's example ran the code: no test of the model's checked the rest of its behaviour",
      );
      expect(result.code).toBe(0);
    });
  },
);

describe.skipIf(!sandbox.available)(
  "vouch generate: an answer written to the request's one example (w239)",
  () => {
    const WEEKDAY = "parse an ISO date and return the weekday, e.g. weekday('2024-01-01') returns 'Monday'";
    const HARD_CODED = "def weekday(s):\n    return 'Monday'\n";
    const RIGHT =
      "from datetime import date\n\n\ndef weekday(s):\n    return date.fromisoformat(s).strftime('%A')\n";
    const TESTS =
      "from solution import weekday\n\n\ndef test_weekdays():\n    assert weekday('2024-01-01') == 'Monday'\n    assert weekday('2024-01-03') == 'Wednesday'\n    assert weekday('2024-03-02') == 'Saturday'\n";

    async function weekday(...answers: string[]) {
      project.fake.script('/v1/chat/completions', ...answers.map((text) => ({ text })));
      const result = await runMain(
        ['generate', WEEKDAY, '--lang', 'python', '--model', 'openai:gpt-4o-mini', '--json'],
        { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
      );
      const output = result.json<Output & { verification: { rounds: { status: string }[] } }>();
      return { result, output, requests: project.fake.requestsTo('/v1/chat/completions').length };
    }

    it('is not "pass" once the tests the model gives when asked show it wrong', async () => {
      // the model hard-codes the example, and keeps its answer when told its tests fail
      const stubborn = `${fence(HARD_CODED)}\n\n${fence(TESTS)}`;
      const { result, output, requests } = await weekday(fence(HARD_CODED), stubborn, stubborn);
      expect(output.verification.checks.find((check) => check.name === 'examples')?.status).toBe('pass');
      // base: pass, medium, exit 0, one request: the example alone vouched and nobody asked for more
      expect(output.verification.status, result.stdout).toBe('fail');
      expect(output.verification.checks.find((check) => check.name === 'tests')?.status).toBe('fail');
      expect(output.confidence).toBe('low');
      expect(output.verification.rounds.map((round) => round.status)).toEqual(['fail', 'fail']);
      expect(requests).toBe(3);
      expect(result.code).toBe(1);
    });

    it('stays "fail" when the model drops the tests that showed it wrong, and passes them once it is right', async () => {
      const stubborn = `${fence(HARD_CODED)}\n\n${fence(TESTS)}`;
      // base (5df0623e + w239): the third answer, the same code without its tests, was "pass", medium
      const dropped = await weekday(fence(HARD_CODED), stubborn, fence(HARD_CODED));
      expect(dropped.output.verification.status, dropped.result.stdout).toBe('fail');
      expect(dropped.output.verification.checks.find((check) => check.name === 'tests')?.status).toBe('fail');
      expect(dropped.output.verification.rounds.map((round) => round.status)).toEqual(['fail', 'fail']);
      expect(dropped.result.code).toBe(1);
      // a right answer without tests runs against the tests that stand, and they pass
      const mended = await weekday(fence(HARD_CODED), stubborn, fence(RIGHT));
      expect(mended.output.verification.status, mended.result.stdout).toBe('pass');
      expect(mended.output.verification.checks.find((check) => check.name === 'tests')?.status).toBe('pass');
      expect(mended.output.verification.rounds.map((round) => round.status)).toEqual(['fail', 'pass']);
      expect(mended.result.stdout).toContain('fromisoformat');
      expect(mended.result.code).toBe(0);
    });

    it('a right answer whose model gives tests when asked reaches what they earn', async () => {
      const { result, output, requests } = await weekday(fence(RIGHT), `${fence(RIGHT)}\n\n${fence(TESTS)}`);
      // base: pass, medium ("only the request's example ran the code"), no round, one request
      expect(output.verification.status, result.stdout).toBe('pass');
      expect(output.verification.checks.find((check) => check.name === 'tests')?.status).toBe('pass');
      expect(output.verification.rounds.map((round) => round.status)).toEqual(['pass']);
      expect(requests).toBe(2);
      expect(output.verification.confidenceReasons.join('\n')).not.toMatch(/only the request's example/);
      expect(output.confidence, JSON.stringify(output.verification.confidenceReasons)).toBe('high');
      expect(result.code).toBe(0);
    });
  },
);

import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * r40 (lie 17): `vouch generate --n 3` whose three samples were the same text counted "3 of 3 sampled
 * candidates wrote this same code" as independent agreement and said high. Three copies are one answer: a
 * model at temperature 0, or a caching server, returns them every time. Through the CLI's `main` and a
 * loopback model; the answer's own tests pass, which alone is medium.
 */
const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-identical-', { 'vouch.toml': '[security]\nexternal = false\n' });
const fence = (code: string) => `\`\`\`python\n${code}\`\`\``;
const ANSWER = `${fence('def double(x):\n    return 2 * x\n')}\n\n${fence(
  'from solution import double\n\n\ndef test_double():\n    assert double(2) == 4\n    assert double(0) == 0\n    assert double(-3) == -6\n',
)}`;

interface Output {
  confidence: string;
  confidence_evidence?: { kind: string; detail: string }[];
  verification: { status: string };
}

describe.skipIf(!sandbox.available)('generate --n with identical samples', () => {
  it('does not count copies of one answer as agreement', async () => {
    project.fake.script('/v1/chat/completions', { choices: [ANSWER, ANSWER, ANSWER] });
    const result = await runMain(
      [
        'generate',
        'double a number',
        '--lang',
        'python',
        '--n',
        '3',
        '--repair',
        '0',
        '--model',
        'openai:m',
        '--json',
      ],
      { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
    );
    const output = result.json<Output>();
    expect(output.verification.status, result.stdout).toBe('pass');
    expect(JSON.stringify(output), result.stdout).not.toMatch(/wrote this same code/);
    expect(output.confidence, result.stdout).toBe('medium');
  });
});

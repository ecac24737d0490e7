import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';

/**
 * w211: a generated suite whose only assertion never runs (under `if False:`, after a `return`, in a
 * function or generator the test never runs) passed as "verified", confidence high, exit 0, on the base
 * (9cbf0c79): the static reading counted the dead assert as a comparison and the mutants, every one
 * returning None, died by an AttributeError on the result. Through `main` and the loopback model.
 */
const sandbox = await sandboxAvailability();
const fake = await fakeProvidersForFile();
let workspace: string;

// every mutant of this function returns None: a suite that calls it and uses the result (`.lower()`) kills
// them all by an AttributeError, with no assertion at all — mutation score 100%
const GREET =
  'def greet(name, excited):\n    if excited:\n        return name.upper() + "!"\n    return name\n';
const CALLS = '    greet("a", True).lower()\n    greet("b", False).lower()\n';

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-test-vacuous-'));
  writeFileSync(join(workspace, 'vouch.toml'), '[security]\nexternal = false\n');
  writeFileSync(join(workspace, 'greet.py'), GREET);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const cli = async (suite: string) => {
  fake.script('/v1/chat/completions', { text: `\`\`\`python\n${suite}\`\`\`` });
  const result = await runMain(['test', 'greet.py', '--json', '--model', 'openai:gpt-4o-mini'], {
    cwd: workspace,
    env: { OPENAI_BASE_URL: fake.openAiUrl },
  });
  return {
    result,
    output: result.json<{
      confidence: string;
      verification: { status: string; checks: { name: string; status: string; reason?: string }[] };
      details: { mutationScore: number | null };
    }>(),
  };
};

const HEAD = 'from greet import greet\n\n\ndef test_greet():\n';
const SUITES: Record<string, string> = {
  'only calls the code': `${HEAD}${CALLS}`,
  'asserts under if False': `${HEAD}${CALLS}    if False:\n        assert greet("a", True) == "A!"\n`,
  'asserts after return': `${HEAD}${CALLS}    return\n    assert greet("a", True) == "A!"\n`,
  'asserts in a function never called': `${HEAD}${CALLS}\n    def check():\n        assert greet("a", True) == "A!"\n`,
  'asserts in a generator never iterated': `${HEAD}${CALLS}\n    def check():\n        assert greet("a", True) == "A!"\n        yield\n\n    check()\n`,
  'asserts swallowed': `${HEAD}${CALLS}    try:\n        assert greet("a", True) == "A!"\n    except AssertionError:\n        pass\n`,
};

describe.skipIf(!sandbox.available)('vouch test: a suite that asserts nothing that runs', () => {
  for (const [name, suite] of Object.entries(SUITES))
    it(`${name}: not high, not verified`, async () => {
      const { output, result } = await cli(suite);
      const summary = JSON.stringify({
        confidence: output.confidence,
        status: output.verification.status,
        score: output.details.mutationScore,
        checks: output.verification.checks.map((c) => `${c.name}:${c.status}:${c.reason ?? ''}`),
      });
      expect(output.confidence, summary).not.toBe('high');
      expect(output.verification.status, summary).not.toBe('pass');
      expect(result.code).toBe(1);
    });
});

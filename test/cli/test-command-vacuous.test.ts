import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';

const sandbox = await sandboxAvailability();
const fake = await fakeProvidersForFile();
let workspace: string;

// every change to this function makes it raise on a short list: a suite that only calls it kills them all
const MIDDLE = 'def middle(xs):\n    return xs[len(xs) // 2]\n';

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-test-vacuous-'));
  writeFileSync(join(workspace, 'vouch.toml'), '[security]\nexternal = false\n');
  writeFileSync(join(workspace, 'middle.py'), MIDDLE);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const cli = async (suite: string) => {
  fake.script('/v1/chat/completions', { text: `\`\`\`python\n${suite}\`\`\`` });
  const result = await runMain(['test', 'middle.py', '--json', '--model', 'openai:gpt-4o-mini'], {
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

const SUITES: Record<string, string> = {
  'only calls the code': 'from middle import middle\n\n\ndef test_middle():\n    middle([1, 2, 3])\n',
  'asserts under if False': 'from middle import middle\n\n\ndef test_middle():\n    r = middle([1, 2, 3])\n    if False:\n        assert r == 2\n',
  'asserts after return': 'from middle import middle\n\n\ndef test_middle():\n    r = middle([1, 2, 3])\n    return\n    assert r == 2\n',
  'asserts in a function never called': 'from middle import middle\n\n\ndef test_middle():\n    r = middle([1, 2, 3])\n\n    def check():\n        assert r == 2\n',
  'asserts in a generator never iterated': 'from middle import middle\n\n\ndef test_middle():\n    r = middle([1, 2, 3])\n    (None for _ in [r == 2 or assert_(False)])\n\n\ndef assert_(x):\n    assert x\n',
  'asserts in a lambda never called': 'from middle import middle\n\n\ndef test_middle():\n    r = middle([1, 2, 3])\n    check = lambda: r == 2\n    assert check\n',
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
      console.log(name, summary);
      expect(output.confidence, summary).not.toBe('high');
      expect(output.verification.status, summary).not.toBe('pass');
      expect(result.code).toBe(1);
    });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect } from 'vitest';
import { fakeProvidersForFile } from './fake-model-host.js';
import type { CliResult } from './run-cli.js';
import { runMain } from './run-main.js';
import { testFolder } from './test-folders.js';

/**
 * `vouch test greet.py` through `main` and the loopback model, the model's whole answer a suite the test
 * writes: how test/cli's suites whose assertions never run are judged (test-command-vacuous,
 * test-command-unrun-assertions).
 */

/**
 * Every mutant of this function returns None: a suite that calls it and uses the result (`CALLS`, its
 * `.lower()`) kills them all by an AttributeError, with no assertion at all — mutation score 100%. Only the
 * static reading of the suite can tell such a suite from one that compares.
 */
export const GREET =
  'def greet(name, excited):\n    if excited:\n        return name.upper() + "!"\n    return name\n';
export const CALLS = '    greet("a", True).lower()\n    greet("b", False).lower()\n';

export interface GreetTestRun {
  result: CliResult;
  output: {
    confidence: string;
    verification: { status: string; checks: { name: string; status: string; reason?: string }[] };
    details: { mutationScore: number | null };
  };
}

/**
 * For one test file (await it at the file's top): the loopback model, a fresh workspace per test (a
 * `vouch.toml` with no external scanners, and `greet.py`; the folder named `prefix…`), and the command
 * that runs `vouch test greet.py --json` there with `suite` as the model's answer.
 */
export async function greetTestCommand(prefix: string): Promise<(suite: string) => Promise<GreetTestRun>> {
  const fake = await fakeProvidersForFile();
  let workspace = '';
  beforeEach(() => {
    fake.reset();
    workspace = testFolder(prefix);
    writeFileSync(join(workspace, 'vouch.toml'), '[security]\nexternal = false\n');
    writeFileSync(join(workspace, 'greet.py'), GREET);
  });
  return async (suite) => {
    fake.script('/v1/chat/completions', { text: `\`\`\`python\n${suite}\`\`\`` });
    const result = await runMain(['test', 'greet.py', '--json', '--model', 'openai:gpt-4o-mini'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl },
    });
    return { result, output: result.json<GreetTestRun['output']>() };
  };
}

/** The checks of a run, one line each (`name:status:reason`): what an assertion's message shows. */
export const checkLines = ({ output }: GreetTestRun) =>
  output.verification.checks.map((check) => `${check.name}:${check.status}:${check.reason ?? ''}`);

/** A run that must not count as evidence: not high, not verified, exit 1. */
export function expectNotVerified(run: GreetTestRun): void {
  const { output, result } = run;
  const summary = JSON.stringify({
    confidence: output.confidence,
    status: output.verification.status,
    score: output.details.mutationScore,
    checks: checkLines(run),
  });
  expect(output.confidence, summary).not.toBe('high');
  expect(output.verification.status, summary).not.toBe('pass');
  expect(result.code).toBe(1);
}

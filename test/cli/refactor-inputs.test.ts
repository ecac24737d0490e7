import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AGE_GROUP, bisected, INPUTS_FILES } from '../../src/tasks/refactor/__fixtures__/bisected-ages.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * Issue 41: a refactor was "proven" without the inputs that matter. A rewrite of age_group with bisect_left
 * differs exactly at its limits (13, 20, 65): 300 random inputs found no difference and --apply wrote it.
 * The tester now tries the code's own constants and their neighbours (c−1, c, c+1), the ends of each
 * parameter's type, and the parameters' small values together, at the default --max-inputs.
 * Here the case that --apply, through the CLI; the others run the refactor task in-process
 * (src/tasks/refactor/inputs.test.ts).
 */
const sandbox = await sandboxAvailability();
const fake = await fakeProvidersForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-inputs-'));
  writeFiles(workspace, INPUTS_FILES);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const refactor = (target: string, answer: string, extra: string[] = []) => {
  fake.script('/v1/chat/completions', { text: answer }, { text: answer }, { text: answer });
  return runMain(
    ['refactor', target, '--goal', 'simpler', '--model', 'openai:gpt-4o-mini', '--json', ...extra],
    { cwd: workspace, env: { OPENAI_BASE_URL: fake.openAiUrl } },
  );
};

interface Output {
  details: {
    proven: boolean;
    applied?: boolean;
    evidence: { summary: string; differences: number };
    counterexamples?: { function: string; call: string; old: string; new: string }[];
  };
}

describe.skipIf(!sandbox.available)('vouch refactor: the inputs that matter', () => {
  it('rejects age_group rewritten with bisect_left at the default --max-inputs, and does not apply it', async () => {
    const result = await refactor('ages.py:age_group', bisected('bisect_left'), ['--apply']);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.details.proven).toBe(false);
    expect(output.details.counterexamples?.[0]?.call).toMatch(/^age_group\((13|20|65)\)$/);
    expect(readFileSync(join(workspace, 'ages.py'), 'utf8')).toBe(AGE_GROUP);
  });
});

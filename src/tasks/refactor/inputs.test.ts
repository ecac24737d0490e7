import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { refactorRuns } from '../../../test/support/refactor-runs.js';
import { writeFiles } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { bisected, INPUTS_FILES } from './__fixtures__/bisected-ages.js';

/**
 * Issue 41: a refactor was "proven" without the inputs that matter. A rewrite of age_group with bisect_left
 * differs exactly at its limits (13, 20, 65): 300 random inputs found no difference and --apply wrote it.
 * The tester now tries the code's own constants and their neighbours (c−1, c, c+1), the ends of each
 * parameter's type, and the parameters' small values together, at the default --max-inputs.
 * The refactor task in-process, as `vouch refactor TARGET --goal simpler --json` runs it (300 inputs, seed 1;
 * the command exits 0 exactly when the verification passes); the case that --apply is
 * test/cli/refactor-inputs.test.ts, through the CLI.
 */
const sandbox = await sandboxAvailability();
const { fake, host } = await fakeModelsForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-inputs-'));
  writeFiles(workspace, INPUTS_FILES);
  return () => rmSync(workspace, { recursive: true, force: true });
});

/**
 * The differential tester alone, for the rewrites that differ: what these tests ask is whether the inputs
 * tried find the difference. The gate (mypy and Bandit on the old and the new file) takes no part in that,
 * so it is off, and there is no repair round (it would compare the same answer again with the same seed);
 * "not a pass" then comes from the comparison alone. The bisect_right rewrite, whose pass is the claim,
 * runs the whole task as the command does.
 */
const { refactor, compareOnly } = refactorRuns({
  models: { fake, host },
  workspace: () => workspace,
  answers: 3,
});

interface Output {
  details: {
    proven: boolean;
    applied?: boolean;
    evidence: { summary: string; differences: number };
    counterexamples?: { function: string; call: string; old: string; new: string }[];
  };
}

describe.skipIf(!sandbox.available)('refactor: the inputs that matter', () => {
  it('proves the same rewrite with bisect_right', async () => {
    const result = await refactor('ages.py:age_group', bisected('bisect_right'));
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
    expect((result as unknown as Output).details.proven).toBe(true);
  }, 180_000);

  it("tries two parameters together at the code's constants: a - b > 5000 is not a > b + 5001", async () => {
    const result = await compareOnly(
      'gaps.py:far_apart',
      '```python\ndef far_apart(a: int, b: int) -> bool:\n    return a > b + 5001\n```',
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect((result as unknown as Output).details.evidence.differences).toBeGreaterThan(0);
  }, 180_000);

  it('tries NaN for a float: max(a, b) is not `a if a > b else b`', async () => {
    const result = await compareOnly(
      'clamp.py:larger',
      '```python\ndef larger(a: float, b: float) -> float:\n    return a if a > b else b\n```',
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    const output = result as unknown as Output;
    expect(output.details.evidence.differences, JSON.stringify(result.details)).toBeGreaterThan(0);
    expect(output.details.counterexamples?.[0]?.call, JSON.stringify(result.details)).toContain('nan');
  }, 180_000);

  it('TypeScript: <= for < is caught at the limits', async () => {
    const result = await compareOnly(
      'src/ages.ts:ageGroup',
      "```typescript\nexport function ageGroup(age: number): string {\n  const limits: [number, string][] = [[13, 'child'], [20, 'teen'], [65, 'adult']];\n  for (const [limit, group] of limits) if (age <= limit) return group;\n  return 'senior';\n}\n```",
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect((result as unknown as Output).details.counterexamples?.[0]?.call).toMatch(
      /^ageGroup\((13|20|65)\)$/,
    );
  }, 180_000);
});

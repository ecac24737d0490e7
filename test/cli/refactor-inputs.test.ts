import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
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

const AGES = `def age_group(age: int) -> str:
    if age < 0:
        raise ValueError("age must not be negative")
    if age < 13:
        return "child"
    elif age < 20:
        return "teen"
    elif age < 65:
        return "adult"
    else:
        return "senior"
`;
const bisected = (which: string) =>
  `\`\`\`python\nimport bisect\n\n\ndef age_group(age: int) -> str:\n    if age < 0:\n        raise ValueError("age must not be negative")\n    return ("child", "teen", "adult", "senior")[bisect.${which}((13, 20, 65), age)]\n\`\`\``;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-inputs-'));
  writeFiles(workspace, {
    'vouch.toml': '',
    'ages.py': AGES,
    // a gap no random pair reaches (both in ±1000) and no pair of the type's edges makes: only the
    // code's constants, tried together, find it (with a gap of 10, random pairs found it on the old code)
    'gaps.py': 'def far_apart(a: int, b: int) -> bool:\n    return a - b > 5000\n',
    'clamp.py': 'def larger(a: float, b: float) -> float:\n    return max(a, b)\n',
    'package.json': '{"type":"module"}\n',
    'src/ages.ts':
      "export function ageGroup(age: number): string {\n  if (age < 13) return 'child';\n  if (age < 20) return 'teen';\n  if (age < 65) return 'adult';\n  return 'senior';\n}\n",
  });
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
    expect(readFileSync(join(workspace, 'ages.py'), 'utf8')).toBe(AGES);
  });
});

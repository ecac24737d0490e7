import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fence, TIER, TIERS_FILES } from '../../src/tasks/refactor/__fixtures__/tiers.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * Issue 41: "proven" must say what was covered. A refactor that drops a branch no generated input reaches
 * (points * 3 == 12351: neither the code's constants nor random values hit it) was "proven" on 300 inputs
 * with 0 differences, and --apply wrote it. Each side now measures the branch arms of its version that the
 * compared calls reached (Python: the interpreter's trace; Node: V8's block coverage) and answers on its
 * report channel; "proven" needs every arm of both versions reached, otherwise the refactor is not proven
 * (exit 1, not applied) and the arms not reached are named.
 * Here the Python cases, through the CLI (--apply, and the text report); the TypeScript ones run the
 * refactor task in-process (src/tasks/refactor/branches.test.ts).
 */
const sandbox = await sandboxAvailability();
const fake = await fakeProvidersForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-branches-'));
  writeFiles(workspace, TIERS_FILES);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const refactor = (target: string, answer: string, extra: string[] = []) => {
  fake.script('/v1/chat/completions', { text: answer }, { text: answer }, { text: answer });
  return runMain(['refactor', target, '--goal', 'simpler', '--model', 'openai:gpt-4o-mini', ...extra], {
    cwd: workspace,
    env: { OPENAI_BASE_URL: fake.openAiUrl },
  });
};

interface Coverage {
  measured: boolean;
  total?: number;
  reached?: number;
  notReached?: string[];
}
interface Output {
  verification: {
    status: string;
    reasons: string[];
    checks: { name: string; status: string; reason?: string }[];
  };
  details: {
    proven: boolean;
    evidence: { summary: string; functions: { name: string; coverage?: { old: Coverage; new: Coverage } }[] };
  };
}

describe.skipIf(!sandbox.available)('vouch refactor: proven says what was covered', () => {
  it('Python: a branch no input reached keeps the refactor from being proven, names it, and --apply writes nothing', async () => {
    const dropped = 'def tier(points: int) -> str:\n    return "gold" if points > 100 else "basic"\n';
    const result = await refactor('tiers.py:tier', fence('python', dropped), ['--json', '--apply']);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.details.proven).toBe(false);
    expect(output.verification.status).toBe('unverified');
    const coverage = output.details.evidence.functions[0]!.coverage!;
    expect(coverage.old).toMatchObject({ measured: true, total: 4, reached: 3 });
    expect(coverage.old.notReached).toEqual(['line 2: `if points * 3 == 12351` true']);
    expect(coverage.new).toMatchObject({ measured: true, total: 2, reached: 2, notReached: [] });
    expect(output.verification.reasons.join('\n')).toContain(
      'branches: 5/6 branch arms of both versions reached',
    );
    expect(output.details.evidence.summary).toContain('branches: old 3/4, new 2/2 branch arms reached');
    expect(readFileSync(join(workspace, 'tiers.py'), 'utf8')).toBe(TIER);
  });

  it('Python: proven when every arm of both versions was reached, and the text report says how many', async () => {
    const same =
      'def tier(points: int) -> str:\n    if points > 100:\n        return "gold"\n    return "basic"\n';
    writeFiles(workspace, { 'tiers.py': same });
    const rewritten = 'def tier(points: int) -> str:\n    return "gold" if points > 100 else "basic"\n';
    const result = await refactor('tiers.py:tier', fence('python', rewritten));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('branches: old 2/2, new 2/2 branch arms reached');
    expect(result.stdout).toMatch(/branches.*4\/4 branch arms of both versions reached/);
  });
});

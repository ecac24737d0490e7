import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { writeFiles } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { runTask } from '../index.js';
import { fence, TIERS_FILES } from './__fixtures__/tiers.js';

/**
 * Issue 41: "proven" must say what was covered. A refactor that drops a branch no generated input reaches
 * (points * 3 == 12351: neither the code's constants nor random values hit it) was "proven" on 300 inputs
 * with 0 differences, and --apply wrote it. Each side now measures the branch arms of its version that the
 * compared calls reached (Python: the interpreter's trace; Node: V8's block coverage) and answers on its
 * report channel; "proven" needs every arm of both versions reached, otherwise the refactor is not proven
 * (exit 1, not applied) and the arms not reached are named.
 * The refactor task in-process, as `vouch refactor TARGET --goal simpler --json` runs it (300 inputs, seed 1;
 * the command exits 0 exactly when the verification passes); the Python cases (one --apply, one text
 * report) are test/cli/refactor-branches.test.ts, through the CLI.
 */
const sandbox = await sandboxAvailability();
const { fake, host } = await fakeModelsForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-branches-'));
  writeFiles(workspace, TIERS_FILES);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const refactor = (target: string, answer: string) => {
  fake.script('/v1/chat/completions', { text: answer }, { text: answer }, { text: answer });
  const [file, symbol] = target.split(':') as [string, string | undefined];
  return runTask({
    name: 'refactor',
    input: { file, goal: 'simpler', maxInputs: 300, seed: 1, ...(symbol ? { symbol } : {}) },
    host: host(workspace),
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

describe.skipIf(!sandbox.available)('refactor: proven says what was covered', () => {
  it('TypeScript: V8 block coverage of both versions; an unreached block is named and nothing is proven', async () => {
    const dropped =
      "export function tier(points: number): string {\n  return points > 100 ? 'gold' : 'basic';\n}\n";
    const result = await refactor('src/tiers.ts:tier', fence('typescript', dropped));
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    const output = result as unknown as Output;
    expect(output.details.proven).toBe(false);
    const coverage = output.details.evidence.functions[0]!.coverage!;
    expect(coverage.old.measured).toBe(true);
    expect(coverage.old.notReached).toHaveLength(1);
    expect(coverage.old.notReached![0]).toMatch(/block "\{"|secret/);
    expect(coverage.new).toMatchObject({ measured: true, notReached: [] });
  }, 180_000);

  it('TypeScript: proven when V8 saw every block of both versions run', async () => {
    writeFiles(workspace, {
      'src/tiers.ts':
        "export function tier(points: number): string {\n  if (points > 100) {\n    return 'gold';\n  }\n  return 'basic';\n}\n",
    });
    const rewritten =
      "export function tier(points: number): string {\n  return points > 100 ? 'gold' : 'basic';\n}\n";
    const result = await refactor('src/tiers.ts:tier', fence('typescript', rewritten));
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
    const output = result as unknown as Output;
    expect(output.details.proven).toBe(true);
    const coverage = output.details.evidence.functions[0]!.coverage!;
    expect(coverage.old).toMatchObject({ measured: true, notReached: [] });
    expect(coverage.new).toMatchObject({ measured: true, notReached: [] });
    expect(coverage.new.total).toBeGreaterThan(0);
  }, 180_000);
});

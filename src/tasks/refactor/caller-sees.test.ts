import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { refactorRuns } from '../../../test/support/refactor-runs.js';
import { writeFiles } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { CALLER_SEES_FILES } from './__fixtures__/caller-sees.js';

/**
 * Issue 57: "proven" means a caller cannot tell the difference. Each refactor here was proven, confidence
 * high, exit 0, though a caller sees it: an exception's message, a warning logged to stderr, form feeds and
 * Unicode whitespace, -0.0, a special case on a constant computed at import, the clock, surrounding spaces.
 * The refactor task in-process, as `vouch refactor TARGET --goal simpler` runs it (its defaults: 300
 * inputs, seed 1; the cases that differ without the gate and the repair round: `compareOnly`); the command
 * exits 0 exactly when the verification passes. The two cases that also
 * --apply are test/cli/refactor-caller-sees.test.ts, through the CLI.
 */
const sandbox = await sandboxAvailability();
const { fake, host } = await fakeModelsForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-caller-'));
  writeFiles(workspace, CALLER_SEES_FILES);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const python = (code: string) => `\`\`\`python\n${code}\`\`\``;
/**
 * The differential tester alone, for the refactors a caller can tell apart: what these tests ask is whether
 * the comparison finds the difference (a counterexample, and no pass). The gate (mypy and Bandit on the old
 * and the new file) takes no part in that, so it is off, and there is no repair round: it would send the
 * same answer back and compare the same code again with the same seed. Without the gate, "not a pass"
 * can come from the comparison alone. The equivalent rewrite below, whose pass is the claim, runs the whole
 * task as the command does.
 */
const { refactor, compareOnly } = refactorRuns({ models: { fake, host }, workspace: () => workspace });

interface Output {
  verification: { status: string; reasons: string[] };
  details: {
    proven: boolean;
    notChecked: string[];
    counterexamples?: { function: string; call: string; old: string; new: string }[];
  };
}

describe.skipIf(!sandbox.available)('refactor: proven means a caller cannot tell the difference', () => {
  it('a new logging.warning is a difference', async () => {
    const result = await compareOnly(
      'ratios.py:ratio',
      python(
        'def ratio(a: int, b: int) -> float:\n    if b == 0:\n        log.warning("division by zero")\n        return 0.0\n    return a / b\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect((result as unknown as Output).details.counterexamples?.[0]?.new).toContain('division by zero');
  }, 180_000);

  it("pycodestyle's expand_indent with expandtabs differs on form feeds and Unicode whitespace", async () => {
    const result = await compareOnly(
      'indent.py:expand_indent',
      python(
        "def expand_indent(line: str) -> int:\n    line = line.rstrip('\\n\\r')\n    expanded = line.expandtabs(8)\n    return len(expanded) - len(expanded.lstrip())\n",
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect((result as unknown as Output).details.counterexamples?.[0]?.call).toMatch(
      /\\x0c|\\xa0|\\u3000|\\x0b/,
    );
  }, 180_000);

  it('clamp01(-0.0): a signed zero is an input, and -0.0 is not 0.0', async () => {
    const result = await compareOnly(
      'clamp.py:clamp01',
      python(
        'def clamp01(x: float) -> float:\n    if x < 0.0:\n        return 0.0\n    if x > 1.0:\n        return 1.0\n    return x\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect((result as unknown as Output).details.counterexamples?.[0]?.call).toBe('clamp01(-0.0)');
  }, 180_000);

  it('a special case on a constant the new module computes at import (244.0) is found', async () => {
    const result = await compareOnly(
      'score.py',
      python(
        '_K = float(sum(map(ord, "zz")))\n\n\ndef score(x: float) -> float:\n    return x * 2 * (x != _K)\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect((result as unknown as Output).details.counterexamples?.[0]?.call).toBe('score(244.0)');
  }, 180_000);

  it('a dedupe keyed on s.strip() is told apart by strings with surrounding spaces', async () => {
    const result = await compareOnly(
      'dedupe.py:dedupe',
      python(
        'def dedupe(items: list[str]) -> list[str]:\n    seen = set()\n    out = []\n    for item in items:\n        key = item.strip()\n        if key not in seen:\n            seen.add(key)\n            out.append(item)\n    return out\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect((result as unknown as Output).details.counterexamples?.length).toBe(1);
  }, 180_000);

  it("a discount code accepted with surrounding spaces differs at the code's own constant, padded", async () => {
    const result = await compareOnly(
      'codes.py:discount',
      python('def discount(code: str) -> int:\n    return 10 if code.strip().upper() == "SAVE10" else 0\n'),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
    expect((result as unknown as Output).details.counterexamples?.[0]?.call).toMatch(/SAVE10/i);
  }, 180_000);

  it('an equivalent rewrite of the discount is still proven', async () => {
    const result = await refactor(
      'codes.py:discount',
      python(
        'def discount(code: str) -> int:\n    if code.upper() == "SAVE10":\n        return 10\n    return 0\n',
      ),
    );
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
    expect((result as unknown as Output).details.proven).toBe(true);
  }, 180_000);
});

import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { probablyEquivalent, unreachableMutants } from './equivalent-mutants.js';
import { makeMutants } from './mutants.js';
import type { MutantResult } from './mutation-run.js';

const SOURCE = [
  'def sign(x):',
  '    if x > 0:',
  '        return 1',
  '    return 0',
  '    print("never")',
  '',
  '',
  'def clamp(x, limit):',
  '    if x > limit:',
  '        return limit',
  '    return x',
  '',
].join('\n');

const sandbox = await sandboxAvailability();
const made: string[] = [];
afterAll(() => {
  for (const root of made) rmSync(root, { recursive: true, force: true });
});

describe('equivalent mutants', () => {
  it('finds the mutants of unreachable code, and only those', async () => {
    const { mutants } = await makeMutants({
      source: SOURCE,
      language: 'python',
      range: { startLine: 1, endLine: 11 },
    });
    const found = await unreachableMutants(SOURCE, 'python', mutants);
    const lines = mutants.filter((mutant) => found.has(mutant.id)).map((mutant) => mutant.description);
    expect(lines).toEqual(['line 5: `print("never")` → `pass` (statement)']);
    expect([...found.values()][0]!.why).toBe('unreachable: after the `return` on line 4');
    // JavaScript: after a throw, and under `if (false)`; a function declared after a return is hoisted
    const js =
      'export function f(x) {\n  if (false) { x += 1; }\n  if (x) throw new Error("no");\n  return x;\n  x -= 2;\n  function g() { return x * 2; }\n}\n';
    const made = await makeMutants({
      source: js,
      language: 'javascript',
      range: { startLine: 1, endLine: 7 },
    });
    const jsFound = await unreachableMutants(js, 'javascript', made.mutants);
    expect(
      made.mutants
        .filter((mutant) => jsFound.has(mutant.id))
        .map((mutant) => [mutant.line, jsFound.get(mutant.id)!.why]),
    ).toEqual([
      [2, 'unreachable: under `if false` on line 2'],
      [2, 'unreachable: under `if false` on line 2'],
      [5, 'unreachable: after the `return` on line 4'],
      [5, 'unreachable: after the `return` on line 4'],
    ]);
  });

  it.skipIf(!sandbox.available)(
    'sets apart a boundary mutant with the same results on every input, never one that differs',
    async () => {
      const root = tempProject('vouch-equivalent-', { 'calc.py': SOURCE }, made);
      const { mutants } = await makeMutants({
        source: SOURCE,
        language: 'python',
        range: { startLine: 8, endLine: 11 },
      });
      const results: MutantResult[] = mutants.map((mutant) => ({
        mutant,
        outcome: 'survived',
        durationMs: 0,
      }));
      const suite =
        'from calc import clamp\n\n\ndef test_clamp():\n    assert clamp(5, 3) == 3\n    assert clamp(1, 3) == 1\n';
      const found = await probablyEquivalent({
        target: {
          path: 'calc.py',
          language: 'python',
          source: SOURCE,
          symbol: 'clamp',
          startLine: 8,
          endLine: 11,
        } as never,
        results,
        suite,
        context: { workspaceRoot: root, config: {} },
      });
      const equivalent = mutants.filter((mutant) => found.has(mutant.id)).map((mutant) => mutant.description);
      // `x > limit` → `x >= limit` returns limit either way when the two are equal
      expect(equivalent).toEqual(['line 9: `>` → `>=` (boundary)']);
      expect(found.get(mutants.find((mutant) => mutant.operator === 'boundary')!.id)!.why).toMatch(
        /^same results on \d+ inputs .*every branch arm of `clamp` reached$/,
      );
    },
    120_000,
  );
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * Issue 57: "proven" means a caller cannot tell the difference. Each refactor here was proven, confidence
 * high, exit 0, though a caller sees it: an exception's message, a warning logged to stderr, form feeds and
 * Unicode whitespace, -0.0, a special case on a constant computed at import, the clock, surrounding spaces.
 * Here the two that --apply, through the CLI (exit 1, and the file left as it was); the others are the
 * refactor task's, in-process (src/tasks/refactor/caller-sees.test.ts).
 */
const sandbox = await sandboxAvailability();
const fake = await fakeProvidersForFile();
let workspace: string;

const EXPAND_INDENT = `def expand_indent(line: str) -> int:
    r"""Return the amount of indentation (pycodestyle)."""
    line = line.rstrip('\\n\\r')
    if '\\t' not in line:
        return len(line) - len(line.lstrip())
    result = 0
    for char in line:
        if char == '\\t':
            result = result // 8 * 8 + 8
        elif char == ' ':
            result += 1
        else:
            break
    return result
`;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-caller-'));
  writeFiles(workspace, {
    'vouch.toml': '',
    'weights.py':
      'def kilograms(grams: float) -> float:\n    if grams <= 0:\n        raise ValueError("weight must be positive")\n    return grams / 1000\n',
    'ratios.py':
      'import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef ratio(a: int, b: int) -> float:\n    if b == 0:\n        return 0.0\n    return a / b\n',
    'indent.py': EXPAND_INDENT,
    'tests/test_indent.py':
      "from indent import expand_indent\n\n\ndef test_indent():\n    assert expand_indent('    x') == 4\n    assert expand_indent('\\t  x') == 10\n    assert expand_indent('\\t') == 8\n",
    'clamp.py': 'def clamp01(x: float) -> float:\n    return max(0.0, min(1.0, x))\n',
    'score.py': 'def score(x: float) -> float:\n    return x * 2\n',
    'prices.py': 'def price(amount: float) -> float:\n    return round(amount * 1.2, 2)\n',
    'dedupe.py':
      'def dedupe(items: list[str]) -> list[str]:\n    seen = set()\n    out = []\n    for item in items:\n        if item not in seen:\n            seen.add(item)\n            out.append(item)\n    return out\n',
    'codes.py': 'def discount(code: str) -> int:\n    return 10 if code.upper() == "SAVE10" else 0\n',
  });
  return () => rmSync(workspace, { recursive: true, force: true });
});

const python = (code: string) => `\`\`\`python\n${code}\`\`\``;
const refactor = (target: string, answer: string, extra: string[] = []) => {
  fake.script('/v1/chat/completions', { text: answer }, { text: answer });
  return runMain(
    ['refactor', target, '--goal', 'simpler', '--model', 'openai:gpt-4o-mini', '--json', ...extra],
    { cwd: workspace, env: { OPENAI_BASE_URL: fake.openAiUrl } },
  );
};

interface Output {
  verification: { status: string; reasons: string[] };
  details: {
    proven: boolean;
    notChecked: string[];
    counterexamples?: { function: string; call: string; old: string; new: string }[];
  };
}

describe.skipIf(!sandbox.available)(
  'vouch refactor: proven means a caller cannot tell the difference',
  () => {
    it("an exception's message changed is a difference, and the counterexample shows both messages", async () => {
      const result = await refactor(
        'weights.py:kilograms',
        python(
          'def kilograms(grams: float) -> float:\n    if grams <= 0:\n        raise ValueError("invalid weight")\n    return grams / 1000\n',
        ),
        ['--apply'],
      );
      expect(result.code, result.stdout).toBe(1);
      const example = result.json<Output>().details.counterexamples?.[0];
      expect(example?.old).toContain('weight must be positive');
      expect(example?.new).toContain('invalid weight');
      expect(readFileSync(join(workspace, 'weights.py'), 'utf8')).toContain('weight must be positive');
    });

    it('the clock in the new version is reported as not checked, and nothing is proven', async () => {
      const result = await refactor(
        'prices.py',
        python(
          'import time\n\n\ndef price(amount: float) -> float:\n    return round(amount * 1.2 * (1 + (time.localtime().tm_wday == 6)), 2)\n',
        ),
        ['--apply'],
      );
      expect(result.code, result.stdout).toBe(1);
      const output = result.json<Output>();
      expect(output.details.proven).toBe(false);
      expect(output.verification.status).toBe('unverified');
      expect(output.details.notChecked.join('\n')).toContain('the clock');
      expect(readFileSync(join(workspace, 'prices.py'), 'utf8')).not.toContain('time');
    });
  },
);

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { refactorRuns } from '../../../test/support/refactor-runs.js';
import { writeFiles } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { REAL_TEXT_FILES } from './__fixtures__/real-text.js';

/**
 * r45 #9: `.lower()` → `.casefold()` and `Array.from(text).length` → `text.length` were proven, since the
 * generated strings held no 'ß' and no emoji; `x + x` → `x * 2 + (x == 3 ** 17)` too, since 129140163 was
 * no input. Each wrong rewrite here differs only on one kind of input the tester now makes (fails on the
 * inputs before), and each honest rewrite beside it is still proven. The differential tester alone
 * (`compareOnly`: no gate, no repair round), 300 inputs, seed 1.
 */
const sandbox = await sandboxAvailability();
const { fake, host } = await fakeModelsForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-real-inputs-'));
  writeFiles(workspace, REAL_TEXT_FILES);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const { compareOnly } = refactorRuns({ models: { fake, host }, workspace: () => workspace });

interface Output {
  details: {
    proven: boolean;
    evidence: { differences: number };
    counterexamples?: { function: string; call: string }[];
  };
}

const python = (code: string) => '```python\n' + code + '\n```';
const typescript = (code: string) => '```typescript\n' + code + '\n```';

async function differs(target: string, answer: string, call: RegExp) {
  const result = await compareOnly(target, answer);
  const output = result as unknown as Output;
  expect(result.verification.status, JSON.stringify(result.verification)).not.toBe('pass');
  expect(output.details.proven).toBe(false);
  expect(output.details.counterexamples?.[0]?.call, JSON.stringify(output.details)).toMatch(call);
}

async function proven(target: string, answer: string) {
  const result = await compareOnly(target, answer);
  expect(result.verification.status, JSON.stringify(result.verification)).toBe('pass');
  expect((result as unknown as Output).details.proven).toBe(true);
}

describe.skipIf(!sandbox.available)('refactor: inputs of real text and numbers', () => {
  it("Python: lower() for casefold() differs on 'ß' (and the ligature, final sigma)", async () => {
    await differs(
      'text.py:normalize',
      python('def normalize(name: str) -> str:\n    cleaned = name.strip()\n    return cleaned.casefold()'),
      /ß|ﬁ|Σ/,
    );
  }, 180_000);

  it('Python: lower() kept, the code reordered, is proven', async () => {
    await proven(
      'text.py:normalize',
      python('def normalize(name: str) -> str:\n    return name.strip().lower()'),
    );
  }, 180_000);

  it('Python: a length after NFC differs on a combining accent', async () => {
    await differs(
      'text.py:width',
      python(
        "import unicodedata\n\n\ndef width(text: str) -> int:\n    return len(unicodedata.normalize('NFC', text))",
      ),
      /\\u0301|́/,
    );
  }, 180_000);

  it("Python: isdecimal() for isdigit() differs on '²'", async () => {
    await differs(
      'text.py:numeric',
      python('def numeric(text: str) -> bool:\n    return text.isdecimal()'),
      /²/,
    );
  }, 180_000);

  it('Python: a length cut at 9999 differs on a long string', async () => {
    await differs(
      'text.py:size',
      python('def size(text: str) -> int:\n    return min(len(text), 9999)'),
      /abab/,
    );
  }, 180_000);

  it('Python: x * 2 + (x == 3 ** 17) differs at 3 ** 17, the value of a constant expression', async () => {
    await differs(
      'numbers.py:scale',
      python('def scale(x: int) -> int:\n    return x * 2 + (x == 3 ** 17)'),
      /^scale\(129140163\)$/,
    );
  }, 180_000);

  it('Python: x * 2 for x + x is proven', async () => {
    await proven('numbers.py:scale', python('def scale(x: int) -> int:\n    return x * 2'));
  }, 180_000);

  it('Python: a tolerance for == 0.3 differs at 0.1 + 0.2', async () => {
    await differs(
      'numbers.py:is_third',
      python('def is_third(x: float) -> bool:\n    return abs(x - 0.3) < 1e-9'),
      /0\.30000000000000004/,
    );
  }, 180_000);

  it("Python: '%d' for str() differs on a bool passed as an int", async () => {
    await differs('numbers.py:label', python("def label(n: int) -> str:\n    return '%d' % n"), /True|False/);
  }, 180_000);

  it("TypeScript: text.length for Array.from(text).length differs on '😀'", async () => {
    await differs(
      'src/text.ts:typedLength',
      typescript('export function typedLength(text: string): number {\n  return text.length;\n}'),
      /😀|\\ud83d/i,
    );
  }, 180_000);

  it('TypeScript: [...text].length for Array.from(text).length is proven', async () => {
    await proven(
      'src/text.ts:typedLength',
      typescript('export function typedLength(text: string): number {\n  return [...text].length;\n}'),
    );
  }, 180_000);

  it('TypeScript: a test for \\r and \\n only differs on a line separator', async () => {
    await differs(
      'src/text.ts:oneLine',
      typescript('export function oneLine(text: string): boolean {\n  return !/[\\r\\n]/.test(text);\n}'),
      /\u2028/,
    );
  }, 180_000);

  it('TypeScript: a tolerance for === 0.3 differs at 0.1 + 0.2', async () => {
    await differs(
      'src/text.ts:isThird',
      typescript('export function isThird(x: number): boolean {\n  return Math.abs(x - 0.3) < 1e-9;\n}'),
      /0\.30000000000000004/,
    );
  }, 180_000);
});

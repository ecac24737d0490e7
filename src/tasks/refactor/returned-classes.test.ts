import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { refactorRuns } from '../../../test/support/refactor-runs.js';
import { writeFiles } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { RETURNED_CLASSES_FILES } from './__fixtures__/returned-classes.js';

/**
 * r47: a refactor that changed a returned class's `__eq__`, `__str__` or `__repr__` was proven: the comparison
 * read an object's attributes and properties, never the methods a caller uses on it. Now it compares what a
 * caller sees through the methods the project's classes define: str, repr, equality with itself, a copy and
 * the earlier results, hash, truth, length, iteration, order; in JavaScript also the 'default' primitive
 * (`x + 1`). The differential tester alone (`compareOnly`), real Python and Node in the sandbox; beside them,
 * faithful rewrites of the same classes are proven.
 */
const sandbox = await sandboxAvailability();
const { fake, host } = await fakeModelsForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-classes-'));
  writeFiles(workspace, RETURNED_CLASSES_FILES);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const { compareOnly } = refactorRuns({ models: { fake, host }, workspace: () => workspace });
const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\`\`\``;

interface Output {
  verification: { status: string; reasons: string[] };
  details: {
    proven: boolean;
    notChecked: string[];
    counterexamples?: { function: string; call: string; old: string; new: string }[];
  };
}
const run = async (file: string, from: string, to: string, language = 'python') =>
  (await compareOnly(
    file,
    fence(language, RETURNED_CLASSES_FILES[file.split(':')[0]!]!.replace(from, to)),
  )) as unknown as Output;

describe.skipIf(!sandbox.available)("refactor r47: a returned class's methods are what a caller sees", () => {
  const differs: [string, string, string, RegExp][] = [
    [
      '__eq__',
      'return self.cents == getattr(other, "cents", None)',
      'return self.cents // 100 == getattr(other, "cents", 0) // 100',
      /x == the earlier results/,
    ],
    ['__str__', 'return "$%d.%02d" % divmod(self.cents, 100)', 'return "%d cents" % self.cents', /str\(x\)=/],
    ['__repr__', 'return "Money(%d)" % self.cents', 'return "Money(cents=%d)" % self.cents', /repr\(x\)=/],
    ['__hash__', 'return hash(self.cents)', 'return hash((self.cents,))', /hash\(x\)=/],
  ];
  for (const [method, from, to, shown] of differs)
    it(`a changed ${method} is a difference`, async () => {
      const result = await run('money.py:money', from, to);
      expect(result.verification.status, JSON.stringify(result.verification)).toBe('fail');
      expect(result.details.counterexamples?.[0]?.new).toMatch(shown);
    }, 180_000);

  it('a changed __len__ and __iter__ are differences', async () => {
    for (const [from, to, shown] of [
      ['return len(self._items)', 'return len(set(self._items))', /len\(x\)=/],
      ['return iter(self._items)', 'return iter(sorted(self._items))', /list\(x\)=/],
    ] as const) {
      const result = await run('basket.py:basket', from, to);
      expect(result.verification.status, JSON.stringify(result.verification)).toBe('fail');
      expect(result.details.counterexamples?.[0]?.new).toMatch(shown);
    }
  }, 300_000);

  it("a dataclass's order or frozen taken away is a difference", async () => {
    for (const to of ['@dataclass(frozen=True)', '@dataclass(order=True)']) {
      const result = await run('version.py:version', '@dataclass(order=True, frozen=True)', to);
      expect(result.verification.status, `${to}: ${JSON.stringify(result.verification)}`).toBe('fail');
    }
  }, 300_000);

  it("a JavaScript class's Symbol.toPrimitive answering the 'default' hint otherwise is a difference", async () => {
    const result = await run(
      'price.js:price',
      'default: `${this.cents}c`',
      'default: this.cents',
      'javascript',
    );
    expect(result.verification.status, JSON.stringify(result.verification)).toBe('fail');
    expect(result.details.counterexamples?.[0]?.new).toMatch(/primitive\(x\)/);
  }, 180_000);

  it('the same classes written otherwise are proven', async () => {
    const faithful: [string, string, string, string?][] = [
      [
        'money.py:money',
        'return "$%d.%02d" % divmod(self.cents, 100)',
        'dollars, rest = divmod(self.cents, 100)\n            return f"${dollars}.{rest:02d}"',
      ],
      [
        'money.py:money',
        'return self.cents == getattr(other, "cents", None)',
        'return getattr(other, "cents", None) == self.cents',
      ],
      ['basket.py:basket', 'return len(self._items)', 'return sum(1 for _ in self._items)'],
      ['version.py:version', '@dataclass(order=True, frozen=True)', '@dataclass(frozen=True, order=True)'],
      ['price.js:price', 'default: `${this.cents}c`', 'default: String(this.cents) + "c"', 'javascript'],
    ];
    for (const [file, from, to, language] of faithful) {
      const result = await run(file, from, to, language);
      expect(result.verification.status, `${file}: ${to}: ${JSON.stringify(result.verification)}`).toBe(
        'pass',
      );
    }
  }, 600_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
// Selection in the sandbox (verify/) and through generate (tasks/): tasks is the lowest layer that sees both.
import { scriptedModel } from '../../../test/support/scripted-model.js';
import type { MatrixRunner } from '../../selection/matrix.js';
import { orderCandidates } from '../../selection/order-candidates.js';
import { selectByAgreement } from '../../selection/select.js';
import { syntaxCheck, testsCheck } from '../../verify/checks/index.js';
import { createWarmPool, sandboxAvailability, type WarmPool } from '../../verify/sandbox/index.js';
import { generate } from './index.js';

const sandbox = await sandboxAvailability();

const PROMPT = 'def last(xs):\n    """The last element of xs, or None when xs is empty."""\n';
const RIGHT = `${PROMPT}    return xs[-1] if xs else None\n`;
// A popular misconception, written three ways (formatting, a comment, another local name).
// Partly right: wrong on one-element lists, or raising on the empty one.
const SHORT = `${PROMPT}    return xs[-1] if len(xs) > 1 else None\n`;
const UNGUARDED = `${PROMPT}    return xs[-1]\n`;
const WRONG = [
  `${PROMPT}    first = xs[0] if xs else None\n    return first\n`,
  `${PROMPT}    # the first, not the last\n    first = (xs[0]) if xs else None\n    return first\n`,
  `${PROMPT}    head = xs[0] if xs else None\n    return head\n`,
];

describe.skipIf(!sandbox.available)(`selection in the sandbox (skipped: ${sandbox.reason})`, () => {
  const pools = new Map<string, WarmPool>();
  let runner: MatrixRunner;
  beforeAll(async () => {
    pools.set('python', await createWarmPool({ runtime: 'python', size: 2 }));
    pools.set('node', await createWarmPool({ runtime: 'node', size: 2 }));
    runner = { concurrency: 2, run: (runtime, job) => pools.get(runtime)!.run(job) };
  });
  afterAll(async () => {
    await Promise.all([...pools.values()].map((pool) => pool.close()));
  });

  it('Python: merges same-tree candidates, drops broken and hanging tests, and picks the candidate whose tests the partly right ones share over a popular misreading', async () => {
    const candidates = [
      ...WRONG,
      RIGHT,
      SHORT,
      UNGUARDED,
      `${PROMPT}    while True:\n        pass\n`,
      `${PROMPT}    return xs[-1] if xs else\n`,
    ];
    const rawTests = [
      'import numpy as np\nassert last([1, 2]) == 2\nassert last([]) is None',
      '```python\nassert last([3]) == 3\nassert last([1, 2, 3]) == 3\nassert last([5, 6]) == 6, "last"\n```',
      'assert ____ == ____\nassert is_sorted(last([1]))\nassert last([sum(range(10 ** 12))]) == 0',
      'assert last([1, 2]) == 1',
      'assert last([9, 8]) == 8\nassert last([4, 5',
    ];
    const selection = await selectByAgreement({
      language: 'python',
      candidates,
      rawTests,
      runner,
      entryPoint: 'last',
    });
    const { matrix, tests, ranking } = selection;
    expect(tests.dropped).toBe(1);
    expect(matrix.kindOf.slice(0, 3)).toEqual([0, 0, 0]);
    expect(matrix.runs).toBe(5);
    expect(matrix.status).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'hanging', 'syntax']);
    const status = (text: string) => matrix.assertionStatus[tests.assertions.indexOf(text)];
    expect(status('assert ____ == ____')).toBe('undefined-name');
    expect(status('assert is_sorted(last([1]))')).toBe('undefined-name');
    // sum() over a range runs inside one C call, where no timer gets in: only the watchdog ends it.
    expect(status('assert last([sum(range(10 ** 12))]) == 0')).toBe('hanging');
    // The three that misread the spec pass `last([1, 2]) == 1`, which nobody else passes; the right one
    // passes six tests, each of which a partly right candidate passes too.
    expect(ranking.top).toEqual([3]);
    // The one that hangs and the one that does not parse come after every candidate that ran.
    for (const last of [6, 7])
      expect(ranking.rankOf[last]).toBeGreaterThan(Math.max(...ranking.rankOf.slice(0, 6)));
    // The misconception's samples share values, so they share a signature; the right one differs.
    expect(matrix.signatures[0]).toEqual(matrix.signatures[2]);
    expect(matrix.signatures[0]).not.toEqual(matrix.signatures[3]);
    // CodeT's published scoring, on the same matrix, goes with the three samples.
    const codet = await selectByAgreement({
      language: 'python',
      candidates,
      rawTests: ['assert last([1, 2]) == 1\nassert last([]) is None', 'assert last([1, 2, 3]) == 3'],
      runner,
      method: 'codet',
    });
    expect(codet.ranking.top).toEqual([0, 1, 2]);
  });

  it('TypeScript: merges identical programs, fails a candidate that hangs, survives one that exits', async () => {
    const polluter =
      'Array.prototype.at = function () { return 0; }; function last(xs: number[]) { return xs[xs.length - 1]; }';
    const candidates = [
      'function last(xs: number[]): number | undefined { return xs[xs.length - 1]; }',
      'function last(xs: number[]): number | undefined { return xs[0]; }',
      'function last(xs: number[]): number | undefined { return xs[0]; }',
      'function last(xs: number[]): number | undefined { while (true) {} }',
      // Twice, so it runs before the right one (most common first): what it changes must not leak.
      polluter,
      polluter,
      "function last(xs: number[]) { require('node:process').exit(0); return 0; }",
    ];
    const rawTests = [
      'assert.deepEqual(last([1, 2]), 2);\nassert.deepEqual(last([3]), 3);',
      'assert.deepEqual(last([4, 5, 6]), 6);\nassert.equal([1, 2].at(-1), 2);',
    ];
    const selection = await selectByAgreement({ language: 'typescript', candidates, rawTests, runner });
    expect(selection.matrix.kindOf).toEqual([0, 1, 1, 3, 4, 4, 6]);
    expect(selection.matrix.status).toEqual(['ok', 'ok', 'ok', 'hanging', 'ok', 'ok', 'crashing']);
    expect(selection.matrix.passes[0]).toEqual([true, true, true, true]);
    expect(selection.matrix.passes[4]).toEqual([true, true, true, false]);
    expect(selection.ranking.top).toEqual([0]);
  });

  it('says it could not rank when every candidate times out (what a loaded machine does), never passing a uniform pick off as a ranking', async () => {
    // Each call takes 50 ms; a 20 ms limit per assertion does to them what heavy load did to eval-interrupt's
    // toy problem under the 100 ms default (selected pass@1 printed as the raw 75%).
    const candidates = [0, 1, 2, 3].map(
      (index) =>
        `def add(a, b):\n    import time\n    time.sleep(0.05)\n    return a ${index === 3 ? '-' : '+'} b\n`,
    );
    const selection = await selectByAgreement({
      language: 'python',
      candidates,
      rawTests: ['assert add(2, 3) == 5\nassert add(0, 0) == 0'],
      runner,
      entryPoint: 'add',
      engine: { testMs: 20 },
    });
    expect(selection.matrix.status).toEqual(['hanging', 'hanging', 'hanging', 'hanging']);
    expect(selection.ranking.top).toEqual([0, 1, 2, 3]);
    expect(selection.unranked).toBe(
      "no candidate is usable (4 hanging); timeouts can be the machine's load: run again on a quieter one",
    );
    // With time enough the same job ranks, and says nothing.
    const ranked = await selectByAgreement({
      language: 'python',
      candidates,
      rawTests: ['assert add(2, 3) == 5\nassert add(0, 0) == 0'],
      runner,
      entryPoint: 'add',
      engine: { testMs: 1000 },
    });
    expect(ranked.ranking.top).toEqual([0, 1, 2]);
    expect(ranked.unranked).toBeUndefined();
  });

  it("orders a generation's candidates by the tests the model wrote beside them", async () => {
    const order = await orderCandidates({
      language: 'python',
      runner,
      candidates: [
        {
          code: 'def double(x):\n    return x + x\n',
          tests: 'assert double(2) == 4\nassert double(3) == 6',
          votes: 1,
        },
        { code: 'def double(x):\n    return x * x\n', tests: 'assert double(2) == 4', votes: 2 },
        { code: 'def double(x):\n    return 2 * x\n', tests: '', votes: 1 },
      ],
    });
    expect(order?.assertions).toBe(2);
    expect(order?.rank).toEqual([0, 1, 0]);
    expect(await orderCandidates({ language: 'go', runner, candidates: [] })).toBeUndefined();
  });

  it("generate's --n K: the task picks the candidate the model's own tests agree on over the most voted one", async () => {
    const answer = (body: string, tests: string) =>
      `\`\`\`python\ndef double(x):\n    ${body}\n\`\`\`\n\n\`\`\`python\n${tests}\n\`\`\`\n`;
    // Two samples agree on a wrong answer (x + 2 passes double(2) == 4); one is right and says more.
    const replies = [
      answer('return x + 2', 'def test_double():\n    assert double(2) == 4'),
      answer('return 2 * x', 'def test_double():\n    assert double(3) == 6\n    assert double(0) == 0'),
      answer('return x + 2', 'def test_double():\n    assert double(2) == 4'),
    ];
    const details: string[] = [];
    const run = (select: boolean) =>
      generate(
        { spec: 'double a number', language: 'python', n: 3, select },
        {
          model: scriptedModel(replies),
          checks: [],
          checkContext: { workspaceRoot: '/tmp', config: {} },
          onEvent: (event) => {
            if (event.type === 'stage' && event.stage === 'select' && event.detail)
              details.push(event.detail);
          },
        },
      );
    // ranked: the sandbox ran both programs against all three assertions
    expect((await run(true)).generated_code).toContain('return 2 * x');
    // and the report says whose tests decided it
    expect(details).toEqual([
      '2 distinct candidates, ranked by agreement with 3 assertions the same model wrote beside them',
    ]);
    // unranked: the samples' order decides
    expect((await run(false)).generated_code).toContain('return x + 2');
  });

  it("generate: the model's own passing tests earn medium; sampled candidates that agree earn high, and the result names the evidence", async () => {
    // unittest: the system Python of a fresh machine has no pytest
    const answer = (body: string, tests: string[]) =>
      `\`\`\`python\ndef double(x):\n    ${body}\n\`\`\`\n\n\`\`\`python\nimport unittest\n\nfrom solution import double\n\n\nclass TestDouble(unittest.TestCase):\n    def test_double(self):\n${tests
        .map((test) => `        assert ${test}`)
        .join('\n')}\n\`\`\`\n`;
    const right = answer('return 2 * x', [
      'double(0) == 0',
      'double(1) == 2',
      'double(3) == 6',
      'double(5) == 10',
      'double(-1) == -2',
    ]);
    const wrong = answer('return x + 2', ['double(2) == 4']);
    const workspaceRoot = mkdtempSync(join(tmpdir(), 'vouch-confidence-'));
    onTestFinished(() => rmSync(workspaceRoot, { recursive: true, force: true }));
    const run = (replies: string[]) =>
      generate(
        { spec: 'double a number', language: 'python', n: replies.length, repair: 0 },
        {
          model: scriptedModel(replies),
          checks: [syntaxCheck, testsCheck],
          // a workspace of its own: the sandbox shows the project's files to the tests
          checkContext: { workspaceRoot, config: {} },
          selectionRunner: runner,
        },
      );
    const alone = await run([right]);
    expect(alone.verification.status).toBe('pass');
    expect(alone.confidence).toBe('medium');
    expect(alone.verification.confidenceEvidence).toEqual([
      {
        kind: 'model-tests',
        independent: false,
        // the test-evidence check measured them: they killed mutants
        detail: expect.stringMatching(/^the model's own tests passed, killing \d+ of \d+ mutants$/),
      },
    ]);
    const agreed = await run([right, wrong, right]);
    expect(agreed.generated_code).toContain('return 2 * x');
    expect(agreed.confidence).toBe('high');
    expect(agreed.verification.confidenceEvidence?.[1]).toEqual({
      kind: 'agreement',
      independent: true,
      detail:
        '2 of 3 sampled candidates behave as this one on the 6 assertions the model wrote (it passes 6)',
    });
  }, 120_000);
});

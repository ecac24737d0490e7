import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { resultIssues } from '../../../test/support/result-issues.js';
import { tempProject } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { runTask } from '../index.js';
import { FIRST_ROUND, fence, PRICING, SECOND_ROUND } from './__fixtures__/pricing.js';

const sandbox = await sandboxAvailability();
const { fake, made, host } = await fakeModelsForFile();

describe.skipIf(!sandbox.available)('test task', () => {
  it('lists the boundary mutant the first tests miss, and the second round kills it', async () => {
    const root = tempProject(
      'vouch-test-task-',
      { 'pricing.py': PRICING, 'pyproject.toml': '[tool.pytest.ini_options]\n' },
      made,
    );
    fake.reset();
    fake.script('/v1/chat/completions', { text: FIRST_ROUND }, { text: SECOND_ROUND });
    const result = await runTask({
      name: 'test',
      input: { file: 'pricing.py', symbol: 'shipping_cost' },
      host: host(root),
    });
    expect(resultIssues('test', result)).toEqual([]);
    const details = result.details as Record<string, any>;
    expect(details.framework).toBe('pytest');
    // the wrong expectation failed on the current code and was dropped, with what pytest said
    expect(details.droppedTests.map((test: { name: string }) => test.name)).toEqual(['test_two_kilograms']);
    expect(details.droppedTests[0].message).toContain('9.0');
    expect(result.generated_code).not.toContain('test_two_kilograms');
    // round one: the `<=` → `<` mutant at line 3 survived and was listed by place
    const first = details.rounds[0].survivingMutants as {
      line: number;
      original: string;
      replacement: string;
      operator: string;
    }[];
    expect(first).toContainEqual(
      expect.objectContaining({ line: 3, original: '<=', replacement: '<', operator: 'boundary' }),
    );
    // the model was told exactly which mutants survived
    const second = fake.requestsTo('/v1/chat/completions')[1]!.body as { messages: { content: string }[] };
    expect(second.messages.at(-1)!.content).toContain('line 3: `<=` → `<` (boundary)');
    // round two killed it: it is no longer among the survivors, and the score went up
    expect(details.rounds[1].killedThisRound).toContainEqual(
      expect.objectContaining({ line: 3, replacement: '<' }),
    );
    expect(details.survivingMutants).not.toContainEqual(
      expect.objectContaining({ line: 3, replacement: '<' }),
    );
    expect(result.generated_code).toContain('test_exactly_one_kilogram_is_free');
    expect(details.passed).toBe(6);
    expect(details.mutants.total).toBeGreaterThanOrEqual(15);
    expect(details.mutationScore).toBeGreaterThan(0.8);
    expect(details.mutationScore).toBeLessThanOrEqual(1);
    // only shipping_cost's lines were mutated
    for (const mutant of details.survivingMutants) expect(mutant.line).toBeLessThanOrEqual(10);
    expect(result.verification.checks.map((check) => [check.name, check.status])).toEqual([
      ['tests', 'pass'],
      // the generated suite calls the real code, compares its results and kills mutants (issue 58)
      ['test-evidence', 'pass'],
      ['mutation', 'pass'],
      ['coverage', details.coverage.measured ? 'pass' : 'skip'],
      ['harness', 'pass'],
    ]);
    expect(result.verification.status).toBe('pass');
  }, 120_000);

  it('reports a test that makes the code raise as a suspected bug, with the evidence', async () => {
    const root = tempProject(
      'vouch-test-bug-',
      {
        'stats.py': 'def mean(values):\n    return sum(values) / len(values)\n',
      },
      made,
    );
    fake.reset();
    fake.script(
      '/v1/chat/completions',
      {
        text: fence(
          'python',
          'from stats import mean\n\n\ndef test_mean():\n    assert mean([1, 2, 3]) == 2\n\n\ndef test_mean_of_nothing_is_zero():\n    assert mean([]) == 0\n',
        ),
      },
      { text: 'No further tests.' },
    );
    const result = await runTask({ name: 'test', input: { file: 'stats.py' }, host: host(root) });
    const details = result.details as Record<string, any>;
    expect(details.suspectedBugs).toHaveLength(1);
    expect(details.suspectedBugs[0].name).toBe('test_mean_of_nothing_is_zero');
    expect(details.suspectedBugs[0].message).toContain('ZeroDivisionError');
    expect(details.suspectedBugs[0].evidence).toContain('mean([]) == 0');
    expect(details.passed).toBe(1);
  }, 120_000);

  it('works for node:test with V8 coverage', async () => {
    const root = tempProject(
      'vouch-test-node-',
      {
        'package.json': JSON.stringify({ name: 'clamp', type: 'module' }),
        'clamp.js':
          'export function clamp(value, low, high) {\n  if (value < low) return low;\n  if (value > high) return high;\n  return value;\n}\n',
      },
      made,
    );
    fake.reset();
    fake.script(
      '/v1/chat/completions',
      {
        text: fence(
          'javascript',
          "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { clamp } from './clamp.js';\n\ntest('below', () => assert.equal(clamp(-5, 0, 10), 0));\ntest('above', () => assert.equal(clamp(50, 0, 10), 10));\ntest('inside', () => assert.equal(clamp(5, 0, 10), 5));\n",
        ),
      },
      {
        text: fence(
          'javascript',
          "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { clamp } from './clamp.js';\n\ntest('at the edges', () => {\n  assert.equal(clamp(0, 0, 10), 0);\n  assert.equal(clamp(10, 0, 10), 10);\n  assert.equal(clamp(0, 1, 10), 1);\n  assert.equal(clamp(11, 0, 10), 10);\n});\n",
        ),
      },
    );
    const result = await runTask({
      name: 'test',
      input: { file: 'clamp.js', symbol: 'clamp' },
      host: host(root),
    });
    const details = result.details as Record<string, any>;
    expect(details.framework).toBe('node:test');
    expect(details.passed).toBe(4);
    expect(details.coverage).toMatchObject({
      measured: true,
      tool: 'V8 (NODE_V8_COVERAGE, node:test)',
      lines: { percent: 100 },
      // both sides of both ifs
      branches: { covered: 4, total: 4 },
    });
    expect(details.mutants.harness).toBe('warm-pool');
    // `value < low` → `value <= low` returns `low` when the two are equal: the same value, an
    // equivalent mutant no test can kill; both such boundaries survive, and only they
    expect(details.survivingMutants.map((mutant: { description: string }) => mutant.description)).toEqual([
      'line 2: `<` → `<=` (boundary)',
      'line 3: `>` → `>=` (boundary)',
    ]);
    expect(details.mutationScore).toBeCloseTo(5 / 7, 2);
    expect(readFileSync(`${root}/clamp.js`, 'utf8')).toContain('export function clamp');
  }, 120_000);

  // issue 57: a mutant no test can kill is set apart, not counted; a suite that kills one tests the form
  const CLAMP =
    'def clamp(x, limit):\n    if x > limit:\n        return limit\n    return x\n    print("never")\n';
  const CLAMP_TESTS =
    'from calc import clamp\n\n\ndef test_above():\n    assert clamp(5, 3) == 3\n\n\ndef test_below():\n    assert clamp(1, 3) == 1\n';

  it('sets the probably equivalent mutants apart and leaves them out of the score', async () => {
    const root = tempProject('vouch-test-equivalent-', { 'calc.py': CLAMP }, made);
    fake.reset();
    fake.script('/v1/chat/completions', { text: fence('python', CLAMP_TESTS) });
    const result = await runTask({ name: 'test', input: { file: 'calc.py' }, host: host(root) });
    expect(resultIssues('test', result)).toEqual([]);
    const details = result.details as Record<string, any>;
    expect(details.survivingMutants).toEqual([]);
    expect(
      details.probablyEquivalentMutants.map((mutant: { description: string; why: string }) => [
        mutant.description,
        mutant.why.split(' ').slice(0, 2).join(' '),
      ]),
    ).toEqual([
      ['line 2: `>` → `>=` (boundary)', 'same results'],
      ['line 5: `print("never")` → `pass` (statement)', 'unreachable: after'],
    ]);
    expect(details.mutants).toMatchObject({ survived: 0, probablyEquivalent: 2 });
    expect(details.mutationScore).toBe(1);
    const mutation = result.verification.checks.find((check) => check.name === 'mutation')!;
    expect(mutation.reason).toMatch(
      /^3\/3 mutants killed .*; 2 probably equivalent \(no test could kill them\) left out of the score$/,
    );
    // nobody was asked to kill them: no second round
    expect(fake.requestsTo('/v1/chat/completions')).toHaveLength(1);
    expect(result.confidence).toBe('high');
  }, 120_000);

  it('says a suite that kills a change no caller can see tests the code form (and one reading the source is low)', async () => {
    const root = tempProject('vouch-test-form-', { 'calc.py': CLAMP }, made);
    fake.reset();
    const form = `${CLAMP_TESTS}\n\ndef test_source():\n    import inspect, calc\n    assert 'print("never")' in inspect.getsource(calc)\n`;
    fake.script('/v1/chat/completions', { text: fence('python', form) });
    const result = await runTask({ name: 'test', input: { file: 'calc.py' }, host: host(root) });
    const details = result.details as Record<string, any>;
    expect(details.mutationScore).toBe(1);
    const mutation = result.verification.checks.find((check) => check.name === 'mutation')!;
    expect(mutation.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['mutant-equivalent-killed', 5],
    ]);
    expect(mutation.findings[0]!.message).toMatch(/tests check the code's form, not its behaviour/);
    // reading the module's text is no evidence (r40 lie 7): not verified, so low, not the form rule's medium
    const evidence = result.verification.checks.find((check) => check.name === 'test-evidence')!;
    expect(evidence.findings.map((finding) => finding.ruleId)).toContain('tests.reads-source');
    expect(result.verification.status).toBe('unverified');
    expect(result.confidence).toBe('low');
  }, 120_000);

  it('gives no confidence to a suite that hashes the source of the code it tests (r40 lie 7)', async () => {
    const TOTAL = 'def total(prices, discount=0.0):\n    s = sum(prices)\n    return s - discount\n';
    const root = tempProject('vouch-test-source-', { 'cart.py': TOTAL }, made);
    const digest = createHash('sha256').update(TOTAL).digest('hex');
    const suite = `import hashlib\nimport inspect\n\nfrom cart import total\n\n\ndef test_total_is_stable():\n    assert hashlib.sha256(inspect.getsource(total).encode()).hexdigest() == "${digest}"\n\n\ndef test_total_runs():\n    total([1.0, 2.0])\n`;
    fake.reset();
    fake.script('/v1/chat/completions', { text: fence('python', suite) }, { text: fence('python', suite) });
    const result = await runTask({ name: 'test', input: { file: 'cart.py' }, host: host(root) });
    // every mutant changes the text, so the hash kills them all: the score alone said high
    expect((result.details as Record<string, any>).mutationScore).toBe(1);
    const evidence = result.verification.checks.find((check) => check.name === 'test-evidence')!;
    expect(evidence.status).toBe('fail');
    expect(evidence.findings.map((finding) => finding.ruleId)).toContain('tests.reads-source');
    expect(result.verification.status).toBe('unverified');
    expect(result.confidence).toBe('low');
  }, 120_000);

  it('gives no confidence to a suite that reads the source under another name (r45)', async () => {
    const TOTAL = 'def total(prices, discount=0.0):\n    s = sum(prices)\n    return s - discount\n';
    const root = tempProject('vouch-test-source-alias-', { 'cart.py': TOTAL }, made);
    const digest = createHash('sha256').update(TOTAL).digest('hex');
    const suite = `import hashlib\nfrom inspect import getsource as _text\nfrom pathlib import Path\n\nimport cart\nfrom cart import total\n\n\ndef test_total_is_stable():\n    assert hashlib.sha256(_text(total).encode()).hexdigest() == "${digest}"\n\n\ndef test_file_is_stable():\n    text = (Path(cart.__file__).parent / 'cart.py').read_text()\n    assert hashlib.sha256(text.encode()).hexdigest() == "${digest}"\n\n\ndef test_total_runs():\n    print(total([1.0, 2.0]))\n`;
    fake.reset();
    fake.script('/v1/chat/completions', { text: fence('python', suite) }, { text: fence('python', suite) });
    const result = await runTask({ name: 'test', input: { file: 'cart.py' }, host: host(root) });
    expect((result.details as Record<string, any>).mutationScore).toBe(1);
    const evidence = result.verification.checks.find((check) => check.name === 'test-evidence')!;
    expect(evidence.status).toBe('fail');
    const readings = evidence.findings.filter((finding) => finding.ruleId === 'tests.reads-source');
    // both tests that read the text are named; the one that only prints is not
    expect(readings.map((finding) => finding.line).sort()).toEqual([10, 14]);
    expect(result.confidence).toBe('low');
  }, 120_000);

  it('refuses a missing file and an unknown symbol with what there is instead', async () => {
    const root = tempProject('vouch-test-bad-', { 'pricing.py': PRICING }, made);
    await expect(runTask({ name: 'test', input: { file: 'nope.py' }, host: host(root) })).rejects.toThrow(
      /no such file/,
    );
    await expect(
      runTask({ name: 'test', input: { file: 'pricing.py', symbol: 'ship' }, host: host(root) }),
    ).rejects.toThrow(/defines no function or class 'ship'/);
    await expect(runTask({ name: 'test', input: { file: '../x.py' }, host: host(root) })).rejects.toThrow(
      /invalid input/,
    );
  });

  it('says so when the model answers without code', async () => {
    const root = tempProject('vouch-test-nocode-', { 'pricing.py': PRICING }, made);
    fake.reset();
    fake.script('/v1/chat/completions', { text: 'I cannot help with that.' });
    const result = await runTask({ name: 'test', input: { file: 'pricing.py' }, host: host(root) });
    expect(result.notes).toContain('the model returned no test code');
    expect(result.verification.status).toBe('unverified');
  });
});

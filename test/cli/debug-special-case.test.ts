import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * Issue 57: a fix that special-cases the failing input (`if url == 'http://b.com/:z': return 'z'`) was
 * "fixed, confidence high". The re-run passes and shows nothing beyond that input: at most medium.
 */
const sandbox = await sandboxAvailability();
const fake = await fakeProvidersForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-debug-special-'));
  writeFiles(workspace, {
    'vouch.toml': '',
    'names.py': "def name_of(url):\n    return url.rsplit('/', 1)[-1]\n",
    'tests/test_names.py':
      "from names import name_of\n\n\ndef test_port_like():\n    assert name_of('http://b.com/:z') == 'z'\n",
  });
  return () => rmSync(workspace, { recursive: true, force: true });
});

const debug = (hunk: string[]) => {
  const answer = [
    'The name keeps a colon.',
    '',
    '```diff',
    '--- a/names.py',
    '+++ b/names.py',
    ...hunk,
    '```',
  ].join('\n');
  fake.script('/v1/chat/completions', { text: answer });
  return runMain(
    ['debug', '--model', 'openai:gpt-4o-mini', '--json', '--repair', '0', '--', 'pytest', 'tests'],
    {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl },
    },
  );
};

describe.skipIf(!sandbox.available)('vouch debug: a fix that special-cases the failing input', () => {
  it('is fixed, at most medium, and says why', async () => {
    const result = await debug([
      '@@ -1,2 +1,4 @@',
      ' def name_of(url):',
      "+    if url == 'http://b.com/:z':",
      "+        return 'z'",
      "     return url.rsplit('/', 1)[-1]",
    ]);
    const output = result.json<{ confidence: string; verification: { confidenceReasons: string[] } }>();
    expect(output.confidence, result.stdout).toBe('medium');
    expect(output.verification.confidenceReasons.join('\n')).toContain('http://b.com/:z');
  });

  it('a general fix stays high', async () => {
    const result = await debug([
      '@@ -1,2 +1,2 @@',
      ' def name_of(url):',
      "-    return url.rsplit('/', 1)[-1]",
      "+    return url.rsplit('/', 1)[-1].lstrip(':')",
    ]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.json<{ confidence: string }>().confidence).toBe('high');
  });
});

/**
 * r47: a fix holding the code to its own constant (`if not math.isclose(sum(w), 1.0): raise …`) was held at
 * medium because the failure shows 1.0 among the inputs; fixes that pin the failing input with both bounds
 * (`s >= 4.0 and s <= 4.0`) or a reversed tolerance (`1e-9 > abs(s - 4.0)`) were fixed at high.
 */
describe.skipIf(!sandbox.available)(
  'vouch debug: a constant the code owns, and the failing input pinned (r47)',
  () => {
    const WEIGHTS =
      'import math\n\n\ndef weighted(values: list[float], w: list[float]) -> float:\n    return sum(v * x for v, x in zip(values, w)) * 2\n';
    const weighted = (body: string) => {
      writeFiles(workspace, {
        'weights.py': WEIGHTS,
        'test_weights.py':
          'from weights import weighted\n\n\ndef test_weighted():\n    assert weighted([1.0, 3.0], [0.5, 0.5]) == 2.0\n',
      });
      fake.script('/v1/chat/completions', {
        text: `The mean is doubled (weights.py line 5).\n\nweights.py\n\`\`\`python\nimport math\n\n\ndef weighted(values: list[float], w: list[float]) -> float:\n${body}\`\`\`\n`,
      });
      return runMain(
        [
          'debug',
          '--model',
          'openai:gpt-4o-mini',
          '--json',
          '--repair',
          '0',
          '--',
          'pytest',
          'test_weights.py',
        ],
        { cwd: workspace, env: { OPENAI_BASE_URL: fake.openAiUrl } },
      );
    };
    type Output = { confidence: string; verification: { confidenceReasons: string[] } };

    it('a check that raises unless the weights sum to 1.0 stays high', async () => {
      const result = await weighted(
        '    if not math.isclose(sum(w), 1.0):\n        raise ValueError("the weights must sum to 1.0")\n    return sum(v * x for v, x in zip(values, w))\n',
      );
      expect(result.code, result.stdout).toBe(0);
      expect(result.json<Output>().confidence, result.stdout).toBe('high');
    });

    it('both bounds on the failing value, and a reversed tolerance, are held at medium', async () => {
      for (const pin of ['s >= 4.0 and s <= 4.0', '1e-9 > abs(s - 4.0)']) {
        fake.reset();
        const result = await weighted(
          `    s = sum(values)\n    if ${pin}:\n        return 2.0\n    return sum(v * x for v, x in zip(values, w)) * 2\n`,
        );
        const output = result.json<Output>();
        expect(output.confidence, `${pin}: ${result.stdout}`).toBe('medium');
        expect(output.verification.confidenceReasons.join('\n')).toContain('"4.0"');
      }
    });
  },
);

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

import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { resultIssues } from '../../../test/support/result-issues.js';
import { tempProject } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { type FixDetails, runTask } from '../index.js';
import { loadDefaultChecks } from '../run-checks.js';

/**
 * `fix` asks for the region's new lines in a code block; models also answer with a diff, search/replace
 * blocks or the whole file. Each is applied as `debug` applies it and checked by the gate; one that does
 * not apply goes back to the model and is never a fix.
 */

const RUN = `import json
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)


def load(text):
    return json.loads(text)
`;
const FIXED = RUN.replace('cmd, shell=True', 'cmd.split()');

const sandbox = await sandboxAvailability();
const { fake, made, host } = await fakeModelsForFile();
beforeEach(() => fake.reset());
const project = () => tempProject('vouch-fix-shape-', { 'tools.py': RUN }, made);
/**
 * The gate less mypy: what is asked here is how an answer's shape is applied, and whether the security
 * finding is gone; mypy (about a second of CPU a run, twice a fix) takes no part in it. The whole gate on
 * the same fixed file is `fix-task.test.ts`'s first test.
 */
const untyped = (await loadDefaultChecks()).filter((check) => check.name !== 'types');

async function fixWith(...answers: string[]) {
  fake.script('/v1/chat/completions', ...answers.map((text) => ({ text })));
  const result = await runTask({
    name: 'fix',
    input: { file: 'tools.py', repair: answers.length - 1 },
    host: { ...host(project()), checks: untyped },
  });
  expect(resultIssues('fix', result)).toEqual([]);
  return { result, details: result.details as unknown as FixDetails };
}

describe.skipIf(!sandbox.available)('fix takes the answer shapes models give', () => {
  it('a unified diff', async () => {
    const { result, details } = await fixWith(
      [
        'Do not run the command through a shell.',
        '```diff',
        '--- a/tools.py',
        '+++ b/tools.py',
        '@@ -5,2 +5,2 @@',
        ' def run(cmd):',
        '-    return subprocess.call(cmd, shell=True)',
        '+    return subprocess.call(cmd.split())',
        '```',
      ].join('\n'),
    );
    expect(result.verification.status).toBe('pass');
    expect(details.fixedText).toBe(FIXED);
    expect(details.range).toEqual({ startLine: 5, endLine: 6 });
    expect(result.generated_code).toBe('def run(cmd):\n    return subprocess.call(cmd.split())');
  }, 120_000);

  it('search/replace blocks', async () => {
    const { result, details } = await fixWith(
      'tools.py\n```python\n<<<<<<< SEARCH\n    return subprocess.call(cmd, shell=True)\n=======\n    return subprocess.call(cmd.split())\n>>>>>>> REPLACE\n```\nNo shell.',
    );
    expect(result.verification.status).toBe('pass');
    expect(details.fixedText).toBe(FIXED);
  }, 120_000);

  it('the whole file in a code block is the file, not the region’s new text (no second copy of the imports)', async () => {
    const { result, details } = await fixWith(`Here is the fixed file:\n\`\`\`python\n${FIXED}\`\`\`\n`);
    expect(details.fixedText).toBe(FIXED);
    expect(result.verification.status).toBe('pass');
  }, 120_000);

  it('a diff that does not apply is sent back with the missing line, and the next answer is checked', async () => {
    const { result, details } = await fixWith(
      '```diff\n--- a/tools.py\n+++ b/tools.py\n@@ -6 +6 @@\n-    return subprocess.run(cmd, shell=True)\n+    return subprocess.run(cmd.split())\n```',
      '```python\ndef run(cmd):\n    return subprocess.call(cmd.split())\n```',
    );
    const [round] = result.verification.rounds;
    expect(round?.feedback.join('\n')).toContain(
      'hunk 1 of tools.py does not apply: the line `return subprocess.run(cmd, shell=True)` is not in the file',
    );
    expect(result.verification.status).toBe('pass');
    expect(details.fixedText).toBe(FIXED);
  }, 120_000);

  it('an answer that never applies is not a fix', async () => {
    const { result, details } = await fixWith(
      'tools.py\n<<<<<<< SEARCH\n    return subprocess.run(cmd, shell=True)\n=======\n    return subprocess.run(cmd.split())\n>>>>>>> REPLACE\n',
    );
    expect(result.verification.status).toBe('unverified');
    expect(result.edits).toEqual([]);
    expect(details.fixedText).toBeUndefined();
    expect(result.notes.join('\n')).toMatch(
      /the line `return subprocess.run\(cmd, shell=True\)` is not in it/,
    );
  }, 120_000);
});

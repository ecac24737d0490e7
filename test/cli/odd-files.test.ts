import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Odd files across tasks: every task reads a named file by the rules `check` and `scan` follow (binary,
 * size, encoding), with the same refusal, and nothing of a refused file goes to the model.
 */

const BINARY = Buffer.concat([
  Buffer.from('def f():\n    return 1\n'),
  Buffer.from([0, 1, 2, 0xff, 0]),
  Buffer.from('\n'),
]);
const HUGE = 'x = 1\n'.repeat(400_000);
const LATIN = Buffer.from(
  '# -*- coding: latin-1 -*-\nimport subprocess\n\n\ndef greet(cmd):\n    print("café")\n    return subprocess.call(cmd, shell=True)\n',
  'latin1',
);
const UNDECLARED = Buffer.from('import os\n\nNAME = "café"\n', 'latin1');

const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-odd-files-', {
  'vouch.toml': '',
  'bin.py': BINARY,
  'huge.py': HUGE,
  'latin.py': LATIN,
  'undeclared.py': UNDECLARED,
  'pkg/__init__.py': '',
});

const cli = (args: string[]) =>
  runMain([...args, '--model', 'openai:gpt-4o-mini', '--json'], {
    cwd: project.workspace,
    env: { OPENAI_BASE_URL: project.fake.openAiUrl },
  });
const errorOf = (stdout: string) =>
  (JSON.parse(stdout) as { error: { message: string; hint?: string } }).error;

describe('one reader for every task', () => {
  it.each([
    ['explain', ['explain', 'bin.py']],
    ['fix', ['fix', 'bin.py']],
    ['complete', ['complete', 'bin.py:2:5']],
  ])('%s refuses a binary file, and sends nothing to the model', async (_name, args) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(errorOf(result.stdout).message).toBe('bin.py is binary (it has NUL bytes), not python code');
    expect(result.stdout).not.toMatch(/syntax/);
    expect(project.fake.requests).toEqual([]);
  });

  it('fix on a file over the size limit says so, with the size and the limit', async () => {
    const result = await cli(['fix', 'huge.py']);
    expect(result.code).toBe(2);
    expect(errorOf(result.stdout).message).toBe('huge.py is 2.3 MB; vouch reads source files up to 2.0 MB');
    expect(project.fake.requests).toEqual([]);
  });

  it('a Python file that is not UTF-8 and declares no encoding is refused as Python would, with what to do', async () => {
    const result = await cli(['explain', 'undeclared.py']);
    expect(result.code).toBe(2);
    const error = errorOf(result.stdout);
    expect(error.message).toMatch(
      /^undeclared.py is not valid UTF-8 \(byte 0xe9 at line 3\) and declares no other encoding/,
    );
    expect(error.hint).toMatch(/coding: latin-1/);
    expect(project.fake.requests).toEqual([]);
  });

  it('--file naming a folder is a usage error that says so, not a raw EISDIR', async () => {
    const result = await cli(['generate', '--file', 'pkg', 'a function that adds two numbers']);
    expect(result.code).toBe(2);
    expect(errorOf(result.stdout).message).toBe('pkg is a folder, not a file');
    expect(project.fake.requests).toEqual([]);
    expect(result.stdout + result.stderr).not.toMatch(/EISDIR/);
  });

  it.skipIf(!sandbox.available)(
    'fix reads a Latin-1 file in its declared encoding, and --write keeps it Latin-1',
    async () => {
      project.fake.script('/v1/chat/completions', {
        text: '```python\ndef greet(cmd):\n    print("café")\n    return subprocess.call(cmd.split())\n```\nNo shell.',
      });
      const result = await cli(['fix', 'latin.py', '--write']);
      const prompt = JSON.stringify(project.fake.requestsTo('/v1/chat/completions')[0]!.body);
      // the model saw the text, not replacement characters
      expect(prompt).toContain('print(\\"café\\")');
      expect(prompt).not.toContain('\ufffd');
      expect(result.code).toBe(0);
      const written = readFileSync(join(project.workspace, 'latin.py'));
      expect(
        written.equals(
          Buffer.from(LATIN.toString('latin1').replace('cmd, shell=True', 'cmd.split()'), 'latin1'),
        ),
      ).toBe(true);
    },
  );
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/** `vouch fix` as users run it, against a loopback OpenAI-compatible server, on a small real Python project. */

const TOOLS = `import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)


def add(a, b):
    return a + b
`;
const FIXED = 'def run(cmd):\n    return subprocess.call(cmd.split())';
const answer = (code: string) => `\`\`\`python\n${code}\n\`\`\`\nThe command runs without a shell now.`;

const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-fix-cli-', { 'vouch.toml': '', 'tools.py': TOOLS });

const cli = (args: string[]) =>
  runMain(['fix', '--model', 'openai:gpt-4o-mini', ...args], {
    cwd: project.workspace,
    env: { OPENAI_BASE_URL: project.fake.openAiUrl },
  });
const onDisk = () => readFileSync(join(project.workspace, 'tools.py'), 'utf8');

interface Output {
  generated_code: string;
  edits: { path: string; diff: string }[];
  notes: string[];
  verification: { status: string };
  details: { targets: { check: string; line: number }[]; range: { startLine: number; endLine: number } };
}

describe.skipIf(!sandbox.available)('vouch fix', () => {
  it('shows the checked fix as a diff and leaves the file alone without --write', async () => {
    project.fake.script('/v1/chat/completions', { text: answer(FIXED) });
    const result = await cli(['tools.py']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('findings in tools.py:4-5:');
    expect(result.stdout).toMatch(/line 5 security command-injection/);
    expect(result.stdout).toContain('-    return subprocess.call(cmd, shell=True)');
    expect(result.stdout).toContain('+    return subprocess.call(cmd.split())');
    expect(result.stdout).toContain('not written (add --write to write it)');
    expect(onDisk()).toBe(TOOLS);
  });

  it('writes a fix that passed with --write, and says so in --json', async () => {
    project.fake.script('/v1/chat/completions', { text: answer(FIXED) });
    const result = await cli(['tools.py', '--write', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('pass');
    expect(output.generated_code).toBe(FIXED);
    expect(output.notes).toContain('written to tools.py');
    expect(onDisk()).toBe(TOOLS.replace('cmd, shell=True', 'cmd.split()'));
  });

  it('never writes a fix that did not pass, and exits 1', async () => {
    const kept = answer('def run(cmd):\n    return subprocess.call(cmd, shell=True)');
    project.fake.script('/v1/chat/completions', { text: kept }, { text: kept });
    const result = await cli(['tools.py', '--write', '--json']);
    expect(result.code).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('fail');
    expect(output.notes).toContain('not written: there is no fix that passed the gate');
    expect(onDisk()).toBe(TOOLS);
  });

  it('says there is nothing to fix on clean lines without asking a model, and refuses a bad target', async () => {
    const result = await cli(['tools.py:8-9']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('The gate found nothing to fix in tools.py on lines 8–9.');
    expect(project.fake.requests).toHaveLength(0);
    writeFileSync(join(project.workspace, 'notes.md'), '# notes\n');
    const bad = await cli(['notes.md']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not one vouch checks/);
    const symbol = await cli(['tools.py:run']);
    expect(symbol.code).toBe(2);
    expect(symbol.stderr).toMatch(/takes FILE or FILE:START-END, not a symbol/);
    const missing = await cli(['gone.py']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read gone\.py/);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 41: `generate --write` of code the model gave no tests for passed on its static checks alone
 * (syntax, types, lint, security), so wrong code was written and recorded as accepted. A check that ran
 * nothing is never a pass: code no test ran is NOT VERIFIED, says why, exits 1, and --write needs
 * --write-unverified. The repair round asks the model for the tests it left out.
 */
const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-generate-no-test-', {
  'vouch.toml': '',
  'package.json': '{"type":"module"}\n',
});
const WRONG_SUM = 'export function sum(a: number, b: number): number {\n  return a - b;\n}\n';
const RIGHT_SUM = 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n';
const SUM_TEST =
  "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { sum } from './solution.js';\n\ntest('adds', () => {\n  assert.equal(sum(2, 3), 5);\n});\n";
const WRONG_ADD = 'def add(a, b):\n    return a - b\n';
const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\`\`\``;

const generate = (language: string, args: string[], ...answers: string[]) => {
  project.fake.script('/v1/chat/completions', ...answers.map((text) => ({ text })));
  return runMain(
    ['generate', 'add two numbers', '--lang', language, '--model', 'openai:gpt-4o-mini', ...args],
    { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
  );
};
const accepted = async () => {
  const stats = await runMain(['stats', '--json'], { cwd: project.workspace });
  return stats.json<{ total: { accepted: number } }>().total.accepted;
};
interface Output {
  written: string | null;
  not_written?: string;
  verification: { status: string; reasons: string[] };
}

describe.skipIf(!sandbox.available)('vouch generate: no test ran', () => {
  it('TypeScript without tests is NOT VERIFIED, exit 1, and --write does not write it', async () => {
    const result = await generate(
      'typescript',
      ['--repair', '0', '--write', 'src/sum.ts', '--json'],
      fence('typescript', WRONG_SUM),
    );
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('unverified');
    expect(output.verification.reasons.join('\n')).toMatch(/^no test ran: only static checks \(.*syntax/m);
    expect(output.written).toBeNull();
    expect(output.not_written).toContain('add --write-unverified to write it anyway');
    expect(existsSync(join(project.workspace, 'src/sum.ts'))).toBe(false);
    expect(await accepted()).toBe(0);
  });

  it('Python without tests: the text report says NOT VERIFIED and why', async () => {
    const result = await generate('python', ['--repair', '0'], fence('python', WRONG_ADD));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('NOT VERIFIED');
    expect(result.stdout).toContain('no test ran: only static checks');
  });

  it('Go (no check runs it): NOT VERIFIED, exit 1, and the text says confidence low, never medium (r40, w183)', async () => {
    const result = await generate(
      'go',
      ['--repair', '0'],
      fence('go', 'package main\n\nfunc Add(a int, b int) int {\n\treturn a + b\n}\n'),
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('NOT VERIFIED');
    expect(result.stdout).toMatch(/confidence: low/);
    expect(result.stdout).not.toMatch(/confidence: (medium|high)/);
  });

  it('asks the model for the tests it left out, and passes once they ran', async () => {
    const result = await generate(
      'typescript',
      ['--repair', '1', '--write', 'src/sum.ts', '--json'],
      fence('typescript', RIGHT_SUM),
      `${fence('typescript', RIGHT_SUM)}\n\n${fence('typescript', SUM_TEST)}`,
    );
    expect(result.code, result.stderr).toBe(0);
    const second = project.fake.requestsTo('/v1/chat/completions')[1]!.body as {
      messages: { content: string }[];
    };
    expect(second.messages.at(-1)!.content).toContain('the answer had no tests, so nothing ran the code');
    expect(result.json<Output>().verification.status).toBe('pass');
    expect(readFileSync(join(project.workspace, 'src/sum.ts'), 'utf8')).toBe(RIGHT_SUM);
    expect(await accepted()).toBe(1);
  });
});

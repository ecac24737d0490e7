import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * w167: `vouch generate` of code for a Ruby file. The security rules do not read Ruby, so nothing judged the
 * code for security: the shared verdict says so (as `vouch check`, POST /v1/check and the language server
 * do), not only that no test ran. A loopback model answers; nothing of vouch is mocked.
 */
const project = fakeModelProject('vouch-generate-ruby-', { 'vouch.toml': '' });
const ADD = 'def add(a, b)\n  system("echo #{a}")\n  a + b\nend\n';

interface Output {
  written: string | null;
  verification: { status: string; reasons: string[]; checks: { name: string; status: string }[] };
}

describe('vouch generate into a Ruby file', () => {
  it('is not verified, names security among the reasons, exits 1 and writes nothing', async () => {
    project.fake.script('/v1/chat/completions', { text: `\`\`\`ruby\n${ADD}\`\`\`` });
    const result = await runMain(
      [
        'generate',
        'add two numbers',
        '--file',
        'lib/add.rb',
        '--write',
        'lib/add.rb',
        '--repair',
        '0',
        '--model',
        'openai:gpt-4o-mini',
        '--json',
      ],
      { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
    );
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('unverified');
    expect(output.verification.reasons).toContain(
      'security: nothing checked, the security rules do not read ruby',
    );
    expect(output.verification.checks.find((check) => check.name === 'security')?.status).toBe('skip');
    expect(output.written).toBeNull();
    expect(existsSync(join(project.workspace, 'lib/add.rb'))).toBe(false);
  });
});

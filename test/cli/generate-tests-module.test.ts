import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 41: generated tests that do not import from `solution` errored with no reason, and correct code was
 * BLOCKED. The prompt now names the module, an unambiguous other name is accepted, and what is left goes
 * back to the model with the real error.
 */
const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-generate-module-', { 'vouch.toml': '' });
const SLUGIFY =
  'import re\n\n\ndef slugify(title: str) -> str:\n    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")\n';
const answer = (tests: string) => `\`\`\`python\n${SLUGIFY}\`\`\`\n\n\`\`\`python\n${tests}\`\`\``;
const TESTS = (module: string, names = 'slugify') =>
  `from ${module} import ${names}\n\n\ndef test_slugify():\n    assert slugify("Hello, World") == "hello-world"\n`;

const generate = (...answers: string[]) => {
  project.fake.script('/v1/chat/completions', ...answers.map((text) => ({ text })));
  return runMain(
    [
      'generate',
      'slugify a title',
      '--lang',
      'python',
      '--repair',
      '1',
      '--model',
      'openai:gpt-4o-mini',
      '--json',
    ],
    { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
  );
};
const messages = (index: number) =>
  (project.fake.requestsTo('/v1/chat/completions')[index]!.body as { messages: { content: string }[] })
    .messages;

describe.skipIf(!sandbox.available)('vouch generate: the module the tests import', () => {
  it('tells the model the module name, and accepts tests that import the code under a name of their own', async () => {
    const result = await generate(answer(TESTS('slugs')));
    expect(result.code, result.stdout).toBe(0);
    const output = result.json<{ verification: { status: string }; notes: string[] }>();
    expect(output.verification.status).toBe('pass');
    expect(output.notes).toContain(
      'the tests imported the code from `slugs`; vouch ran them against the code as `solution`',
    );
    expect(messages(0).at(-1)!.content).toContain(
      'The tests import the code from the module `solution` (`from solution import …`).',
    );
  });

  it('feeds the real error back when the name is not the code’s (an import of a name it does not define)', async () => {
    const result = await generate(answer(TESTS('slugs', 'slugify, unslugify')), answer(TESTS('solution')));
    expect(result.code, result.stdout).toBe(0);
    const feedback = messages(1).at(-1)!.content;
    expect(feedback).toContain("No module named 'slugs'");
  });
});

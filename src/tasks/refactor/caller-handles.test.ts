import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { refactorRuns } from '../../../test/support/refactor-runs.js';
import { writeFiles } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { CALLER_HANDLES_FILES } from './__fixtures__/caller-handles.js';

/**
 * r48: refactors proven at high though a caller sees the difference: a note taken off a raised exception, a
 * generator that no longer uses what is sent to it, a copy of a module list returned as the list itself (a
 * caller changing it changes the module), a non-enumerable or inherited property changed in JavaScript. And a
 * function that calls sys.exit could never be proven ("SystemExit: 2"): its exit code is now an outcome.
 * The differential tester alone (`compareOnly`), real Python and Node in the sandbox.
 */
const sandbox = await sandboxAvailability();
const { fake, host } = await fakeModelsForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-refactor-handles-'));
  writeFiles(workspace, CALLER_HANDLES_FILES);
  return () => rmSync(workspace, { recursive: true, force: true });
});

const { compareOnly } = refactorRuns({ models: { fake, host }, workspace: () => workspace });
const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\`\`\``;

interface Output {
  verification: { status: string; reasons: string[] };
  details: { counterexamples?: { function: string; call: string; old: string; new: string }[] };
}
const run = async (target: string, from: string, to: string, language = 'python') =>
  (await compareOnly(
    target,
    fence(language, CALLER_HANDLES_FILES[target.split(':')[0]!]!.replace(from, to)),
  )) as unknown as Output;
const shown = (result: Output) => JSON.stringify(result.details.counterexamples?.[0] ?? result.verification);

describe.skipIf(!sandbox.available)('refactor r48: what a caller does with a result', () => {
  it("an exception's note taken away is a difference", async () => {
    const result = await run(
      'ages.py:check_age',
      '        error.add_note(f"got {age}; ask the user again")\n',
      '',
    );
    expect(result.verification.status, shown(result)).toBe('fail');
    expect(result.details.counterexamples?.[0]?.old).toMatch(/notes=\['got -?\d+; ask the user again'\]/);
  }, 180_000);

  it('a generator that no longer uses the value sent to it is a difference', async () => {
    const result = await run(
      'collect.py:collector',
      '        item = yield len(items)\n        items.append(item)',
      '        yield len(items)\n        items.append(None)',
    );
    expect(result.verification.status, shown(result)).toBe('fail');
    expect(result.details.counterexamples?.[0]?.new).toMatch(/send/);
  }, 180_000);

  it('returning the module list itself instead of a copy is a difference', async () => {
    const result = await run('tags.py:default_tags', 'return list(_DEFAULT_TAGS)', 'return _DEFAULT_TAGS');
    expect(result.verification.status, shown(result)).toBe('fail');
    expect(result.details.counterexamples?.[0]?.new).toMatch(/_DEFAULT_TAGS/);
  }, 180_000);

  it("sys.exit's code is compared, and a function that calls it can be proven", async () => {
    const changed = await run('finish.py:finish', 'sys.exit(2)', 'sys.exit(1)');
    expect(changed.verification.status, shown(changed)).toBe('fail');
    expect(changed.details.counterexamples?.[0]?.new).toMatch(/SystemExit\(code=1\)/);
    const kept = await run(
      'finish.py:finish',
      '    if failures:\n        sys.exit(2)',
      '    if failures != 0:\n        raise SystemExit(2)',
    );
    expect(kept.verification.status, JSON.stringify(kept.verification)).toBe('pass');
  }, 300_000);

  it("a JavaScript object's non-enumerable property changed is a difference", async () => {
    const result = await run('hidden.js:measure', "{ value: 'cm' }", "{ value: 'mm' }", 'javascript');
    expect(result.verification.status, shown(result)).toBe('fail');
    expect(result.details.counterexamples?.[0]?.new).toMatch(/\.unit = 'mm'/);
  }, 180_000);

  it("a JavaScript object's inherited data property changed is a difference", async () => {
    const result = await run(
      'proto.js',
      "{ unit: 'cm', precision: 2 }",
      "{ unit: 'mm', precision: 0 }",
      'javascript',
    );
    expect(result.verification.status, shown(result)).toBe('fail');
    expect(shown(result)).toMatch(/unit = 'mm'/);
  }, 180_000);

  it('the same functions written otherwise are proven', async () => {
    const faithful: [string, string, string, string?][] = [
      [
        'ages.py:check_age',
        'error = ValueError("age must not be negative")',
        'error = ValueError("age must " + "not be negative")',
      ],
      [
        'collect.py:collector',
        '        item = yield len(items)\n        items.append(item)',
        '        items.append((yield len(items)))',
      ],
      ['tags.py:default_tags', 'return list(_DEFAULT_TAGS)', 'return _DEFAULT_TAGS[:]'],
      ['tags.py:default_tags', 'return []', 'return list()'],
      [
        'hidden.js:measure',
        "Object.defineProperty(result, 'unit', { value: 'cm' });",
        "Object.defineProperty(result, 'unit', { value: 'c' + 'm' });",
        'javascript',
      ],
      ['proto.js', 'result.value = value;', 'Object.assign(result, { value });', 'javascript'],
    ];
    for (const [file, from, to, language] of faithful) {
      const result = await run(file, from, to, language);
      expect(result.verification.status, `${file}: ${to}: ${JSON.stringify(result.verification)}`).toBe(
        'pass',
      );
    }
  }, 600_000);
});

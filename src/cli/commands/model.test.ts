import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localModelWorkspace, sparseFile } from '../../../test/support/cli-local-model.js';
import { tinyModelFile } from '../../../test/support/gguf/tiny-model.js';
import { runMain } from '../../../test/support/run-main.js';
import { testFolder } from '../../../test/support/test-folders.js';
import { DEFAULT_LOCAL_MODEL, findCatalogueModel } from '../../model/local/catalogue.js';

/**
 * `vouch model` (list, rm, pull refusing) and generate without a model, in-process as `main` runs them
 * (test/support/run-main.ts): no network, the hub a closed port. The embedded model answering through the
 * CLI is test/cli/model.test.ts.
 */
let fixture: Awaited<ReturnType<typeof tinyModelFile>>;

beforeAll(async () => {
  fixture = await tinyModelFile();
});
afterAll(async () => {
  await fixture[Symbol.asyncDispose]();
});

describe('vouch generate without a model', () => {
  it('says exactly how to get the default model when it is missing and the hub is unreachable', async () => {
    const result = await runMain(['generate', 'x', '--lang', 'python'], { cwd: localModelWorkspace() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`so vouch uses the embedded ${DEFAULT_LOCAL_MODEL}`);
    expect(result.stderr).toContain(`vouch model pull ${DEFAULT_LOCAL_MODEL}`);
    expect(result.stderr).toContain('--from FILE');
    expect(result.stderr).toContain('--model');
    expect(result.stderr).toContain('VOUCH_MODEL');
    expect(result.stderr).toContain('vouch.toml');
  });
});

describe('vouch model', () => {
  it('lists the catalogue with sizes, licences, scores and what is downloaded', async () => {
    const home = testFolder('vouch-home-');
    const models = join(home, '.cache', 'vouch', 'models');
    mkdirSync(models, { recursive: true });
    const small = findCatalogueModel('qwen2.5-coder-0.5b-instruct')!;
    sparseFile(join(models, small.file), Buffer.from('GGUF'), small.sizeBytes);
    writeFileSync(
      join(models, `${findCatalogueModel(DEFAULT_LOCAL_MODEL)!.file}.part`),
      Buffer.alloc(2_000_000),
    );
    const env = { HOME: home, XDG_CACHE_HOME: join(home, '.cache') };

    const listed = await runMain(['model', 'list', '--json'], { env });
    expect(listed.code).toBe(0);
    const output = listed.json<{
      modelsDir: string;
      default: string;
      runtime: { installed: boolean };
      models: { name: string; downloaded: boolean; partialBytes: number; licence: string; sha256: string }[];
    }>();
    expect(output.modelsDir).toBe(models);
    expect(output.default).toBe(DEFAULT_LOCAL_MODEL);
    expect(output.runtime.installed).toBe(true);
    expect(output.models.map((model) => model.name)).toContain(DEFAULT_LOCAL_MODEL);
    expect(output.models.find((model) => model.name === small.name)).toMatchObject({ downloaded: true });
    expect(output.models.find((model) => model.name === DEFAULT_LOCAL_MODEL)).toMatchObject({
      downloaded: false,
      partialBytes: 2_000_000,
    });
    for (const model of output.models) expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);

    const text = await runMain(['model', 'list'], { env });
    expect(text.stdout).toMatch(/qwen2\.5-coder-1\.5b-instruct \*\s+1\.1 GB\s+Apache-2\.0\s+70\.7/);
    expect(text.stdout).toContain('partial (2 MB; pull resumes)');

    const removed = await runMain(['model', 'rm', small.name, '--json'], { env });
    expect(removed.json()).toEqual({
      name: small.name,
      removed: [join(models, small.file)],
      freedBytes: small.sizeBytes,
    });
    expect(existsSync(join(models, small.file))).toBe(false);
    const again = await runMain(['model', 'rm', small.name], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('was not downloaded');
    const unknown = await runMain(['model', 'rm', 'gpt-5'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('qwen2.5-coder-0.5b-instruct');
  });

  it('says what to do when a pull cannot reach the hub, and checks a file given with --from', async () => {
    const offline = await runMain(['model', 'pull', '--json']);
    expect(offline.code).toBe(2);
    expect(offline.json<{ error: { hint: string } }>().error.hint).toContain('--from FILE');
    const wrong = await runMain(['model', 'pull', 'qwen2.5-coder-0.5b-instruct', '--from', fixture.path]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/has \d+ bytes, but qwen2\.5-coder-0\.5b-instruct/);
  });
});

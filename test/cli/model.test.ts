import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOCAL_MODEL, findCatalogueModel } from '../../src/model/local/catalogue.js';
import { releaseLocalModels } from '../../src/model/local/loaded-models.js';
import { resolveModel } from '../../src/model/resolve/resolve-model.js';
import { contextBudget } from '../../src/tasks/workspace-context.js';
import { syntaxCheck } from '../../src/verify/checks/index.js';
import { localModelWorkspace, sparseFile } from '../support/cli-local-model.js';
import {
  buildTinyModel,
  TINY_CHAT_ANSWER,
  TINY_FIM_ANSWER,
  tinyModelFile,
} from '../support/gguf/tiny-model.js';
import { runCli } from '../support/run-cli.js';
import { testFolder } from '../support/test-folders.js';

// The embedded model through the whole CLI: the real node-llama-cpp in a child process, the tiny
// scripted GGUF as the model, the real checks on its answer. No network: the hub is a closed port.

let fixture: Awaited<ReturnType<typeof tinyModelFile>>;

beforeAll(async () => {
  fixture = await tinyModelFile();
});
afterAll(async () => {
  await releaseLocalModels();
  await fixture[Symbol.asyncDispose]();
});

describe('vouch generate and chat with the embedded model', () => {
  it('answers a chat turn and verifies the code in it', async () => {
    const result = await runCli(
      ['chat', '--print', 'add two numbers', '--model', `local:${fixture.path}`, '--json'],
      {
        cwd: localModelWorkspace(),
        timeoutMs: 90_000,
      },
    );
    const output = result.json<{ reply: string; code: string; error?: unknown }>();
    expect(output.error).toBeUndefined();
    expect(output.reply).toBe(TINY_CHAT_ANSWER);
    expect(output.code).toBe('def add(a, b):\n    return a + b');
  });

  it('runs the README’s first command on the embedded default once the model is in the cache', async () => {
    // The catalogue default, present: the tiny model padded (sparsely) to the catalogue's size.
    const home = testFolder('vouch-home-');
    const models = join(home, '.cache', 'vouch', 'models');
    mkdirSync(models, { recursive: true });
    const entry = findCatalogueModel(DEFAULT_LOCAL_MODEL)!;
    sparseFile(
      join(models, entry.file),
      buildTinyModel({ chatScript: TINY_CHAT_ANSWER, fimScript: 'x = 1' }),
      entry.sizeBytes,
    );
    const result = await runCli(
      ['generate', 'parse an ISO date and return the weekday', '--lang', 'python', '--json'],
      {
        cwd: localModelWorkspace(),
        env: { HOME: home, XDG_CACHE_HOME: join(home, '.cache') },
        timeoutMs: 90_000,
      },
    );
    const output = result.json<{
      generated_code: string;
      model: string;
      usage: { inputTokens: number; outputTokens: number };
      verification: { checks: { name: string; status: string }[] };
    }>();
    expect(output.model).toBe(`local:${DEFAULT_LOCAL_MODEL}`);
    expect(output.generated_code).toBe('def add(a, b):\n    return a + b');
    expect(output.usage.outputTokens).toBeGreaterThan(0);
    // the answer went through the checks like any other model's
    expect(output.verification.checks.find((check) => check.name === 'syntax')?.status).toBe('pass');
    expect([0, 1]).toContain(result.code);
  });

  // generate without a model, saying how to get the default: in-process in src/cli/commands/model.test.ts
});

describe('fill-in-the-middle with the embedded model', () => {
  it('completes at a cursor, and the completed file passes the syntax check', async () => {
    const model = await resolveModel({
      spec: `local:${fixture.path}`,
      task: 'complete',
      config: { providers: { local: { threads: 1, gpu: 'cpu' } } },
      env: {},
    });
    const prefix = 'def add(a, b):\n    ';
    const suffix = '\n\n\nprint(add(1, 2))\n';
    const middle = (await model.fim({ prefix, suffix, temperature: 0.2 })).choices[0]!.text;
    expect(middle).toBe(TINY_FIM_ANSWER);
    const result = await syntaxCheck.run(
      { code: `${prefix}${middle}${suffix}`, language: 'python', path: 'add.py' },
      { workspaceRoot: fixture.dir, config: {} },
    );
    expect(result.status).toBe('pass');
  });
});

describe('the context budget', () => {
  it('leaves room for the request and the answer in a small context window', () => {
    expect(contextBudget(undefined)).toBe(6000);
    expect(contextBudget(32_768)).toBe(6000);
    expect(contextBudget(8192)).toBe(6000);
    expect(contextBudget(4096)).toBe(2048);
    expect(contextBudget(1024)).toBe(0);
  });
});

// vouch model list, rm and pull refusing: in-process in src/cli/commands/model.test.ts

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { LspClient } from '../support/lsp-client.js';

/**
 * What a new user met driving the real `vouch lsp` from Neovim (w231, bench/notes/2026-11-29-editors-user.md):
 * an explanation of clean code whose security check read "fail" with nothing listed, an explanation of the
 * file on disk instead of the buffer with unsaved edits, the model's hint lost on the way to the editor,
 * and completions that fail in silence while the model is down. The real process over stdio; the model
 * a loopback server speaking OpenAI's protocol.
 */

const sandbox = await sandboxAvailability();
const fake = await startFakeProviders();
const WEEKDAY =
  'from datetime import date\n\n\ndef weekday(text: str) -> str:\n    return date.fromisoformat(text).strftime("%A")\n\n\ndef run(cmd):\n    import subprocess\n    return subprocess.call(cmd, shell=True)\n';

let project: string;
const uriOf = (path: string) => pathToFileURL(join(project, path)).href;

interface CommandOutcome {
  result: {
    verification: {
      status: string;
      checks: { name: string; status: string; reason?: string; findings: unknown[] }[];
    };
    explanation: string;
  };
}

async function started(
  modelUrl: string,
): Promise<{ client: LspClient; messages: { type: number; message: string }[] }> {
  const client = new LspClient(project, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: project,
    NO_COLOR: '1',
    OLLAMA_HOST: 'http://127.0.0.1:9',
    OPENAI_BASE_URL: modelUrl,
    VOUCH_MODEL: 'openai:gpt-4o-mini',
  });
  const messages: { type: number; message: string }[] = [];
  client.connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
    messages.push(params);
  });
  // a client without inline completion (Neovim's): plain completion items
  await client.initialize(pathToFileURL(project).href, { telemetry: false }, false);
  client.connection.sendNotification('initialized', {});
  return { client, messages };
}

const open = (client: LspClient, path: string, text: string) =>
  client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uriOf(path), languageId: 'python', version: 1, text },
  });

const command = (client: LspClient, name: string, argument: unknown) =>
  client.connection.sendRequest('workspace/executeCommand', {
    command: name,
    arguments: [argument],
  }) as Promise<CommandOutcome>;

/** what the model was asked to explain: the user message of the last chat request */
function askedToExplain(): string {
  const requests = fake.requestsTo('/v1/chat/completions');
  const body = requests.at(-1)!.body as { messages: { role: string; content: string }[] };
  return body.messages.filter((message) => message.role === 'user').at(-1)!.content;
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'vouch-lsp-user-'));
  mkdirSync(join(project, '.git'));
  writeFileSync(join(project, 'weekday.py'), WEEKDAY);
});
afterAll(async () => {
  rmSync(project, { recursive: true, force: true });
  await fake.close();
});

describe('explain from the editor', () => {
  let client: LspClient;
  beforeAll(async () => {
    ({ client } = await started(fake.openAiUrl));
  });
  afterAll(() => client?.close());

  it('a function with no finding has a security check that passed, the finding elsewhere in the file named', async () => {
    fake.reset();
    fake.handle('/v1/chat/completions', () => ({ text: '## Summary\nThe weekday of an ISO date.' }));
    open(client, 'weekday.py', WEEKDAY);
    // the selection is `weekday` (lines 4-5); the shell call is in `run`, lines 8-10
    const outcome = await command(client, 'vouch.explain', {
      uri: uriOf('weekday.py'),
      range: { start: { line: 3, character: 0 }, end: { line: 4, character: 10 } },
    });
    const security = outcome.result.verification.checks.find((check) => check.name === 'security')!;
    expect(security.findings).toEqual([]);
    expect(security.status).toBe('pass');
    expect(security.reason).toMatch(/none in lines 4-5; 1 elsewhere in the file/);
  }, 120_000);

  it('explains the buffer as the editor has it, unsaved edits included', async () => {
    fake.reset();
    fake.handle('/v1/chat/completions', () => ({ text: '## Summary\nAn unsaved function.' }));
    const unsaved = WEEKDAY.replace(
      'def weekday(text: str) -> str:',
      'def unsaved_weekday(text: str) -> str:',
    );
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf('weekday.py'), version: 2 },
      contentChanges: [{ text: unsaved }],
    });
    await command(client, 'vouch.explain', {
      uri: uriOf('weekday.py'),
      range: { start: { line: 3, character: 0 }, end: { line: 4, character: 10 } },
    });
    expect(askedToExplain()).toContain('def unsaved_weekday(text: str) -> str:');
  }, 120_000);

  it('explains a new buffer that was never saved', async () => {
    fake.reset();
    fake.handle('/v1/chat/completions', () => ({ text: '## Summary\nA new file.' }));
    open(client, 'new_module.py', 'def double(value):\n    return value * 2\n');
    const outcome = await command(client, 'vouch.explain', {
      uri: uriOf('new_module.py'),
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 5 } },
    });
    expect(outcome.result.explanation).toContain('A new file.');
    expect(askedToExplain()).toContain('return value * 2');
  }, 120_000);

  it('tests on a buffer with unsaved edits are refused, saying to save first', async () => {
    await expect(
      command(client, 'vouch.tests', {
        uri: uriOf('new_module.py'),
        range: { start: { line: 0, character: 0 }, end: { line: 1, character: 5 } },
      }),
    ).rejects.toThrow(/save new_module\.py first/);
  }, 60_000);
});

describe.skipIf(!sandbox.available)('tests for a module whose suite exists already', () => {
  let client: LspClient;
  const applied: { edit: { documentChanges: { kind?: string; uri?: string }[] } }[] = [];
  beforeAll(async () => {
    ({ client } = await started(fake.openAiUrl));
    client.connection.onRequest('workspace/applyEdit', (params: (typeof applied)[number]) => {
      applied.push(params);
      return { applied: true };
    });
  });
  afterAll(() => client?.close());

  it('are proposed beside the existing suite, never over it, so Accept can write them', async () => {
    fake.reset();
    const suite = 'from shapes import area\n\n\ndef test_area():\n    assert area(2, 3) == 6\n';
    fake.script(
      '/v1/chat/completions',
      { text: `\`\`\`python\n${suite}\`\`\`` },
      { text: 'No further tests.' },
    );
    const shapes = 'def area(width, height):\n    return width * height\n';
    writeFileSync(join(project, 'shapes.py'), shapes);
    writeFileSync(
      join(project, 'test_shapes.py'),
      'from shapes import area\n\n\ndef test_one():\n    assert area(1, 1) == 1\n',
    );
    open(client, 'shapes.py', shapes);
    const outcome = (await command(client, 'vouch.tests', {
      uri: uriOf('shapes.py'),
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 10 } },
    })) as CommandOutcome & { proposal?: string; result: { details: { file: string } } };
    expect(outcome.result.details.file).toBe('test_shapes_2.py');
    expect(outcome.proposal).toEqual(expect.any(String));
    const accepted = (await client.connection.sendRequest('workspace/executeCommand', {
      command: 'vouch.apply',
      arguments: [{ proposal: outcome.proposal }],
    })) as { applied: boolean; files: string[] };
    expect(accepted).toMatchObject({ applied: true, files: ['test_shapes_2.py'] });
    expect(applied.at(-1)!.edit.documentChanges[0]).toMatchObject({
      kind: 'create',
      uri: uriOf('test_shapes_2.py'),
    });
  }, 240_000);
});

describe('completion items in a client without inline completion (Neovim)', () => {
  let client: LspClient;
  beforeAll(async () => {
    ({ client } = await started(fake.openAiUrl));
  });
  afterAll(() => client?.close());

  it('say the checks that ran and those that did not, with the verdict and confidence, not a fixed list', async () => {
    fake.reset();
    fake.handle('/v1/completions', () => ({ text: 'return value * 2;' }));
    const text = 'export function double(value: number): number {\n  \n}\n';
    writeFileSync(join(project, 'double_it.ts'), text);
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf('double_it.ts'), languageId: 'typescript', version: 1, text },
    });
    const items = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: uriOf('double_it.ts') },
      position: { line: 1, character: 2 },
    })) as { label: string; detail: string }[];
    expect(items.map((item) => item.label)).toEqual(['return value * 2;']);
    // TypeScript's names are the type checker's, which a completion does not run: not "checked"
    expect(items[0]!.detail).toMatch(/^vouch: \w+, confidence (low|medium|high) · checked: syntax/);
    expect(items[0]!.detail).toMatch(/not checked: [^·]*names/);
    expect(items[0]!.detail.split(' · not checked')[0]).not.toContain('names');
  }, 120_000);
});

describe('with the model down', () => {
  let client: LspClient;
  let messages: { type: number; message: string }[];
  beforeAll(async () => {
    ({ client, messages } = await started('http://127.0.0.1:9/v1'));
    open(client, 'weekday.py', `${WEEKDAY}\ndef later(text: str) -> str:\n    `);
  });
  afterAll(() => client?.close());

  it("a command's error carries the provider's hint", async () => {
    await expect(
      command(client, 'vouch.explain', {
        uri: uriOf('weekday.py'),
        range: { start: { line: 3, character: 0 }, end: { line: 4, character: 10 } },
      }),
    ).rejects.toThrow(/is the server at http:\/\/127\.0\.0\.1:9\/v1 running and reachable/);
  }, 60_000);

  it('completions that fail say so once, with what to do, not in silence', async () => {
    messages.length = 0;
    const complete = () =>
      client.connection.sendRequest('textDocument/completion', {
        textDocument: { uri: uriOf('weekday.py') },
        position: { line: 12, character: 4 },
      });
    expect(await complete()).toEqual([]);
    expect(await complete()).toEqual([]);
    const warnings = messages.filter((message) => /completion/.test(message.message));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.type).toBe(2);
    expect(warnings[0]!.message).toMatch(
      /^vouch: completions are failing: cannot reach openai .*is the server at/,
    );
  }, 60_000);
});

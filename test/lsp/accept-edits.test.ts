import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { LspClient } from '../support/lsp-client.js';

/**
 * Accept for refactor and test edits in an editor: `vouch.refactor` and `vouch.tests` answer with a
 * proposal, and `vouch.apply` writes it through the editor as one `workspace/applyEdit` — all or nothing,
 * refused when the file changed since the task read it, never over an existing file. The real process
 * over stdio; the model a loopback server speaking OpenAI's protocol; the editor's side of applyEdit is
 * this file's, applying edits to disk the way an editor applies them to its buffers.
 */

const sandbox = await sandboxAvailability();
const fake = await startFakeProviders();
const fence = (code: string) => `\`\`\`python\n${code}\`\`\``;
const SHAPES =
  'def area(width, height):\n    return width * height\n\n\ndef describe(count):\n    if count == 0:\n        return "none"\n    else:\n        return str(count)\n';
const DESCRIBE = 'def describe(count):\n    return "none" if count == 0 else str(count)\n';
const SUITE = 'from shapes import area\n\n\ndef test_area():\n    assert area(2, 3) == 6\n';

let project: string;
const uriOf = (path: string) => pathToFileURL(join(project, path)).href;

interface DocumentChange {
  kind?: 'create';
  uri?: string;
  textDocument?: { uri: string; version: number | null };
  edits?: { range: { start: { line: number; character: number } }; newText: string }[];
}

/** What the editor was asked to apply, and whether it did. */
let asked: { label?: string; edit: { documentChanges: DocumentChange[] } }[] = [];
let editorRefuses = false;
/** versions of the buffers this editor holds open */
const versions = new Map<string, number>();

/** The editor's side: validates every change first (versions, creates), then applies them all to disk. */
function applyEdit(params: (typeof asked)[number]): { applied: boolean; failureReason?: string } {
  asked.push(params);
  if (editorRefuses) return { applied: false, failureReason: 'refused by the test editor' };
  for (const change of params.edit.documentChanges) {
    if (change.kind === 'create' && existsSync(fileURLToPath(change.uri!)))
      return { applied: false, failureReason: 'exists' };
    const version = change.textDocument?.version;
    if (version !== null && version !== undefined && versions.get(change.textDocument!.uri) !== version)
      return { applied: false, failureReason: 'version' };
  }
  for (const change of params.edit.documentChanges) {
    if (change.kind === 'create') writeFileSync(fileURLToPath(change.uri!), '');
    else {
      // the server replaces the whole text (or inserts into a new, empty file): the new text is the file
      writeFileSync(fileURLToPath(change.textDocument!.uri), change.edits![0]!.newText);
    }
  }
  return { applied: true };
}

async function started(): Promise<LspClient> {
  const client = new LspClient(project, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: project,
    NO_COLOR: '1',
    OLLAMA_HOST: 'http://127.0.0.1:9',
    OPENAI_BASE_URL: fake.openAiUrl,
    VOUCH_MODEL: 'openai:gpt-4o-mini',
  });
  client.connection.onRequest('workspace/applyEdit', applyEdit);
  await client.initialize(pathToFileURL(project).href, { telemetry: false });
  client.connection.sendNotification('initialized', {});
  return client;
}

const command = (client: LspClient, name: string, argument: unknown) =>
  client.connection.sendRequest('workspace/executeCommand', {
    command: name,
    arguments: [argument],
  }) as Promise<{
    proposal?: string;
    applied?: boolean;
    reason?: string;
    result?: {
      verification: { status: string; checks: { name: string; status: string }[] };
      details: { target?: { symbol: string | null }; file?: string; proven?: boolean };
    };
  }>;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'vouch-lsp-accept-'));
  mkdirSync(join(project, '.git'));
  writeFileSync(join(project, 'shapes.py'), SHAPES);
  writeFileSync(join(project, 'pyproject.toml'), '[tool.pytest.ini_options]\n');
});
afterAll(async () => {
  rmSync(project, { recursive: true, force: true });
  await fake.close();
});

describe.skipIf(!sandbox.available)('accepting refactor and test edits through the language server', () => {
  // one server for the file, as an editor keeps one: each test puts back the files it wrote
  let client: LspClient;
  beforeAll(async () => {
    client = await started();
  });
  afterAll(() => client?.close());

  it('vouch.tests proposes a new suite for the selected function; vouch.apply creates it once, never over a file', async () => {
    asked = [];
    try {
      fake.reset();
      fake.script('/v1/chat/completions', { text: fence(SUITE) }, { text: 'No further tests.' });
      // the selection is inside `area`: the task is about that function
      const outcome = await command(client, 'vouch.tests', {
        uri: uriOf('shapes.py'),
        range: { start: { line: 1, character: 4 }, end: { line: 1, character: 10 } },
      });
      expect(outcome.result!.details.target?.symbol).toBe('area');
      expect(outcome.result!.details.file).toBe('test_shapes.py');
      // generated and run where it will be written
      expect(outcome.result!.verification.checks.map((check) => check.name)).toContain('tests-where-written');
      expect(outcome.proposal).toEqual(expect.any(String));
      expect(existsSync(join(project, 'test_shapes.py'))).toBe(false);

      const applied = await command(client, 'vouch.apply', { proposal: outcome.proposal });
      expect(applied).toMatchObject({ applied: true, files: ['test_shapes.py'] });
      expect(asked).toHaveLength(1);
      expect(asked[0]!.edit.documentChanges[0]).toMatchObject({
        kind: 'create',
        options: { overwrite: false, ignoreIfExists: false },
      });
      expect(readFileSync(join(project, 'test_shapes.py'), 'utf8')).toBe(SUITE);

      // a proposal is applied once
      await expect(command(client, 'vouch.apply', { proposal: outcome.proposal })).rejects.toThrow(
        /no proposal .* to apply/,
      );

      // the suite's file exists now: a new suite for it is shown, and accepting it writes nothing
      writeFileSync(join(project, 'test_shapes.py'), '# mine\n');
      fake.reset();
      fake.script('/v1/chat/completions', { text: fence(SUITE) }, { text: 'No further tests.' });
      const again = await command(client, 'vouch.tests', {
        uri: uriOf('shapes.py'),
        range: { start: { line: 1, character: 4 }, end: { line: 1, character: 10 } },
      });
      expect(again.proposal).toEqual(expect.any(String));
      // the new suite goes beside the user's (w231: accepting it was always refused), and a file made at that
      // place since it was proposed is not written over either
      expect(again.result!.details.file).toBe('test_shapes_2.py');
      writeFileSync(join(project, 'test_shapes_2.py'), '# mine too\n');
      const refused = await command(client, 'vouch.apply', { proposal: again.proposal });
      expect(refused.applied).toBe(false);
      expect(refused.reason).toMatch(/test_shapes_2\.py exists; vouch does not write over it/);
      expect(readFileSync(join(project, 'test_shapes.py'), 'utf8')).toBe('# mine\n');
      expect(readFileSync(join(project, 'test_shapes_2.py'), 'utf8')).toBe('# mine too\n');
      expect(asked).toHaveLength(1);
    } finally {
      rmSync(join(project, 'test_shapes.py'), { force: true });
      rmSync(join(project, 'test_shapes_2.py'), { force: true });
    }
  }, 240_000);

  it('vouch.refactor applies a proven refactor to the buffer version it checked, and refuses one whose file changed', async () => {
    asked = [];
    editorRefuses = false;
    const uri = uriOf('shapes.py');
    try {
      fake.reset();
      fake.script('/v1/chat/completions', { text: fence(DESCRIBE) });
      const range = { start: { line: 4, character: 0 }, end: { line: 9, character: 0 } };
      const outcome = await command(client, 'vouch.refactor', {
        uri,
        range,
        goal: 'one conditional expression',
      });
      expect(outcome.result!.verification.status, JSON.stringify(outcome.result!.details)).toBe('pass');
      expect(outcome.result!.details.proven).toBe(true);
      expect(outcome.proposal).toEqual(expect.any(String));

      // the file changed since the refactor read it: refused, nothing asked of the editor
      writeFileSync(join(project, 'shapes.py'), `${SHAPES}# edited\n`);
      const stale = await command(client, 'vouch.apply', { proposal: outcome.proposal });
      expect(stale).toMatchObject({ applied: false });
      expect(stale.reason).toMatch(/shapes\.py changed since vouch read it \(nothing was applied\)/);
      expect(asked).toEqual([]);
      writeFileSync(join(project, 'shapes.py'), SHAPES);

      // the buffer is open in the editor: the edit names the version that was checked
      client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version: 7, text: SHAPES },
      });
      versions.set(uri, 7);
      fake.script('/v1/chat/completions', { text: fence(DESCRIBE) });
      const second = await command(client, 'vouch.refactor', {
        uri,
        range,
        goal: 'one conditional expression',
      });
      // the editor refuses (its buffer moved on): nothing is written, and the answer says so
      editorRefuses = true;
      const refused = await command(client, 'vouch.apply', { proposal: second.proposal });
      expect(refused.applied).toBe(false);
      expect(refused.reason).toMatch(/the editor did not apply the refactor: refused by the test editor/);
      expect(readFileSync(join(project, 'shapes.py'), 'utf8')).toBe(SHAPES);

      editorRefuses = false;
      fake.script('/v1/chat/completions', { text: fence(DESCRIBE) });
      const third = await command(client, 'vouch.refactor', {
        uri,
        range,
        goal: 'one conditional expression',
      });
      const applied = await command(client, 'vouch.apply', { proposal: third.proposal });
      expect(applied).toMatchObject({ applied: true, files: ['shapes.py'] });
      expect(asked.at(-1)!.edit.documentChanges).toEqual([
        {
          textDocument: { uri, version: 7 },
          edits: [
            {
              range: {
                start: { line: 0, character: 0 },
                end: { line: SHAPES.split('\n').length - 1, character: 0 },
              },
              newText: SHAPES.replace(/def describe[\s\S]*/, DESCRIBE),
            },
          ],
        },
      ]);
      expect(readFileSync(join(project, 'shapes.py'), 'utf8')).toBe(
        SHAPES.replace(/def describe[\s\S]*/, DESCRIBE),
      );
    } finally {
      writeFileSync(join(project, 'shapes.py'), SHAPES);
    }
  }, 360_000);
});

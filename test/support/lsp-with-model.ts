import { pathToFileURL } from 'node:url';
import { type FakeProviders, startFakeProviders } from './fake-providers/fake-providers.js';
import { LspClient } from './lsp-client.js';

/** A workspace edit the language server asked the editor to apply. */
export interface AppliedEdit {
  label?: string;
  edit: { documentChanges: unknown[] };
}

export interface LspWithModel {
  client: LspClient;
  /** the loopback model the server's `openai:gpt-4o-mini` is */
  fake: FakeProviders;
  /** every `workspace/applyEdit` the server sent, in order; each was answered `applied: true` */
  applied: AppliedEdit[];
  close(): Promise<void>;
}

/**
 * The real `vouch lsp` in `project`, initialized as an editor starts it, its model a loopback
 * OpenAI-compatible server (no other model reachable: Ollama's address is a closed port), and an editor
 * that applies every workspace edit the server asks for and records it. `close()` ends both.
 */
export async function lspWithModel(project: string): Promise<LspWithModel> {
  const fake = await startFakeProviders();
  const client = new LspClient(project, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: project,
    NO_COLOR: '1',
    OLLAMA_HOST: 'http://127.0.0.1:9',
    OPENAI_BASE_URL: fake.openAiUrl,
    VOUCH_MODEL: 'openai:gpt-4o-mini',
  });
  const applied: AppliedEdit[] = [];
  client.connection.onRequest('workspace/applyEdit', (params: AppliedEdit) => {
    applied.push(params);
    return { applied: true };
  });
  const close = async () => {
    await client.close();
    await fake.close();
  };
  try {
    await client.initialize(pathToFileURL(project).href);
    client.connection.sendNotification('initialized', {});
  } catch (error) {
    await close();
    throw error;
  }
  return { client, fake, applied, close };
}

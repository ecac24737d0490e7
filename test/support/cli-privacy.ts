import { join } from 'node:path';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import type { StoredAuditEntry } from '../../src/store/record/server-store.js';

/**
 * What the privacy policy's tests share, in-process (src/cli/privacy-policy.test.ts) and through the CLI
 * (test/cli/privacy.test.ts): the provider key, the model's answer, a remote provider's config, and the
 * audit log read back from the workspace's store.
 */
export const PRIVACY_KEY = 'sk-test-privacy-0123456789';
export const PRIVACY_CODE = 'def add(a, b):\n    return a + b\n';
export const PRIVACY_ANSWER = `Here it is:\n\`\`\`python\n${PRIVACY_CODE}\`\`\`\n`;
/** The OpenAI provider declared remote: what `local-only` refuses. */
export const REMOTE_OPENAI = '[providers.openai]\nlocation = "remote"\n';

/** The audit log of the workspace's store (`.vouch/server.db`), as the local user's requests left it. */
export async function auditOf(workspace: string): Promise<StoredAuditEntry[]> {
  const store = await openServerStore(join(workspace, '.vouch', 'server.db'));
  try {
    return await store.listAudit();
  } finally {
    await store.close();
  }
}

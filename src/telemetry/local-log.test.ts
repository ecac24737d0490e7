import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openServerStore } from '../store/record/open-server-store.js';
import { closeLocalLogs, localLog } from './local-log.js';

const made: string[] = [];
afterAll(async () => {
  await closeLocalLogs();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

const SUGGESTION = {
  task: 'complete',
  language: 'python',
  model: 'openai:qwen2.5-coder-1.5b',
  confidence: 'high',
  verification: 'pass',
  gatesFailed: [],
  input: null,
  code: 'return 1',
  context: [],
};

it('opens the store again on the next write after it could not be opened (w210)', async () => {
  const workspace = tempDir('vouch-local-log-');
  const file = join(workspace, '.vouch', 'server.db');
  // a store this user's vouch did not make (another state dir made it): refused
  const foreign = await openServerStore(file, { env: { XDG_STATE_HOME: tempDir('vouch-other-state-') } });
  await foreign.close();
  const log = localLog(workspace, () => {});
  await expect(log.recordSuggestion(SUGGESTION)).rejects.toThrow(/was not made by your vouch/);
  // the user moves it aside, as the refusal says: the same process (a language server) records from now on
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${file}.aside${suffix}`);
  const recorded = await log.recordSuggestion(SUGGESTION);
  expect(recorded.code).toBe('return 1');
});

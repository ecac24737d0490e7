import { closeSync, ftruncateSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testFolder } from './test-folders.js';

/**
 * What the tests of the embedded model's commands share, in-process (src/cli/commands/model.test.ts) and
 * through the CLI (test/cli/model.test.ts): a workspace whose config runs the local provider on one CPU
 * thread, and the catalogue's files as sparse files of their real size.
 */
export const LOCAL_SETTINGS = '[providers.local]\nthreads = 1\ngpu = "cpu"\n';

/**
 * A new temporary workspace whose `vouch.toml` is `config` (the local provider's CPU settings by default),
 * removed when the test has finished.
 */
export function localModelWorkspace(config = LOCAL_SETTINGS): string {
  const root = testFolder('vouch-ws-');
  writeFileSync(join(root, 'vouch.toml'), config);
  return root;
}

/** A sparse file of exactly `bytes` that starts with `head`: the size `model list` and resolve check. */
export function sparseFile(path: string, head: Buffer, bytes: number): void {
  writeFileSync(path, head);
  const fd = openSync(path, 'r+');
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

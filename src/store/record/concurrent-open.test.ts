// end-to-end: node processes of the built vouch (dist/) opening one server store at once
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { processesAtOnce } from '../../../test/support/processes-at-once.js';

/**
 * Several vouch processes of one user opening the workspace's store at once — the language server's
 * telemetry thread writing its first suggestion while `vouch stats` (or a second editor's server) opens the
 * same new `.vouch/server.db` — all open it. One refused was refused for the rest of its session (its
 * suggestions never recorded): w210, the flaky `test/lsp/inline.test.ts`.
 */

const OPEN_SERVER_STORE = pathToFileURL(
  join(import.meta.dirname, '..', '..', '..', 'dist', 'store', 'record', 'open-server-store.js'),
).href;

/**
 * Loads vouch's store, says `ready`, and on a line from its stdin opens the store `file`, writes a user and
 * closes it; prints `ok` or the error.
 */
const SCRIPT = `
const { openServerStore } = await import(process.argv[1]);
const [file, name] = process.argv.slice(2);
console.log('ready');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.destroy();
try {
  const store = await openServerStore(file);
  await store.createUser({ name });
  await store.close();
  console.log('ok');
} catch (error) {
  console.log(error instanceof Error ? error.message : String(error));
}
`;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Processes that each open `file` when told, as one user (the state dir `state`): their outcomes. */
const openAtOnce = (file: string, names: string[], state: string) =>
  processesAtOnce(
    SCRIPT,
    names.map((name) => [OPEN_SERVER_STORE, file, name]),
    { XDG_STATE_HOME: state },
  );

it('opens a new store for every process of the user that opens it at the same moment', async () => {
  // the base refused one of two processes in 3 pairs of 10: four processes, five new stores
  const outcomes: string[] = [];
  for (let round = 0; round < 5; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-concurrent-open-'));
    made.push(dir);
    const state = join(dir, 'state');
    const file = join(dir, 'workspace', '.vouch', 'server.db');
    outcomes.push(...(await openAtOnce(file, ['user0', 'user1', 'user2', 'user3'], state)));
    // and it opens again afterwards: the store is recorded as the user's, its side files too
    outcomes.push(...(await openAtOnce(file, ['again'], state)));
  }
  expect(outcomes.filter((outcome) => outcome !== 'ok')).toEqual([]);
});

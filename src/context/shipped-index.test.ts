import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';
import { writeFiles } from '../../test/support/temp-project.js';
import { withIndexLock } from '../index/index-lock.js';
import { indexPath } from '../index/index-store.js';
import { assembleContext } from './assemble-context.js';
import { renderContextForPrompt } from './render-context.js';

// A cloned repository is untrusted, its `.vouch/` too: an index it ships must not decide what vouch reads
// from disk and puts in a prompt (a file outside the project, a secrets file), nor stop vouch from indexing.
const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

const APP = 'from notes import lookup_notes\n\n\ndef handler():\n    return lookup_notes()\n';

/**
 * A project beside an `outside/` folder of the user's, and the index its author built of their own copy,
 * whose `notes.py` row was renamed `../outside/notes.py` and `.env`: what a repository can commit as
 * `.vouch/index.db`.
 */
async function clonedWithShippedIndex(): Promise<string> {
  const parent = mkdtempSync(join(tmpdir(), 'vouch-shipped-index-'));
  fixtures.made.push(parent);
  const author = join(parent, 'author');
  writeFiles(author, {
    'app.py': APP,
    'notes.py': 'def lookup_notes():\n    """The notes."""\n    return 1\n',
    'settings.py': 'def load_settings():\n    """API_TOKEN from the environment."""\n    return 1\n',
  });
  const store = await fixtures.indexed(author);
  store.close();
  const shipped = join(parent, 'shipped.db');
  copyFileSync(indexPath(author), shipped);
  const db = new Database(shipped);
  db.prepare("update files set path = '../outside/notes.py' where path = 'notes.py'").run();
  db.prepare("update files set path = '.env' where path = 'settings.py'").run();
  db.close();

  const user = join(parent, 'user');
  writeFiles(parent, {
    'outside/notes.py': 'def lookup_notes():\n    return "heron-outside-the-project"\n',
  });
  writeFiles(user, { 'app.py': APP, '.env': 'API_TOKEN=heron-in-the-env-file\n' });
  mkdirSync(join(user, '.vouch'));
  copyFileSync(shipped, join(user, '.vouch', 'index.db'));
  return user;
}

describe('an index a repository ships in .vouch/', () => {
  it('does not put a file outside the project, or a secrets file, in the context', async () => {
    const root = await clonedWithShippedIndex();
    const context = await assembleContext({
      workspaceRoot: root,
      cursor: { path: 'app.py', line: 5 },
      request: 'load_settings API_TOKEN lookup_notes',
    });
    const prompt = renderContextForPrompt(context);
    expect(prompt).not.toContain('heron-outside-the-project');
    expect(prompt).not.toContain('heron-in-the-env-file');
    expect(context.snippets.map((snippet) => snippet.path).filter((path) => path !== 'app.py')).toEqual([]);
  });

  it('does not hold the index lock: a lock file naming a live process does not make vouch wait', async () => {
    const root = await clonedWithShippedIndex();
    writeFileSync(join(root, '.vouch', 'index.lock'), '1'); // pid 1 is always alive
    const waits: string[] = [];
    const ran = await withIndexLock(root, async () => 'ran', {
      onWait: (message) => waits.push(message),
      signal: AbortSignal.timeout(3_000),
    });
    expect(ran).toBe('ran');
    expect(waits).toEqual([]);
  });
});

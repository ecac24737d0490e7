import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.js';
import { ageTree, writeFiles } from '../../../test/support/temp-project.js';
import { type KeptCounts, keptCount, keptCountsFile, readKeptCounts } from '../../context/kept-counts.js';
import { cacheStateDir } from '../../workspace/root.js';

// End to end through the built CLI: what a cold `vouch context` keeps on disk between runs (the reference
// graph's cache, the listing snapshot) never makes it answer from files as they were.
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
// the user's cache dir, the same for every run of a test file (the listing snapshot lives there)
const userCache = mkdtempSync(join(tmpdir(), 'vouch-context-user-cache-'));
afterAll(() => rmSync(userCache, { recursive: true, force: true }));
const listingSnapshot = (root: string) =>
  join(cacheStateDir(root, { XDG_CACHE_HOME: userCache }), 'listing.json');
/** A file kept beside the workspace's index, in the user's cache dir. */
const besideIndex = (root: string, name: string) =>
  join(cacheStateDir(root, { XDG_CACHE_HOME: userCache }), name);

const VIEWS = [
  'from app.models import Order',
  '',
  '',
  'def checkout(order_id):',
  '    order = Order(order_id)',
  '    return order.total()',
  '',
].join('\n');

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-context-cache-'));
  made.push(root);
  writeFiles(root, {
    'app/__init__.py': '',
    'app/models.py':
      'class Order:\n    def __init__(self, order_id):\n        self.order_id = order_id\n\n    def total(self):\n        return 42\n',
    'app/views.py': VIEWS,
    'app/util.py': 'def shared_helper():\n    return Order\n',
  });
  mkdirSync(join(root, 'app', 'later')); // empty for now: a file appears in it further down
  execFileSync('git', ['init', '-q'], { cwd: root });
  return root;
}

interface ContextBody {
  snippets: { path: string; kind: string; source: string }[];
  promptTokens: number;
}

async function context(root: string, cursor = 'app/views.py:6'): Promise<ContextBody & { raw: string }> {
  const result = await runCli(['context', cursor, '--budget', '3000', '--json'], {
    cwd: root,
    env: { XDG_CACHE_HOME: userCache },
  });
  expect(result.code, result.stderr).toBe(0);
  return { ...result.json<ContextBody>(), raw: result.stdout };
}

/** The same cursor answered with no cache and no snapshot on disk: what a cached answer must equal. */
async function uncached(root: string, cursor?: string): Promise<string> {
  rmSync(besideIndex(root, 'graph-cache.bin'), { force: true });
  rmSync(listingSnapshot(root), { force: true });
  rmSync(besideIndex(root, 'token-counts.bin'), { force: true });
  return (await context(root, cursor)).raw;
}

/** The identity a counts file was written under (its header: seven words, then the identity). */
const identityOf = (file: Buffer) => file.toString('utf8', 28, 28 + file.readUInt32LE(12));

/** The workspace's kept token counts, read as the build that wrote them reads them. */
function keptCounts(root: string): KeptCounts | undefined {
  const file = readFileSync(besideIndex(root, 'token-counts.bin'));
  return readKeptCounts(file, identityOf(file));
}

const shows = (body: ContextBody, path: string, text: string) =>
  body.snippets.some((snippet) => snippet.path === path && snippet.source.includes(text));

describe('vouch context between runs', () => {
  it('reflects edited, added and deleted files, whatever it kept on disk', async () => {
    const root = project();
    await context(root); // makes .vouch/, which changes the root folder's time
    ageTree(root);
    const first = await context(root);
    expect(shows(first, 'app/models.py', 'def total(self)')).toBe(true);
    const snapshot = listingSnapshot(root);
    const cache = besideIndex(root, 'graph-cache.bin');
    expect(statSync(cache).size).toBeGreaterThan(0);
    // The token counts of the lines it counted are kept, keyed by their text.
    const counts = keptCounts(root);
    expect(counts && keptCount(counts, '    return order.total()\n')).toBeGreaterThan(0);
    // Nothing changed: the snapshot is reused as it is (not written again), and the answer is the same.
    const written = readFileSync(snapshot, 'utf8');
    const again = await context(root);
    expect(readFileSync(snapshot, 'utf8')).toBe(written);
    expect(again.raw).toBe(first.raw);

    // Edited in place (no folder changes): the new text, and a graph rebuilt for it.
    writeFileSync(
      join(root, 'app/models.py'),
      'class Order:\n    def __init__(self, order_id):\n        self.order_id = order_id\n\n    def total(self):\n        return grand_total(self)\n\n\ndef grand_total(order):\n    return 43\n',
    );
    const edited = await context(root);
    expect(shows(edited, 'app/models.py', 'return grand_total(self)')).toBe(true);
    expect(edited.raw).toBe(await uncached(root));

    // A file added to a folder that was empty when the snapshot was taken, and used at the cursor.
    ageTree(root);
    await context(root); // a trusted snapshot again, of the tree as it is now
    writeFileSync(join(root, 'app/later/pricing.py'), 'def discount_for(order):\n    return 0.1\n');
    writeFileSync(join(root, 'app/views.py'), VIEWS.replace('order.total()', 'discount_for(order)'));
    const added = await context(root);
    expect(shows(added, 'app/later/pricing.py', 'def discount_for(order)')).toBe(true);
    expect(added.raw).toBe(await uncached(root));

    // Deleted: nothing of it is shown any more.
    ageTree(root);
    await context(root);
    rmSync(join(root, 'app/later/pricing.py'));
    const deleted = await context(root);
    expect(deleted.snippets.some((snippet) => snippet.path === 'app/later/pricing.py')).toBe(false);
    expect(deleted.raw).toBe(await uncached(root));
  }, 60_000);

  it('answers the same whatever the kept token counts hold: lines of another tokenizer, torn or foreign files', async () => {
    const root = project();
    const expected = (await context(root)).raw;
    const file = besideIndex(root, 'token-counts.bin');
    const good = readFileSync(file);
    const identity = identityOf(good);
    const loaded = readKeptCounts(good, identity)!;
    expect(loaded.hashes.length).toBeGreaterThan(0);
    // the same lines, every count wrong by 5: what a file must never be trusted to say
    const wrong = new Map<string, number>();
    for (let at = 0; at < loaded.hashes.length; at++) {
      const text = loaded.texts.toString(
        'utf8',
        loaded.offsets[at],
        loaded.offsets[at]! + loaded.lengths[at]!,
      );
      wrong.set(text, loaded.counts[at]! + 5);
    }
    const foreign = keptCountsFile({
      previous: undefined,
      fresh: wrong,
      identity: `${identity} of another build`,
      cap: 16_000,
    });
    const corrupt = keptCountsFile({ previous: undefined, fresh: wrong, identity, cap: 16_000 });
    corrupt[corrupt.length - 1]! ^= 1; // the checksum no longer holds
    for (const bad of [
      foreign,
      corrupt,
      good.subarray(0, good.length >> 1),
      Buffer.from('not a counts file'),
    ]) {
      writeFileSync(file, bad);
      expect((await context(root)).raw).toBe(expected);
      // and it was rewritten, a file this build reads
      expect(readKeptCounts(readFileSync(file), identity)).toBeDefined();
    }
  }, 60_000);

  it('does not read the token counts a repository ships in .vouch/: counts of 0 for its lines would fill the budget', async () => {
    const root = project();
    const expected = (await context(root)).raw;
    const file = readFileSync(besideIndex(root, 'token-counts.bin'));
    const identity = identityOf(file);
    const loaded = readKeptCounts(file, identity)!;
    // every line vouch counted, at 0 tokens, under this build's identity and a good checksum: what an author
    // who knows the repository's lines (theirs) and vouch's tokenizer (published) can commit
    const zero = new Map<string, number>();
    for (let at = 0; at < loaded.hashes.length; at++)
      zero.set(
        loaded.texts.toString('utf8', loaded.offsets[at], loaded.offsets[at]! + loaded.lengths[at]!),
        0,
      );
    mkdirSync(join(root, '.vouch'), { recursive: true });
    writeFileSync(
      join(root, '.vouch', 'token-counts.bin'),
      keptCountsFile({ previous: undefined, fresh: zero, identity, cap: 16_000 }),
    );
    rmSync(besideIndex(root, 'token-counts.bin'), { force: true });
    const shipped = await context(root);
    expect(shipped.promptTokens).toBeGreaterThan(0);
    expect(shipped.raw).toBe(expected);
  }, 60_000);

  it('keeps a readable counts file when two processes write it at once', async () => {
    const root = project();
    // one after the other: each removes what the runs before kept
    const expected = [await uncached(root, 'app/views.py:6'), await uncached(root, 'app/util.py:2')];
    for (let round = 0; round < 3; round++) {
      rmSync(besideIndex(root, 'token-counts.bin'), { force: true });
      // each process counts lines the other has not, and writes its file back at the same time
      const answers = await Promise.all(
        ['app/views.py:6', 'app/util.py:2'].map((cursor) => context(root, cursor)),
      );
      expect(answers.map((answer) => answer.raw)).toEqual(expected);
      const counts = keptCounts(root);
      expect(counts).toBeDefined();
      const again = await Promise.all(
        ['app/views.py:6', 'app/util.py:2'].map((cursor) => context(root, cursor)),
      );
      expect(again.map((answer) => answer.raw)).toEqual(expected);
    }
  }, 60_000);

  it('answers the same from a corrupt, truncated or foreign cache file as from none', async () => {
    const root = project();
    const expected = (await context(root)).raw;
    const cache = besideIndex(root, 'graph-cache.bin');
    const good = readFileSync(cache);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 9]! ^= 0xff; // a byte of the last section
    for (const bad of [flipped, good.subarray(0, good.length >> 1), Buffer.from('not a cache at all')]) {
      writeFileSync(cache, bad);
      expect((await context(root)).raw).toBe(expected);
      // and it was rewritten whole
      expect(readFileSync(cache).equals(good)).toBe(true);
    }
  }, 60_000);
});

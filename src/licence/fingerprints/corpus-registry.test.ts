import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testFolder } from '../../../test/support/test-folders.js';
import { UsageError } from '../../core/errors.js';
import { writeTree } from '../test-project.js';
import { addCorpus, openLicenceIndex, removeCorpus } from './corpus-registry.js';
import { readRegistrations, storePath } from './fingerprint-store.js';
import { matchCode } from './match-code.js';

const fixture = join(import.meta.dirname, '..', '__fixtures__', 'corpus', 'gpl-project');
const scheduler = readFileSync(join(fixture, 'lib', 'scheduler.py'), 'utf8');

// the index lives in the user's cache dir: each test has its own (registrations: the suite's state dir)
beforeEach(() => {
  vi.stubEnv('XDG_CACHE_HOME', testFolder('vouch-licence-user-cache-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function corpusWithJunk(): string {
  return writeTree(testFolder('vouch-licence-corpus-'), {
    'src/scheduler.py': scheduler,
    'src/blob.py': Buffer.from([0, 1, 2, 3, 0, 0x50, 0x4b]),
    'src/huge.js': `const x = [${'1,'.repeat(40_000)}];\n`,
    'README.md': '# not code\n',
    '.git/objects/aa.py': scheduler,
  });
}

describe('the corpus registry', () => {
  it('indexes source files, skipping binaries and huge files with a reason each', async () => {
    const root = testFolder('vouch-licence-');
    const opened = await openLicenceIndex(root);
    const result = await addCorpus(root, opened, {
      name: 'gpl',
      licence: 'GPL-3.0',
      dir: corpusWithJunk(),
      maxFileBytes: 64 * 1024,
    });
    expect(result).toMatchObject({ files: 1, licence: 'GPL-3.0-only', ignored: 1, replaced: false });
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { path: join('src', 'blob.py'), reason: 'binary content' },
        { path: join('src', 'huge.js'), reason: 'larger than 64 KiB' },
      ]),
    );
    expect(readRegistrations(root).map((entry) => entry.name)).toEqual(['gpl']);
    expect(opened.store.corpora()[0]).toMatchObject({ name: 'gpl', files: 1, skipped: 2 });
    opened.store.close();
  });

  it('rejects a bad licence, a missing folder and an unusable name before indexing', async () => {
    const root = testFolder('vouch-licence-');
    const opened = await openLicenceIndex(root);
    await expect(
      addCorpus(root, opened, { name: 'x', licence: 'Some Licence', dir: fixture }),
    ).rejects.toThrow(/not an SPDX/);
    await expect(
      addCorpus(root, opened, { name: 'x', licence: 'MIT', dir: join(root, 'nope') }),
    ).rejects.toThrow(UsageError);
    await expect(addCorpus(root, opened, { name: 'a b/c', licence: 'MIT', dir: fixture })).rejects.toThrow(
      /name/,
    );
    expect(() => removeCorpus(root, opened, 'never-added')).toThrow(/no corpus named/);
    opened.store.close();
  });

  it('survives a corrupt store: moved aside, re-indexed from the registrations', async () => {
    const root = testFolder('vouch-licence-');
    const first = await openLicenceIndex(root);
    await addCorpus(root, first, { name: 'gpl', licence: 'GPL-3.0-only', dir: fixture });
    first.store.close();
    for (const suffix of ['-wal', '-shm'])
      if (existsSync(storePath(root) + suffix)) writeFileSync(storePath(root) + suffix, '');
    writeFileSync(storePath(root), Buffer.alloc(8192, 0x5a));

    const withoutReindex = await openLicenceIndex(root);
    expect(withoutReindex.notes.join('\n')).toMatch(/corrupt.*moved aside/);
    expect(withoutReindex.missing.map((entry) => entry.name)).toEqual(['gpl']);
    expect(
      matchCode(withoutReindex.store, { code: scheduler, language: 'python' }, { minChars: 150 }),
    ).toEqual([]);
    withoutReindex.store.close();

    const reindexed = await openLicenceIndex(root, { reindex: true });
    expect(reindexed.missing).toEqual([]);
    expect(reindexed.notes.join('\n')).toMatch(/gpl re-indexed/);
    expect(
      matchCode(reindexed.store, { code: scheduler, language: 'python' }, { minChars: 150 }),
    ).toHaveLength(1);

    removeCorpus(root, reindexed, 'gpl');
    expect(readRegistrations(root)).toEqual([]);
    expect(matchCode(reindexed.store, { code: scheduler, language: 'python' }, { minChars: 150 })).toEqual(
      [],
    );
    reindexed.store.close();
  });
});

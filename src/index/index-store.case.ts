import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeFile } from './analyze-file.js';
import { ftsQuery } from './identifiers.js';
import type { FileWrite, IndexStore } from './index-store-contract.js';

const MODELS = `from .base import Model


class User(Model):
    """A person who signs in."""

    def display_name(self):
        return self.name

    def greet(self, other):
        return f"hi {other}"


def make_user(name):
    return User(name=name)
`;

const VIEWS = `from .models import make_user, User as Person


def signup(request):
    user = make_user(request.POST["name"])
    return Person
`;

async function write(
  path: string,
  text: string,
  language: 'python' | 'typescript' = 'python',
): Promise<FileWrite> {
  return {
    path,
    size: text.length,
    mtimeMs: 1,
    hash: `hash-of-${path}`,
    language,
    analysis: await analyzeFile(language, text),
  };
}

/** The contract every IndexStore passes; each implementation's test calls this with a factory. */
export function indexStoreContract(name: string, open: () => IndexStore): void {
  describe(`IndexStore contract: ${name}`, () => {
    let store: IndexStore;
    beforeEach(async () => {
      store = open();
      store.writeFiles([await write('app/models.py', MODELS), await write('app/views.py', VIEWS)]);
    });
    afterEach(() => {
      store.close();
    });

    it('lists files, counts rows and moves its version on every write', async () => {
      expect(store.isEmpty()).toBe(false);
      expect(store.files().map((file) => file.path)).toEqual(['app/models.py', 'app/views.py']);
      expect(store.counts()).toMatchObject({ files: 2, symbols: 5, embeddings: 0 });
      expect(store.hasEmbeddings()).toBe(false);
      const [chunk] = store.chunksWithoutVector('test-model');
      store.writeVectors('test-model', [{ chunkId: chunk!.id, vector: new Float32Array([1, 0]) }]);
      expect(store.hasEmbeddings()).toBe(true);
      const before = store.version;
      store.writeFiles([await write('app/more.py', 'def more():\n    return 1\n')]);
      expect(store.version).not.toBe(before);
      const stored = store.storedFiles();
      expect([...store.storedStats().values()].sort()).toEqual(
        [...stored.values()].map((file) => [file.path, file.size, file.mtimeMs]).sort(),
      );
      expect([...store.storedFiles().keys()].sort()).toEqual([
        'app/models.py',
        'app/more.py',
        'app/views.py',
      ]);
      // the rows of the paths asked, no other; a path the index does not hold is not in the answer
      const some = store.storedFilesAt(['app/views.py', 'app/missing.py', 'app/more.py', 'app/views.py']);
      expect([...some.keys()].sort()).toEqual(['app/more.py', 'app/views.py']);
      expect(some.get('app/more.py')).toEqual(stored.get('app/more.py'));
      expect(some.get('app/views.py')).toEqual(stored.get('app/views.py'));
      expect(store.storedFilesAt([]).size).toBe(0);
    });

    it('answers the symbol lookups context assembly makes', () => {
      const [models] = store.files();
      const user = store.topLevelDefinition(models!.id, 'User');
      expect(user).toMatchObject({ path: 'app/models.py', kind: 'class', startLine: 4, parent: null });
      expect(store.topLevelDefinition(models!.id, 'greet')).toBeUndefined(); // a method, not top-level
      expect(
        store.symbolsNamed(['greet', 'make_user']).map((row) => `${row.parent ?? ''}.${row.name}`),
      ).toEqual(['User.greet', '.make_user']);
      expect(
        store
          .membersOf({ fileId: models!.id, name: 'User', startLine: user!.startLine, endLine: user!.endLine })
          .map((row) => row.name),
      ).toEqual(['display_name', 'greet']);
      expect(store.topLevelDefinitions(models!.id, 10).map((row) => row.name)).toEqual(['User', 'make_user']);
      expect(store.fileOutline('app/models.py', 2).map((row) => row.name)).toEqual(['User', 'display_name']);
      expect(store.classSignatures('User', 3)).toEqual(['class User(Model):']);
      const chunk = store.chunkAt(models!.id, 8);
      expect(chunk?.startLine).toBeLessThanOrEqual(8);
      expect(chunk?.endLine).toBeGreaterThanOrEqual(8);
      expect(chunk?.text).toContain('def display_name');
    });

    it('keeps what each file references and imports', () => {
      const views = store.files().find((file) => file.path === 'app/views.py')!;
      expect(store.referencesIn('app/views.py').map((row) => `${row.kind}:${row.name}`)).toContain(
        'call:make_user',
      );
      expect(store.importsOf(views.id)).toEqual([
        { local: 'make_user', module: '.models', name: 'make_user', kind: 'import', line: 1 },
        { local: 'Person', module: '.models', name: 'User', kind: 'import', line: 1 },
      ]);
      const graph = store.graphRows();
      expect(graph.files).toHaveLength(2);
      expect(graph.references.find((row) => row.fileId === views.id && row.name === 'make_user')?.count).toBe(
        2,
      );
    });

    it('keeps every row of many files written in one batch, in order, a rewrite of a file included', () => {
      // More rows than one multi-row insert holds, across files, and a file written twice in the batch.
      const analysis = (tag: string, count: number) => ({
        definitions: Array.from({ length: count }, (_, index) => ({
          name: `${tag}${index}`,
          kind: 'function',
          startLine: index + 1,
          endLine: index + 1,
          signature: `def ${tag}${index}()`,
        })),
        references: Array.from({ length: count }, (_, index) => ({
          name: `${tag}ref${index}`,
          kind: 'call',
          line: index + 1,
        })),
        chunks: [],
        imports: Array.from({ length: count }, (_, index) => ({
          local: `${tag}${index}`,
          module: 'm',
          name: `${tag}${index}`,
          kind: 'import' as const,
          line: index + 1,
        })),
        parsed: true,
        syntaxErrors: 0,
      });
      const file = (path: string, tag: string, count: number): FileWrite => ({
        path,
        size: count,
        mtimeMs: 1,
        hash: `${path}:${tag}`,
        analysis: analysis(tag, count),
      });
      store.writeFiles([
        file('a.py', 'a', 70),
        file('b.py', 'b', 130),
        file('a.py', 'c', 3),
        file('d.py', 'd', 1),
      ]);
      const names = (path: string) => store.referencesIn(path).map((row) => `${row.name}@${row.line}`);
      expect(names('a.py')).toEqual(['cref0@1', 'cref1@2', 'cref2@3']);
      expect(names('b.py')).toEqual(Array.from({ length: 130 }, (_, index) => `bref${index}@${index + 1}`));
      expect(names('d.py')).toEqual(['dref0@1']);
      const b = store.files().find((row) => row.path === 'b.py')!;
      expect(store.topLevelDefinitions(b.id, 200).map((row) => row.name)).toEqual(
        Array.from({ length: 130 }, (_, index) => `b${index}`),
      );
      expect(store.importsOf(b.id).map((row) => row.local)).toEqual(
        Array.from({ length: 130 }, (_, index) => `b${index}`),
      );
      const a = store.files().find((row) => row.path === 'a.py')!;
      expect(store.importsOf(a.id).map((row) => row.local)).toEqual(['c0', 'c1', 'c2']);
      expect(store.symbolsNamed(['a0', 'a69', 'c2']).map((row) => row.name)).toEqual(['c2']);
    });

    it('searches chunks by BM25 and knows how common a term is', () => {
      const hits = store.searchChunks(ftsQuery(['display']), 5);
      expect(hits[0]).toMatchObject({
        path: 'app/models.py',
        text: expect.stringContaining('def display_name'),
      });
      expect(hits[0]!.score).toBeGreaterThan(0);
      expect(store.chunkCount()).toBeGreaterThan(1);
      expect(store.termDocumentCount('signup')).toBe(1);
      expect(store.chunk(hits[0]!.chunkId)?.text).toBe(hits[0]!.text);
    });

    it('copies a renamed file, touches an unchanged one and deletes a removed one', async () => {
      const [models, views] = store.files();
      store.writeFiles([
        { path: 'app/users.py', size: 1, mtimeMs: 2, hash: 'hash-of-app/models.py', copyFrom: models!.id },
      ]);
      const copy = store.files().find((file) => file.path === 'app/users.py')!;
      expect(store.topLevelDefinition(copy.id, 'make_user')?.path).toBe('app/users.py');
      store.touchFiles([{ id: views!.id, size: 99, mtimeMs: 5 }]);
      expect(store.storedFiles().get('app/views.py')).toMatchObject({ size: 99, mtimeMs: 5 });
      store.deleteFiles([models!.id]);
      expect(store.files().map((file) => file.path)).toEqual(['app/views.py', 'app/users.py']);
      expect(store.symbolsNamed(['User']).map((row) => row.path)).toEqual(['app/users.py']);
    });

    it('keeps vectors per model and metadata', () => {
      const id = store.searchChunks(ftsQuery(['greet']), 1)[0]!.chunkId;
      const pending = store.chunksWithoutVector('m1').length;
      store.writeVectors('m1', [{ chunkId: id, vector: Float32Array.from([0.6, 0.8]) }]);
      expect(store.chunksWithoutVector('m1')).toHaveLength(pending - 1);
      expect(store.vectors('m1').map((row) => [row.chunkId, [...row.vector]])).toEqual([
        [id, [Float32Array.from([0.6])[0], Float32Array.from([0.8])[0]]],
      ]);
      expect(store.vectors('m2')).toEqual([]);
      store.setMeta('lastIndexedAt', 'now');
      expect(store.getMeta('lastIndexedAt')).toBe('now');
      expect(store.getMeta('missing')).toBeUndefined();
    });
  });
}

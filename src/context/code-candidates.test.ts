import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';
import { definitionCandidates, moduleOutlineCandidates } from './code-candidates.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

const indexed = (files: Record<string, string>) =>
  fixtures.indexed(fixtures.project('vouch-candidates-', files));

const module = (names: string[]) => names.map((name) => `def ${name}(value):\n    return value\n`).join('\n');

describe('moduleOutlineCandidates', () => {
  it('lists what the file reaches through each imported module, for several names and relative imports', async () => {
    const store = await indexed({
      'pkg/db/transaction.py': module(['atomic', 'commit', 'rollback', 'savepoint']),
      'pkg/db/router.py': module(['route', 'allow']),
      'pkg/app/views.py': module(['index', 'detail']),
      'pkg/app/handlers.py': '',
      'other/pkg/db/transaction.py': module(['atomic']),
      'deep/json.py': module(['loads']),
    });
    const text =
      'import json\nfrom pkg.db import router, transaction as tx\nfrom . import views\n\n' +
      'def handle(request):\n    with tx.atomic():\n        router.route(request)\n    json.loads(request)\n' +
      '    return views.detail(request)\n';
    const candidates = moduleOutlineCandidates(store, text, 'pkg/app/handlers.py');
    const byPath = new Map(candidates.map((candidate) => [candidate.path, candidate]));
    // The shortest path that matches the module, not a copy deeper in the tree.
    expect([...byPath.keys()].sort()).toEqual([
      'pkg/app/views.py',
      'pkg/db/router.py',
      'pkg/db/transaction.py',
    ]);
    expect(byPath.get('pkg/db/transaction.py')!.source).toBe('def atomic(value):');
    expect(byPath.get('pkg/db/transaction.py')!.reason).toContain('used as `tx.`');
    expect(byPath.get('pkg/db/router.py')!.source).toBe('def route(value):');
    expect(byPath.get('pkg/app/views.py')!.source).toBe('def detail(value):');
    // `import json` is a top-level module: not deep/json.py.
    expect(byPath.has('deep/json.py')).toBe(false);
  });
});

describe('definitionCandidates', () => {
  it("shows a method of a small class as its own lines, not the start of the class's chunk", async () => {
    const methods = Array.from(
      { length: 6 },
      (_, index) =>
        `    def step_${index}(self, value):\n        """Step ${index}."""\n        return value + ${index}\n`,
    ).join('\n');
    const store = await indexed({ 'pkg/steps.py': `class Steps:\n    """A few steps."""\n\n${methods}` });
    const [candidate] = definitionCandidates(
      store,
      [{ name: 'step_5', weight: 1, line: 3 }],
      new Set(),
      [],
      undefined,
    );
    expect(candidate).toMatchObject({ path: 'pkg/steps.py', startLine: 24, endLine: 26 });
    expect(candidate!.source).toBe(
      '    def step_5(self, value):\n        """Step 5."""\n        return value + 5',
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';
import { definitionCandidates } from './code-candidates.js';
import { importedDefinitions } from './imported-definitions.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

const indexed = (files: Record<string, string>) =>
  fixtures.indexed(fixtures.project('vouch-candidates-', files));

const module = (names: string[]) => names.map((name) => `def ${name}(value):\n    return value\n`).join('\n');

describe('imported modules', () => {
  it('resolve what the file reaches through each imported module, for several names and relative imports', async () => {
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
    const found = importedDefinitions(store, 'pkg/app/handlers.py', 'python', text);
    // The module's own file, not a copy deeper in the tree; only what the file reaches through it.
    expect(found.map((entry) => `${entry.row.path}:${entry.row.signature}`).sort()).toEqual([
      'pkg/app/views.py:def detail(value):',
      'pkg/db/router.py:def route(value):',
      'pkg/db/transaction.py:def atomic(value):',
    ]);
    // `import json` is a top-level module: not deep/json.py.
    expect(found.some((entry) => entry.row.path === 'deep/json.py')).toBe(false);
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

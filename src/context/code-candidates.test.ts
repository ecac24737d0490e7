import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';
import {
  definitionCandidates,
  measureCandidate,
  type RankedDefinition,
  signatureLineCount,
} from './code-candidates/index.js';
import { RANKING_FEATURES } from './definition-ranking.js';
import { importedDefinitions, moduleOffers } from './imported-definitions.js';

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
    const found = importedDefinitions(store, { path: 'pkg/app/handlers.py', language: 'python', text });
    const shown = (via: (entry: (typeof found)[number]) => boolean) =>
      found
        .filter(via)
        .map((entry) => `${entry.row.path}:${entry.row.signature}`)
        .sort();
    // The module's own file, not a copy deeper in the tree; what the file reaches through it, followed…
    expect(shown((entry) => entry.via === 'module')).toEqual([
      'pkg/app/views.py:def detail(value):',
      'pkg/db/router.py:def route(value):',
      'pkg/db/transaction.py:def atomic(value):',
    ]);
    // …and, offered apart, the rest of what those modules define (what the code may reach for next)
    expect(shown((entry) => entry.via === 'offered')).toEqual([
      'pkg/app/views.py:def index(value):',
      'pkg/db/router.py:def allow(value):',
      'pkg/db/transaction.py:def commit(value):',
      'pkg/db/transaction.py:def rollback(value):',
      'pkg/db/transaction.py:def savepoint(value):',
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
    const [candidate] = definitionCandidates(store, {
      identifiers: [{ name: 'step_5', weight: 1, line: 3 }],
    });
    expect(candidate).toMatchObject({ path: 'pkg/steps.py', startLine: 24, endLine: 26 });
    expect(candidate!.source).toBe(
      '    def step_5(self, value):\n        """Step 5."""\n        return value + 5',
    );
  });

  it('outlines a big class: its docstring cut to one line, the constructor first, named members next', async () => {
    const others = Array.from(
      { length: 8 },
      (_, index) => `    def other_${index}(self, value):\n        return value\n`,
    ).join('\n');
    const store = await indexed({
      'pkg/store.py': [
        'class Store(Base):',
        '    """Keeps things.',
        '',
        '    A long explanation of how things are kept,',
        '    over several lines that a caller does not need.',
        '    """',
        '    # a comment about the slots',
        '    __slots__ = (',
        '        "items",',
        '    )',
        '    kind = "store"',
        '',
        others,
        '    def put(self, key, value):',
        '        return key',
        '',
        '    def __init__(self, items, *, limit=10):',
        '        self.items = items',
        '',
      ].join('\n'),
    });
    const [outline] = definitionCandidates(store, {
      identifiers: [
        { name: 'Store', weight: 1, line: 2 },
        { name: 'put', weight: 0.5, line: 3 },
      ],
    });
    expect(outline!.outline).toBe(true);
    expect(outline!.source).toBe(
      [
        'class Store(Base):',
        '    """Keeps things. …"""',
        '    def __init__(self, items, *, limit=10): …',
        '    def put(self, key, value): …',
        '    def other_0(self, value): …',
        '    def other_1(self, value): …',
        '    def other_2(self, value): …',
        '    … (5 more members)',
      ].join('\n'),
    );
    // A signature in a group carries the class's constructor.
    expect(outline!.symbol?.classConstructor?.signature).toBe('def __init__(self, items, *, limit=10):');
  });

  it("keeps a big class's long constructor whole when the outline is cut to its length", async () => {
    const params = Array.from({ length: 40 }, (_, index) => `        option_${index}: Optional[int] = None,`);
    const others = Array.from(
      { length: 8 },
      (_, index) => `    def other_${index}(self, value):\n        return value\n`,
    ).join('\n');
    const store = await indexed({
      'pkg/console.py': [
        'class Console:',
        '    """A console."""',
        '',
        '    def __init__(',
        '        self,',
        '        *,',
        ...params,
        '    ) -> None:',
        '        self.options = None',
        '',
        others,
      ].join('\n'),
    });
    const [outline] = definitionCandidates(store, {
      identifiers: [{ name: 'Console', weight: 1, line: 2 }],
    });
    expect(outline!.outline).toBe(true);
    const measured = measureCandidate(outline!);
    const lines = measured.source.split('\n');
    // the header and the whole constructor, past the outline's usual length; the other members may go
    expect(lines.slice(0, 2)).toEqual(['class Console:', '    """A console."""']);
    expect(lines[2]).toMatch(
      /^ {4}def __init__\( self, \*, option_0: .* option_39: Optional\[int\] = None, \) -> None: …$/,
    );
  });

  it("lists the members other files call most before an outline's few others", async () => {
    const methods = ['first', 'second', 'third', 'fourth', 'getoption', 'getini', '_cached']
      .map((name) => `    def ${name}(self, name, default=None):\n        return default\n`)
      .join('\n');
    // `getoption` and `getini` are what other files call on a Config (pytest's shape); `_cached` is called
    // as often, but it is private.
    const caller = (index: number) =>
      `def use_${index}(config):\n    config.getoption("x")\n    config._cached("y")\n` +
      (index < 2 ? '    return config.getini("y")\n' : '    return None\n');
    const store = await indexed({
      'pkg/config.py': `class Config:\n    """Settings."""\n\n${methods}\n    def __init__(self, args):\n        self.args = args\n`,
      ...Object.fromEntries(Array.from({ length: 3 }, (_, index) => [`pkg/use_${index}.py`, caller(index)])),
    });
    const [outline] = definitionCandidates(store, {
      identifiers: [{ name: 'Config', weight: 1, line: 2 }],
    });
    expect(outline!.source).toBe(
      [
        'class Config:',
        '    """Settings."""',
        '    def __init__(self, args): …',
        '    def getoption(self, name, default=None): …',
        '    def getini(self, name, default=None): …',
        '    def _cached(self, name, default=None): …',
        '    def first(self, name, default=None): …',
        '    def second(self, name, default=None): …',
        '    def third(self, name, default=None): …',
        '    … (1 more members)',
      ].join('\n'),
    );
  });

  it('brings in the most used members of a class in play that the file does not name yet', async () => {
    const settings = [
      'class BaseSettings:',
      '    def __init__(self, values):',
      '        self.values = values',
      ...['get', 'getint', 'getbool', 'getfloat', 'getlist', 'unused'].map(
        (name) => `    def ${name}(self, name, default=None):\n        return self.values.get(name, default)`,
      ),
    ].join('\n');
    // Other files call getint most, then getbool: what the next line of code on a settings object calls.
    const caller = (index: number) =>
      `def configure_${index}(settings):\n    a = settings.getint("A")\n` +
      (index < 2 ? '    return settings.getbool("B")\n' : '    return a\n');
    const store = await indexed({
      'pkg/settings.py': `${settings}\n`,
      ...Object.fromEntries(Array.from({ length: 3 }, (_, index) => [`pkg/use_${index}.py`, caller(index)])),
      'pkg/downloader.py':
        'class Downloader:\n    def __init__(self, settings):\n        self.delay = settings.getfloat("DELAY")\n',
    });
    let observed: readonly RankedDefinition[] = [];
    const candidates = definitionCandidates(store, {
      identifiers: [{ name: 'getfloat', weight: 1, line: 3 }],
      signals: { observe: (ranked) => (observed = ranked) },
    });
    const reasons = candidates.map((candidate) => candidate.reason);
    expect(reasons).toContain('definition of BaseSettings.getfloat (method), used at line 3');
    const picks = reasons.filter((reason) =>
      reason.endsWith('among the most used members of a class in play'),
    );
    // the class's members other files use, most used first; never one nothing uses, nor the constructor
    expect(picks).toEqual([
      'definition of BaseSettings.getint (method), among the most used members of a class in play',
      'definition of BaseSettings.getbool (method), among the most used members of a class in play',
    ]);
    // every candidate ranked with its features, the picks marked as such
    const pick = RANKING_FEATURES.indexOf('member pick');
    expect(observed.every((entry) => entry.features.length === RANKING_FEATURES.length)).toBe(true);
    expect(observed.every((entry) => Array.from(entry.features).every(Number.isFinite))).toBe(true);
    expect(observed.filter((entry) => entry.features[pick] === 1).map((entry) => entry.row.name)).toEqual([
      'getint',
      'getbool',
    ]);
  });

  it('never cuts a definition inside its signature', async () => {
    const parameters = Array.from({ length: 40 }, (_, index) => `        parameter_${index}=None,`).join(
      '\n',
    );
    const store = await indexed({
      'pkg/wide.py': `def wide(\n${parameters}\n):\n    """Wide."""\n    return parameter_0\n`,
    });
    const [candidate] = definitionCandidates(store, {
      identifiers: [{ name: 'wide', weight: 1, line: 2 }],
    });
    const measured = measureCandidate(candidate!);
    // 100 tokens would stop in the middle of the parameters: the whole signature is kept instead
    expect(measured.source.split('\n')).toHaveLength(42);
    expect(measured.source.endsWith('):')).toBe(true);
    expect(
      signatureLineCount(
        ['export function f(', '  a: number,', '): void {'],
        0,
        'function f( a: number, ): void',
      ),
    ).toBe(3);
  });
});

describe('what an imported module offers', () => {
  it('ranks a module’s names by the files that use them, passing on what a package imports', async () => {
    const users = (name: string, count: number) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, index) => [
          `app/use_${name}_${index}.py`,
          `from lib import tools\n\ndef go():\n    return tools.${name}()\n`,
        ]),
      );
    const store = await indexed({
      'lib/__init__.py': '',
      'lib/tools/__init__.py': 'from .basic import *\nfrom .extra import rare\nimport os\n',
      'lib/tools/basic.py': module(['common', 'middling', '_private']),
      'lib/tools/extra.py': module(['rare']),
      'lib/plain.py': 'from lib.tools.basic import common\n\ndef own(value):\n    return common(value)\n',
      ...users('common', 5),
      ...users('middling', 3),
      ...users('rare', 1),
    });
    const file = (path: string) => store.files().find((entry) => entry.path === path)!;
    expect(moduleOffers(store, file('lib/tools/__init__.py')).map((row) => row.name)).toEqual([
      'common',
      'middling',
      'rare',
      '_private',
    ]);
    // A module that is not a package offers its own definitions only, not what it imports.
    expect(moduleOffers(store, file('lib/plain.py')).map((row) => row.name)).toEqual(['own']);
    // What the file already names through the module is not offered again.
    const found = importedDefinitions(store, {
      path: 'app/new.py',
      language: 'python',
      text: 'from lib import tools\n\ntools.middling()\n',
    });
    expect(
      found.filter((entry) => entry.via === 'offered').map((entry) => `${entry.local}:${entry.rank}`),
    ).toEqual(['common:0', 'rare:1', '_private:2']);
  });
});

import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';

// The tokenizer itself, not the context layer's wrapper: index/ sits below context/ (the repo map takes
// its token counter as an argument for that reason).
const NONE = new Set<string>();
const countTokens = (text: string) => countO200k(text, { disallowedSpecial: NONE, allowedSpecial: NONE });

import { rankWorkspace } from './rank-workspace.js';
import { groupPairs, type ReferenceGraph, StringTable } from './reference-graph.js';
import { bestIndexes, buildRepoMap, type RankedDefinition, rankDefinitions } from './repo-map.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

const indexed = (files: Record<string, string>) => fixtures.indexed(fixtures.project('vouch-map-', files));

const files: Record<string, string> = {
  'core/database.py': 'class DatabaseConnection:\n    def execute_query(self, sql):\n        return sql\n',
  'billing/invoice_maker.py': 'def render_invoice_pdf(invoice):\n    return invoice\n',
  'billing/api.py':
    'from billing.invoice_maker import render_invoice_pdf\n\ndef invoice_view(request):\n    return render_invoice_pdf(request)\n',
};
for (let index = 0; index < 6; index++) {
  files[`app/view_${index}.py`] =
    `from core.database import DatabaseConnection\n\ndef handler_${index}():\n    connection = DatabaseConnection()\n    return connection.execute_query("x")\n`;
}

describe('bestIndexes', () => {
  // The selection it replaced: the k-th largest value by a full sort, every index at or above it (and not
  // negative), a stable sort by value, cut to k.
  const reference = (values: Float64Array, k: number) => {
    const threshold = [...values].sort((a, b) => b - a)[Math.min(k, values.length) - 1]!;
    const order: number[] = [];
    for (let index = 0; index < values.length; index++)
      if (values[index]! >= threshold && values[index]! >= 0) order.push(index);
    return order.sort((a, b) => values[b]! - values[a]!).slice(0, k);
  };

  it('gives the indexes of the k largest non-negative values as a sort would, ties in index order', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const length of [1, 2, 3, 10, 101, 1000, 5000]) {
      for (const spread of [3, 20, 1e9]) {
        const values = Float64Array.from({ length }, () =>
          random() < 0.3 ? -1 : spread === 1e9 ? random() : Math.floor(random() * spread),
        );
        for (const k of [1, 2, 7, Math.ceil(length / 2), length, length + 5]) {
          expect(bestIndexes(values, k), `${length} values, ${k}`).toEqual(reference(values, k));
        }
      }
    }
    // Many values (a sample of them sets a floor): rising, falling, in few ties, and the floor's own value
    // shared by more indexes than fit.
    const shapes: [string, (index: number) => number][] = [
      ['rising', (index) => index / 7],
      ['falling', (index) => 1e5 - index],
      ['ties', (index) => (index % 11 === 0 ? -1 : index % 5)],
      ['rising in steps', (index) => Math.floor(index / 400)],
    ];
    for (const [shape, value] of shapes) {
      const values = Float64Array.from({ length: 50_000 }, (_, index) => value(index));
      for (const k of [1, 100, 281, 3000])
        expect(bestIndexes(values, k), `${shape}, ${k}`).toEqual(reference(values, k));
    }
    expect(bestIndexes(Float64Array.from([-1, -1]), 2)).toEqual([]);
    expect(bestIndexes(Float64Array.from([1, 2]), 0)).toEqual([]);
  });
});

describe('repo map', () => {
  it('ranks the most referenced definitions first', async () => {
    const store = await indexed(files);
    const ranked = rankDefinitions(store);
    expect(
      ranked
        .slice(0, 2)
        .map((definition) => definition.name)
        .sort(),
    ).toEqual(['DatabaseConnection', 'execute_query']);
  });

  it('is personalised toward the request files and identifiers', async () => {
    const store = await indexed(files);
    const byFile = rankDefinitions(store, { focusFiles: ['billing/api.py'] });
    expect(byFile[0]).toMatchObject({ name: 'render_invoice_pdf', path: 'billing/invoice_maker.py' });
    const byName = rankDefinitions(store, { focusIdentifiers: ['invoice_view'] });
    expect(byName[0]!.name).toBe('invoice_view');
  });

  it('leaves excluded files and kinds out of the ranking, not out of the graph', async () => {
    const store = await indexed({ ...files, 'core/settings.py': 'DEFAULT_TIMEOUT_SECONDS = 30\n' });
    const all = rankDefinitions(store);
    expect(all.some((definition) => definition.kind === 'constant')).toBe(true);
    const ranked = rankDefinitions(store, {
      focusFiles: ['billing/api.py'],
      excludeFiles: ['billing/invoice_maker.py'],
      excludeKinds: ['constant'],
      limit: 3,
    });
    expect(ranked).toHaveLength(3);
    expect(ranked.some((definition) => definition.path === 'billing/invoice_maker.py')).toBe(false);
    expect(ranked.some((definition) => definition.kind === 'constant')).toBe(false);
    // The excluded file still passes rank on: what it references ranks as before.
    const without = rankDefinitions(store, { focusFiles: ['billing/api.py'] }).filter(
      (definition) => definition.path !== 'billing/invoice_maker.py' && definition.kind !== 'constant',
    );
    expect(ranked.map((definition) => definition.name)).toEqual(
      without.slice(0, 3).map((definition) => definition.name),
    );
  });

  it('shows signatures grouped by file, within the token budget', async () => {
    const store = await indexed(files);
    const map = buildRepoMap(store, { tokens: 40, countTokens });
    expect(map.tokens).toBeLessThanOrEqual(40);
    expect(countTokens(map.text)).toBeLessThanOrEqual(44);
    expect(map.text).toContain(
      'core/database.py:\n    1│class DatabaseConnection:\n    2│    def execute_query(self, sql):',
    );
    expect(map.text).not.toContain('return');
    const large = buildRepoMap(store, { tokens: 2000, countTokens, excludeFiles: ['core/database.py'] });
    expect(large.text).not.toContain('core/database.py');
    expect(large.definitions.map((definition) => definition.name).sort()).toEqual([
      ...Array.from({ length: 6 }, (_, index) => `handler_${index}`),
      'invoice_view',
      'render_invoice_pdf',
    ]);
  });
});

describe('repo map line costs', () => {
  // The fill as it was before each line's cost was kept per graph: every line and heading counted anew.
  function referenceMap(ranked: RankedDefinition[], budget: number, count: (text: string) => number) {
    const chosen: RankedDefinition[] = [];
    const headers = new Set<string>();
    let tokens = 0;
    let misses = 0;
    for (const definition of ranked) {
      if (misses >= 25) break;
      const line = `${String(definition.startLine).padStart(5)}│${definition.parent ? '    ' : ''}${definition.signature}`;
      const cost = (headers.has(definition.path) ? 0 : count(`${definition.path}:\n`)) + count(`${line}\n`);
      if (tokens + cost > budget) {
        if (budget - tokens < 8) break;
        misses++;
        continue;
      }
      tokens += cost;
      headers.add(definition.path);
      chosen.push(definition);
    }
    return { tokens, names: chosen.map((definition) => `${definition.path}:${definition.startLine}`) };
  }

  it('fills the budget as counting every line anew would, whatever the counting function', async () => {
    const store = await indexed(files);
    // Characters as tokens: another function than the tokenizer, whose costs must not be mixed up.
    const characters = (text: string) => text.length;
    for (const [budget, count] of [
      [60, countTokens],
      [60, characters],
      [60, countTokens],
      [400, characters],
      [25, countTokens],
    ] as const) {
      const ranked = rankDefinitions(store, { focusFiles: ['billing/api.py'], excludeKinds: ['constant'] });
      const map = buildRepoMap(store, { tokens: budget, countTokens: count, focusFiles: ['billing/api.py'] });
      const expected = referenceMap(ranked, budget, count);
      expect(map.tokens, `${budget} ${count.name}`).toBe(expected.tokens);
      expect(map.definitions.map((definition) => `${definition.path}:${definition.startLine}`)).toEqual(
        expected.names,
      );
    }
  });
});

describe('rank workspace', () => {
  /**
   * Personalised PageRank by plain power iteration over the same graph, run until nothing moves (the
   * workspace sweeps Gauss–Seidel style and stops early): both must reach the same fixed point.
   */
  function powerIteration(
    graph: ReferenceGraph,
    pairWeight: Float64Array,
    outWeight: Float64Array,
    personal: Float64Array,
  ): Float64Array {
    const edges = graph.edges;
    const n = graph.paths.length;
    let rank = Float64Array.from(personal);
    for (let iteration = 0; iteration < 10_000; iteration++) {
      let dangling = 0;
      for (let file = 0; file < n; file++) if (outWeight[file] === 0) dangling += rank[file]!;
      const next = new Float64Array(n);
      for (let file = 0; file < n; file++) next[file] = (1 - 0.85 + 0.85 * dangling) * personal[file]!;
      for (let file = 0; file < n; file++)
        for (let pair = edges.targetStart[file]!; pair < edges.targetStart[file + 1]!; pair++) {
          const from = edges.pairFrom[pair]!;
          next[file]! += (rank[from]! * 0.85 * pairWeight[pair]!) / outWeight[from]!;
        }
      const moved = next.reduce((sum, value, file) => sum + Math.abs(value - rank[file]!), 0);
      rank = next;
      if (moved < 1e-15) break;
    }
    const total = rank.reduce((sum, value) => sum + value, 0);
    return total > 0 ? rank.map((value) => value / total) : rank;
  }

  /** A random graph with the arrays the kernels read: dangling files, parallel edges, unreferenced symbols. */
  function randomGraph(seed: number, files: number, edgeCount: number): ReferenceGraph {
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const names = 1 + Math.floor(random() * 40);
    const from: number[] = [];
    const to: number[] = [];
    for (let edge = 0; edge < edgeCount; edge++) {
      const source = Math.floor(random() * files * 0.8); // the last fifth has no outgoing edge
      let target = Math.floor(random() * files);
      if (target === source) target = (target + 1) % files;
      from.push(source);
      to.push(target);
    }
    const order = [...from.keys()].sort((a, b) => to[a]! - to[b]! || from[a]! - from[b]!);
    const { pair, pairFrom, targetStart } = groupPairs({ from, to, files, order });
    const definitionKeys = Math.max(1, Math.floor(edgeCount / 3));
    const symbols = 1 + Math.floor(random() * 60);
    const edges = {
      count: edgeCount,
      from: Int32Array.from(from),
      name: Int32Array.from(from, () => Math.floor(random() * names)),
      pair,
      pairs: pairFrom.length,
      pairFrom,
      targetStart,
      base: Float64Array.from(from, () => random() * 10 + 0.01),
      definition: Int32Array.from(from, () => Math.floor(random() * definitionKeys)),
      definitionKeys,
      symbolKey: Int32Array.from({ length: symbols }, () =>
        random() < 0.3 ? -1 : Math.floor(random() * definitionKeys),
      ),
      pairBase: new Float64Array(0),
      outBase: new Float64Array(0),
      byName: new Int32Array(0),
      nameStart: new Int32Array(0),
    };
    return {
      paths: StringTable.from(Array.from({ length: files }, (_, file) => `f${file}.py`)),
      names: StringTable.from(Array.from({ length: names }, (_, id) => `n${id}`)),
      symbolFile: Int32Array.from({ length: symbols }, () => Math.floor(random() * files)),
      edges,
    } as unknown as ReferenceGraph;
  }

  it('reaches power iteration’s PageRank, and passes it on to definitions and symbols as weighted', () => {
    let checked = 0;
    let varied = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const files = 2 + (seed % 9) * 7;
      const graph = randomGraph(seed, files, seed % 5 === 0 ? 0 : files * (1 + (seed % 4)));
      const edges = graph.edges;
      const work = rankWorkspace(graph);
      // Weights as rankDefinitions makes them: per pair and per source, from the edges.
      const pairWeight = new Float64Array(edges.pairs);
      const outWeight = new Float64Array(files);
      for (let edge = 0; edge < edges.count; edge++) {
        pairWeight[edges.pair[edge]!]! += edges.base[edge]!;
        outWeight[edges.from[edge]!]! += edges.base[edge]!;
      }
      const personal = new Float64Array(files);
      if (seed % 2) personal.fill(1 / files);
      else for (const file of [0, files - 1]) personal[file] = 1 / 2;
      const focusName = Uint8Array.from({ length: graph.names.length }, (_, id) =>
        id % 3 === seed % 3 ? 1 : 0,
      );
      work.pairWeight.set(pairWeight);
      work.outWeight.set(outWeight);
      work.personal.set(personal);
      work.focusName.set(focusName);
      work.shares(0.85);
      // run to convergence: the fixed point is power iteration's
      work.pageRank({ iterations: 10_000, tolerance: 1e-15, oneMinusDamping: 1 - 0.85, damping: 0.85 });
      const expected = powerIteration(graph, pairWeight, outWeight, personal);
      for (let file = 0; file < files; file++) expect(work.rank[file]).toBeCloseTo(expected[file]!, 12);
      expect(work.rank.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
      work.definitionRanks(10);
      work.symbolRanks(0.01);
      const definitionRank = new Float64Array(edges.definitionKeys);
      for (let edge = 0; edge < edges.count; edge++) {
        const from = edges.from[edge]!;
        const value = (edges.base[edge]! * work.rank[from]!) / outWeight[from]!;
        definitionRank[edges.definition[edge]!]! += focusName[edges.name[edge]!] ? value * 10 : value;
      }
      for (let key = 0; key < definitionRank.length; key++)
        expect(work.definitionRank[key]).toBeCloseTo(definitionRank[key]!, 12);
      for (let index = 0; index < graph.symbolFile.length; index++) {
        const key = edges.symbolKey[index]!;
        const wanted = key >= 0 ? definitionRank[key]! : work.rank[graph.symbolFile[index]!]! * 0.01;
        expect(work.symbolRank[index]).toBeCloseTo(wanted, 12);
      }
      // the graphs are not trivial: ranks differ between files
      if (expected.some((value) => Math.abs(value - expected[0]!) > 1e-9)) varied++;
      checked++;
    }
    expect(checked).toBe(40);
    expect(varied).toBeGreaterThan(30);
  });

  it('stops sweeping once less than the tolerance moves', () => {
    const graph = randomGraph(7, 30, 90);
    const work = rankWorkspace(graph);
    const edges = graph.edges;
    work.pairWeight.fill(0);
    work.outWeight.fill(0);
    for (let edge = 0; edge < edges.count; edge++) {
      work.pairWeight[edges.pair[edge]!]! += edges.base[edge]!;
      work.outWeight[edges.from[edge]!]! += edges.base[edge]!;
    }
    work.personal.fill(1 / 30);
    work.shares(0.85);
    work.pageRank({ iterations: 1, tolerance: 0, oneMinusDamping: 0.15, damping: 0.85 });
    const one = Float64Array.from(work.rank);
    work.pageRank({ iterations: 10_000, tolerance: 0.5, oneMinusDamping: 0.15, damping: 0.85 });
    // a sweep moves less than half the rank here: the loose tolerance stops after the first sweep
    expect([...work.rank]).toEqual([...one]);
  });
});

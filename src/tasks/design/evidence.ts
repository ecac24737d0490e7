import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LanguageId, languageForPath } from '../../core/languages.js';
import { escapeRegExp } from '../../core/regexp.js';
import type { IndexStore, SymbolRow } from '../../index/index-store.js';
import { searchChunks } from '../../index/search.js';
import { isTestFile } from '../../security/secrets.js';
import type { Citation } from '../task.js';
import { parseBases } from './bases.js';
import { describeTestFile } from './test-style.js';

/**
 * The patterns a design proposal should follow, gathered from the index before any model is asked: the
 * code most like the request (where it would live), the base classes and interfaces that code extends
 * (with how many classes of the repository extend each), the errors it raises and how they are defined,
 * and the tests of those modules (framework, fixtures). Every item is a place in the workspace, read
 * from disk, so each one is a citation that resolves.
 */

export type EvidenceKind = 'similar' | 'base' | 'error' | 'test' | 'fixture';

export interface PatternEvidence extends Citation {
  kind: EvidenceKind;
  /** what it shows, in one line: `class CsvExporter(Exporter)`, `raises ExportError`, `pytest test` */
  label: string;
  /** the lines themselves (startLine..endLine), for the prompt */
  excerpt: string;
}

export interface DesignModule {
  path: string;
  /** its top-level definitions, as the index has them */
  definitions: string[];
}

export interface DesignEvidence {
  /** the language most of the similar code is in */
  language: LanguageId | null;
  /** the files the new code would sit beside, most similar first */
  modules: DesignModule[];
  similar: PatternEvidence[];
  bases: (PatternEvidence & { name: string; subclasses: number })[];
  errors: PatternEvidence[];
  tests: PatternEvidence[];
  /** the framework the tests of these modules use */
  testFramework: string | null;
  /** why nothing (or less) was gathered */
  problem?: string;
}

/** Words of a design question that name no code: left out of the search so they do not match `add()`. */
const QUESTION_WORDS = new Set(
  (
    'how should would could can we i you do does add adding new a an the to of for in on with and or ' +
    'what where which way best implement implementing create make support supporting it its this that ' +
    'there be is are our my into from using use'
  ).split(' '),
);

function searchText(request: string): string {
  const words = request.split(/[^\w$]+/).filter((word) => word && !QUESTION_WORDS.has(word.toLowerCase()));
  return words.length ? words.join(' ') : request;
}

const MAX_SIMILAR = 4;
const MAX_EXCERPT_LINES = 24;

class Files {
  private readonly cache = new Map<string, string[] | undefined>();
  constructor(private readonly root: string) {}

  lines(path: string): string[] | undefined {
    if (!this.cache.has(path)) {
      let lines: string[] | undefined;
      try {
        lines = readFileSync(join(this.root, path), 'utf8').split('\n');
      } catch {
        lines = undefined;
      }
      this.cache.set(path, lines);
    }
    return this.cache.get(path);
  }

  /** The item with its lines read from disk (so it resolves), or undefined when the file is gone. */
  item(
    kind: EvidenceKind,
    range: { path: string; startLine: number; endLine: number },
    label: string,
  ): PatternEvidence | undefined {
    const { path, startLine, endLine } = range;
    const lines = this.lines(path);
    if (!lines || startLine < 1 || startLine > lines.length) return undefined;
    const end = Math.min(endLine, lines.length, startLine + MAX_EXCERPT_LINES - 1);
    return {
      kind,
      path,
      startLine,
      endLine: end,
      label,
      reason: `${kind}: ${label}`,
      excerpt: lines.slice(startLine - 1, end).join('\n'),
    };
  }
}

/** A signature as a label: without Python's closing colon. */
function shown(signature: string): string {
  return signature.replace(/\s*:\s*$/, '');
}

function mostCommon<T>(values: T[]): T | null {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: T | null = null;
  let bestCount = 0;
  for (const [value, count] of counts)
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  return best;
}

const RAISE: Partial<Record<LanguageId, RegExp>> = {
  python: /^\s*raise\s+([A-Z][\w.]*)\s*\(/,
  typescript: /\bthrow\s+new\s+([A-Z][\w.]*)\s*\(/,
  tsx: /\bthrow\s+new\s+([A-Z][\w.]*)\s*\(/,
  javascript: /\bthrow\s+new\s+([A-Z][\w.]*)\s*\(/,
};
const CATCH: Partial<Record<LanguageId, RegExp>> = {
  python: /^\s*except\s+\(?([A-Z][\w.]*)/,
  typescript: /\binstanceof\s+([A-Z]\w*(?:Error|Exception))\b/,
  tsx: /\binstanceof\s+([A-Z]\w*(?:Error|Exception))\b/,
  javascript: /\binstanceof\s+([A-Z]\w*(?:Error|Exception))\b/,
};

/** Built-in errors: raising them is a pattern worth naming, but they have no definition to cite. */
const BUILTIN_ERRORS =
  /^(Error|TypeError|RangeError|ValueError|KeyError|RuntimeError|Exception|NotImplementedError|IndexError|AttributeError|OSError|IOError|LookupError|AssertionError|SyntaxError)$/;

/**
 * Gathers the evidence for a design request from the workspace's index. Deterministic: the same index
 * and request give the same evidence.
 */
export function gatherDesignEvidence(root: string, store: IndexStore, request: string): DesignEvidence {
  const files = new Files(root);
  const empty: DesignEvidence = {
    language: null,
    modules: [],
    similar: [],
    bases: [],
    errors: [],
    tests: [],
    testFramework: null,
  };
  const hits = searchChunks(store, searchText(request), { k: 40, skipCommonTerms: true });
  const sourceHits = hits.filter((hit) => !isTestFile(hit.path) && languageForPath(hit.path));
  if (sourceHits.length === 0) return { ...empty, problem: 'no code in the index resembles the request' };

  // Where it would live: the files with the most (and best-ranked) similar chunks.
  const fileScore = new Map<string, number>();
  sourceHits.forEach((hit, rank) => {
    fileScore.set(hit.path, (fileScore.get(hit.path) ?? 0) + 1 / (rank + 1));
  });
  const topFiles = [...fileScore.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([path]) => path);
  const modules: DesignModule[] = topFiles.map((path) => ({
    path,
    definitions: store
      .fileOutline(path, 40)
      .filter((row) => row.parent === null)
      .map((row) => shown(row.signature) || row.name)
      .slice(0, 12),
  }));
  const language = mostCommon(sourceHits.map((hit) => languageForPath(hit.path) as LanguageId));

  const similar: PatternEvidence[] = [];
  const seenChunks = new Set<string>();
  for (const hit of sourceHits) {
    if (similar.length >= MAX_SIMILAR) break;
    const key = `${hit.path}:${hit.startLine}`;
    if (seenChunks.has(key)) continue;
    seenChunks.add(key);
    const item = files.item(
      'similar',
      hit,
      hit.symbol ? `${hit.symbol} (${hit.path})` : `code in ${hit.path}`,
    );
    if (item) similar.push(item);
  }

  // Base classes and interfaces: what the classes near the request extend, and how common each base is.
  const relatedFiles = [...fileScore.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 6)
    .map(([path]) => path);
  const allSymbols = store.graphRows();
  const pathOf = new Map(allSymbols.files.map((file) => [file.id, file.path]));
  const subclasses = new Map<string, string[]>();
  for (const row of allSymbols.symbols) {
    if (row.kind !== 'class' && row.kind !== 'interface') continue;
    const rowPath = pathOf.get(row.fileId) ?? '';
    if (isTestFile(rowPath)) continue;
    for (const base of parseBases(row.signature, languageForPath(rowPath)))
      subclasses.set(base, [...(subclasses.get(base) ?? []), row.name]);
  }
  const nearClasses: SymbolRow[] = relatedFiles.flatMap((path) =>
    store.fileOutline(path, 200).filter((row) => row.kind === 'class' || row.kind === 'interface'),
  );
  const candidates: { name: string; from: SymbolRow; definition: SymbolRow | undefined }[] = [];
  for (const row of nearClasses)
    for (const base of parseBases(row.signature, languageForPath(row.path)))
      if (!candidates.some((entry) => entry.name === base))
        candidates.push({
          name: base,
          from: row,
          definition: store
            .symbolsNamed([base])
            .find(
              (found) => (found.kind === 'class' || found.kind === 'interface') && !isTestFile(found.path),
            ),
        });
  // the workspace's own bases first, the most extended first; bases from outside (ABC, Error) after
  candidates.sort(
    (a, b) =>
      Number(!a.definition) - Number(!b.definition) ||
      (subclasses.get(b.name)?.length ?? 0) - (subclasses.get(a.name)?.length ?? 0),
  );
  const bases: DesignEvidence['bases'] = [];
  for (const { name, from, definition } of candidates) {
    if (bases.length >= 4) break;
    const children = subclasses.get(name) ?? [];
    const extendedBy = `${children.length} class${children.length === 1 ? '' : 'es'}${
      children.length ? ` (${children.slice(0, 4).join(', ')}${children.length > 4 ? ', …' : ''})` : ''
    }`;
    const item = definition
      ? files.item(
          'base',
          definition,
          `${shown(definition.signature) || `${definition.kind} ${name}`} — extended or implemented by ${extendedBy}`,
        )
      : files.item(
          'base',
          { path: from.path, startLine: from.startLine, endLine: from.startLine },
          `${shown(from.signature)} — ${name} comes from outside the workspace; extended here by ${extendedBy}`,
        );
    if (item && !bases.some((entry) => entry.path === item.path && entry.startLine === item.startLine))
      bases.push({ ...item, name, subclasses: children.length });
  }

  // Error handling: what the top files raise or throw (and catch), and where those errors are defined.
  const errors: PatternEvidence[] = [];
  const errorNames = new Map<string, { path: string; line: number; verb: string; count: number }>();
  for (const path of relatedFiles) {
    const fileLanguage = languageForPath(path);
    const raise = fileLanguage ? RAISE[fileLanguage] : undefined;
    const catches = fileLanguage ? CATCH[fileLanguage] : undefined;
    (files.lines(path) ?? []).forEach((text, index) => {
      const raised = raise?.exec(text)?.[1];
      const caught = catches?.exec(text)?.[1];
      const name = (raised ?? caught)?.split('.').pop();
      if (!name) return;
      const entry = errorNames.get(name);
      if (entry) entry.count++;
      else
        errorNames.set(name, {
          path,
          line: index + 1,
          verb: raised
            ? fileLanguage === 'python'
              ? 'raises'
              : 'throws'
            : fileLanguage === 'python'
              ? 'catches'
              : 'checks for',
          count: 1,
        });
    });
  }
  const ranked = [...errorNames.entries()].sort((a, b) => b[1].count - a[1].count).slice(0, 4);
  for (const [name, use] of ranked) {
    const site = files.item(
      'error',
      { path: use.path, startLine: use.line, endLine: use.line },
      `${use.path} ${use.verb} ${name}`,
    );
    if (site) errors.push(site);
    if (BUILTIN_ERRORS.test(name)) continue;
    const definition = store
      .symbolsNamed([name])
      .find((row) => row.kind === 'class' && !isTestFile(row.path));
    if (!definition) continue;
    const parents = parseBases(definition.signature, languageForPath(definition.path));
    const item = files.item(
      'error',
      definition,
      `${shown(definition.signature) || `class ${name}`} — the error ${name}${parents.length ? ` (a ${parents.join(', ')})` : ''}`,
    );
    if (item && !errors.some((entry) => entry.path === item.path && entry.startLine === item.startLine))
      errors.push(item);
  }

  // Tests: the project's test files that import the top modules, or else the tests most like the request.
  const tests: PatternEvidence[] = [];
  const frameworks: string[] = [];
  const testFiles = store.files().filter((file) => isTestFile(file.path) && languageForPath(file.path));
  // a test imports a module by its folder and name (`model/types`, `reports.json_exporter`): the name
  // alone (`types`, `index`) would match half the repository's imports
  const importsOf = topFiles.map((path) => {
    const parts = path.replace(/\.[^./]+$/, '').split('/');
    const name = escapeRegExp(parts.pop() ?? '');
    const parent = parts.length ? escapeRegExp(parts.at(-1) ?? '') : undefined;
    return path.endsWith('.py')
      ? new RegExp(
          `^\\s*(from\\s+[\\w.]*\\b${parent ? `${parent}\\.` : ''}${name}\\s+import|import\\s+[\\w.]*\\b${parent ? `${parent}\\.` : ''}${name}\\b${parent ? `|from\\s+[\\w.]*\\b${parent}\\s+import\\s+.*\\b${name}\\b` : ''})`,
          'm',
        )
      : new RegExp(
          `(from\\s*|require\\(\\s*|import\\(\\s*)['"][^'"]*\\b${parent ? `${parent}/` : ''}${name}(\\.[cm]?[jt]sx?)?['"]`,
        );
  });
  const importing = testFiles.filter((file) => {
    const lines = files.lines(file.path);
    if (!lines) return false;
    const text = lines.join('\n');
    return importsOf.some((pattern) => pattern.test(text));
  });
  const chosen = importing.length
    ? importing.map((file) => file.path)
    : [...new Set(hits.filter((hit) => isTestFile(hit.path)).map((hit) => hit.path))];
  for (const path of chosen.slice(0, 2)) {
    const lines = files.lines(path);
    if (!lines) continue;
    const style = describeTestFile({
      path,
      lines,
      readLines: (conftest) => files.lines(conftest),
      testFiles,
    });
    if (style.framework) frameworks.push(style.framework);
    for (const place of style.places) {
      const item = files.item(place.kind, place, place.label);
      if (item) tests.push(item);
    }
  }
  return {
    language,
    modules,
    similar,
    bases,
    errors,
    tests,
    testFramework: mostCommon(frameworks),
    ...(tests.length === 0 ? { problem: 'no test of these modules was found' } : {}),
  };
}

/** Every evidence item, in the order the prompt shows them. */
export function evidenceItems(evidence: DesignEvidence): PatternEvidence[] {
  return [...evidence.similar, ...evidence.bases, ...evidence.errors, ...evidence.tests];
}

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { assembleContext } from '../../src/context/assemble-context.js';
import { cursorWindow, readCursorFile } from '../../src/context/cursor-window.js';
import { countTokens } from '../../src/context/tokens.js';
import { languageForPath } from '../../src/core/languages.js';
import { analyzeFile } from '../../src/index/analyze-file.js';
import { BUILTIN_NAMES } from '../../src/index/builtin-names.js';
import { embedChunks } from '../../src/index/embeddings.js';
import { type IndexStore, indexPath } from '../../src/index/index-store.js';
import { searchChunks } from '../../src/index/search.js';
import type { LanguageModel } from '../../src/model/index.js';
import { resolveImports } from './imports.js';

const connections = new Map<string, Database.Database>();

/**
 * The benchmark's own read-only connection to the index's tables: what makes a task, and the baseline's
 * lookups, are the benchmark's business, not queries the engine offers (and so the benchmark runs
 * unchanged against an older engine).
 */
function tables(root: string): Database.Database {
  let db = connections.get(root);
  if (!db) {
    db = new Database(indexPath(root), { readonly: true });
    connections.set(root, db);
  }
  return db;
}

/** Closes the benchmark's connection to the tree's index (before the index is deleted or rebuilt). */
export function closeTables(root: string): void {
  connections.get(root)?.close();
  connections.delete(root);
}

export type TreeLanguage = 'python' | 'typescript';

export interface RetrievalTask {
  path: string;
  name: string;
  /** 1-based lines of the function */
  startLine: number;
  endLine: number;
  /** the definitions in other files the hidden body uses */
  targets: { path: string; name: string; startLine: number }[];
}

/** Cross-file context beyond the cursor window, for every method compared. */
export const CONTEXT_BUDGET = 2000;
export const CURSOR_TOKENS = 1000;
/** The longest a baseline shows one definition or chunk (as the engine cuts its own snippets). */
const MAX_SNIPPET_TOKENS = 700;

const SOURCE_FILE: Record<TreeLanguage, RegExp> = {
  python: /\.py$/,
  typescript: /(?<!\.d)\.tsx?$/,
};
/** Tests, migrations and generated fixtures are not where a user writes code that needs context. */
const NOT_A_TASK =
  /(^|\/)(tests?|__tests__|testing|migrations|fixtures)\/|(^|\/)test_[^/]*$|_test\.py$|\.(test|spec)\.tsx?$/;

/**
 * CrossCodeEval-style tasks: functions whose bodies use definitions from other files of the repository.
 * A used name counts when it resolves without guessing: defined in exactly one other file, or imported
 * by the function's file from a module whose file is one of its definers (simple resolution, in
 * ./imports.ts, independent of the engine's own).
 */
export function findTasks(
  _store: IndexStore, // the tasks are read through the benchmark's own connection (see `tables`)
  root: string,
  limit: number,
  offset = 0,
  language: TreeLanguage = 'python',
): RetrievalTask[] {
  const db = tables(root);
  const functions = (
    db
      .prepare(
        `select f.path, f.id as fileId, s.name, s.start_line as startLine, s.end_line as endLine
           from symbols s join files f on f.id = s.file_id
          where s.kind in ('function', 'method') and s.end_line - s.start_line between 4 and 60
          order by f.path, s.start_line`,
      )
      .all() as { path: string; fileId: number; name: string; startLine: number; endLine: number }[]
  ).filter((fn) => SOURCE_FILE[language].test(fn.path) && !NOT_A_TASK.test(fn.path));
  const refsIn = db.prepare('select distinct name from refs where file_id = ? and line > ? and line <= ?');
  const definers = db.prepare(
    'select f.path, s.start_line as startLine from symbols s join files f on f.id = s.file_id where s.name = ? and f.path != ?',
  );
  const tasks: RetrievalTask[] = [];
  const importsOf = new Map<string, ReturnType<typeof resolveImports>>();
  for (const fn of functions) {
    const names = (refsIn.all(fn.fileId, fn.startLine, fn.endLine) as { name: string }[]).map(
      (row) => row.name,
    );
    if (names.length === 0) continue;
    let imports = importsOf.get(fn.path);
    if (imports === undefined) {
      imports = resolveImports(root, fn.path, readFileSync(join(root, fn.path), 'utf8'));
      importsOf.set(fn.path, imports);
    }
    const targets: RetrievalTask['targets'] = [];
    for (const name of names) {
      if (BUILTIN_NAMES.has(name) || name.startsWith('__')) continue;
      const found = definers.all(name, fn.path) as { path: string; startLine: number }[];
      let chosen = found.length === 1 ? found : [];
      if (found.length > 1) {
        const files = new Set(
          imports.filter((entry) => entry.file && entry.names.includes(name)).map((entry) => entry.file),
        );
        const matching = found.filter((definer) => files.has(definer.path));
        if (matching.length === 1) chosen = matching;
      }
      for (const definer of chosen) targets.push({ path: definer.path, name, startLine: definer.startLine });
    }
    if (targets.length > 0) tasks.push({ ...fn, targets });
  }
  // An even spread over the repository, the same every run; another `offset` gives a disjoint sample
  // (to check that a change does not fit the measured sample only).
  const step = Math.max(1, Math.floor(tasks.length / limit));
  return tasks.filter((_, index) => index % step === offset % step).slice(0, limit);
}

export type Method = 'vouch' | 'vouch + embeddings' | 'import resolution' | 'BM25';

export interface QualityConfig {
  label: string;
  method?: Method;
  useSymbolGraph: boolean;
  repoMapTokens: number;
  /** for 'vouch + embeddings': the embedding model whose vectors the index holds (`embedChunks`) */
  embedModel?: LanguageModel;
}

interface Piece {
  path: string;
  startLine: number;
  endLine: number;
  source: string;
}

/** What a piece costs in the prompt: its text, a heading with its place, and the fence. */
function cost(piece: Piece): number {
  return countTokens(
    `### ${piece.path}:${piece.startLine}-${piece.endLine}\n\`\`\`\n${piece.source}\n\`\`\`\n\n`,
  );
}

/** Pieces in order, each clipped to the snippet limit, while they fit the budget (later small ones still may). */
function fill(pieces: readonly Piece[], budget: number): Piece[] {
  const out: Piece[] = [];
  let left = budget;
  for (const piece of pieces) {
    if (left < 24) break;
    const lines = piece.source.split('\n');
    let text = piece.source;
    // Cut by lines to the snippet limit (the signature stays: it is the first line).
    while (countTokens(text) > MAX_SNIPPET_TOKENS && lines.length > 1) {
      lines.splice(Math.max(1, Math.floor(lines.length * 0.8)));
      text = lines.join('\n');
    }
    const clipped = { ...piece, source: text, endLine: piece.startLine + lines.length - 1 };
    const price = cost(clipped);
    if (price > left) continue;
    out.push(clipped);
    left -= price;
  }
  return out;
}

/**
 * A line as a declaration, for comparing a definition's first line with what a snippet shows: trimmed, and
 * without `export`/`declare` before it or the body's opening brace or arrow after it, which signature-only
 * outlines leave out (in TypeScript the tags' declaration node starts after `export`).
 */
function declaration(line: string): string {
  return line
    .trim()
    .replace(/^(?:export\s+(?:default\s+)?)?(?:declare\s+)?/, '')
    .replace(/\s*(?:\{|=>)?\s*$/, '');
}

function linesOf(root: string, path: string, cache: Map<string, string[]>): string[] {
  let lines = cache.get(path);
  if (!lines) {
    lines = readFileSync(join(root, path), 'utf8').split('\n');
    cache.set(path, lines);
  }
  return lines;
}

/**
 * The baseline most assistants start from: the definitions of every name the file imports, in the order
 * it imports them, each in full (cut at the snippet limit), until the budget is spent. Names the module
 * only re-exports, and modules imported whole, give nothing.
 */
function importResolutionContext(
  root: string,
  path: string,
  hidden: string,
  budget: number,
  texts: Map<string, string[]>,
): Piece[] {
  const definition = tables(root).prepare(
    `select s.start_line as startLine, s.end_line as endLine from symbols s join files f on f.id = s.file_id
      where f.path = ? and s.name = ? and s.parent is null order by s.start_line limit 1`,
  );
  const pieces: Piece[] = [];
  for (const entry of resolveImports(root, path, hidden)) {
    if (!entry.file || entry.file === path) continue;
    for (const name of entry.names) {
      const row = definition.get(entry.file, name) as { startLine: number; endLine: number } | undefined;
      if (!row) continue;
      const lines = linesOf(root, entry.file, texts).slice(row.startLine - 1, row.endLine);
      pieces.push({
        path: entry.file,
        startLine: row.startLine,
        endLine: row.endLine,
        source: lines.join('\n'),
      });
    }
  }
  return fill(pieces, budget);
}

/**
 * Plain lexical retrieval: the identifiers of the cursor window (nearest the cursor first) as a BM25 query
 * over the chunks, best first, leaving out chunks that overlap the window, until the budget is spent.
 */
function bm25Context(
  store: IndexStore,
  window: { path: string; startLine: number; endLine: number; source: string },
  cursorLine: number,
  budget: number,
): Piece[] {
  const lines = window.source.split('\n');
  const seen = new Set<string>();
  const ordered = lines
    .map((text, index) => ({ text, distance: Math.abs(window.startLine + index - cursorLine) }))
    .sort((a, b) => a.distance - b.distance);
  for (const { text } of ordered) {
    for (const match of text.matchAll(/[A-Za-z_$][\w$]{2,}/g)) seen.add(match[0]);
    if (seen.size >= 40) break;
  }
  const hits = searchChunks(store, [...seen].slice(0, 40).join(' '), { k: 40, skipCommonTerms: true });
  const pieces = hits
    .filter(
      (hit) =>
        !(hit.path === window.path && hit.startLine <= window.endLine && hit.endLine >= window.startLine),
    )
    .map((hit) => ({ path: hit.path, startLine: hit.startLine, endLine: hit.endLine, source: hit.text }));
  return fill(pieces, budget);
}

/**
 * Hides each task's body (keeping its signature line), re-indexes that one file as it now reads, and
 * assembles 2,000 tokens of context (beyond the cursor window) at the hidden body. A target counts as found
 * when a chosen snippet from its file shows its first line, the signature, whether in the full definition
 * or in an outline (`full`), or also when the repo map lists it (`withMap`).
 */
/**
 * Runs `use` with the task's body hidden: the file re-indexed as it reads without the body (its signature
 * line stays), then restored, whatever `use` does.
 */
export async function withHiddenBody<T>(
  store: IndexStore,
  root: string,
  task: RetrievalTask,
  use: (hidden: string) => Promise<T>,
): Promise<T> {
  const original = readFileSync(join(root, task.path), 'utf8');
  const lines = original.split('\n');
  const hidden = [...lines.slice(0, task.startLine), ...lines.slice(task.endLine)].join('\n');
  const language = languageForPath(task.path);
  const info = statSync(join(root, task.path));
  store.writeFiles([
    {
      path: task.path,
      size: info.size,
      mtimeMs: 0, // so an interrupted run leaves the file visibly stale for the next refresh
      hash: 'bench-hidden',
      analysis: await analyzeFile(language, hidden),
    },
  ]);
  try {
    return await use(hidden);
  } finally {
    store.writeFiles([
      {
        path: task.path,
        size: info.size,
        mtimeMs: info.mtimeMs,
        hash: createHash('sha1').update(original).digest('hex'),
        analysis: await analyzeFile(language, original),
      },
    ]);
  }
}

export async function measureQuality(
  store: IndexStore,
  root: string,
  tasks: readonly RetrievalTask[],
  config: QualityConfig,
): Promise<{
  full: number;
  withMap: number;
  targets: number;
  namedOutsideBody: number;
  perTask: number[];
  /** per task, whether each target was found */
  perTarget: boolean[][];
}> {
  const definitionLines = new Map<string, string[]>();
  const method = config.method ?? 'vouch';
  let found = 0;
  let foundWithMap = 0;
  let total = 0;
  const perTask: number[] = [];
  const perTarget: boolean[][] = [];
  // Targets whose name appears in the file once the body is hidden: the rest are named only inside the
  // body, so nothing assembled before it is written can point at them (BM25 on other words aside).
  let named = 0;
  for (const task of tasks) {
    await withHiddenBody(store, root, task, async (hidden) => {
      const cursor = { path: task.path, line: task.startLine + 1, column: 1, text: hidden };
      let pieces: (Piece & { kind?: string })[];
      if (method === 'vouch' || method === 'vouch + embeddings') {
        const embedModel = method === 'vouch + embeddings' ? config.embedModel : undefined;
        if (method === 'vouch + embeddings' && !embedModel)
          throw new Error(`${method} needs an embedding model`);
        // the hidden file's chunks are new (and the file restored after the last task): embedded as a user's
        // `vouch index --embed` would embed them, so no vector holds the hidden body
        if (embedModel) await embedChunks(store, embedModel);
        const context = await assembleContext({
          workspaceRoot: root,
          cursor,
          store,
          environment: false,
          budgetTokens: CONTEXT_BUDGET + CURSOR_TOKENS,
          cursorTokens: CURSOR_TOKENS,
          useSymbolGraph: config.useSymbolGraph,
          repoMapTokens: config.repoMapTokens,
          ...(embedModel ? { embedModel } : {}),
        });
        if (embedModel && context.notices.some((notice) => /embed/i.test(notice)))
          throw new Error(`embeddings were not used: ${context.notices.join('; ')}`);
        pieces = context.snippets;
      } else {
        const file = readCursorFile(root, cursor);
        const window = cursorWindow(file, CURSOR_TOKENS);
        pieces =
          method === 'BM25'
            ? bm25Context(store, window, cursor.line, CONTEXT_BUDGET)
            : importResolutionContext(root, task.path, hidden, CONTEXT_BUDGET, definitionLines);
      }
      const mapLines = new Set<string>();
      for (const snippet of pieces.filter((s) => s.kind === 'repo-map')) {
        let current = '';
        for (const line of snippet.source.split('\n')) {
          const entry = /^\s*(\d+)│/.exec(line);
          if (entry) mapLines.add(`${current}:${entry[1]}`);
          else if (line.endsWith(':')) current = line.slice(0, -1);
        }
      }
      let taskFound = 0;
      const flags: boolean[] = [];
      perTarget.push(flags);
      for (const target of task.targets) {
        total++;
        if (new RegExp(`\\b${target.name.replace(/\$/g, '\\$')}\\b`).test(hidden)) named++;
        // Found: a snippet from the target's file shows the definition's first line (its signature).
        const signature = declaration(linesOf(root, target.path, definitionLines)[target.startLine - 1]!);
        const inSnippet = pieces.some(
          (snippet) =>
            snippet.kind !== 'cursor' &&
            snippet.kind !== 'repo-map' &&
            snippet.path === target.path &&
            snippet.source.split('\n').some((line) => declaration(line).startsWith(signature.slice(0, 60))),
        );
        flags.push(inSnippet);
        if (inSnippet) {
          found++;
          taskFound++;
        }
        if (inSnippet || mapLines.has(`${target.path}:${target.startLine}`)) foundWithMap++;
      }
      perTask.push(taskFound / task.targets.length);
    });
  }
  return {
    full: found / total,
    withMap: foundWithMap / total,
    targets: total,
    namedOutsideBody: named / total,
    perTask,
    perTarget,
  };
}

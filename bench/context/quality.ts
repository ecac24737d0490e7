import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import {
  type AssembleContextOptions,
  cursorWindow,
  type RankingWeights,
  readCursorFile,
} from '../../src/context/index.js';
import { BUILTIN_NAMES, embedChunks, type IndexStore, indexPath } from '../../src/index/index.js';
import type { LanguageModel } from '../../src/model/index.js';
import { bm25Context } from './bm25-baseline.js';
import { WORK } from './corpus.js';
import { currentEngine, type Engine } from './engine.js';
import { type Definition, ImportResolver, signaturesFirst } from './import-baseline.js';
import { resolveImports } from './imports.js';
import { bodyShown, shownEnough, targetSurface } from './target-surface.js';

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

/** Closes the benchmark's connection to the tree's index (before the index is deleted or rebuilt), and what used it. */
export function closeTables(root: string): void {
  connections.get(root)?.close();
  connections.delete(root);
  // their statements were prepared on that connection
  resolvers.delete(root);
  definitionFinders.delete(root);
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

/**
 * What vouch is asked at a task with its body hidden, as the recorded comparison asks it: the cursor on
 * the body's first line, a 1,000-token window and 2,000 tokens beside it, no environment, no repo map.
 */
export function taskContextOptions(
  root: string,
  store: IndexStore,
  task: RetrievalTask,
  hidden: string,
): AssembleContextOptions {
  return {
    workspaceRoot: root,
    cursor: { path: task.path, line: task.startLine + 1, column: 1, text: hidden },
    store,
    environment: false,
    budgetTokens: CONTEXT_BUDGET + CURSOR_TOKENS,
    cursorTokens: CURSOR_TOKENS,
    repoMapTokens: 0,
  };
}

/** Where compare.ts keeps the tasks it found in a tree, so other engines and tools use the same ones. */
export function keptTasksFile(tree: string, count = 200): string {
  return join(WORK, 'tasks', `${tree}-${count}.json`);
}

/** The tasks compare.ts kept for a tree, or undefined before it has run there. */
export function keptTasks(tree: string, count = 200): RetrievalTask[] | undefined {
  const file = keptTasksFile(tree, count);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RetrievalTask[]) : undefined;
}

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
  /** the repo map's share; undefined: the engine's default */
  repoMapTokens: number | undefined;
  /**
   * vouch as `vouch context --budget 4000` runs it: the default cursor window (2,000 tokens), the repo
   * map's and the environment's default shares, 2,000 tokens left beside the window (for looking at
   * what the defaults do; the recorded comparison gives every method the same 2,000 tokens of code)
   */
  cliDefaults?: boolean;
  /** for 'vouch + embeddings': the embedding model whose vectors the index holds (`embedChunks`) */
  embedModel?: LanguageModel;
  /** the engine that assembles vouch's context (another checkout's, for comparing builds); this one's by default */
  engine?: Engine;
  /** the ranking of definitions with other weights than the fitted ones (./fit-ranking.ts --folds) */
  rankingWeights?: RankingWeights;
}

interface Piece {
  path: string;
  startLine: number;
  endLine: number;
  source: string;
}

/**
 * A line as a declaration, for the first-line rule of earlier rounds (kept as a column for comparison):
 * trimmed, and without `export`/`declare` before it or the body's opening brace or arrow after it.
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

const resolvers = new Map<string, ImportResolver>();

/** The baseline's resolver over the tree at `root`: files on disk, top-level definitions from the index's tags. */
function resolverFor(root: string, texts: Map<string, string[]>): ImportResolver {
  let resolver = resolvers.get(root);
  if (!resolver) {
    const topLevel = tables(root).prepare(
      `select s.start_line as startLine, s.end_line as endLine from symbols s join files f on f.id = s.file_id
        where f.path = ? and s.name = ? and s.parent is null order by s.start_line limit 1`,
    );
    const exists = new Map<string, boolean>();
    resolver = new ImportResolver({
      exists: (path) => {
        let known = exists.get(path);
        if (known === undefined) {
          known = existsSync(join(root, path));
          exists.set(path, known);
        }
        return known;
      },
      text: (path) => linesOf(root, path, texts).join('\n'),
      topLevel: (path, name) =>
        topLevel.get(path, name) as { startLine: number; endLine: number } | undefined,
    });
    resolvers.set(root, resolver);
  }
  return resolver;
}

/**
 * The strengthened import-resolution baseline (./import-baseline.ts): what the file imports, followed
 * through modules, attributes, star imports and re-exports to the declarations, signatures first.
 */
async function importResolutionContext(
  root: string,
  path: string,
  hidden: string,
  budget: number,
  texts: Map<string, string[]>,
): Promise<Piece[]> {
  const definitions = resolverFor(root, texts).definitionsFor(path, hidden);
  return signaturesFirst(root, definitions, (file) => linesOf(root, file, texts), budget, MAX_SNIPPET_TOKENS);
}

const definitionFinders = new Map<
  string,
  (path: string, startLine: number, endLine: number) => Definition[]
>();

/** The definitions (the index's tags, nested ones included) that start within lines of a file of the tree. */
function definitionsIn(root: string): (path: string, startLine: number, endLine: number) => Definition[] {
  let find = definitionFinders.get(root);
  if (!find) {
    const query = tables(root).prepare(
      `select s.name, s.start_line as startLine, s.end_line as endLine from symbols s join files f on f.id = s.file_id
        where f.path = ? and s.start_line between ? and ? order by s.start_line`,
    );
    find = (path, startLine, endLine) =>
      (query.all(path, startLine, endLine) as Omit<Definition, 'path'>[]).map((row) => ({ path, ...row }));
    definitionFinders.set(root, find);
  }
  return find;
}

/**
 * Where a task's file is recorded while its body is hidden on disk: beside the tree, one file per process
 * (`<tree>.hidden-body-<pid>.json`). A run killed before it restored the file leaves the record, and the
 * next run on the tree restores the file from it.
 */
const hiddenRecord = (root: string, pid: number): string =>
  join(dirname(root), `${basename(root)}.hidden-body-${pid}.json`);

interface HiddenRecord {
  file: string;
  /** the file's bytes, base64 (written back as they were, whatever their encoding) */
  original: string;
  atimeMs: number;
  mtimeMs: number;
}

function restoreFile(record: HiddenRecord): void {
  const bytes = Buffer.from(record.original, 'base64');
  if (!existsSync(record.file) || !readFileSync(record.file).equals(bytes)) writeFileSync(record.file, bytes);
  utimesSync(record.file, record.atimeMs / 1000, record.mtimeMs / 1000);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Restores the tree's files that killed runs left with a hidden body (a look at one folder). */
function restoreLeftHidden(root: string): void {
  const prefix = `${basename(root)}.hidden-body-`;
  for (const name of readdirSync(dirname(root))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)\.json$/.exec(name.slice(prefix.length))?.[1]);
    if (!pid || (pid !== process.pid && alive(pid))) continue;
    const record = join(dirname(root), name);
    restoreFile(JSON.parse(readFileSync(record, 'utf8')) as HiddenRecord);
    rmSync(record);
  }
}

let current: { record: string; hidden: HiddenRecord } | undefined;
const STOPPING = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * While a body is hidden, a run stopped by a signal restores the file it was hiding the body in before it
 * exits; the returned function takes the handlers off once the file is back (a process that goes on — a
 * test worker, a longer benchmark — keeps no exit-on-signal of ours).
 */
function handleSignals(): () => void {
  const handlers = STOPPING.map((signal) => {
    const restoreAndExit = () => {
      if (current) {
        restoreFile(current.hidden);
        rmSync(current.record, { force: true });
      }
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    };
    process.once(signal, restoreAndExit);
    return { signal, restoreAndExit };
  });
  return () => {
    for (const { signal, restoreAndExit } of handlers) process.off(signal, restoreAndExit);
  };
}

/**
 * Runs `use` with the task's body hidden: the file written without the body (its signature line stays),
 * on disk as in the index, as it reads while its author is about to write the body — then restored, text
 * and times, whatever `use` does. On disk too: vouch checks every file a context shows against the disk
 * and re-indexes one that differs (issue 46's stale-context check), which read the hidden body back into
 * the index when the disk still held it, and the context then saw the names only the body uses.
 */
export async function withHiddenBody<T>(
  store: IndexStore,
  root: string,
  task: RetrievalTask,
  use: (hidden: string) => Promise<T>,
  engine: Engine = currentEngine(),
): Promise<T> {
  restoreLeftHidden(root);
  const file = join(root, task.path);
  const bytes = readFileSync(file);
  const original = bytes.toString('utf8');
  const lines = original.split('\n');
  const hidden = [...lines.slice(0, task.startLine), ...lines.slice(task.endLine)].join('\n');
  const info = statSync(file);
  const record = hiddenRecord(root, process.pid);
  const saved: HiddenRecord = {
    file,
    original: bytes.toString('base64'),
    atimeMs: info.atimeMs,
    mtimeMs: info.mtimeMs,
  };
  // installed inside the try: a record that cannot be written leaves no handler behind
  let releaseSignals: (() => void) | undefined;
  try {
    releaseSignals = handleSignals();
    writeFileSync(record, JSON.stringify(saved));
    current = { record, hidden: saved };
    writeFileSync(file, hidden);
    const now = statSync(file);
    await engine.writeFile(store, {
      path: task.path,
      size: now.size,
      mtimeMs: now.mtimeMs,
      hash: createHash('sha1').update(hidden).digest('hex'),
      text: hidden,
    });
    return await use(hidden);
  } finally {
    restoreFile(saved);
    current = undefined;
    rmSync(record, { force: true });
    releaseSignals?.();
    await engine.writeFile(store, {
      path: task.path,
      size: info.size,
      mtimeMs: info.mtimeMs,
      hash: createHash('sha1').update(bytes).digest('hex'),
      text: original,
    });
  }
}

export interface QualityResult {
  /** share of targets found by the stricter rule (./target-surface.ts) */
  full: number;
  /** share found by the first-line rule of earlier rounds (a snippet of the file shows the first line) */
  firstLine: number;
  /** share of the targets that have a body whose body's first statement was shown */
  bodyShown: number;
  targets: number;
  namedOutsideBody: number;
  perTask: number[];
  /** per task, whether each target was found (stricter rule) */
  perTarget: boolean[][];
}

/**
 * Hides each task's body (keeping its signature line), re-indexes that one file as it now reads, and
 * assembles 2,000 tokens of context (beyond the cursor window) at the hidden body with the method. A target
 * counts as found by the stricter rule of ./target-surface.ts: a snippet from its file shows its whole
 * signature (for a class, its header and its own constructor's signature).
 */
export async function measureQuality(
  store: IndexStore,
  root: string,
  tasks: readonly RetrievalTask[],
  config: QualityConfig,
): Promise<QualityResult> {
  const definitionLines = new Map<string, string[]>();
  const method = config.method ?? 'vouch';
  const engine = config.engine ?? currentEngine();
  let found = 0;
  let foundFirstLine = 0;
  let withBody = 0;
  let bodies = 0;
  let total = 0;
  const perTask: number[] = [];
  const perTarget: boolean[][] = [];
  // Targets whose name appears in the file once the body is hidden: the rest are named only inside the
  // body, so nothing assembled before it is written can point at them (BM25 on other words aside).
  let named = 0;
  for (const task of tasks) {
    await withHiddenBody(
      store,
      root,
      task,
      async (hidden) => {
        const cursor = { path: task.path, line: task.startLine + 1, column: 1, text: hidden };
        let pieces: (Piece & { kind?: string })[];
        if (method === 'vouch' || method === 'vouch + embeddings') {
          const embedModel = method === 'vouch + embeddings' ? config.embedModel : undefined;
          if (method === 'vouch + embeddings' && !embedModel)
            throw new Error(`${method} needs an embedding model`);
          // the hidden file's chunks are new (and the file restored after the last task): embedded as a user's
          // `vouch index --embed` would embed them, so no vector holds the hidden body
          if (embedModel) await embedChunks(store, embedModel);
          const context = await engine.assembleContext({
            ...(config.cliDefaults
              ? { workspaceRoot: root, cursor, store, budgetTokens: CONTEXT_BUDGET + 2000 }
              : { ...taskContextOptions(root, store, task, hidden), repoMapTokens: config.repoMapTokens }),
            useSymbolGraph: config.useSymbolGraph,
            ...(embedModel ? { embedModel } : {}),
            ...(config.rankingWeights ? { ranking: { weights: config.rankingWeights } } : {}),
          });
          if (embedModel && context.notices.some((notice) => /embed/i.test(notice)))
            throw new Error(`embeddings were not used: ${context.notices.join('; ')}`);
          pieces = context.snippets;
        } else if (method === 'BM25') {
          const window = cursorWindow(readCursorFile(root, cursor), CURSOR_TOKENS);
          pieces = await bm25Context(store, root, window, cursor.line, CONTEXT_BUDGET, MAX_SNIPPET_TOKENS, {
            definitionsIn: definitionsIn(root),
            linesOf: (file) => linesOf(root, file, definitionLines),
          });
        } else {
          pieces = await importResolutionContext(root, task.path, hidden, CONTEXT_BUDGET, definitionLines);
        }
        let taskFound = 0;
        const flags: boolean[] = [];
        perTarget.push(flags);
        for (const target of task.targets) {
          total++;
          if (new RegExp(`\\b${target.name.replace(/\$/g, '\\$')}\\b`).test(hidden)) named++;
          const surface = await targetSurface(root, target);
          const enough = shownEnough(pieces, target.path, surface);
          flags.push(enough);
          if (enough) {
            found++;
            taskFound++;
          }
          if (surface.body) {
            withBody++;
            if (bodyShown(pieces, target.path, surface)) bodies++;
          }
          // The first-line rule of earlier rounds: a snippet from the target's file shows its first line.
          const signature = declaration(linesOf(root, target.path, definitionLines)[target.startLine - 1]!);
          if (
            pieces.some(
              (snippet) =>
                snippet.kind !== 'cursor' &&
                snippet.kind !== 'repo-map' &&
                snippet.path === target.path &&
                snippet.source
                  .split('\n')
                  .some((line) => declaration(line).startsWith(signature.slice(0, 60))),
            )
          )
            foundFirstLine++;
        }
        perTask.push(taskFound / task.targets.length);
      },
      engine,
    );
  }
  return {
    full: found / total,
    firstLine: foundFirstLine / total,
    bodyShown: withBody === 0 ? 0 : bodies / withBody,
    targets: total,
    namedOutsideBody: named / total,
    perTask,
    perTarget,
  };
}

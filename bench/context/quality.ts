import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assembleContext } from '../../src/context/assemble-context.js';
import { importedModules, importedNames } from '../../src/context/cursor-identifiers.js';
import { languageForPath } from '../../src/core/languages.js';
import { analyzeFile } from '../../src/index/analyze-file.js';
import { BUILTIN_NAMES } from '../../src/index/builtin-names.js';
import type { IndexStore } from '../../src/index/index-store.js';

export interface RetrievalTask {
  path: string;
  name: string;
  /** 1-based lines of the function */
  startLine: number;
  endLine: number;
  /** the definitions in other files the hidden body uses */
  targets: { path: string; name: string; startLine: number }[];
}

/**
 * CrossCodeEval-style tasks: functions whose bodies use definitions from other files of the repository.
 * A used name counts when it resolves without guessing: defined in exactly one other file, or imported
 * by the function's file from a module whose path matches one definer.
 */
export function findTasks(store: IndexStore, root: string, limit: number, offset = 0): RetrievalTask[] {
  const functions = store.db
    .prepare(
      `select f.path, f.id as fileId, s.name, s.start_line as startLine, s.end_line as endLine
         from symbols s join files f on f.id = s.file_id
        where s.kind in ('function', 'method') and s.end_line - s.start_line between 4 and 60
          and f.path like '%.py' and f.path not like '%/tests/%' and f.path not like '%/migrations/%'
        order by f.path, s.start_line`,
    )
    .all() as { path: string; fileId: number; name: string; startLine: number; endLine: number }[];
  const refsIn = store.db.prepare(
    'select distinct name from refs where file_id = ? and line > ? and line <= ?',
  );
  const definers = store.db.prepare(
    'select f.path, s.start_line as startLine from symbols s join files f on f.id = s.file_id where s.name = ? and f.path != ?',
  );
  const tasks: RetrievalTask[] = [];
  const texts = new Map<string, string>();
  for (const fn of functions) {
    const names = (refsIn.all(fn.fileId, fn.startLine, fn.endLine) as { name: string }[]).map(
      (row) => row.name,
    );
    if (names.length === 0) continue;
    let text = texts.get(fn.path);
    if (text === undefined) {
      text = readFileSync(join(root, fn.path), 'utf8');
      texts.set(fn.path, text);
    }
    const imported = importedNames(text);
    const modules = importedModules(text);
    const targets: RetrievalTask['targets'] = [];
    for (const name of names) {
      if (BUILTIN_NAMES.has(name) || name.startsWith('__')) continue;
      const found = definers.all(name, fn.path) as { path: string; startLine: number }[];
      let chosen = found.length === 1 ? found : [];
      if (found.length > 1 && imported.has(name)) {
        const matching = found.filter((definer) =>
          modules.some(
            (module) =>
              definer.path.startsWith(`${module}.py`) || definer.path.startsWith(`${module}/__init__.py`),
          ),
        );
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

export interface QualityConfig {
  label: string;
  useSymbolGraph: boolean;
  repoMapTokens: number;
}

/**
 * Hides each task's body (keeping its signature line), re-indexes that one file as it now reads, and
 * assembles 2,000 tokens of context (beyond the cursor window) at the hidden body. A target counts as found
 * when a chosen snippet from its file shows its first line, the signature, whether in the full definition
 * or in an outline (`full`), or also when the repo map lists it (`withMap`).
 */
export async function measureQuality(
  store: IndexStore,
  root: string,
  tasks: readonly RetrievalTask[],
  config: QualityConfig,
): Promise<{ full: number; withMap: number; targets: number; namedOutsideBody: number }> {
  const definitionLines = new Map<string, string[]>();
  let found = 0;
  let foundWithMap = 0;
  let total = 0;
  // Targets whose name appears in the file once the body is hidden: the rest are named only inside the
  // body, so nothing assembled before it is written can point at them (BM25 on other words aside).
  let named = 0;
  const cursorTokens = 1000;
  for (const task of tasks) {
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
      const context = await assembleContext({
        workspaceRoot: root,
        cursor: { path: task.path, line: task.startLine + 1, column: 1, text: hidden },
        store,
        environment: false,
        budgetTokens: 2000 + cursorTokens,
        cursorTokens,
        useSymbolGraph: config.useSymbolGraph,
        repoMapTokens: config.repoMapTokens,
      });
      const mapLines = new Set<string>();
      for (const snippet of context.snippets.filter((s) => s.kind === 'repo-map')) {
        let current = '';
        for (const line of snippet.source.split('\n')) {
          const entry = /^\s*(\d+)│/.exec(line);
          if (entry) mapLines.add(`${current}:${entry[1]}`);
          else if (line.endsWith(':')) current = line.slice(0, -1);
        }
      }
      for (const target of task.targets) {
        total++;
        if (new RegExp(`\\b${target.name}\\b`).test(hidden)) named++;
        // Found: a snippet from the target's file shows the definition's first line (its signature).
        const signature = (definitionLines.get(target.path) ?? readLines(root, target.path, definitionLines))[
          target.startLine - 1
        ]!.trim();
        const inSnippet = context.snippets.some(
          (snippet) =>
            snippet.kind !== 'cursor' &&
            snippet.path === target.path &&
            snippet.source.split('\n').some((line) => line.trim().startsWith(signature.slice(0, 60))),
        );
        if (inSnippet) found++;
        if (inSnippet || mapLines.has(`${target.path}:${target.startLine}`)) foundWithMap++;
      }
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
  return {
    full: found / total,
    withMap: foundWithMap / total,
    targets: total,
    namedOutsideBody: named / total,
  };
}

function readLines(root: string, path: string, cache: Map<string, string[]>): string[] {
  const lines = readFileSync(join(root, path), 'utf8').split('\n');
  cache.set(path, lines);
  return lines;
}

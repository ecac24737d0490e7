import { IndexStore } from '../../index/index-store.js';
import { searchChunks } from '../../index/search.js';
import { refreshIndexedFiles, staleIndexedPaths } from '../../index/stale-files.js';
import type { Citation } from '../task.js';
import type { DiffFile } from './parse-diff.js';

/** Code elsewhere in the repository that resembles a changed file's new code: how the codebase does it. */
export interface SimilarCode extends Citation {
  /** the changed file it resembles */
  changed: string;
  symbol: string | null;
  text: string;
}

/**
 * For each changed file, the two chunks of other files most like its added lines (BM25 over the index,
 * identifiers split). Needs the workspace's index: without one the review says how to build it. A hit from
 * a file deleted or changed since it was indexed is never shown: those files are refreshed in the index
 * (or, when it cannot be written, left out) and the search runs again.
 */
export async function findSimilarCode(
  root: string,
  files: DiffFile[],
  store: IndexStore | undefined,
): Promise<{ similar: SimilarCode[]; problem?: string }> {
  const own = store ?? IndexStore.openIfExists(root);
  if (!own || own.isEmpty()) {
    if (own && !store) own.close();
    return {
      similar: [],
      problem:
        'the workspace has no index, so the change was not compared with similar code (run `vouch index`)',
    };
  }
  try {
    const first = similarIn(own, files, new Set());
    const stale = staleIndexedPaths(
      root,
      own,
      first.map((hit) => hit.path),
    );
    if (stale.length === 0) return { similar: first };
    try {
      await refreshIndexedFiles(root, own, stale);
    } catch {
      // the index cannot be written now: the stale files are left out below
    }
    return { similar: similarIn(own, files, new Set(staleIndexedPaths(root, own, stale))) };
  } finally {
    if (!store) own.close();
  }
}

function similarIn(store: IndexStore, files: DiffFile[], exclude: ReadonlySet<string>): SimilarCode[] {
  const changed = new Set([...files.map((file) => file.path), ...exclude]);
  const similar: SimilarCode[] = [];
  for (const file of files) {
    const added = file.hunks
      .flatMap((hunk) => hunk.lines.filter((line) => line[0] === '+').map((line) => line.slice(1)))
      .join('\n');
    if (added.trim().length < 20) continue;
    const hits = searchChunks(store, added.slice(0, 4000), {
      k: 2,
      excludePaths: changed,
      skipCommonTerms: true,
    });
    for (const hit of hits)
      similar.push({
        changed: file.path,
        path: hit.path,
        startLine: hit.startLine,
        endLine: hit.endLine,
        symbol: hit.symbol,
        text: hit.text.split('\n').slice(0, 40).join('\n'),
        reason: `resembles the change to ${file.path}`,
      });
  }
  return similar;
}

/** `path:line` cited by the model, kept only when it points into code the review showed it. */
export function resolvePattern(
  citation: string | null | undefined,
  similar: SimilarCode[],
): string | undefined {
  if (!citation) return undefined;
  const match = /^([^\s:]+):(\d+)/.exec(citation.trim().replace(/^\[|\]$/g, ''));
  if (!match) return undefined;
  const [, path, line] = match;
  const hit = similar.find(
    (entry) => entry.path === path && Number(line) >= entry.startLine && Number(line) <= entry.endLine,
  );
  return hit ? `${path}:${line}` : undefined;
}

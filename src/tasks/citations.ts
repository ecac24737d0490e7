import { readFileSync, statSync } from 'node:fs';
import { resolveWorkspacePath } from '../workspace/resolve-path.js';
import type { Citation } from './task.js';

/**
 * Citations in a model's answer, `[path:line]` or `[path:start-end]`, checked against the workspace: a
 * citation stands only when the file exists inside the workspace and has those lines. One that does not
 * resolve is taken out of the text (a reader would follow it to nothing, or to the wrong code) and
 * reported, so the engineer knows the answer leaned on something that is not there.
 */

const CITATION = /\[([\w@.+~/-]+\.[A-Za-z0-9]+):(\d+)(?:-(\d+))?\]/g;

export interface ResolvedCitations {
  /** the answer with every citation that does not resolve removed */
  text: string;
  citations: Citation[];
  /** the citations removed, as written */
  dropped: string[];
}

function lineCount(root: string, path: string, cache: Map<string, number | undefined>): number | undefined {
  if (cache.has(path)) return cache.get(path);
  let count: number | undefined;
  try {
    // a citation is the model's text: only a file the one resolver lets vouch read counts
    const absolute = resolveWorkspacePath(root, path).absolutePath;
    // a file too large to be source is not something an answer cites line by line
    if (statSync(absolute).size <= 2 * 1024 * 1024) count = readFileSync(absolute, 'utf8').split('\n').length;
  } catch {
    count = undefined;
  }
  cache.set(path, count);
  return count;
}

export function resolveCitations(workspaceRoot: string, text: string): ResolvedCitations {
  const cache = new Map<string, number | undefined>();
  const citations: Citation[] = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  const resolved = text.replace(CITATION, (written, rawPath: string, start: string, end?: string) => {
    const path = rawPath.replace(/^\.\//, '');
    const startLine = Number(start);
    const endLine = end ? Number(end) : startLine;
    const inside = !path.startsWith('/') && !path.split('/').includes('..');
    const lines = inside ? lineCount(workspaceRoot, path, cache) : undefined;
    if (lines === undefined || startLine < 1 || endLine < startLine || endLine > lines) {
      dropped.push(written);
      return '';
    }
    const key = `${path}:${startLine}-${endLine}`;
    if (!seen.has(key)) {
      seen.add(key);
      citations.push({ path, startLine, endLine, reason: 'cited in the answer' });
    }
    return written;
  });
  return { text: resolved.replace(/[ \t]+([.,;:])/g, '$1'), citations, dropped };
}

/** The note a result carries when citations were dropped. */
export function droppedNote(dropped: readonly string[]): string | undefined {
  if (dropped.length === 0) return undefined;
  const shown = dropped.slice(0, 5).join(', ');
  return `${dropped.length} citation${dropped.length === 1 ? '' : 's'} did not resolve to code in this workspace and ${dropped.length === 1 ? 'was' : 'were'} removed: ${shown}${dropped.length > 5 ? ', …' : ''}`;
}

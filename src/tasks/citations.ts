import { readFileSync, statSync } from 'node:fs';
import { escapeRegExp } from '../core/regexp.js';
import { resolveWorkspacePath } from '../workspace/resolve-path.js';
import type { Citation } from './task.js';

/**
 * Citations in a model's answer, `[path:line]` or `[path:start-end]`, checked against the workspace: a
 * citation stands only when the file exists inside the workspace and has those lines. One that does not
 * resolve is taken out of the text (a reader would follow it to nothing, or to the wrong code), with the
 * claim that rested on it alone, and reported, so the engineer knows the answer leaned on something that
 * is not there.
 */

const CITATION = /\[([\w@.+~/-]+\.[A-Za-z0-9]+):(\d+)(?:-(\d+))?\]/g;
/** the same, to ask whether a text still holds one */
const CITATION_ONE = new RegExp(CITATION.source);
/** A match of `CITATION`: what was written, the path, the first line and the last (when a range). */
type CitationMatch = readonly [written: string, path: string, start: string, end?: string];

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
  const resolves = ([written, rawPath, start, end]: CitationMatch): boolean => {
    const path = rawPath.replace(/^\.\//, '');
    const startLine = Number(start);
    const endLine = end ? Number(end) : startLine;
    const inside = !path.startsWith('/') && !path.split('/').includes('..');
    const lines = inside ? lineCount(workspaceRoot, path, cache) : undefined;
    if (lines === undefined || startLine < 1 || endLine < startLine || endLine > lines) {
      dropped.push(written);
      return false;
    }
    const key = `${path}:${startLine}-${endLine}`;
    if (!seen.has(key)) {
      seen.add(key);
      citations.push({ path, startLine, endLine, reason: 'cited in the answer' });
    }
    return true;
  };
  const lines: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(?:```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || /^\s*(?:```|~~~)/.test(line)) {
      // code is not a claim: a citation in it that does not resolve is only taken out
      lines.push(
        line.replace(CITATION, (...match) => (resolves(match as unknown as CitationMatch) ? match[0] : '')),
      );
      continue;
    }
    const kept = withoutUnsupportedClaims(line, resolves);
    if (kept !== undefined) lines.push(kept);
  }
  return { text: lines.join('\n'), citations, dropped };
}

/**
 * A line of prose with every claim (a sentence, or a clause between semicolons) that leaned only on
 * citations that do not resolve taken out whole: the words around a removed citation said something about
 * code that is not there ("…it also rounds [ghost.py:3]."), and left alone they dangle. A claim that also
 * cites real code keeps it and loses only the bad citation (with the "and" or comma that joined it).
 * `undefined` when nothing of a line that said something is left.
 */
function withoutUnsupportedClaims(
  line: string,
  resolves: (match: CitationMatch) => boolean,
): string | undefined {
  if (!line.includes('[')) return line;
  const marker = /^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)?/.exec(line)![0];
  // claims with what follows each (the space after a sentence, the "; " between clauses)
  const parts = line.slice(marker.length).split(/((?<=[.!?])\s+|;\s+)/);
  const claims: { text: string; after: string }[] = [];
  for (let at = 0; at < parts.length; at += 2) claims.push({ text: parts[at]!, after: parts[at + 1] ?? '' });
  const kept: { text: string; after: string }[] = [];
  let removedAny = false;
  for (const claim of claims) {
    const found = [...claim.text.matchAll(CITATION)];
    if (found.length === 0) {
      kept.push(claim);
      continue;
    }
    const bad = found.filter((match) => !resolves(match as unknown as CitationMatch));
    if (bad.length === 0) {
      kept.push(claim);
      continue;
    }
    if (bad.length === found.length) {
      removedAny = true;
      // the sentence's end goes to the clause before it ("a [x]; b [ghost]." → "a [x].")
      const end = /[.!?]+$/.exec(claim.text.trim())?.[0];
      const previous = kept.at(-1);
      if (previous && end && /;\s+$/.test(previous.after)) {
        previous.text = `${previous.text.replace(/[\s,;:]+$/, '')}${end}`;
        previous.after = claim.after;
      }
      continue;
    }
    let text = claim.text;
    for (const match of bad) {
      const written = escapeRegExp(match[0]);
      // an aside that held only bad citations goes whole: "(not [ghost.py:9])", not "(not )"
      const aside = new RegExp(`\\s*\\([^()]*${written}[^()]*\\)`).exec(text);
      if (aside && !CITATION_ONE.test(aside[0].replace(new RegExp(written), ''))) {
        text = text.replace(aside[0], '');
        continue;
      }
      text = text.replace(new RegExp(`(?:\\s*,|\\s+(?:and|or))?\\s*${written}`), '');
    }
    kept.push({ text: text.replace(/[ \t]+([.,;:])/g, '$1'), after: claim.after });
  }
  const body = kept
    .map((claim, index) => claim.text + (index < kept.length - 1 ? claim.after : ''))
    .join('')
    .trimEnd();
  if (removedAny && !body.trim()) return undefined;
  return marker + body;
}

/** The note a result carries when citations were dropped. */
export function droppedNote(dropped: readonly string[]): string | undefined {
  if (dropped.length === 0) return undefined;
  const shown = dropped.slice(0, 5).join(', ');
  return `${dropped.length} citation${dropped.length === 1 ? '' : 's'} did not resolve to code in this workspace and ${dropped.length === 1 ? 'was' : 'were'} removed: ${shown}${dropped.length > 5 ? ', …' : ''}`;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LanguageId, languageForPath } from '../../core/languages.js';
import { analyzeFile } from '../../index/analyze-file.js';
import type { IndexStore } from '../../index/index-store.js';
import { dependenciesOf } from '../explain/dependencies.js';
import { hashContent } from '../test/target.js';
import type { LocatedFrame } from './locate.js';
import type { CodeExcerpt } from './prompt.js';

/** What the model is shown of the code a failure passes through, and the files as they were read. */

/** A file shorter than this is shown whole; a longer one by the definitions holding the frames. */
const WHOLE_FILE_LINES = 150;
const WINDOW = 12;
/** Files shown, at most: the innermost frames' first (where it failed matters most). */
const MAX_FILES = 4;

export interface ReadFile {
  path: string;
  language: LanguageId;
  text: string;
  /** sha-256 of `text`: the fix applies to this content only */
  baseHash: string;
}

export function readWorkspaceFile(root: string, path: string): ReadFile | undefined {
  const language = languageForPath(path);
  if (!language) return undefined;
  try {
    const text = readFileSync(join(root, path), 'utf8');
    return { path, language, text, baseHash: hashContent(text) };
  } catch {
    return undefined;
  }
}

/** The files the frames are in, innermost frame's file first (at most MAX_FILES). */
export function framesByFile(frames: readonly LocatedFrame[]): Map<string, number[]> {
  const byFile = new Map<string, number[]>();
  for (const frame of [...frames].reverse()) {
    const lines = byFile.get(frame.path);
    if (lines) {
      if (!lines.includes(frame.line)) lines.push(frame.line);
    } else if (byFile.size < MAX_FILES) byFile.set(frame.path, [frame.line]);
  }
  return byFile;
}

/** The part of a file to show for its frames: the whole of a short file, else the definitions holding them. */
export async function excerptOf(file: ReadFile, frameLines: number[]): Promise<CodeExcerpt> {
  const lines = file.text.split('\n');
  const sorted = [...frameLines].sort((a, b) => a - b);
  if (lines.length <= WHOLE_FILE_LINES)
    return {
      path: file.path,
      language: file.language,
      startLine: 1,
      endLine: lines.length,
      frameLines: sorted,
      text: file.text.trimEnd(),
      whole: true,
    };
  const { definitions } = await analyzeFile(file.language, file.text);
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  for (const line of sorted) {
    const holding = definitions
      .filter((definition) => definition.startLine <= line && definition.endLine >= line)
      .filter((definition) => definition.endLine - definition.startLine < 150)
      .sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
    start = Math.min(start, holding?.startLine ?? Math.max(1, line - WINDOW));
    end = Math.max(end, holding?.endLine ?? Math.min(lines.length, line + WINDOW));
  }
  return {
    path: file.path,
    language: file.language,
    startLine: start,
    endLine: end,
    frameLines: sorted,
    text: lines.slice(start - 1, end).join('\n'),
    whole: false,
  };
}

/** Definitions the shown code uses, from the file and the index, as `path:line  signature`. */
export async function definitionsFor(
  excerpts: readonly CodeExcerpt[],
  files: ReadonlyMap<string, ReadFile>,
  store: IndexStore | undefined,
): Promise<string[]> {
  const lines: string[] = [];
  const shown = new Set<string>();
  for (const excerpt of excerpts) {
    const file = files.get(excerpt.path);
    if (!file) continue;
    const found = await dependenciesOf(
      {
        path: file.path,
        language: file.language,
        text: file.text,
        startLine: excerpt.startLine,
        endLine: excerpt.endLine,
      },
      store,
    );
    for (const dependency of found) {
      // what the excerpts already show in full is not repeated
      const inside = excerpts.some(
        (other) =>
          other.path === dependency.path &&
          dependency.line >= other.startLine &&
          dependency.line <= other.endLine,
      );
      const label = `${dependency.path}:${dependency.line}  ${dependency.signature}`;
      if (inside || shown.has(label)) continue;
      shown.add(label);
      lines.push(label);
    }
  }
  return lines.slice(0, 24);
}

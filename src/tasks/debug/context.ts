import { dirname, join, normalize } from 'node:path';
import { type LanguageId, languageForPath } from '../../core/languages.js';
import { analyzeFile } from '../../index/analyze-file.js';
import { extractImports } from '../../index/imports.js';
import type { IndexStore } from '../../index/index-store.js';
import { readWorkspaceText } from '../../workspace/read-workspace-file.js';
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
    // through the one resolver and the one reader (a binary, huge or undecodable file is not shown): the
    // path came from a failure's output, which a remote user may write
    const text = readWorkspaceText(root, path);
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

/**
 * The parts of a file to show for its frames: the whole of a short file, else each definition holding a
 * frame (the innermost one under 150 lines), or the lines around it; overlapping parts are merged.
 */
export async function excerptsOf(file: ReadFile, frameLines: number[]): Promise<CodeExcerpt[]> {
  const lines = file.text.split('\n');
  const sorted = [...new Set(frameLines)].sort((a, b) => a - b);
  if (lines.length <= WHOLE_FILE_LINES)
    return [
      {
        path: file.path,
        language: file.language,
        startLine: 1,
        endLine: lines.length,
        frameLines: sorted,
        text: file.text.trimEnd(),
        whole: true,
      },
    ];
  const { definitions } = await analyzeFile(file.language, file.text);
  const ranges = sorted
    .map((line) => {
      const holding = definitions
        .filter((definition) => definition.startLine <= line && definition.endLine >= line)
        .filter((definition) => definition.endLine - definition.startLine < 150)
        .sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
      return {
        start: holding?.startLine ?? Math.max(1, line - WINDOW),
        end: holding?.endLine ?? Math.min(lines.length, line + WINDOW),
      };
    })
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.start <= last.end + 1) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged.map((range) => ({
    path: file.path,
    language: file.language,
    startLine: range.start,
    endLine: range.end,
    frameLines: sorted.filter((line) => line >= range.start && line <= range.end),
    text: lines.slice(range.start - 1, range.end).join('\n'),
    whole: false,
  }));
}

/** A definition the shown code uses, shown in full when it is short: the function a failing test calls. */
const MAX_DEFINITION_LINES = 80;
const MAX_DEFINITION_EXCERPTS = 4;

/**
 * What the shown code uses, from the file and the index: the short definitions in the workspace as
 * excerpts of their own (their files read now, so a fix to them applies to what the model saw), the
 * rest as `path:line  signature`.
 */
export async function definitionsFor({
  root,
  excerpts,
  files,
  store,
}: {
  root: string;
  excerpts: CodeExcerpt[];
  files: Map<string, ReadFile>;
  store: IndexStore | undefined;
}): Promise<string[]> {
  const lines: string[] = [];
  const shown = new Set<string>();
  const added: CodeExcerpt[] = [];
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
      const inside = [...excerpts, ...added].some(
        (other) =>
          other.path === dependency.path &&
          dependency.line >= other.startLine &&
          dependency.line <= other.endLine,
      );
      const label = `${dependency.path}:${dependency.line}  ${dependency.signature}`;
      if (inside || shown.has(label)) continue;
      shown.add(label);
      const short = dependency.endLine - dependency.line < MAX_DEFINITION_LINES;
      const source =
        short && added.length < MAX_DEFINITION_EXCERPTS
          ? (files.get(dependency.path) ?? readWorkspaceFile(root, dependency.path))
          : undefined;
      if (source) {
        files.set(source.path, source);
        added.push({
          path: source.path,
          language: source.language,
          startLine: dependency.line,
          endLine: dependency.endLine,
          frameLines: [],
          text: source.text
            .split('\n')
            .slice(dependency.line - 1, dependency.endLine)
            .join('\n'),
          whole: false,
        });
      } else lines.push(label);
    }
  }
  if (!store) await addImportedWithoutIndex({ root, excerpts, files, added });
  excerpts.push(...added);
  return lines.slice(0, 24);
}

/** The files a module name may be, relative to the workspace (Python modules, relative script imports). */
function moduleFiles(fromPath: string, module: string, language: LanguageId): string[] {
  if (language === 'python') {
    const dots = /^\.*/.exec(module)![0].length;
    const rest = module.slice(dots).split('.').filter(Boolean).join('/');
    const bases = dots
      ? [join(dirname(fromPath), ...Array(dots - 1).fill('..'))]
      : ['.', dirname(fromPath), 'src'];
    return bases.flatMap((base) =>
      rest ? [join(base, `${rest}.py`), join(base, rest, '__init__.py')] : [join(base, '__init__.py')],
    );
  }
  if (!module.startsWith('.')) return [];
  const base = join(dirname(fromPath), module).replace(/\.[cm]?js$/, '');
  return ['.ts', '.tsx', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'].map((ending) => `${base}${ending}`);
}

/**
 * Without an index, the definitions the frames' files import from the workspace, found by following
 * the import statements to files directly (what `vouch index` would resolve), shown when short.
 */
async function addImportedWithoutIndex({
  root,
  excerpts,
  files,
  added,
}: {
  root: string;
  excerpts: readonly CodeExcerpt[];
  files: Map<string, ReadFile>;
  added: CodeExcerpt[];
}): Promise<void> {
  for (const excerpt of excerpts) {
    const file = files.get(excerpt.path);
    if (!file) continue;
    const shownText = excerpt.text;
    for (const record of extractImports(file.language, file.text)) {
      if (added.length >= MAX_DEFINITION_EXCERPTS) return;
      if (record.kind !== 'import' || record.name === '*' || record.name === 'default') continue;
      if (!new RegExp(`\\b${record.local.replace(/[$]/g, '\\$')}\\b`).test(shownText)) continue;
      const target = moduleFiles(file.path, record.module, file.language)
        .map((path) => normalize(path).split('\\').join('/'))
        .filter((path) => !path.startsWith('..'))
        .map((path) => files.get(path) ?? readWorkspaceFile(root, path))
        .find((found) => found !== undefined);
      if (!target) continue;
      const definition = (await analyzeFile(target.language, target.text)).definitions.find(
        (entry) => entry.name === record.name && !entry.parent,
      );
      if (!definition || definition.endLine - definition.startLine >= MAX_DEFINITION_LINES) continue;
      const already = [...excerpts, ...added].some(
        (other) =>
          other.path === target.path &&
          definition.startLine >= other.startLine &&
          definition.startLine <= other.endLine,
      );
      if (already) continue;
      files.set(target.path, target);
      added.push({
        path: target.path,
        language: target.language,
        startLine: definition.startLine,
        endLine: definition.endLine,
        frameLines: [],
        text: target.text
          .split('\n')
          .slice(definition.startLine - 1, definition.endLine)
          .join('\n'),
        whole: false,
      });
    }
  }
}

import type { LanguageId } from '../core/languages.js';
import type { FileAnalysis } from './analyze-file.js';
import { chunkFile } from './chunks.js';
import { identifierParts } from './identifiers.js';
import { extractImports } from './imports.js';

/**
 * The parts of a file's analysis that need no tree-sitter — the chunks (from the text and the
 * definitions), their identifier parts, the imports, and the whole analysis of a file without a grammar —
 * kept apart from analyze-file.ts so that the parse pool's main thread does them without loading
 * tree-sitter: on a first index the worker is the critical path and the main thread waits for it about
 * half the time.
 */

/**
 * What `analyzeFile(…, {textWork: false})` leaves out, added: the chunks (cut from the text by the
 * definitions), their identifier parts and the imports. The result equals `analyzeFile`'s with
 * `textWork` on.
 */
export function completeTextWork(
  language: LanguageId | undefined,
  text: string,
  analysis: FileAnalysis,
): FileAnalysis {
  analysis.chunks = chunkFile(text, analysis.definitions);
  for (const chunk of analysis.chunks) chunk.identifierParts = identifierParts(chunk.text);
  analysis.imports = extractImports(language, text);
  return analysis;
}

/** A file indexed as plain text: 40-line windows, its imports, nothing parsed (`problem` says why, if set). */
export function plainAnalysis({
  language,
  text,
  problem,
  textWork = true,
}: {
  language: LanguageId | undefined;
  text: string;
  problem?: string;
  textWork?: boolean;
}): FileAnalysis {
  const analysis: FileAnalysis = {
    definitions: [],
    references: [],
    chunks: [],
    imports: [],
    parsed: false,
    syntaxErrors: 0,
    ...(problem ? { problem } : {}),
  };
  return textWork ? completeTextWork(language, text, analysis) : analysis;
}

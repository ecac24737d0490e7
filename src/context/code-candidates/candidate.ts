import type { SignatureEntry } from '../signature-group.js';
import { clipToTokens, countTokens } from '../tokens.js';
import type { ContextSnippet } from '../types.js';

/** A snippet longer than this is cut (its head: signature, docstring, first lines). */
export const MAX_SNIPPET_TOKENS = 700;
/** A function's definition is cut here (signature, docstring, first lines): several fit beside each other. */
export const DEFINITION_TOKENS = 100;

export interface Range {
  path: string;
  startLine: number;
  endLine: number;
}

/**
 * Ties broken by place in the repository, not by the order rows come out of SQLite (which changes as
 * files are rewritten): the same index content gives the same context.
 */
export function byPlace(
  a: { path: string; startLine: number },
  b: { path: string; startLine: number },
): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine;
}

/**
 * A candidate snippet, not yet measured: clipping and counting tokens is the costly part of assembly, so it
 * is done only for the candidates the budget loop reaches (`measureCandidate`).
 */
export interface Candidate extends ContextSnippet {
  /** the snippet is cut to this many tokens when measured */
  maxTokens: number;
  /** a definition's signature, for showing it in its file's group of signatures instead */
  symbol?: SignatureEntry;
  /** lines never cut, whatever `maxTokens` says (up to the end of a definition's signature) */
  minLines?: number;
}

/** A candidate of `kind` for the lines of `range`: its text, why it is offered, its score, and its cut. */
export function snippet(
  range: Range,
  {
    kind,
    text,
    reason,
    score,
    maxTokens = MAX_SNIPPET_TOKENS,
  }: { kind: ContextSnippet['kind']; text: string; reason: string; score: number; maxTokens?: number },
): Candidate {
  return {
    kind,
    path: range.path,
    startLine: range.startLine,
    endLine: range.endLine,
    source: text,
    tokens: Number.NaN,
    reason,
    score,
    maxTokens,
  };
}

/** The candidate cut to its token limit and measured with the tokenizer: a snippet ready for the prompt. */
export function measureCandidate(candidate: Candidate): ContextSnippet {
  const { maxTokens, symbol, minLines, ...rest } = candidate;
  let clipped = clipToTokens(candidate.source, maxTokens);
  let lines = clipped.text.split('\n').length;
  if (minLines !== undefined && lines < minLines && clipped.text.length < candidate.source.length) {
    // Cut inside the signature: the signature whole, past the limit, rather than one that cannot be called.
    const text = candidate.source.split('\n').slice(0, minLines).join('\n');
    clipped = { text, tokens: countTokens(text) };
    lines = minLines;
  }
  // An outline's range is the whole class it summarises, not the lines of its text.
  const endLine = candidate.outline
    ? candidate.endLine
    : Math.min(candidate.endLine, candidate.startLine + lines - 1);
  return { ...rest, endLine, source: clipped.text, tokens: clipped.tokens };
}

import type { ContextCursor, ContextMessage } from '../context/types.js';
import type { LanguageId } from '../core/languages.js';
import { readWorkspaceText } from '../workspace/read-workspace-file.js';
import { isReadableWorkspaceFile } from '../workspace/resolve-path.js';
import type { Citation, TaskEvent, TaskHost } from './task.js';

/** Tokens of repository context a generating prompt may carry by default (the answer needs room too). */
export const PROMPT_CONTEXT_BUDGET = 6000;
/** What a model with a known context window keeps free of repository context: the request and the answer. */
const PROMPT_FRAME_AND_ANSWER = 2048;

/** The context budget for a model: less when its context window is small (an embedded model's). */
export function contextBudget(contextLength: number | undefined): number {
  if (contextLength === undefined) return PROMPT_CONTEXT_BUDGET;
  return Math.max(0, Math.min(PROMPT_CONTEXT_BUDGET, contextLength - PROMPT_FRAME_AND_ANSWER));
}

export interface ContextQuery {
  /** what the engineer asked for */
  spec: string;
  /** the file the work is about (workspace-relative); its end is the cursor when no cursor is given */
  file?: string;
  cursor?: ContextCursor;
  language?: LanguageId;
  budgetTokens?: number;
  history?: readonly ContextMessage[];
}

export interface PromptContext {
  /** rendered for the prompt */
  text: string;
  /** where each piece came from, for the report */
  sources: Citation[];
}

/**
 * Repository context for a prompt: the environment, definitions, retrieved chunks and the repo map from
 * the workspace's index (and the code around the cursor, or the end of the file the work is for).
 * Without an index the environment still counts, and a notice says how to build one.
 */
export async function gatherContext(
  host: TaskHost,
  query: ContextQuery,
  emit: (event: TaskEvent) => void = () => {},
): Promise<PromptContext | undefined> {
  let cursor = query.cursor;
  if (!cursor && query.file && isReadableWorkspaceFile(host.workspaceRoot, query.file)) {
    const lines = readWorkspaceText(host.workspaceRoot, query.file).split('\n').length;
    cursor = { path: query.file, line: lines };
  }
  // Loaded on first use: the tokenizer and the assembler are not needed by tasks that gather no context.
  const { assembleContext, renderContextForPrompt } = await import('../context/index.js');
  const assembled = await assembleContext({
    workspaceRoot: host.workspaceRoot,
    request: query.spec,
    budgetTokens: query.budgetTokens ?? PROMPT_CONTEXT_BUDGET,
    ...(cursor ? { cursor } : {}),
    ...(query.history ? { history: query.history } : {}),
    ...(host.embedModel ? { embedModel: host.embedModel } : {}),
    ...(host.index ? { store: host.index } : {}),
  });
  for (const notice of assembled.notices) emit({ type: 'notice', message: notice });
  if (assembled.snippets.length === 0 && !assembled.environmentText) return undefined;
  return {
    text: renderContextForPrompt(assembled),
    sources: assembled.snippets
      .filter((snippet) => snippet.path)
      .map(({ path, startLine, endLine, reason }) => ({ path, startLine, endLine, reason })),
  };
}

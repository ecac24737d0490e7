import type { IndexStore } from '../index/index-store.js';
import type { LanguageModel } from '../model/types.js';
import type { Environment } from '../workspace/environment/types.js';
import type { RankingSignals } from './code-candidates/index.js';

export interface ContextCursor {
  /** workspace-relative or absolute */
  path: string;
  /** 1-based */
  line: number;
  /** 1-based; defaults to the end of the line */
  column?: number;
  /** the editor's unsaved buffer, when it differs from the file on disk */
  text?: string;
}

export interface ContextMessage {
  role: 'user' | 'assistant' | 'system';
  content: string;
}

export type SnippetKind = 'cursor' | 'definition' | 'retrieved' | 'recent' | 'repo-map' | 'history';

/** One piece of a prompt: where it came from, what it costs, and why it was chosen. */
export interface ContextSnippet {
  kind: SnippetKind;
  /** workspace-relative; empty for history */
  path: string;
  startLine: number;
  endLine: number;
  /** the text that goes into the prompt */
  source: string;
  tokens: number;
  reason: string;
  /** relevance used for ranking (higher first; cursor and history are placed, not ranked) */
  score: number;
  /** a class shown as its header and member signatures; the range is the whole class */
  outline?: boolean;
}

export interface AssembleContextOptions {
  workspaceRoot: string;
  cursor?: ContextCursor;
  request?: string;
  /** everything, cursor window included (default 8,000 tokens) */
  budgetTokens?: number;
  /** the text around the cursor: ¾ before, ¼ after (default 2,000 tokens) */
  cursorTokens?: number;
  /** share of the budget for the repo map (default min(1,024, budget / 8); 0 = none) */
  repoMapTokens?: number;
  history?: readonly ContextMessage[];
  /** recently edited files, most recent first */
  recentFiles?: readonly string[];
  /** for hybrid retrieval when the index has vectors from this model */
  embedModel?: LanguageModel;
  /** an open index to reuse (warm calls); otherwise the workspace's index (`indexPath`) is opened and closed */
  store?: IndexStore;
  /** a known environment, or false to leave it out; otherwise detected (and cached briefly) */
  environment?: Environment | false;
  /** resolve identifiers near the cursor to their definitions through the symbol table (default true) */
  useSymbolGraph?: boolean;
  /**
   * For fitting and evaluating the ranking of definitions (bench/context/fit-ranking.ts): other weights
   * than the fitted ones, and a callback told every ranked candidate with its features.
   */
  ranking?: Pick<RankingSignals, 'weights' | 'observe'>;
}

export interface AssembledContext {
  workspaceRoot: string;
  /** chosen snippets in prompt order */
  snippets: ContextSnippet[];
  environment?: Environment;
  environmentText: string;
  /** tokens of `renderContextForPrompt(this)` */
  promptTokens: number;
  budgetTokens: number;
  /** candidates left out for the budget */
  dropped: number;
  /** things the user should know (no index yet, index rebuilt, …) */
  notices: string[];
}

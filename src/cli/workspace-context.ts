import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleContext, renderContextForPrompt } from '../context/index.js';
import type { GenerateDeps } from '../tasks/generate.js';
import { configuredEmbedModel } from './embed-model.js';
import type { OpenedWorkspace } from './workspace-setup.js';

/** Tokens of repository context a generating prompt may carry (the answer needs room too). */
const PROMPT_CONTEXT_BUDGET = 6000;
/** What a model with a known context window keeps free of repository context: the request and the answer. */
const PROMPT_FRAME_AND_ANSWER = 2048;

/** The context budget for a model: less when its context window is small (an embedded model's). */
export function contextBudget(contextLength: number | undefined): number {
  if (contextLength === undefined) return PROMPT_CONTEXT_BUDGET;
  return Math.max(0, Math.min(PROMPT_CONTEXT_BUDGET, contextLength - PROMPT_FRAME_AND_ANSWER));
}

/**
 * Repository context for prompts: the environment, definitions, retrieved chunks and the repo map from
 * the workspace's index (and the code around the end of `--file` when it exists). Without an index the
 * environment still counts, and a notice says how to build one.
 */
export async function workspaceContext(
  workspace: OpenedWorkspace,
  model?: { contextLength?: number | undefined },
): Promise<NonNullable<GenerateDeps['context']>> {
  const budgetTokens = contextBudget(model?.contextLength);
  const embedModel = await configuredEmbedModel({
    root: workspace.root,
    config: workspace.config,
    notice: (message) => process.stderr.write(`vouch: ${message}\n`),
  });
  return async (query) => {
    let cursor: { path: string; line: number } | undefined;
    if (query.file && existsSync(join(workspace.root, query.file))) {
      const lines = readFileSync(join(workspace.root, query.file), 'utf8').split('\n').length;
      cursor = { path: query.file, line: lines };
    }
    const assembled = await assembleContext({
      workspaceRoot: workspace.root,
      request: query.spec,
      budgetTokens,
      ...(cursor ? { cursor } : {}),
      ...(embedModel ? { embedModel } : {}),
    });
    for (const notice of assembled.notices) process.stderr.write(`vouch: ${notice}\n`);
    if (assembled.snippets.length === 0 && !assembled.environmentText) return undefined;
    return {
      text: renderContextForPrompt(assembled),
      sources: assembled.snippets
        .filter((snippet) => snippet.path)
        .map(({ path, startLine, endLine, reason }) => ({ path, startLine, endLine, reason })),
    };
  };
}

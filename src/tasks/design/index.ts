import { IndexStore } from '../../index/index-store.js';
import { droppedNote, resolveCitations } from '../citations.js';
import type { Citation, TaskEvent, TaskHost, TaskResultOf } from '../task.js';
import { askModel, baseResult, modelCall, withDetails } from '../task-frame.js';
import { contextBudget, gatherContext } from '../workspace-context.js';
import { asAlternatives, splitDesignAnswer } from './answer.js';
import type { DesignDetails } from './design-details.js';
import {
  type DesignEvidence,
  evidenceItems,
  gatherDesignEvidence,
  type PatternEvidence,
} from './evidence.js';
import { designMessages, renderEvidence } from './prompt.js';

/**
 * `ask --design`: how to add something, proposed from the patterns the codebase already uses. The
 * evidence (similar code, the bases it extends, its errors, its tests) is gathered from the index before
 * the model is asked and is part of the result whatever the model answers; the model's proposal keeps
 * only the citations that resolve, and says which of the patterns found it rests on.
 */

export interface DesignRequest {
  question: string;
  budgetTokens?: number | undefined;
}

const NO_INDEX = 'the workspace has no index, so no patterns were gathered (run `vouch index`)';

function emptyEvidence(problem: string): DesignEvidence {
  return {
    language: null,
    modules: [],
    similar: [],
    bases: [],
    errors: [],
    tests: [],
    testFramework: null,
    problem,
  };
}

function withIndex<T>(host: TaskHost, use: (store: IndexStore) => T, otherwise: () => T): T {
  const store = host.index ?? IndexStore.openIfExists(host.workspaceRoot);
  if (!store) return otherwise();
  try {
    return store.isEmpty() ? otherwise() : use(store);
  } finally {
    if (!host.index) store.close();
  }
}

/** Fewer evidence items until the prompt fits a small model's context (about 3 characters a token). */
function fitEvidence(evidence: DesignEvidence, contextLength: number | undefined): DesignEvidence {
  if (contextLength === undefined) return evidence;
  const budget = Math.max(1500, (contextLength - 2048) * 3);
  const fitted = {
    ...evidence,
    similar: [...evidence.similar],
    bases: [...evidence.bases],
    errors: [...evidence.errors],
    tests: [...evidence.tests],
  };
  const lists = [fitted.similar, fitted.tests, fitted.errors, fitted.bases];
  while (renderEvidence(fitted).length > budget) {
    const longest = lists.reduce((best, list) => (list.length > best.length ? list : best));
    if (longest.length <= 1) break;
    longest.pop();
  }
  return fitted;
}

function overlaps(citation: Citation, item: PatternEvidence): boolean {
  return (
    citation.path === item.path && citation.startLine <= item.endLine && citation.endLine >= item.startLine
  );
}

/** What the result says when the model gave no proposal: the patterns found, plainly. */
export function evidenceSummary(evidence: DesignEvidence): string {
  const line = (item: PatternEvidence) => `- ${item.label} [${item.path}:${item.startLine}-${item.endLine}]`;
  const parts: string[] = [];
  if (evidence.modules.length)
    parts.push(`Similar code lives in ${evidence.modules.map((module) => module.path).join(', ')}.`);
  for (const [title, items] of [
    ['Similar code', evidence.similar],
    ['Bases it extends', evidence.bases],
    ['Errors', evidence.errors],
    [`Tests${evidence.testFramework ? ` (${evidence.testFramework})` : ''}`, evidence.tests],
  ] as const)
    if (items.length) parts.push(`${title}:\n${items.map(line).join('\n')}`);
  return parts.join('\n\n');
}

export async function designAnswer(
  request: DesignRequest,
  host: TaskHost,
  options: { signal?: AbortSignal; onEvent?: (event: TaskEvent) => void },
): Promise<TaskResultOf<'ask'>> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => {});
  const model = await host.model('chat');
  const result = baseResult('ask', model, started);
  emit({ type: 'stage', stage: 'context', status: 'start', detail: 'patterns from the index' });
  const gathered = withIndex(
    host,
    (store) => gatherDesignEvidence(host.workspaceRoot, store, request.question),
    () => emptyEvidence(NO_INDEX),
  );
  const evidence = fitEvidence(gathered, model.contextLength);
  const items = evidenceItems(evidence);
  if (evidence.problem) {
    result.notes.push(evidence.problem);
    emit({ type: 'notice', message: evidence.problem });
  }
  // Without patterns to show, the model still gets what retrieval finds (or at least the environment).
  let extra: string | undefined;
  if (items.length === 0) {
    const context = await gatherContext(
      host,
      {
        spec: request.question,
        budgetTokens: request.budgetTokens ?? contextBudget(model.contextLength),
      },
      (event) => {
        if (event.type === 'notice') result.notes.push(event.message);
        emit(event);
      },
    );
    extra = context?.text;
    result.context = context?.sources ?? [];
  } else {
    result.context = items.map(({ path, startLine, endLine, reason }) => ({
      path,
      startLine,
      endLine,
      ...(reason ? { reason } : {}),
    }));
  }
  emit({ type: 'stage', stage: 'context', status: 'done', detail: `${items.length} patterns` });

  const call = modelCall(model, options);
  const text = await askModel(call, designMessages(request.question, evidence, extra), { temperature: 0.2 });
  const resolved = resolveCitations(host.workspaceRoot, text);
  const dropped = droppedNote(resolved.dropped);
  if (dropped) result.notes.push(dropped);
  const answer = splitDesignAnswer(resolved.text);
  const evidenceCited = items.filter((item) =>
    resolved.citations.some((citation) => overlaps(citation, item)),
  ).length;
  const ungrounded = resolved.citations.length === 0;

  result.citations = resolved.citations;
  result.alternatives = asAlternatives(answer.alternatives);
  result.language = evidence.language;
  if (answer.proposal) result.explanation = answer.proposal;
  else {
    result.notes.push('the model gave no proposal; the patterns found in the codebase are listed instead');
    result.explanation = evidenceSummary(evidence);
  }
  if (answer.proposal && ungrounded)
    result.notes.push('the proposal cites no code of this workspace: treat it as not grounded in the code');
  else if (answer.proposal && items.length > 0 && evidenceCited === 0)
    result.notes.push('the proposal cites none of the patterns found in the codebase');
  if (answer.proposal && answer.alternatives.length === 0)
    result.notes.push('the model gave no alternatives to weigh the proposal against');
  result.confidence = ungrounded || evidenceCited === 0 ? 'low' : 'medium';
  result.verification.confidenceReasons = [
    `${items.length} pattern${items.length === 1 ? '' : 's'} gathered from the index, each citing real code`,
    ungrounded
      ? 'no citation in the answer resolves to code in this workspace'
      : `the answer cites ${evidenceCited} of them; every citation left in it resolves to real code (the design itself is the model’s judgement)`,
  ];
  const details: DesignDetails = {
    design: true,
    dropped: resolved.dropped,
    ungrounded,
    evidence,
    alternatives: answer.alternatives,
    evidenceCited,
  };

  result.usage = call.usage;
  result.durationMs = Math.round(performance.now() - started);
  return withDetails(result, details);
}

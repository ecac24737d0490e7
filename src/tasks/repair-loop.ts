import type { CheckResult } from '../core/check.js';
import { isCancellation } from '../core/errors.js';
import type { ChatMessage } from '../model/types.js';
import { repairMessages } from './repair.js';
import type { RepairRound, TaskEvent } from './task.js';
import type { VerdictStatus } from './verdict.js';

/**
 * The one repair loop of every task that repairs (generate, complete, debug, fix): what failed goes back
 * to the model in the same conversation, the answer is verified again, and the loop stops as soon as
 * nothing is left to send back or the rounds run out. What differs between tasks is passed in — how an
 * answer is asked for and verified, what of a candidate goes back as feedback, and which of two
 * candidates is the better one — so the rules every task shares live here once:
 * - each round answers the last candidate: the conversation shows the model its own latest answer and
 *   what failed in it;
 * - a round replaces the delivered candidate only when `better` says so (a worse round never replaces
 *   better code), and every round is reported with its feedback, verdict and checks;
 * - a cancelled task stops at once (the signal, or a model call that ended as cancelled): the error goes
 *   up, and no further round is asked for;
 * - a round the model cannot answer (a small context window outgrown, the endpoint gone) ends the loop
 *   with a note; what was verified so far is still delivered.
 */

/** What the loop reads of a verified answer. */
export interface RepairCandidate {
  /** the answer as the next round's conversation shows it, as the model's own turn */
  answer: string;
  /** the verdict on it, as its round is reported */
  status: VerdictStatus;
  checks: CheckResult[];
}

export interface RepairLoop<Candidate extends RepairCandidate, Answer> {
  /** the first answer, verified */
  first: Candidate;
  /** the conversation that produced `first` */
  conversation: readonly ChatMessage[];
  /** rounds at most (0: no repair) */
  rounds: number;
  /** what failed in a candidate, one line each, as the model is told; empty when there is nothing to repair */
  feedback(candidate: Candidate): string[];
  /** what the model is asked to answer with (default: generate's code, explanation and tests) */
  answerShape?: string;
  /** the model's next answer to the conversation */
  ask(conversation: ChatMessage[], round: number): Promise<Answer>;
  /** an answer checked into a candidate */
  verify(answer: Answer, round: number): Promise<Candidate>;
  /** whether `next` replaces `best` as the candidate delivered */
  better(next: Candidate, best: Candidate): boolean;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: TaskEvent) => void) | undefined;
}

export interface RepairOutcome<Candidate> {
  /** the candidate to deliver */
  best: Candidate;
  /** the last candidate verified (the first when no round ran) */
  last: Candidate;
  /** every round that ran, oldest first */
  rounds: RepairRound[];
  /** why the loop stopped before its last round when a round could not run */
  notes: string[];
}

export async function repairLoop<Candidate extends RepairCandidate, Answer>(
  loop: RepairLoop<Candidate, Answer>,
): Promise<RepairOutcome<Candidate>> {
  const emit = loop.onEvent ?? (() => {});
  let best = loop.first;
  let last = loop.first;
  let conversation = [...loop.conversation];
  const rounds: RepairRound[] = [];
  const notes: string[] = [];
  for (let round = 1; round <= loop.rounds; round++) {
    loop.signal?.throwIfAborted();
    const feedback = loop.feedback(last);
    if (feedback.length === 0) break;
    emit({
      type: 'stage',
      stage: 'repair',
      status: 'start',
      detail: `round ${round}: ${feedback.length} problems`,
    });
    conversation = repairMessages({
      messages: conversation,
      previousAnswer: last.answer,
      feedback,
      answerShape: loop.answerShape,
    });
    let answer: Answer;
    try {
      answer = await loop.ask(conversation, round);
    } catch (error) {
      if (loop.signal?.aborted || isCancellation(error)) throw error;
      notes.push(
        `repair round ${round} could not run: ${error instanceof Error ? error.message : String(error)}`,
      );
      emit({ type: 'stage', stage: 'repair', status: 'done', detail: `round ${round}: could not run` });
      break;
    }
    const next = await loop.verify(answer, round);
    // checks cut short by a cancel are no verdict: the task ends here, not with this round's result
    loop.signal?.throwIfAborted();
    rounds.push({ round, feedback, status: next.status, checks: next.checks });
    emit({ type: 'stage', stage: 'repair', status: 'done', detail: `round ${round}: ${next.status}` });
    if (loop.better(next, best)) best = next;
    last = next;
  }
  return { best, last, rounds, notes };
}

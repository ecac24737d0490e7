import { randomUUID } from 'node:crypto';
import type { CancellationToken, InlineCompletionItem, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { exportGatesFailed, runTask, type TaskEvent, type TaskHost, warmCompletion } from '../tasks/index.js';
import { errorText } from './error-text.js';
import { recordLspTiming, startWindow } from './timings.js';

/**
 * Inline completion: the `complete` task at the cursor, cancelled when the editor cancels the request or
 * asks again for the same buffer (a newer keystroke), and only shown when its fast checks did not fail —
 * a completion that does not parse or calls an API the installed package lacks never appears. What was
 * shown is remembered so that the editor's accept command, or the text appearing in the buffer, counts
 * as accepted, and a completion replaced by another one (or by nothing) counts as rejected; the same
 * completion asked for again at the same place is the suggestion already shown, not a new one.
 */

export interface Suggestion {
  id: string;
  uri: string;
  /** 0-based, where it was inserted */
  position: Position;
  text: string;
  language: string | null;
  model: string;
  confidence: string;
  verification: string;
  /** what keeps it out of the fine-tuning export: a failed gate, or a security finding attached (tasks/suggestion.ts) */
  gatesFailed: string[];
  /** what the editor shows beside it: its verdict, confidence and the checks that ran and did not */
  detail: string;
  shownAt: number;
}

export type SuggestionOutcome = 'shown' | 'accepted' | 'rejected';

export interface SuggestionEvent {
  outcome: SuggestionOutcome;
  suggestion: Suggestion;
}

export class InlineCompletions {
  private readonly running = new Map<string, AbortController>();
  /** the last suggestion shown per buffer, until it is accepted or replaced */
  private readonly pending = new Map<string, Suggestion>();

  /** the model host of the buffer's workspace folder (its settings, policy and index) */
  private readonly host: (uri: string) => TaskHost | undefined;
  private readonly pathOf: (uri: string) => string | undefined;
  private readonly record: (event: SuggestionEvent) => void;
  private readonly log: (message: string) => void;
  /** said to the user (not only logged): completions fail, and why */
  private readonly warn: (message: string) => void;
  /** completions are failing and the user was told: said once, again only after one succeeded */
  private warned = false;
  /** what else the server is doing, for the timing log (VOUCH_LSP_TIMINGS) */
  private readonly busy: () => Record<string, unknown>;
  /** the gate's processes pause while a completion is in flight; the function returned ends it */
  private readonly hold: () => () => void;

  constructor({
    host,
    pathOf,
    record,
    log,
    warn = log,
    busy = () => ({}),
    hold = () => () => {},
  }: {
    host: (uri: string) => TaskHost | undefined;
    pathOf: (uri: string) => string | undefined;
    record: (event: SuggestionEvent) => void;
    log: (message: string) => void;
    warn?: (message: string) => void;
    busy?: () => Record<string, unknown>;
    hold?: () => () => void;
  }) {
    this.host = host;
    this.pathOf = pathOf;
    this.record = record;
    this.log = log;
    this.warn = warn;
    this.busy = busy;
    this.hold = hold;
  }

  async complete(
    document: TextDocument,
    position: Position,
    token: CancellationToken,
  ): Promise<InlineCompletionItem[]> {
    const host = this.host(document.uri);
    const path = this.pathOf(document.uri);
    if (!host || !path) return [];
    const window = startWindow();
    // the gates' processes pause until this completion is answered, cancelled or replaced (gate-yield.ts);
    // taken before the completion it replaces lets go, so the pause carries on across a newer keystroke
    const release = this.hold();
    this.running.get(document.uri)?.abort();
    const controller = new AbortController();
    this.running.set(document.uri, controller);
    token.onCancellationRequested(() => controller.abort());
    controller.signal.addEventListener('abort', release, { once: true });
    const timing: Record<string, unknown> = window ? { path, line: position.line, ...this.busy() } : {};
    const onEvent = window ? stageTimer(timing) : undefined;
    try {
      const result = await runTask({
        name: 'complete',
        input: {
          file: path,
          line: position.line + 1,
          column: position.character + 1,
          text: document.getText(),
        },
        host,
        options: { signal: controller.signal, ...(onEvent ? { onEvent } : {}) },
      });
      const { details } = result;
      // the model answered: a later failure is news again
      this.warned = false;
      if (window) {
        timing.cached = details?.cached ?? false;
        timing.status = result.verification.status;
      }
      // a newer request for the buffer took over: it settles the suggestion shown before
      if (controller.signal.aborted) return [];
      const previous = this.pending.get(document.uri);
      if (!details?.completion || result.verification.status === 'fail') {
        if (details?.completion)
          this.log(
            `vouch: a completion at ${path}:${position.line + 1} failed its checks and is not shown: ${result.verification.reasons.join('; ')}`,
          );
        // the suggestion shown before is replaced by nothing
        if (previous) this.settle(document.uri, 'rejected');
        return [];
      }
      // The editor asked again where the same suggestion stands (a cache hit, most often): it is the
      // suggestion already shown, neither rejected nor shown anew.
      if (
        previous &&
        previous.text === details.completion &&
        previous.position.line === position.line &&
        previous.position.character === position.character
      )
        return [this.itemOf(previous)];
      if (previous) this.settle(document.uri, 'rejected');
      const suggestion: Suggestion = {
        id: randomUUID(),
        uri: document.uri,
        position,
        text: details.completion,
        language: result.language,
        model: result.model,
        confidence: result.confidence,
        verification: result.verification.status,
        gatesFailed: exportGatesFailed(result.verification.checks),
        detail: suggestionDetail(result),
        shownAt: Date.now(),
      };
      this.pending.set(document.uri, suggestion);
      this.record({ outcome: 'shown', suggestion });
      return [this.itemOf(suggestion)];
    } catch (error) {
      if (!controller.signal.aborted) {
        // a model that is down fails every keystroke's completion: in the log each time, and once on the
        // screen (with the hint: which server, which setting) until one succeeds — else an editor shows nothing
        this.log(errorText(error, 'completion failed'));
        if (!this.warned) {
          this.warned = true;
          this.warn(errorText(error, 'completions are failing'));
        }
        if (this.pending.has(document.uri)) this.settle(document.uri, 'rejected');
      }
      return [];
    } finally {
      release();
      if (this.running.get(document.uri) === controller) this.running.delete(document.uri);
      if (window)
        recordLspTiming({
          event: 'inline',
          ...timing,
          ...window.end(),
          ...(controller.signal.aborted ? { aborted: true } : {}),
        });
    }
  }

  /** the detail of a suggestion shown (by the id its accept command carries), for plain completion items */
  detailOf(id: string): string | undefined {
    for (const suggestion of this.pending.values()) if (suggestion.id === id) return suggestion.detail;
    return undefined;
  }

  private itemOf(suggestion: Suggestion): InlineCompletionItem {
    return {
      insertText: suggestion.text,
      range: { start: suggestion.position, end: suggestion.position },
      command: { title: 'vouch: accepted', command: 'vouch.accepted', arguments: [suggestion.id] },
    };
  }

  /** A buffer was opened: its tree is parsed now, so its first completion does not parse it whole. */
  opened(document: TextDocument): void {
    const host = this.host(document.uri);
    const path = this.pathOf(document.uri);
    if (host?.session && path)
      void warmCompletion(host.session, { path, text: document.getText(), config: host.config });
  }

  /** The editor's accept command (`vouch.accepted` with the suggestion's id). */
  accepted(id: string): boolean {
    for (const [uri, suggestion] of this.pending)
      if (suggestion.id === id) {
        this.settle(uri, 'accepted');
        return true;
      }
    return false;
  }

  /**
   * After an edit: a pending suggestion whose text now stands at its place was accepted (clients that
   * insert without running the command); one the user typed past in another way stays pending until
   * replaced or the buffer closes.
   */
  edited(document: TextDocument): void {
    const suggestion = this.pending.get(document.uri);
    if (!suggestion) return;
    const start = document.offsetAt(suggestion.position);
    if (document.getText().slice(start, start + suggestion.text.length) === suggestion.text)
      this.settle(document.uri, 'accepted');
  }

  closed(uri: string): void {
    this.running.get(uri)?.abort();
    if (this.pending.has(uri)) this.settle(uri, 'rejected');
  }

  private settle(uri: string, outcome: 'accepted' | 'rejected'): void {
    const suggestion = this.pending.get(uri);
    if (!suggestion) return;
    this.pending.delete(uri);
    this.record({ outcome, suggestion });
  }
}

/** The timing log's view of a completion: each stage's milliseconds, and each check's own. */
function stageTimer(timing: Record<string, unknown>): (event: TaskEvent) => void {
  const started = new Map<string, number>();
  const stages: Record<string, number> = {};
  const checks: Record<string, number> = {};
  timing.stages = stages;
  timing.checks = checks;
  return (event) => {
    if (event.type === 'stage') {
      if (event.status === 'start') started.set(event.stage, performance.now());
      else {
        const at = started.get(event.stage);
        if (at !== undefined) stages[event.stage] = Math.round((performance.now() - at) * 10) / 10;
      }
    } else if (event.type === 'check') checks[event.result.name] = event.result.durationMs ?? -1;
  };
}

/**
 * A completion's verdict in one line: the checks that passed and those that did not run (a TypeScript
 * completion's names are the type checker's, which a completion does not run), never a fixed list.
 */
export function suggestionDetail(result: {
  confidence: string;
  verification: { status: string; checks: { name: string; status: string }[] };
}): string {
  const { checks } = result.verification;
  const passed = checks.filter((check) => check.status === 'pass').map((check) => check.name);
  const notRun = checks.filter((check) => check.status !== 'pass').map((check) => check.name);
  return [
    `vouch: ${result.verification.status}, confidence ${result.confidence}`,
    passed.length > 0 ? `checked: ${passed.join(', ')}` : 'nothing checked',
    ...(notRun.length > 0 ? [`not checked: ${notRun.join(', ')}`] : []),
  ].join(' · ');
}

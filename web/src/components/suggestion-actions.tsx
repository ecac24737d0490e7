import { useState } from 'preact/hooks';
import { ApiError, sendEvent } from '../api.js';
import type { TaskResult } from '../types.js';

type Outcome = 'accepted' | 'rejected' | undefined;

/** What was decided about a suggestion, remembered in this browser so a resumed conversation cannot count it twice. */
const outcomeKey = (id: string) => `vouch.outcome.${id}`;

/** A decision the server knows of (made in another browser, or another face): shown, not offered again. */
export function rememberOutcome(id: string, decision: 'accepted' | 'rejected' | 'modified'): void {
  localStorage.setItem(outcomeKey(id), decision === 'rejected' ? 'rejected' : 'accepted');
}

function rememberedOutcome(id: string | null): Outcome {
  const stored = id ? localStorage.getItem(outcomeKey(id)) : null;
  return stored === 'accepted' || stored === 'rejected' ? stored : undefined;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

type Verification = TaskResult['verification'];

const UNVERIFIED_TEXT: Record<Verification['status'], string> = {
  pass: '',
  fail: 'This code failed verification',
  unverified: 'This code was not verified: not every check ran',
  none: 'This code was not verified: no check ran',
};

/** Why accepting this code needs a second thought, or undefined when every check that ran passed. */
export function acceptWarning(verification: Verification): string | undefined {
  if (verification.status === 'pass' && !verification.blocked) return undefined;
  const head = verification.blocked
    ? `${UNVERIFIED_TEXT[verification.status] || 'This code'} and was blocked by a gate`
    : UNVERIFIED_TEXT[verification.status];
  return verification.reasons.length > 0 ? `${head}: ${verification.reasons.join('; ')}.` : `${head}.`;
}

/**
 * Copy, accept, reject: each sends its telemetry event (`face: web`) and says whether the server recorded
 * it. Without a suggestion id (a reply without code) there is nothing to record, so only copy is offered.
 */
export function SuggestionActions({
  code,
  suggestionId,
  verification,
}: {
  code: string;
  suggestionId: string | null;
  verification: Verification;
}) {
  // code that failed or was not verified can still be accepted, but only as a deliberate second choice
  // with the reason beside it; verified code keeps Accept as the first, primary action
  const warning = acceptWarning(verification);
  const warningId = suggestionId ? `accept-warning-${suggestionId}` : undefined;
  const [outcome, setOutcome] = useState<Outcome>(() => rememberedOutcome(suggestionId));
  const [status, setStatus] = useState('');
  const record = async (kind: 'accepted' | 'rejected' | 'copied') => {
    if (!suggestionId) return;
    try {
      await sendEvent(suggestionId, kind);
      if (kind !== 'copied') {
        setOutcome(kind);
        localStorage.setItem(outcomeKey(suggestionId), kind);
      }
      setStatus(`${kind === 'copied' ? 'Copy' : kind === 'accepted' ? 'Acceptance' : 'Rejection'} recorded.`);
    } catch (error) {
      setStatus(
        `Not recorded: ${(error as Error).message}${error instanceof ApiError && error.hint ? ` (${error.hint})` : ''}`,
      );
    }
  };
  const copy = async () => {
    const copied = await copyText(code);
    if (!copied) {
      setStatus('The browser refused the clipboard: select the code and copy it by hand.');
      return;
    }
    setStatus('Copied.');
    await record('copied');
  };
  const accept = (
    <button
      type="button"
      class={warning ? 'secondary' : undefined}
      onClick={() => record('accepted')}
      disabled={outcome !== undefined}
      aria-pressed={outcome === 'accepted'}
      {...(warning && warningId ? { 'aria-describedby': warningId } : {})}
    >
      {warning ? 'Accept anyway' : 'Accept'}
    </button>
  );
  const reject = (
    <button
      type="button"
      onClick={() => record('rejected')}
      disabled={outcome !== undefined}
      aria-pressed={outcome === 'rejected'}
    >
      Reject
    </button>
  );
  return (
    <div class={warning ? 'actions not-verified' : 'actions'}>
      {warning && suggestionId && (
        <p class="accept-warning" id={warningId}>
          {warning}
        </p>
      )}
      <button type="button" class={warning ? 'secondary' : undefined} onClick={copy}>
        Copy
      </button>
      {suggestionId &&
        (warning ? (
          <>
            {reject}
            {accept}
          </>
        ) : (
          <>
            {accept}
            {reject}
          </>
        ))}
      <span class="status" role="status" aria-live="polite">
        {status ||
          (outcome ? `You ${outcome === 'accepted' ? 'accepted' : 'rejected'} this suggestion.` : '')}
      </span>
    </div>
  );
}

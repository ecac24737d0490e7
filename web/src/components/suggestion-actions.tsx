import { useState } from 'preact/hooks';
import { ApiError, sendEvent } from '../api.js';

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

/**
 * Copy, accept, reject: each sends its telemetry event (`face: web`) and says whether the server recorded
 * it. Without a suggestion id (a reply without code) there is nothing to record, so only copy is offered.
 */
export function SuggestionActions({ code, suggestionId }: { code: string; suggestionId: string | null }) {
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
  return (
    <div class="actions">
      <button type="button" onClick={copy}>
        Copy
      </button>
      {suggestionId && (
        <>
          <button
            type="button"
            onClick={() => record('accepted')}
            disabled={outcome !== undefined}
            aria-pressed={outcome === 'accepted'}
          >
            Accept
          </button>
          <button
            type="button"
            onClick={() => record('rejected')}
            disabled={outcome !== undefined}
            aria-pressed={outcome === 'rejected'}
          >
            Reject
          </button>
        </>
      )}
      <span class="status" role="status" aria-live="polite">
        {status ||
          (outcome ? `You ${outcome === 'accepted' ? 'accepted' : 'rejected'} this suggestion.` : '')}
      </span>
    </div>
  );
}

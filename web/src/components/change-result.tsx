import { useEffect, useState } from 'preact/hooks';
import { ApiError, applyChange, sendEvent, serverHealth } from '../api.js';
import { changeAcceptance } from '../change-acceptance.js';
import type { TaskResult } from '../types.js';
import { VerificationReport } from './report.js';
import { acceptWarning } from './suggestion-actions.js';

type ChangeResultData = Extract<TaskResult, { task: 'change' }>;
type DiffLine = { kind: 'add' | 'remove' | 'context' | 'hunk' | 'file'; text: string };

/** One file's part of the unified diff, line by line: headers, hunks, added, removed and unchanged lines. */
export function diffLines(diff: string): DiffLine[] {
  const lines = diff.endsWith('\n') ? diff.slice(0, -1).split('\n') : diff.split('\n');
  return lines.map((text) => {
    if (text.startsWith('+++ ') || text.startsWith('--- ')) return { kind: 'file', text };
    if (text.startsWith('@@')) return { kind: 'hunk', text };
    if (text.startsWith('+')) return { kind: 'add', text };
    if (text.startsWith('-')) return { kind: 'remove', text };
    return { kind: 'context', text };
  });
}

/** The whole change split per file (`--- a/…`/`+++ b/…` headers start each). */
function filesOfDiff(diff: string): { path: string; diff: string }[] {
  const parts: { path: string; diff: string }[] = [];
  for (const part of diff.split(/^(?=--- )/m)) {
    if (!part.trim()) continue;
    const path = /^\+\+\+ (?:b\/)?(.+)$/m.exec(part)?.[1] ?? 'the change';
    parts.push({ path, diff: part });
  }
  return parts;
}

function FileDiff({ path, diff }: { path: string; diff: string }) {
  const lines = diffLines(diff);
  const added = lines.filter((line) => line.kind === 'add').length;
  const removed = lines.filter((line) => line.kind === 'remove').length;
  return (
    <figure class="file-diff" aria-label={`Diff of ${path}`}>
      <figcaption>
        <code>{path}</code>{' '}
        <span class="diff-count">
          <span class="diff-added-count">+{added}</span> <span class="diff-removed-count">−{removed}</span>
        </span>
      </figcaption>
      <pre class="code diff">
        {lines.map((line, index) => (
          <span key={index} class={`diff-line diff-${line.kind}`}>
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </figure>
  );
}

/**
 * Accept writes the change through the server (`POST /v1/changes/{id}/apply`): every file or none, only
 * what the task verified, refused when a file changed since it was read. A verified change has Accept as
 * its primary action; an unverified one an outlined "Accept anyway" beside the reason (it is written with
 * `write_unverified`, as `vouch change --apply --write-unverified`); one that failed has no Accept at all.
 * A server that writes no change (`apply_changes` false in `GET /v1/health`) shows Accept disabled with
 * what the administrator must set (change-acceptance.ts).
 */
function ChangeActions({ result }: { result: ChangeResultData }) {
  const [applied, setApplied] = useState<string[]>();
  const [rejected, setRejected] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  // what the server allows; when it cannot be asked, Accept is left to the server, which refuses with its reason
  const [applyChanges, setApplyChanges] = useState<boolean>();
  useEffect(() => {
    let live = true;
    serverHealth().then(
      (health) => live && setApplyChanges(health.apply_changes),
      () => live && setApplyChanges(true),
    );
    return () => {
      live = false;
    };
  }, []);
  const { verification } = result;
  const proposal = result.proposal_id ?? null;
  const warning = acceptWarning(verification);
  const acceptance = changeAcceptance({ verification, proposalId: proposal, applyChanges, warning });
  if (acceptance.offer === 'nothing')
    return (
      <p class="accept-warning blocked" role="note">
        {acceptance.note}
      </p>
    );
  const offReason = acceptance.offer === 'disabled' ? acceptance.reason : undefined;
  const key = proposal ?? result.suggestion_id ?? 'change';
  const warningId = `change-warning-${key}`;
  const offId = `change-off-${key}`;
  const accept = async () => {
    if (!proposal) return;
    setBusy(true);
    setStatus('');
    try {
      const answer = await applyChange(proposal, warning !== undefined);
      setApplied(answer.applied);
      setStatus(`Applied to ${answer.applied.join(', ')}.`);
      if (result.suggestion_id) await sendEvent(result.suggestion_id, 'accepted').catch(() => {});
    } catch (error) {
      setStatus(
        `Not applied: ${(error as Error).message}${error instanceof ApiError && error.hint ? ` (${error.hint})` : ''}`,
      );
    } finally {
      setBusy(false);
    }
  };
  const reject = async () => {
    setRejected(true);
    setStatus('Rejected: nothing was written.');
    if (result.suggestion_id) await sendEvent(result.suggestion_id, 'rejected').catch(() => {});
  };
  const decided = applied !== undefined || rejected;
  const acceptButton = (
    <button
      type="button"
      class={warning ? 'secondary' : undefined}
      onClick={accept}
      disabled={busy || decided || acceptance.offer !== 'accept'}
      aria-pressed={applied !== undefined}
      {...(warning ? { 'aria-describedby': warningId } : offReason ? { 'aria-describedby': offId } : {})}
    >
      {warning ? 'Accept anyway' : 'Accept'}
    </button>
  );
  const rejectButton = (
    <button type="button" onClick={reject} disabled={busy || decided} aria-pressed={rejected}>
      Reject
    </button>
  );
  return (
    <div class={warning ? 'actions not-verified' : 'actions'}>
      {warning && (
        <p class="accept-warning" id={warningId}>
          {warning}
        </p>
      )}
      {offReason && (
        <p class="accept-warning" id={offId} role="note">
          {offReason}
        </p>
      )}
      {warning ? (
        <>
          {rejectButton}
          {acceptButton}
        </>
      ) : (
        <>
          {acceptButton}
          {rejectButton}
        </>
      )}
      <span class="status" role="status" aria-live="polite">
        {busy
          ? 'Writing the change…'
          : acceptance.offer === 'waiting'
            ? 'Asking the server whether it writes changes…'
            : status}
      </span>
    </div>
  );
}

/**
 * `change`'s answer: the files it writes with their verdicts, what the project's suite said before and
 * after, one unified diff (file by file, added and removed lines marked), Accept, and the report.
 */
export function ChangeResult({ result }: { result: ChangeResultData }) {
  const { details } = result;
  const delivered = result.edits.length > 0;
  const diff = delivered
    ? result.edits.map((edit) => edit.diff).join('')
    : (details.rejected?.diff ?? details.diff);
  const suite = details.suite;
  return (
    <section class="change" aria-label="Change">
      {details.files.length > 0 && (
        <table class="change-files">
          <caption>Files of the change</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Change</th>
              <th scope="col">Verdict</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {details.files.map((file) => (
              <tr key={file.path} data-path={file.path}>
                <td>
                  <code>{file.path}</code>
                </td>
                <td>
                  {file.change}
                  {file.role === 'source' ? '' : ` (${file.role})`}
                </td>
                <td class={`verdict-${file.verdict}`}>{file.verdict}</td>
                <td>{file.reasons.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(suite.before || suite.after) && (
        <p class="suite muted">
          The project's tests ({suite.framework ?? 'no framework'}): {suite.before?.passed ?? 0} passed before
          {suite.before?.cached ? ' (remembered)' : ''}, {suite.after?.passed ?? 0} passed with the change;{' '}
          {suite.regressions.length === 0
            ? 'no regression'
            : `${suite.regressions.length} regression(s): ${suite.regressions.map((test) => test.id).join(', ')}`}
          ; {suite.addedTests.filter((test) => test.evidence).length} of {suite.addedTests.length} new test(s)
          fail on the old code.
        </p>
      )}
      {diff && (
        <div class="change-diff">
          <h4>{delivered ? 'The change' : 'The change tried (not delivered)'}</h4>
          {filesOfDiff(diff).map((file) => (
            <FileDiff key={file.path} path={file.path} diff={file.diff} />
          ))}
        </div>
      )}
      <ChangeActions result={result} />
      <VerificationReport result={result} />
    </section>
  );
}

import type { CheckResult, Finding, TaskResult } from '../types.js';

const STATUS_TEXT: Record<string, string> = {
  pass: 'verified: every check that ran passed',
  fail: 'failed verification',
  unverified: 'unverified: not every check ran',
  none: 'no code to verify',
};

function FindingItem({ finding }: { finding: Finding }) {
  return (
    <li class={`finding severity-${finding.severity}`}>
      <span class="badge">{finding.severity}</span> <code>{finding.ruleId}</code>
      {finding.cwe !== undefined && (
        <>
          {' '}
          <span class="cwe">CWE-{finding.cwe}</span>
        </>
      )}{' '}
      line {finding.line}: {finding.message}
      {finding.hint && <div class="hint">Hint: {finding.hint}</div>}
      {finding.suppressed && <div class="hint">Suppressed: {finding.suppressed.reason}</div>}
    </li>
  );
}

interface LicenceMatch {
  licence?: string;
  corpus?: string;
  file?: string;
  share?: number;
  matchedChars?: number;
  verdict?: string;
}

interface LicencePackage {
  name?: string;
  licence?: string | null;
  verdict?: string;
}

function LicenceDetails({ check }: { check: CheckResult }) {
  const matches = (check.details?.matches ?? []) as LicenceMatch[];
  const packages = (check.details?.packages ?? []) as LicencePackage[];
  if (matches.length === 0 && packages.length === 0)
    return <p class="muted">No licence matches, no new dependencies.</p>;
  return (
    <div>
      {matches.length > 0 && (
        <ul>
          {matches.map((match, index) => (
            <li key={index}>
              matches {match.corpus}/{match.file} ({match.licence}, {Math.round((match.share ?? 0) * 100)}% of
              the code, {match.matchedChars} characters): {match.verdict}
            </li>
          ))}
        </ul>
      )}
      {packages.length > 0 && (
        <ul>
          {packages.map((item, index) => (
            <li key={index}>
              dependency <code>{item.name}</code>: {item.licence ?? 'licence unknown'} — {item.verdict}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function CheckRow({ check }: { check: CheckResult }) {
  return (
    <li class={`check status-${check.status}`}>
      <span class="badge">{check.status}</span> <strong>{check.name}</strong>
      {check.blocking && <span class="badge blocking">blocking</span>}
      <span class="muted"> {check.durationMs} ms</span>
      {check.reason && <div class="muted">{check.reason}</div>}
      {check.findings.length > 0 && (
        <ul class="findings">
          {check.findings.map((finding, index) => (
            <FindingItem key={index} finding={finding} />
          ))}
        </ul>
      )}
      {check.name === 'licence' && <LicenceDetails check={check} />}
    </li>
  );
}

/** Everything the server found out about a piece of code: the verdict, each check, confidence and why. */
export function VerificationReport({ result }: { result: TaskResult }) {
  const { verification } = result;
  return (
    <section class="report" aria-label="Verification report">
      <p>
        <span class={`verdict verdict-${verification.status}`}>{STATUS_TEXT[verification.status]}</span>
        {verification.blocked && <span class="badge blocking">blocked by a gate</span>}{' '}
        <span class={`confidence confidence-${result.confidence}`}>confidence: {result.confidence}</span>
      </p>
      {/* why the verdict, right under it; the confidence's own reasons are folded below */}
      {verification.reasons.length > 0 && (
        <ul class="reasons">
          {/* why the verdict, right under it; the confidence's own reasons are folded below */}
          {verification.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {verification.confidenceReasons.length > 0 && (
        <details>
          <summary>Why this confidence</summary>
          <ul>
            {verification.confidenceReasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          {(verification.confidenceEvidence ?? []).length > 0 && (
            <>
              <p>What vouched for it</p>
              <ul class="confidence-evidence">
                {(verification.confidenceEvidence ?? []).map((item) => (
                  <li key={item.detail}>
                    {item.detail} ({item.independent ? 'independent' : "the model's own"})
                  </li>
                ))}
              </ul>
            </>
          )}
        </details>
      )}
      {verification.checks.length > 0 && (
        <>
          <h4>Checks</h4>
          <ul class="checks">
            {verification.checks.map((check) => (
              <CheckRow key={check.name} check={check} />
            ))}
          </ul>
        </>
      )}
      {verification.rounds.length > 0 && (
        <p class="muted">
          {verification.rounds.length} repair {verification.rounds.length === 1 ? 'round' : 'rounds'} before
          this answer.
        </p>
      )}
      {result.notes.length > 0 && (
        <ul class="notes">
          {result.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <p class="muted">
        {result.model} · {result.durationMs} ms
      </p>
    </section>
  );
}

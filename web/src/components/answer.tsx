import { splitReply } from '../reply.js';
import type { Citation, TaskResult } from '../types.js';
import { ChangeResult } from './change-result.js';
import type { CodeLocation } from './code-viewer.js';
import { Markdown } from './markdown.js';
import { VerificationReport } from './report.js';
import { ReviewComments } from './review-comments.js';
import { SuggestionActions } from './suggestion-actions.js';

type OpenCode = (location: CodeLocation) => void;

function CodeBlock({ code, language, label }: { code: string; language: string; label: string }) {
  return (
    <pre class="code" title={label}>
      <code data-language={language}>{code}</code>
    </pre>
  );
}

function Sources({ title, sources, onCite }: { title: string; sources: Citation[]; onCite: OpenCode }) {
  if (sources.length === 0) return null;
  return (
    <details class="sources">
      <summary>
        {title} ({sources.length})
      </summary>
      <ul>
        {sources.map((source) => (
          <li key={`${source.path}:${source.startLine}`}>
            <button
              type="button"
              class="cite"
              onClick={() => onCite({ path: source.path, start: source.startLine, end: source.endLine })}
            >
              {source.path}:{source.startLine}–{source.endLine}
            </button>
            {source.reason && <span class="muted"> {source.reason}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Verified({ result }: { result: TaskResult }) {
  return (
    <>
      <SuggestionActions
        code={result.generated_code}
        suggestionId={result.suggestion_id}
        verification={result.verification}
      />
      <VerificationReport result={result} />
    </>
  );
}

/**
 * A task's answer: the reply (streamed so far, or whole), its code blocks — the verified one with its
 * report and the copy/accept/reject buttons — the cited code, the alternatives side by side, the edits
 * (a `change` as its own view: per-file verdicts, one diff, Accept through the server) and the task's own
 * evidence.
 */
export function Answer({ reply, result, onCite }: { reply: string; result?: TaskResult; onCite: OpenCode }) {
  const main = result?.generated_code.trim();
  let reportShown = false;
  const segments = splitReply(reply);
  return (
    <div class="answer">
      {segments.map((segment, index) => {
        if (segment.kind === 'text') return <Markdown key={index} text={segment.text} onCite={onCite} />;
        const isMain = !!result && !!main && segment.code.trim() === main && !reportShown;
        if (isMain) reportShown = true;
        return (
          <div key={index} class="code-block">
            <CodeBlock
              code={segment.code}
              language={segment.language}
              label={`Code (${segment.language || 'untagged'})`}
            />
            {isMain && result && <Verified result={result} />}
            {result && !isMain && (
              <p class="muted">Not verified: only the main code block of a reply is checked.</p>
            )}
          </div>
        );
      })}
      {result && main && !reportShown && (
        <div class="code-block">
          <CodeBlock code={result.generated_code} language={result.language ?? ''} label="Generated code" />
          <Verified result={result} />
        </div>
      )}
      {result?.task === 'change' && <ChangeResult result={result} />}
      {result && !main && result.verification.status === 'none' && result.edits.length === 0 && (
        <p class="muted">No code in this answer, so there is nothing to verify.</p>
      )}
      {result && result.task !== 'change' && result.edits.length > 0 && (
        <div class="edits">
          <h4>Proposed edits</h4>
          {result.edits.map((edit) => (
            <CodeBlock key={edit.path} code={edit.diff} language="diff" label={`Edit of ${edit.path}`} />
          ))}
          {!main && <Verified result={result} />}
        </div>
      )}
      {result && result.alternatives.length > 0 && (
        <section class="alternatives" aria-label="Alternatives">
          <h4>Alternatives, side by side</h4>
          <div class="side-by-side">
            <div>
              <h5>Chosen</h5>
              <CodeBlock code={result.generated_code} language={result.language ?? ''} label="Chosen code" />
            </div>
            {result.alternatives.map((alternative, index) => (
              <div key={index}>
                <h5>Alternative {index + 1}</h5>
                <CodeBlock
                  code={alternative.code}
                  language={result.language ?? ''}
                  label={`Alternative ${index + 1}`}
                />
                <div class="muted">
                  <Markdown text={alternative.explanation} onCite={onCite} />
                </div>
              </div>
            ))}
          </div>
        </section>
      )}
      {result?.task === 'review' && <ReviewComments result={result} onCite={onCite} />}
      {result?.details && Object.keys(result.details).some((key) => key !== 'reply') && (
        <details class="evidence">
          <summary>Evidence from the task</summary>
          <pre class="code">
            {JSON.stringify(
              Object.fromEntries(Object.entries(result.details).filter(([key]) => key !== 'reply')),
              null,
              2,
            )}
          </pre>
        </details>
      )}
      {result && <Sources title="Citations" sources={result.citations} onCite={onCite} />}
      {result && (
        <Sources title="Code the answer was given as context" sources={result.context} onCite={onCite} />
      )}
    </div>
  );
}

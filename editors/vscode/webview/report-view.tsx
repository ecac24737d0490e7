/**
 * The report panel's page: the web UI's own report components (web/src/components) — the verification
 * report with every check and its findings and the confidence, the answer as Markdown with its `path:line`
 * citations, review's comments — rendered in the webview from the task's result, which the extension
 * puts in the page as a JSON data block (never as HTML). Bundled by esbuild into out/report-view.js, loaded
 * under the page's Content-Security-Policy by nonce. What the web UI does over HTTP (telemetry, the code
 * viewer) is the extension's here: a citation opens the file in the editor; Accept goes to the extension.
 */
import { render } from 'preact';
import type { CodeLocation } from '../../../web/src/components/code-viewer.js';
import { Markdown } from '../../../web/src/components/markdown.js';
import { VerificationReport } from '../../../web/src/components/report.js';
import { ReviewComments } from '../../../web/src/components/review-comments.js';
import { acceptWarning } from '../../../web/src/components/suggestion-actions.js';
import type { TaskResult } from '../../../web/src/types.js';
import type { ReportData } from '../src/report-page.js';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscode = acquireVsCodeApi();

const open = (location: CodeLocation) =>
  vscode.postMessage({ type: 'open', path: location.path, line: location.start });

function Block({ title, text }: { title: string; text: string }) {
  if (!text.trim()) return null;
  return (
    <>
      <h3>{title}</h3>
      <pre class="code">
        <code>{text.trimEnd()}</code>
      </pre>
    </>
  );
}

/** Accept for verified code; otherwise "Accept anyway", after Discard, with the web UI's reason beside it. */
function Actions({ result }: { result: TaskResult }) {
  const warning = acceptWarning(result.verification);
  const accept = (
    <button
      type="button"
      id={warning ? 'accept-anyway' : 'accept'}
      class={warning ? 'secondary' : undefined}
      onClick={() => vscode.postMessage({ type: 'accept' })}
      {...(warning ? { 'aria-describedby': 'why-not' } : {})}
    >
      {warning ? 'Accept anyway' : 'Accept'}
    </button>
  );
  const discard = (
    <button type="button" class="secondary" onClick={() => vscode.postMessage({ type: 'discard' })}>
      Discard
    </button>
  );
  return (
    <div class={warning ? 'actions not-verified' : 'actions'}>
      {warning && (
        <p class="accept-warning" id="why-not">
          {warning} Accepting takes code that vouch could not vouch for.
        </p>
      )}
      {warning ? (
        <>
          {discard}
          {accept}
        </>
      ) : (
        <>
          {accept}
          {discard}
        </>
      )}
    </div>
  );
}

function ReportView({ data }: { data: ReportData }) {
  const result = data.result as TaskResult;
  return (
    <main>
      <h2>{data.title}</h2>
      <VerificationReport result={result} />
      {data.acceptable && <Actions result={result} />}
      {result.explanation.trim() && (
        <section class="prose answer">
          <Markdown text={result.explanation} onCite={open} />
        </section>
      )}
      {result.task === 'review' && <ReviewComments result={result} onCite={open} />}
      <Block title="Code" text={result.generated_code} />
      {result.edits.map((edit) => (
        <Block key={edit.path} title={edit.path} text={edit.diff} />
      ))}
      <Block title="Tests" text={result.test_stubs} />
      {result.citations.length > 0 && (
        <section class="sources">
          <h3>Sources</h3>
          <ul>
            {result.citations.map((citation) => (
              <li key={`${citation.path}:${citation.startLine}`}>
                <button
                  type="button"
                  class="cite"
                  onClick={() => open({ path: citation.path, start: citation.startLine, end: citation.endLine })}
                >
                  {citation.path}:{citation.startLine}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

const data = JSON.parse(document.getElementById('vouch-report')!.textContent!) as ReportData;
const root = document.getElementById('root')!;
// the page's placeholder (the title, "Loading the report…") goes: Preact renders into an empty element
root.replaceChildren();
render(<ReportView data={data} />, root);

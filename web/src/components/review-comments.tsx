import type { TaskResult } from '../types.js';
import type { CodeLocation } from './code-viewer.js';
import { Markdown } from './markdown.js';

type ReviewResult = Extract<TaskResult, { task: 'review' }>;

/**
 * A review's comments, most severe first as the task ranked them: where (a button that opens the line),
 * who said it (the gate or the model), the title, the remark as Markdown and the suggested replacement.
 */
export function ReviewComments({
  result,
  onCite,
}: {
  result: ReviewResult;
  onCite: (location: CodeLocation) => void;
}) {
  const { comments } = result.details;
  if (comments.length === 0) return null;
  return (
    <section class="review-comments" aria-label="Review comments">
      <h4>Review comments ({comments.length})</h4>
      <ol>
        {comments.map((comment, index) => (
          <li key={index} class={`finding severity-${comment.severity}`}>
            <span class="badge">{comment.severity}</span>{' '}
            <button
              type="button"
              class="cite"
              onClick={() => onCite({ path: comment.file, start: comment.line, end: comment.line })}
            >
              {comment.file}:{comment.line}
            </button>{' '}
            <strong>{comment.title}</strong>{' '}
            <span class="muted small">
              ({comment.source === 'gate' ? `the gate: ${comment.ruleId}` : 'the model'}
              {comment.cwe !== undefined ? `, CWE-${comment.cwe}` : ''})
            </span>
            <Markdown text={comment.body} onCite={onCite} />
            {comment.suggestion && (
              <pre class="code" title="Suggested replacement">
                <code>{comment.suggestion}</code>
              </pre>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

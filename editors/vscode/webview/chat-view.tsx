/**
 * The chat panel's page: the web UI's own answer component (web/src/components/answer.tsx) for each of
 * vouch's answers — the reply as Markdown rendered element by element (raw HTML in it stays text), its
 * `path:line` citations as buttons, the code block vouch verified with its report (the others marked not
 * verified), the citations and the context the answer was given. The conversation comes in as a JSON
 * data block and later as messages from the extension, never as HTML. Bundled by esbuild into
 * out/chat-view.js, loaded under the page's Content-Security-Policy by nonce. What the web UI does over
 * HTTP is the extension's here: a citation opens the file in the editor; a message is sent to the
 * extension, which asks `vouch lsp` (`vouch.chat`) with the history.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Answer } from '../../../web/src/components/answer.js';
import type { CodeLocation } from '../../../web/src/components/code-viewer.js';
import type { TaskResult } from '../../../web/src/types.js';
import type { ChatData } from '../src/chat-page.js';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscode = acquireVsCodeApi();

/** A citation of the answer of turn `turn`: the extension opens it in the folder that answer came from. */
const open = (turn: number) => (location: CodeLocation) =>
  vscode.postMessage({ type: 'open', path: location.path, line: location.start, turn });

function ChatView({ initial }: { initial: ChatData }) {
  const [data, setData] = useState(initial);
  const [question, setQuestion] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    // later turns come from the extension as data: {type: 'turns', turns, waiting}
    const listener = (event: MessageEvent<{ type?: string } & Partial<ChatData>>) => {
      const message = event.data;
      if (message?.type === 'turns' && Array.isArray(message.turns))
        setData({ turns: message.turns, waiting: message.waiting === true });
    };
    window.addEventListener('message', listener);
    input.current?.focus();
    return () => window.removeEventListener('message', listener);
  }, []);
  useEffect(() => {
    document.getElementById('waiting')?.scrollIntoView({ block: 'nearest' });
  }, [data]);

  const send = (event: Event) => {
    event.preventDefault();
    const text = question.trim();
    if (!text || data.waiting) return;
    vscode.postMessage({ type: 'send', text });
    setQuestion('');
  };

  return (
    <main>
      <h2>vouch chat</h2>
      {data.turns.length === 0 && (
        <p class="why">Ask about this workspace; answers cite the files they come from.</p>
      )}
      <ol class="turns">
        {data.turns.map((turn, index) => (
          <li key={index} class="turn">
            <div class="question">
              <span class="who">You</span> {turn.question}
            </div>
            <div class="reply">
              <span class="who">vouch</span>
              {turn.result && (
                <Answer
                  reply={turn.result.explanation}
                  result={turn.result as unknown as TaskResult}
                  onCite={open(index)}
                />
              )}
              {turn.error && (
                <p class="error" role="alert">
                  vouch could not answer: {turn.error}
                </p>
              )}
            </div>
          </li>
        ))}
      </ol>
      {data.waiting && (
        <p class="why" id="waiting" role="status">
          vouch is answering…
        </p>
      )}
      <form class="ask" onSubmit={send}>
        <label for="message">Ask about the codebase</label>
        <textarea
          id="message"
          ref={input}
          rows={3}
          value={question}
          placeholder="Ask vouch (Enter sends, Shift+Enter for a new line)"
          onInput={(event) => setQuestion((event.target as HTMLTextAreaElement).value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) send(event);
          }}
        />
        <button type="submit" disabled={data.waiting || !question.trim()}>
          Send
        </button>
      </form>
    </main>
  );
}

const initial = JSON.parse(document.getElementById('vouch-chat')!.textContent!) as ChatData;
const root = document.getElementById('root')!;
// the page's placeholder goes: Preact renders into an empty element
root.replaceChildren();
render(<ChatView initial={initial} />, root);
